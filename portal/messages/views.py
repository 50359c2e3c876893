"""Secure messages for citizens: the list, writing to a care team, a thread, its files."""

from flask import (
    Blueprint,
    abort,
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

from portal import access, db, features, params
from portal.access import Verb
from portal.i18n import PATTERNS
from portal.messages import attachments, cards, notify, services, staff_views
from portal.messages.areas import MESSAGES, PURPOSES
from portal.messages.forms import NewThreadForm, ReplyForm
from portal.messages.models import Thread
from portal.messages.services import MessageError

bp = Blueprint("messages", __name__, url_prefix="/messages")
bp.add_app_template_filter(attachments.size_text, "filesize")
bp.add_app_template_filter(attachments.TYPE_NAMES.get, "filetype")


@bp.get("/")
@login_required
def index():
    """List the person's conversations with unread counts, and whom they can write to."""
    scope = access.scope(MESSAGES)
    page = services.threads_of(scope, g.actor, page=params.number(request.args, "page", 1))
    return render_template("messages/index.html", page=page, teams=services.care_teams(scope),
                           may_write=_may_write(), now=scope.now)


def _may_write() -> bool:
    """Tell whether the reader may write for the subject."""
    return access.allows(MESSAGES, Verb.ACT)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Write to a care team the person has a relationship with."""
    scope = access.scope(MESSAGES, Verb.ACT)
    teams = services.care_teams(scope)
    form = NewThreadForm(teams=teams, team=params.number(request.args, "team"))
    error = None
    if form.validate_on_submit():
        try:
            thread = services.start_thread(
                scope, form.team.data, actor=g.actor, title=form.subject.data,
                body=form.body.data, uploads=form.checked_uploads, folder=attachments.upload_folder(),
                now=db.utcnow())
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


def _load(thread_id: int, verb: Verb = Verb.VIEW) -> Thread:
    """Load one of the subject's threads with its messages through the access layer."""
    return access.load(Thread, thread_id, verb=verb, area=MESSAGES,
                       options=services.thread_loads())


@bp.get("/<int:thread_id>")
@login_required
def thread(thread_id: int):
    """Show a conversation, marking what is new to the reader, and read it."""
    row = _load(thread_id)
    previous = services.read_then_mark(row, g.actor, db.utcnow())
    return _render_thread(row, ReplyForm(), previous)


def _render_thread(row, form, previous, error=None, status=200):
    """Render a thread page with its reply form."""
    return render_template(
        "messages/thread.html", thread=row, form=form, error=error, now=db.utcnow(),
        new={m.id for m in row.messages if services.is_new(m, g.actor, previous)},
        may_write=_may_write()), status


@bp.post("/<int:thread_id>/reply")
@login_required
def reply(thread_id: int):
    """Add a message to an open conversation."""
    row = _load(thread_id, Verb.ACT)
    form = ReplyForm()
    error = None
    if form.validate_on_submit():
        try:
            services.reply(row, actor=g.actor, body=form.body.data, uploads=form.checked_uploads,
                           folder=attachments.upload_folder(), now=db.utcnow())
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
    file = services.attachment_in(_load(thread_id), attachment_id)
    if file is None:
        abort(404)
    return attachments.download(file, attachments.upload_folder())


def init_app(app):
    """Declare the messages area, the thread purpose and its notice; add pages, the card and the shortcut."""
    features.install(app, areas=(MESSAGES,), purposes=PURPOSES, notice_kinds=notify.KINDS,
                     blueprints=(bp, staff_views.bp), cards=(cards.UNREAD_MESSAGES,),
                     shortcuts=(cards.SHORTCUT,))
