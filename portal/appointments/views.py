"""Appointments for citizens: the list, booking, a page per appointment, moving, cancelling,
calendar files, and the waiting list for an earlier time.

Everything acts on g.subject (the person chosen on /representation/, never one from the
URL); ids in URLs are looked up among that person's own appointments, within the unit
kinds the access decision allows.
"""

from datetime import timedelta

from flask import (
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

from portal import access, clock, db, features, links
from portal.access import Verb
from portal.appointments import (
    cards,
    labels,
    listing,
    notify,
    services,
    staff_setup,
    staff_views,
    waitlist,
    waitlist_views,
)
from portal.appointments.areas import APPOINTMENTS, PURPOSES, bookable_unit_kinds
from portal.appointments.blueprints import bp
from portal.appointments.calendar import calendar_file
from portal.appointments.forms import BookForm, ButtonForm, PeriodForm
from portal.appointments.models import Appointment, Slot, VisitType
from portal.appointments.services import BookingError, SlotTaken
from portal.appointments.staffwork import day_bounds
from portal.errors import render_error
from portal.questionnaires.areas import QUESTIONNAIRES
from portal.questionnaires.models import QuestionnaireResponse

PERIOD = timedelta(days=14)
# The waiting list's pages and the unit's set-up pages are modules of their own that add
# their routes to the two blueprints; listed here, so the blueprints have them when registered.
ROUTE_MODULES = (waitlist_views, staff_setup)


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


def acting_scope() -> access.Scope:
    """Return the scope for booking, moving and cancelling for the subject, or refuse."""
    return access.scope(APPOINTMENTS, Verb.ACT)


def _appointment(appointment_id: int, verb: Verb = Verb.VIEW) -> Appointment:
    """Load one of the subject's appointments through the access layer."""
    return access.load(Appointment, appointment_id, verb=verb, options=listing.with_slot())


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
    scope = access.scope(APPOINTMENTS)
    upcoming, past = listing.appointments_of(scope, now=scope.now)
    return render_template(
        "appointments/index.html", upcoming=upcoming, past=past, now=scope.now,
        places=waitlist.open_entries(scope), may_act=_may_act(), form=ButtonForm())


def _may_act() -> bool:
    """Tell whether the reader may book, move and cancel for the subject."""
    return access.allows(APPOINTMENTS, Verb.ACT)


@bp.get("/book")
@login_required
def choose():
    """List the kinds of appointment the subject can book, by unit."""
    scope = acting_scope()
    kinds = listing.bookable_visit_types(g.subject, unit_kinds=bookable_unit_kinds(scope.decision),
                                         today=clock.today())
    units: dict = {}
    for visit_type in kinds:
        units.setdefault(visit_type.unit, []).append(visit_type)
    return render_template("appointments/choose.html", units=list(units.items()))


def _bookable(visit_type_id: int, scope) -> VisitType:
    """Return a visit type the subject can book, or 404."""
    for visit_type in listing.bookable_visit_types(
            g.subject, unit_kinds=bookable_unit_kinds(scope.decision), today=clock.today()):
        if visit_type.id == visit_type_id:
            return visit_type
    abort(404)


def _times(scope, visit_type, *, ignore=None):
    """Return the free times of two weeks from the chosen date, and the period shown."""
    form = PeriodForm(request.args)
    today, now = clock.today(), db.utcnow()
    first = form.start.data if form.validate() and form.start.data else today
    first = min(max(first, today), today + listing.HORIZON - PERIOD)
    last = first + PERIOD - timedelta(days=1)
    slots = listing.free_slots(visit_type, scope, now=now, start=day_bounds(first)[0],
                               end=day_bounds(last)[1], ignore=ignore)
    return {"days": _days(slots), "first": first, "last": last,
            "fixed": {s.id for s in slots if services.fixed_once_booked(s, now)},
            "call": services.how_to_reach(visit_type.unit),
            "earlier": first - PERIOD if first > today else None,
            "later": last + timedelta(days=1) if last < today + listing.HORIZON - timedelta(days=1) else None}


@bp.get("/book/<int:visit_type_id>")
@login_required
def times(visit_type_id: int):
    """Show the free times of a kind of appointment, two weeks at a time."""
    scope = acting_scope()
    visit_type = _bookable(visit_type_id, scope)
    return render_template("appointments/times.html", visit_type=visit_type, moving=None,
                           place=waitlist.open_entry(g.subject, visit_type), form=ButtonForm(),
                           **_times(scope, visit_type))


@bp.route("/book/slot/<int:slot_id>", methods=["GET", "POST"])
@login_required
def confirm(slot_id: int):
    """Confirm and book a time; a time taken meanwhile shows the nearest free ones."""
    scope = acting_scope()
    slot, now, form = _slot(slot_id), db.utcnow(), BookForm()
    readers = services.note_readers(scope, slot, booked_by=g.actor, now=now)
    try:
        if form.validate_on_submit():
            appointment = services.committed(lambda: services.book(
                scope, slot, booked_by=g.actor, channel="self", now=now,
                reason=form.reason.data))
            flash(_("The appointment is booked. A confirmation is on its way."), "success")
            return redirect(url_for(".detail", appointment_id=appointment.id))
        services.check_slot(scope, slot, channel="self", now=now)
    except BookingError as exc:
        return _confirm_page(slot, form, error=exc, readers=readers)
    return _confirm_page(slot, form, readers=readers)


def _confirm_page(slot, form, *, error=None, moving=None, readers=()):
    """Render the confirmation of a booking or a move, with the problem if there is one.

    `readers` are those besides the booker and the staff who could open the booking: the
    words under the note field name them. A time less than 24 hours away can be booked, but
    the page says first that it then cannot be cancelled or moved here, and whom to call.
    """
    status = 409 if isinstance(error, SlotTaken) else 400 if error or form.errors else 200
    return render_template("appointments/confirm.html", slot=slot, form=form, moving=moving,
                           error=str(error) if error else None, readers=readers,
                           alternatives=getattr(error, "alternatives", None),
                           fixed=services.fixed_once_booked(slot, db.utcnow()),
                           call=services.how_to_reach(slot.unit)), status


@bp.get("/<int:appointment_id>")
@login_required
def detail(appointment_id: int):
    """Show one appointment: when and where, the video link, calendar file and changes."""
    appointment, now = _appointment(appointment_id), db.utcnow()
    return render_template(
        "appointments/detail.html", appointment=appointment, now=now, form=ButtonForm(),
        may_act=_may_act(),
        may_change=services.may_change(appointment, now),
        closes_at=services.cancel_closes_at(appointment),
        call=services.how_to_reach(appointment.slot.unit),
        video=services.video_link(appointment, now, current_app.config["PORTAL_VIDEO_BASE_URL"]),
        video_opens=appointment.start_at - services.VIDEO_OPENS,
        place=waitlist.open_entry(g.subject, appointment.slot.visit_type),
        questionnaire=_questionnaire_of(appointment),
        # The note may tell what the visit is about: health data, for a login at high only.
        show_note=g.login.acr == access.HIGH)


def _questionnaire_of(appointment):
    """Return the questionnaire sent with an appointment, where the reader may see it."""
    scope = access.peek(QUESTIONNAIRES)
    if scope is None:
        return None
    return scope.first(scope.select(QuestionnaireResponse,
                                    QuestionnaireResponse.appointment_id == appointment.id,
                                    QuestionnaireResponse.status != "withdrawn"))


@bp.route("/<int:appointment_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(appointment_id: int):
    """Ask, then cancel an appointment; after the deadline, say whom to call."""
    appointment, form, error = _appointment(appointment_id, Verb.ACT), ButtonForm(), None
    if form.validate_on_submit():
        try:
            services.committed(lambda: services.cancel(appointment, cancelled_by=g.actor,
                                                       now=db.utcnow()))
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
    scope = acting_scope()
    appointment = _appointment(appointment_id, Verb.ACT)
    if not services.may_change(appointment, db.utcnow()):
        return redirect(url_for(".cancel", appointment_id=appointment.id))
    visit_type = appointment.slot.visit_type
    return render_template("appointments/times.html", visit_type=visit_type, moving=appointment,
                           place=None, form=ButtonForm(),
                           **_times(scope, visit_type, ignore=appointment))


@bp.route("/<int:appointment_id>/reschedule/<int:slot_id>", methods=["GET", "POST"])
@login_required
def move(appointment_id: int, slot_id: int):
    """Confirm and move an appointment to another time in one step."""
    scope = acting_scope()
    appointment, slot, now, form = (_appointment(appointment_id, Verb.ACT), _slot(slot_id),
                                    db.utcnow(), BookForm())
    try:
        if form.validate_on_submit():
            moved = services.committed(lambda: services.move(
                scope, appointment, slot, booked_by=g.actor, channel="self", now=now))
            flash(_("The appointment is moved. A confirmation is on its way."), "success")
            return redirect(url_for(".detail", appointment_id=moved.id))
        services.check_changeable(appointment, now, by_staff=False)
        services.check_slot(scope, slot, channel="self", now=now, replacing=appointment)
    except BookingError as exc:
        return _confirm_page(slot, form, error=exc, moving=appointment)
    return _confirm_page(slot, form, moving=appointment)


@bp.get("/<int:appointment_id>/calendar.ics")
@login_required
def calendar(appointment_id: int):
    """Send the appointment as an iCalendar file (RFC 5545), named for the person it is for."""
    appointment = _appointment(appointment_id)
    slot = appointment.slot
    # A parent keeps several children's appointments in one calendar: the summary says whose.
    summary = _("{name}: {unit} – {visit}").format(
        name=g.subject.name, unit=slot.unit.name, visit=labels.visit_name(slot.visit_type))
    body = calendar_file(
        appointment, summary=summary, location=slot.unit.name,
        url=links.external(".detail", appointment_id=appointment.id),
        video=slot.visit_type.mode == "video", now=db.utcnow())
    day = listing.local_date(appointment.start_at).isoformat()
    response = make_response(body)
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="appointment-{day}.ics"'
    return response


def init_app(app):
    """Declare the appointments area and staff purposes, its notices, pages, home card and shortcut."""
    features.install(app, areas=(APPOINTMENTS,), purposes=PURPOSES, notice_kinds=notify.KINDS,
                     blueprints=(bp, staff_views.bp), cards=(cards.NEXT_APPOINTMENT,),
                     shortcuts=(cards.SHORTCUT,))
