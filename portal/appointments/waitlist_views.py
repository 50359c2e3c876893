"""The waiting list for citizens: ask for an earlier time, accept or decline an offer, leave."""

from flask import abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from portal import access, db, params
from portal.access import Verb
from portal.appointments import listing, services, waitlist
from portal.appointments.areas import APPOINTMENTS
from portal.appointments.blueprints import bp
from portal.appointments.forms import ButtonForm
from portal.appointments.models import Appointment, VisitType, WaitlistEntry
from portal.appointments.services import BookingError


def _back(fallback: str):
    """Return to the page the button was on (only a path of this portal), or the fallback."""
    target = request.form.get("next", "")
    if target.startswith("/appointments/") and "//" not in target and "\\" not in target:
        return redirect(target)
    return redirect(fallback)


def _entry(entry_id: int) -> WaitlistEntry:
    """Load one of the subject's waiting-list entries to act on, or 404."""
    entry = access.load(WaitlistEntry, entry_id, verb=Verb.ACT)
    if not ButtonForm().validate_on_submit():
        abort(404)
    return entry


@bp.post("/waitlist/<int:visit_type_id>")
@login_required
def join_waitlist(visit_type_id: int):
    """Ask to be offered an earlier time of a kind, optionally instead of an appointment."""
    scope = access.scope(APPOINTMENTS, Verb.ACT)
    visit_type = db.session.get(VisitType, visit_type_id)
    if visit_type is None or not ButtonForm().validate_on_submit():
        abort(404)
    appointment = None
    if appointment_id := params.number(request.form, "appointment_id"):
        appointment = access.load(Appointment, appointment_id, verb=Verb.ACT,
                                  options=listing.with_slot())
    try:
        services.committed(lambda: waitlist.join(scope, visit_type, requested_by=g.actor,
                                                 now=db.utcnow(), appointment=appointment))
    except BookingError as exc:
        flash(str(exc), "error")
    else:
        flash(_("You are on the waiting list. If an earlier time becomes free, you will get a "
                "message and can accept it in the portal."), "success")
    return _back(url_for("appointments.index"))


@bp.post("/waitlist/entry/<int:entry_id>/accept")
@login_required
def accept_offer(entry_id: int):
    """Accept an offered time: it is booked, and the appointment it replaces released."""
    scope = access.scope(APPOINTMENTS, Verb.ACT)
    entry = _entry(entry_id)
    try:
        appointment = services.committed(lambda: waitlist.accept(
            scope, entry, booked_by=g.actor, now=db.utcnow()))
    except BookingError as exc:
        flash(str(exc), "error")
        return redirect(url_for("appointments.index"))
    flash(_("The earlier time is yours. A confirmation is on its way."), "success")
    return redirect(url_for("appointments.detail", appointment_id=appointment.id))


@bp.post("/waitlist/entry/<int:entry_id>/decline")
@login_required
def decline_offer(entry_id: int):
    """Say no to an offered time; it goes to the next on the list."""
    entry = _entry(entry_id)
    try:
        services.committed(lambda: waitlist.decline(entry, now=db.utcnow()))
    except BookingError as exc:
        flash(str(exc), "error")
    else:
        flash(_("You said no to the offer, and are no longer on this waiting list."), "success")
    return redirect(url_for("appointments.index"))


@bp.post("/waitlist/entry/<int:entry_id>/withdraw")
@login_required
def leave_waitlist(entry_id: int):
    """Leave a waiting list."""
    entry = _entry(entry_id)
    try:
        services.committed(lambda: waitlist.withdraw(entry, now=db.utcnow()))
    except BookingError as exc:
        flash(str(exc), "error")
    else:
        flash(_("You are no longer on the waiting list."), "success")
    return _back(url_for("appointments.index"))

