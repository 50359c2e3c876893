"""Appointments for citizens: the list, booking, a page per appointment, moving, cancelling,
calendar files, and the waiting list for an earlier time.

Everything acts on g.subject (the person chosen on /representation/, never one from the
URL); ids in URLs are looked up among that person's own appointments, within the unit
kinds the access decision allows.
"""

from datetime import timedelta

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import login_required

from portal import access, clock, db
from portal.appointments import cards, labels, listing, services, waitlist  # noqa: F401 (cards registers itself)
from portal.appointments.calendar import calendar_file
from portal.appointments.forms import BookForm, ButtonForm, PeriodForm
from portal.appointments.models import Slot, VisitType
from portal.appointments.services import BookingError, SlotTaken
from portal.appointments.staffwork import day_bounds
from portal.areas import Area, Verb
from portal.errors import render_error

bp = Blueprint("appointments", __name__, url_prefix="/appointments")
PERIOD = timedelta(days=14)


@bp.app_template_filter("visit_name")
def _visit_name(visit_type) -> str:
    """Name a visit type in the reader's language."""
    return labels.visit_name(visit_type)


@bp.app_template_filter("oslo_day")
def _oslo_day(moment) -> str:
    """Return a moment's date in Oslo as YYYY-MM-DD (for links to a day)."""
    return listing.local_date(moment).isoformat()


@bp.app_context_processor
def _words() -> dict:
    """Give the appointment templates their words."""
    return {"appointment_words": labels}


def acting_decision() -> access.Decision:
    """Ask whether the reader may book for the subject, or answer with the reason."""
    decision = access.decide(Area.APPOINTMENTS, Verb.ACT)
    if decision:
        return decision
    if g.login.is_staff or g.subject.id == g.actor.id or not access.decide(Area.APPOINTMENTS):
        abort(404)
    why = _("You can see {name}'s appointments, but you cannot book, move or cancel them for "
            "{name}.").format(name=g.subject.name)
    abort(make_response(render_error(403, why)))


def _appointment(appointment_id: int, decision: access.Decision):
    """Load one of the subject's appointments the reader may see, logging the read, or 404."""
    row = listing.appointment_of(g.subject, appointment_id, unit_kinds=decision.unit_kinds)
    if row is None:
        abort(404)
    access.log_read(decision, Area.APPOINTMENTS, resource_id=row.id)
    return row


def _slot(slot_id: int):
    """Load a slot, or answer 404 saying that the time is gone."""
    slot = db.session.get(Slot, slot_id)
    if slot is None:
        abort(make_response(render_error(404, _(
            "We could not find this time. It may have been removed. Choose another time."))))
    return slot


def _days(slots) -> list[tuple]:
    """Group slots by their date in Oslo."""
    days: dict = {}
    for slot in slots:
        days.setdefault(listing.local_date(slot.start_at), []).append(slot)
    return list(days.items())


@bp.get("/")
@login_required
def index():
    """List upcoming and earlier appointments, waiting-list places and offers."""
    decision = access.require(Area.APPOINTMENTS)
    now = db.utcnow()
    upcoming, past = listing.appointments_of(g.subject, unit_kinds=decision.unit_kinds, now=now)
    return render_template(
        "appointments/index.html", upcoming=upcoming, past=past, now=now,
        places=waitlist.open_entries(g.subject, unit_kinds=decision.unit_kinds),
        may_act=bool(access.decide(Area.APPOINTMENTS, Verb.ACT)), form=ButtonForm())


@bp.get("/book")
@login_required
def choose():
    """List the kinds of appointment the subject can book, by unit."""
    decision = acting_decision()
    kinds = listing.bookable_visit_types(g.subject, unit_kinds=decision.unit_kinds,
                                         today=clock.today())
    units: dict = {}
    for visit_type in kinds:
        units.setdefault(visit_type.unit, []).append(visit_type)
    return render_template("appointments/choose.html", units=list(units.items()))


def _bookable(visit_type_id: int, decision) -> VisitType:
    """Return a visit type the subject can book, or 404."""
    for visit_type in listing.bookable_visit_types(g.subject, unit_kinds=decision.unit_kinds,
                                                   today=clock.today()):
        if visit_type.id == visit_type_id:
            return visit_type
    abort(404)


def _times(visit_type, *, ignore=None):
    """Return the free times of two weeks from the chosen date, and the period shown."""
    form = PeriodForm(request.args)
    today, now = clock.today(), db.utcnow()
    first = form.start.data if form.validate() and form.start.data else today
    first = min(max(first, today), today + listing.HORIZON - PERIOD)
    last = first + PERIOD - timedelta(days=1)
    slots = listing.free_slots(visit_type, g.subject, now=now, start=day_bounds(first)[0],
                               end=day_bounds(last)[1], ignore=ignore)
    return {"days": _days(slots), "first": first, "last": last,
            "earlier": first - PERIOD if first > today else None,
            "later": last + timedelta(days=1) if last < today + listing.HORIZON - timedelta(days=1) else None}


@bp.get("/book/<int:visit_type_id>")
@login_required
def times(visit_type_id: int):
    """Show the free times of a kind of appointment, two weeks at a time."""
    decision = acting_decision()
    visit_type = _bookable(visit_type_id, decision)
    return render_template("appointments/times.html", visit_type=visit_type, moving=None,
                           place=waitlist.open_entry(g.subject, visit_type), form=ButtonForm(),
                           **_times(visit_type))


@bp.route("/book/slot/<int:slot_id>", methods=["GET", "POST"])
@login_required
def confirm(slot_id: int):
    """Confirm and book a time; a time taken meanwhile shows the nearest free ones."""
    decision = acting_decision()
    slot, now, form = _slot(slot_id), db.utcnow(), BookForm()
    try:
        if form.validate_on_submit():
            appointment = services.book(slot, g.subject, booked_by=g.actor, channel="self",
                                        now=now, unit_kinds=decision.unit_kinds,
                                        reason=form.reason.data)
            flash(_("The appointment is booked. A confirmation is on its way."), "success")
            return redirect(url_for(".detail", appointment_id=appointment.id))
        services.check_slot(slot, g.subject, channel="self", unit_kinds=decision.unit_kinds,
                            now=now)
    except BookingError as exc:
        return _confirm_page(slot, form, error=exc)
    return _confirm_page(slot, form)


def _confirm_page(slot, form, *, error=None, moving=None):
    """Render the confirmation of a booking or a move, with the problem if there is one."""
    status = 409 if isinstance(error, SlotTaken) else 400 if error or form.errors else 200
    return render_template("appointments/confirm.html", slot=slot, form=form, moving=moving,
                           error=str(error) if error else None,
                           alternatives=getattr(error, "alternatives", None)), status


@bp.get("/<int:appointment_id>")
@login_required
def detail(appointment_id: int):
    """Show one appointment: when and where, the video link, calendar file and changes."""
    decision = access.decide(Area.APPOINTMENTS)
    if not decision:
        abort(404)
    appointment, now = _appointment(appointment_id, decision), db.utcnow()
    return render_template(
        "appointments/detail.html", appointment=appointment, now=now, form=ButtonForm(),
        may_act=bool(access.decide(Area.APPOINTMENTS, Verb.ACT)),
        may_change=services.may_change(appointment, now),
        closes_at=services.cancel_closes_at(appointment),
        call=services.how_to_reach(appointment.slot.unit),
        video=services.video_link(appointment, now, current_app.config["PORTAL_VIDEO_BASE_URL"]),
        video_opens=appointment.start_at - services.VIDEO_OPENS,
        place=waitlist.open_entry(g.subject, appointment.slot.visit_type),
        # The note may tell what the visit is about: health data, for a login at high only.
        show_note=g.login.acr == access.HIGH)


@bp.route("/<int:appointment_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(appointment_id: int):
    """Ask, then cancel an appointment; after the deadline, say whom to call."""
    decision = acting_decision()
    appointment, form, error = _appointment(appointment_id, decision), ButtonForm(), None
    if form.validate_on_submit():
        try:
            services.cancel(appointment, cancelled_by=g.actor, now=db.utcnow())
        except BookingError as exc:
            error = str(exc)
        else:
            flash(_("The appointment is cancelled. A confirmation is on its way."), "success")
            return redirect(url_for(".index"))
    now = db.utcnow()
    return render_template("appointments/cancel.html", appointment=appointment, form=form,
                           error=error, may_change=services.may_change(appointment, now),
                           call=services.how_to_reach(appointment.slot.unit)), 400 if error else 200


@bp.get("/<int:appointment_id>/reschedule")
@login_required
def reschedule(appointment_id: int):
    """Show the free times the appointment can be moved to."""
    decision = acting_decision()
    appointment = _appointment(appointment_id, decision)
    if not services.may_change(appointment, db.utcnow()):
        return redirect(url_for(".cancel", appointment_id=appointment.id))
    visit_type = appointment.slot.visit_type
    return render_template("appointments/times.html", visit_type=visit_type, moving=appointment,
                           place=None, form=ButtonForm(),
                           **_times(visit_type, ignore=appointment))


@bp.route("/<int:appointment_id>/reschedule/<int:slot_id>", methods=["GET", "POST"])
@login_required
def move(appointment_id: int, slot_id: int):
    """Confirm and move an appointment to another time in one step."""
    decision = acting_decision()
    appointment, slot, now, form = (_appointment(appointment_id, decision), _slot(slot_id),
                                    db.utcnow(), BookForm())
    try:
        if form.validate_on_submit():
            moved = services.reschedule(appointment, slot, booked_by=g.actor, channel="self",
                                        now=now, unit_kinds=decision.unit_kinds)
            flash(_("The appointment is moved. A confirmation is on its way."), "success")
            return redirect(url_for(".detail", appointment_id=moved.id))
        services.check_changeable(appointment, now, by_staff=False)
        services.check_slot(slot, g.subject, channel="self", unit_kinds=decision.unit_kinds,
                            now=now, replacing=appointment)
    except BookingError as exc:
        return _confirm_page(slot, form, error=exc, moving=appointment)
    return _confirm_page(slot, form, moving=appointment)


@bp.get("/<int:appointment_id>/calendar.ics")
@login_required
def calendar(appointment_id: int):
    """Send the appointment as an iCalendar file (RFC 5545)."""
    decision = access.decide(Area.APPOINTMENTS)
    if not decision:
        abort(404)
    appointment = _appointment(appointment_id, decision)
    slot = appointment.slot
    body = calendar_file(
        appointment, summary=labels.visit_name(slot.visit_type), location=slot.unit.name,
        url=url_for(".detail", appointment_id=appointment.id, _external=True),
        video=slot.visit_type.mode == "video", now=db.utcnow())
    day = listing.local_date(appointment.start_at).isoformat()
    response = make_response(body)
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="appointment-{day}.ics"'
    return response


from portal.appointments import waitlist_views  # noqa: E402,F401  (routes on this blueprint)
