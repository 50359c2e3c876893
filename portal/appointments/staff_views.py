"""Appointments for staff: the day list, changes made in the portal, one appointment with
attendance, and booking a free time for a person.

Every row that names a person comes through the unit's scope (an appointment at the unit is
its staff's purpose) and is logged in that person's access log. Kinds of appointment and
schedules are in staff_setup.py.
"""

from datetime import timedelta

from flask import (
    abort,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from portal import access, clock, db, features, params
from portal.access import Verb
from portal.appointments import labels, listing, services, staffwork
from portal.appointments.areas import APPOINTMENTS
from portal.appointments.blueprints import staff_bp as bp
from portal.appointments.models import Appointment, Slot, SlotBooking
from portal.appointments.services import BookingError, SlotTaken
from portal.appointments.staff_forms import AttendanceForm, DayForm, StaffBookForm
from portal.errors import render_error
from portal.journal.models import Person
from portal.questionnaires import services as questionnaires
from portal.questionnaires.areas import QUESTIONNAIRES
from portal.staff.views import staff_required


@bp.app_template_global("appointment_notices")
@features.once_per_request
def appointment_notices(unit):
    """Give the staff workspace the unit's appointment counts (no personal data)."""
    return staffwork.notices(unit.id, db.utcnow()) if unit is not None else None


@bp.get("/")
@staff_required
def index():
    """Show the unit's day: every slot with its booking, attendance to record, cancellations."""
    form = DayForm(request.args)
    day = form.day.data if form.validate() and form.day.data else clock.today()
    scope = access.staff_scope(APPOINTMENTS)
    rows, cancelled = staffwork.day_list(scope, day)
    now = scope.now
    # The questionnaires answered for the day's appointments: score and flag in the list,
    # the answers one click away (issue 21).
    answered = questionnaires.answered_for(access.staff_scope(QUESTIONNAIRES), [
        row.appointment.id for row in rows if row.appointment is not None])
    return render_template("staff/appointments_day.html", form=form, day=day,
                           rows=rows, cancelled=cancelled, answered=answered,
                           unmarked=staffwork.unmarked(scope, now), now=now,
                           today=clock.today(), notices=staffwork.notices(g.login.unit_id, now),
                           previous=day - timedelta(days=1), following=day + timedelta(days=1),
                           words=labels)


@bp.get("/changes")
@staff_required
def changes():
    """List the bookings and cancellations made in the portal that the unit has not seen."""
    rows = staffwork.unseen_changes(access.staff_scope(APPOINTMENTS))
    return render_template("staff/appointments_changes.html", rows=rows, words=labels)


@bp.post("/changes/seen")
@staff_required
def mark_seen():
    """Note that the unit has seen the changes listed on the page."""
    ids = params.numbers(request.form, "appointment_id")[:200]
    count = staffwork.mark_seen(access.staff_scope(APPOINTMENTS), ids, db.utcnow())
    flash(ngettext("%(num)d change marked as seen.", "%(num)d changes marked as seen.", count),
          "success")
    return redirect(url_for(".index"))


def _load(appointment_id: int, verb: Verb = Verb.VIEW) -> Appointment:
    """Load an appointment of the unit through the access layer (its own purpose)."""
    return access.staff_load(Appointment, appointment_id, verb=verb, area=APPOINTMENTS)


def _render(appointment, *, form=None, error=None, status=200):
    """Render one appointment for staff."""
    now = db.utcnow()
    return render_template(
        "staff/appointments_detail.html", appointment=appointment, now=now, error=error,
        form=form or AttendanceForm(outcome=appointment.status
                                    if appointment.status in staffwork.OUTCOMES else None),
        age=clock.age_on(appointment.person.birth_date, listing.local_date(appointment.start_at)),
        words=labels), status


@bp.get("/<int:appointment_id>")
@staff_required
def detail(appointment_id: int):
    """Show one appointment with its person, and what staff can do with it."""
    return _render(_load(appointment_id))


@bp.post("/<int:appointment_id>/attendance")
@staff_required
def attendance(appointment_id: int):
    """Record that the person came or did not come."""
    appointment = _load(appointment_id, Verb.ACT)
    form = AttendanceForm()
    if not form.validate_on_submit():
        return _render(appointment, form=form, status=400)
    try:
        staffwork.mark_attendance(appointment, form.outcome.data, now=db.utcnow())
    except BookingError as exc:
        return _render(appointment, form=form, error=str(exc), status=400)
    flash(_("Recorded for {name}: {outcome}.").format(
        name=appointment.person.name, outcome=labels.status_word(appointment)), "success")
    return redirect(url_for(".index", day=listing.local_date(appointment.start_at).isoformat()))


@bp.post("/<int:appointment_id>/cancel")
@staff_required
def cancel(appointment_id: int):
    """Cancel an appointment for the unit; the person gets a message."""
    appointment = _load(appointment_id, Verb.ACT)
    try:
        services.committed(lambda: services.cancel(appointment, cancelled_by=g.actor,
                                                   by_staff=True, now=db.utcnow()))
    except BookingError as exc:
        return _render(appointment, error=str(exc), status=400)
    flash(_("The appointment is cancelled, and {name} has been told.").format(
        name=appointment.person.name), "success")
    return redirect(url_for(".index", day=listing.local_date(appointment.start_at).isoformat()))


def _slot_page(slot, form, *, error=None, alternatives=None, status=200):
    """Render the form for booking a free time for a person."""
    return render_template("staff/appointments_book.html", slot=slot, form=form, error=error,
                           alternatives=alternatives), status


def _unit_slot(slot_id: int) -> Slot:
    """Load a slot of the staff member's unit, or say clearly why not."""
    slot = db.session.get(Slot, slot_id)
    if slot is None:
        abort(make_response(render_error(404, _("We could not find this time."))))
    if slot.unit_id != g.login.unit_id:
        abort(make_response(render_error(404, _(
            "This time belongs to another unit. You can only book times at {unit}.").format(
                unit=g.login.unit.name))))
    return slot


@bp.get("/slots/<int:slot_id>/book")
@access.public
@staff_required
def book_form(slot_id: int):
    """Show a free time of the unit and the form for booking it for a person."""
    return _slot_page(_unit_slot(slot_id), StaffBookForm())


@bp.post("/slots/<int:slot_id>/book")
@staff_required
def book(slot_id: int):
    """Book a free time of the unit for a person found by number and surname."""
    slot, form = _unit_slot(slot_id), StaffBookForm()
    if not form.validate_on_submit():
        return _slot_page(slot, form, status=400)
    person = db.session.scalar(select(Person).where(Person.national_id == form.national_id.data))
    if person is None or person.family_name.casefold() != form.family_name.data.casefold():
        return _slot_page(slot, form, status=400, error=_(
            "Nobody with this number and surname is in the population register. Check both."))
    scope = access.scope(APPOINTMENTS, Verb.ACT, subject=person,
                         purpose=SlotBooking.of(slot, person))
    try:
        appointment = services.committed(lambda: services.book(
            scope, slot, booked_by=g.actor, channel="staff", now=db.utcnow(),
            reason=form.reason.data))
    except SlotTaken as exc:
        return _slot_page(slot, form, error=str(exc), alternatives=exc.alternatives, status=409)
    except BookingError as exc:
        return _slot_page(slot, form, error=str(exc), status=400)
    flash(_("Booked for {name}: {when}.").format(
        name=person.name, when=labels.moment_text(appointment.start_at)), "success")
    return redirect(url_for(".index", day=listing.local_date(slot.start_at).isoformat()))

