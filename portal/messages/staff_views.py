"""The team inbox for staff: tabs, a thread, and taking, answering, handing on and closing."""

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
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal import access, db, features, notices, params
from portal.access import Verb
from portal.messages import attachments, inbox, services
from portal.messages.areas import MESSAGES
from portal.messages.forms import HandOnForm, ReplyForm, SendOnForm
from portal.messages.models import Thread
from portal.messages.services import MessageError
from portal.staff.views import practitioner as _me
from portal.staff.views import staff_required

bp = Blueprint("staff_messages", __name__, url_prefix="/staff/messages")
CHANNELS = {"email": _l("e-mail"), "sms": _l("SMS")}


@bp.app_template_global("message_inbox_summary")
@features.once_per_request
def inbox_summary(unit):
    """Give the staff workspace the team inbox's counts (no personal data), or None."""
    return inbox.summary(unit, db.utcnow())


@bp.app_template_global("unstaffed_teams")
@features.once_per_request
def unstaffed_teams(unit):
    """Give a municipality's workspace its teams with open threads and no staff (names only)."""
    if unit is None or unit.kind != "municipality":
        return []
    return inbox.unstaffed_teams(unit.id)


@bp.get("/")
@staff_required
def index():
    """Show a tab of the team's inbox, a page at a time.

    Each row names a person and a subject: the rows come through the team's scope (a thread
    to the team is its purpose), and each is logged in that person's access log.
    """
    tab = request.args.get("tab", "unassigned")
    tab = tab if tab in inbox.TABS else "unassigned"
    me, now = _me(), db.utcnow()
    counts = inbox.counts(g.login.unit_id, me.id if me else None, now)
    page = inbox.page_of(access.staff_scope(MESSAGES), tab, me.id if me else None,
                         total=counts[tab], page=params.number(request.args, "page", 1))
    return render_template("staff/messages.html", tab=tab, page=page, rows=page.rows,
                           counts=counts,
                           now=now, unit=g.login.unit,
                           takes_messages=g.login.unit.kind in services.TEAM_KINDS)


def _load(thread_id: int, verb: Verb = Verb.VIEW) -> Thread:
    """Load a thread to this team through the access layer (the thread is the purpose)."""
    return access.staff_load(Thread, thread_id, verb=verb, area=MESSAGES,
                       options=services.thread_loads())


def _render(row, *, reply=None, hand_on=None, send_on=None, error=None, status=200):
    """Render a thread for staff with its forms."""
    me = _me()
    # Hand on to the team's other members: not to oneself (that is "Take"), nor to whoever
    # holds the conversation now (issue 16, item 8).
    others = [c for c in inbox.colleagues(row.unit_id)
              if c.id != row.assigned_to_id and (me is None or c.person_id != me.person_id)]
    return render_template(
        "staff/message_thread.html", thread=row, me=me, assigned=inbox.assignee(row),
        reply_form=reply or ReplyForm(), hand_on_form=hand_on or HandOnForm(
            colleagues=others), may_hand_on=bool(others),
        send_on_form=send_on or SendOnForm(teams=inbox.other_teams(row.unit_id)),
        error=error, now=db.utcnow()), status


@bp.get("/<int:thread_id>")
@staff_required
def thread(thread_id: int):
    """Show a conversation to the team."""
    return _render(_load(thread_id))


@bp.post("/<int:thread_id>/take")
@staff_required
def take(thread_id: int):
    """Take a thread from the pool."""
    row = _load(thread_id, Verb.ACT)
    try:
        inbox.take(row, _me())
    except MessageError as exc:
        return _render(row, error=str(exc), status=409)
    flash(_("You have taken the conversation. You find it under “Mine”."), "success")
    return redirect(url_for(".thread", thread_id=row.id))


@bp.post("/<int:thread_id>/reply")
@staff_required
def reply(thread_id: int):
    """Answer the person; they (and whoever wrote for them) get a notice."""
    row = _load(thread_id, Verb.ACT)
    form = ReplyForm()
    if not form.validate_on_submit():
        return _render(row, reply=form, status=400)
    now = db.utcnow()
    try:
        notice = inbox.answer(row, _me(), form.body.data, form.checked_uploads,
                              folder=attachments.upload_folder(), now=now)
    except MessageError as exc:
        return _render(row, reply=form, error=str(exc), status=400)
    flash(_notified(row, notices.preview(notice, now)), "success")
    return redirect(url_for(".thread", thread_id=row.id))


def _notified(row, recipients) -> str:
    """Say that the answer is sent, and who will be told of it and how."""
    if not recipients:
        return _("Your answer has been sent. {name} has no e-mail address or mobile number, so "
                 "no notice will be sent.").format(name=row.person.name)
    people = ", ".join(f"{person.name} ({CHANNELS[channel]})"
                       for person, channel, _address in recipients)
    return _("Your answer has been sent. A notice without health information goes to "
             "{people}.").format(people=people)


@bp.post("/<int:thread_id>/hand-on")
@staff_required
def hand_on(thread_id: int):
    """Hand a thread on to a colleague in the unit."""
    row = _load(thread_id, Verb.ACT)
    form = HandOnForm(colleagues=inbox.colleagues(row.unit_id))
    try:
        if not form.validate_on_submit():
            raise MessageError(_("Choose a colleague in {unit}.").format(unit=row.unit.name))
        colleague = inbox.hand_on(row, _me(), form.to.data)
    except MessageError as exc:
        return _render(row, hand_on=form, error=str(exc), status=400)
    flash(_("The conversation has been handed on to {name}.").format(
        name=colleague.person.name), "success")
    return redirect(url_for(".index", tab="open"))


@bp.post("/<int:thread_id>/send-on")
@staff_required
def send_on(thread_id: int):
    """Send a thread on to another care team of the municipality (issue 16, item 8)."""
    row = _load(thread_id, Verb.ACT)
    form = SendOnForm(teams=inbox.other_teams(row.unit_id))
    try:
        if not form.validate_on_submit():
            raise MessageError(_("Choose one of the municipality's teams."))
        team = inbox.send_on(row, _me(), form.team.data)
    except MessageError as exc:
        return _render(row, send_on=form, error=str(exc), status=400)
    flash(_("The conversation has been sent to {team}.").format(team=team.name), "success")
    return redirect(url_for(".index"))


@bp.post("/<int:thread_id>/close")
@staff_required
def close(thread_id: int):
    """Close a thread."""
    row = _load(thread_id, Verb.ACT)
    try:
        inbox.close(row, _me())
    except MessageError as exc:
        return _render(row, error=str(exc), status=400)
    flash(_("The conversation “{subject}” is closed.").format(subject=row.subject), "success")
    return redirect(url_for(".index"))


@bp.post("/<int:thread_id>/reopen")
@staff_required
def reopen(thread_id: int):
    """Reopen a closed thread."""
    row = _load(thread_id, Verb.ACT)
    try:
        inbox.reopen(row, _me(), db.utcnow())
    except MessageError as exc:
        return _render(row, error=str(exc), status=400)
    flash(_("The conversation is open again."), "success")
    return redirect(url_for(".thread", thread_id=row.id))


@bp.get("/<int:thread_id>/attachments/<int:attachment_id>")
@staff_required
def attachment(thread_id: int, attachment_id: int):
    """Send an attachment of one of the unit's threads, as a download."""
    row = _load(thread_id)
    file = services.attachment_in(row, attachment_id)
    if file is None:
        abort(404)
    return attachments.download(file, attachments.upload_folder())
