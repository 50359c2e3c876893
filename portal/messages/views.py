"""Secure messages for citizens: the list, writing to a care team, a thread, its files."""

from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import login_required

from portal import access, db
from portal.areas import Area, Verb
from portal.errors import render_error
from portal.home import cards as home_cards
from portal.i18n import PATTERNS
from portal.messages import attachments, cards, services
from portal.messages.forms import NewThreadForm, ReplyForm
from portal.messages.services import MessageError

bp = Blueprint("messages", __name__, url_prefix="/messages")
home_cards.register(cards.unread_messages)
bp.add_app_template_filter(attachments.size_text, "filesize")
bp.add_app_template_filter(attachments.TYPE_NAMES.get, "filetype")


def upload_folder() -> Path:
    """Return the folder attachments are stored in (outside the static files)."""
    return Path(current_app.config["PORTAL_UPLOAD_FOLDER"])


def _decide(verb: Verb) -> access.Decision:
    """Ask the access decision for messages, or answer 404 with the rule in plain words."""
    decision = access.decide(Area.MESSAGES, verb)
    if decision:
        return decision
    if g.subject is None or g.subject.id == g.actor.id or g.login.is_staff:
        abort(404)
    if verb is Verb.ACT and access.decide(Area.MESSAGES, Verb.VIEW):
        why = _("You can read {name}'s messages, but your power of attorney does not let you "
                "write on their behalf.").format(name=g.subject.name)
    else:
        why = _("You cannot read or send messages for {name}. Parents cannot do so for children "
                "aged 12 to 15: they write to the health station or their GP office "
                "themselves.").format(name=g.subject.name)
    abort(current_app.make_response(render_error(404, why)))


@bp.get("/")
@login_required
def index():
    """List the person's conversations with unread counts, and whom they can write to."""
    decision = _decide(Verb.VIEW)
    access.log_read(decision, Area.MESSAGES)
    page = services.threads_of(g.subject, g.actor, page=request.args.get("page", 1, type=int))
    teams = services.care_teams(g.subject, include_confidential=decision.include_confidential)
    return render_template("messages/index.html", page=page, teams=teams,
                           may_write=bool(access.decide(Area.MESSAGES, Verb.ACT)),
                           now=db.utcnow())


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Write to a care team the person has a relationship with."""
    decision = _decide(Verb.ACT)
    teams = services.care_teams(g.subject, include_confidential=decision.include_confidential)
    form = NewThreadForm(teams=teams, team=request.args.get("team", type=int))
    error = None
    if form.validate_on_submit():
        try:
            thread = services.start_thread(
                g.subject, form.team.data, actor=g.actor, title=form.subject.data,
                body=form.body.data, uploads=form.checked_uploads, folder=upload_folder(),
                now=db.utcnow(), include_confidential=decision.include_confidential)
        except MessageError as exc:
            error = str(exc)
        else:
            flash(_sent(thread), "success")
            return redirect(url_for(".thread", thread_id=thread.id))
    status = 400 if request.method == "POST" else 200
    return render_template("messages/new.html", form=form, teams=teams, error=error), status


def _sent(thread) -> str:
    """Say that a message is sent, and by when the team promises to answer."""
    if thread.answer_due_at is None:
        return _("Your message has been sent to {team}.").format(team=thread.unit.name)
    return _("Your message has been sent to {team}. They answer by {date}.").format(
        team=thread.unit.name, date=format_date(thread.answer_due_at, PATTERNS["long"][g.lang]))


def _load(thread_id: int, verb: Verb):
    """Load one of the subject's threads through the access decision, or answer 404."""
    decision = _decide(verb)
    thread = services.thread_of(g.subject, thread_id)
    if thread is None:
        abort(404)
    return decision, thread


@bp.get("/<int:thread_id>")
@login_required
def thread(thread_id: int):
    """Show a conversation, marking what is new to the reader, and read it."""
    decision, row = _load(thread_id, Verb.VIEW)
    access.log_read(decision, Area.MESSAGES, resource_id=row.id)
    previous = services.read_then_mark(row, g.actor, db.utcnow())
    return _render_thread(row, ReplyForm(), previous)


def _render_thread(row, form, previous, error=None, status=200):
    """Render a thread page with its reply form."""
    return render_template(
        "messages/thread.html", thread=row, form=form, error=error, now=db.utcnow(),
        new={m.id for m in row.messages if services.is_new(m, g.actor, previous)},
        may_write=bool(access.decide(Area.MESSAGES, Verb.ACT))), status


@bp.post("/<int:thread_id>/reply")
@login_required
def reply(thread_id: int):
    """Add a message to an open conversation."""
    _decision, row = _load(thread_id, Verb.ACT)
    form = ReplyForm()
    error = None
    if form.validate_on_submit():
        try:
            services.reply(row, actor=g.actor, body=form.body.data, uploads=form.checked_uploads,
                           folder=upload_folder(), now=db.utcnow())
        except MessageError as exc:
            error = str(exc)
        else:
            flash(_sent(row), "success")
            return redirect(url_for(".thread", thread_id=row.id))
    return _render_thread(row, form, services.last_read(row, g.actor), error, 400)


@bp.get("/<int:thread_id>/attachments/<int:attachment_id>")
@login_required
def attachment(thread_id: int, attachment_id: int):
    """Send an attachment of one of the subject's threads, as a download."""
    decision, row = _load(thread_id, Verb.VIEW)
    file = services.attachment_in(row, attachment_id)
    if file is None:
        abort(404)
    access.log_read(decision, Area.MESSAGES, resource_id=row.id)
    return attachments.download(file, upload_folder())
