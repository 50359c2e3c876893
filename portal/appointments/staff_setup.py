"""The unit's set-up for staff: kinds of appointment, weekly schedules, publishing slots.

These pages show no personal data (the names are the unit's own staff), so they are
public to the access decision and open to any staff member of the unit.
"""

from datetime import timedelta

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from portal import access, clock, db
from portal.appointments import labels, staffwork
from portal.appointments.blueprints import staff_bp as bp
from portal.appointments.models import Schedule, Slot, VisitType
from portal.appointments.services import BookingError
from portal.appointments.staff_forms import PublishForm, ScheduleForm, VisitTypeForm
from portal.journal.models import Practitioner
from portal.staff.views import staff_required

PUBLISH_WEEKS = 4


def _visit_types() -> list[VisitType]:
    """Return the unit's kinds of appointment, offered ones first."""
    return list(db.session.scalars(select(VisitType).where(VisitType.unit_id == g.login.unit_id)
                                   .order_by(VisitType.active.desc(), VisitType.name_nb)))


def _own_visit_type(visit_type_id: int) -> VisitType:
    """Return a kind of appointment of the unit, or 404."""
    row = db.session.get(VisitType, visit_type_id)
    if row is None or row.unit_id != g.login.unit_id:
        abort(404)
    return row


@bp.get("/visit-types")
@access.public
@staff_required
def visit_types():
    """List the kinds of appointment the unit offers."""
    return render_template("staff/appointments_visit_types.html", rows=_visit_types(),
                           words=labels)


@bp.route("/visit-types/new", methods=["GET", "POST"])
@bp.route("/visit-types/<int:visit_type_id>", methods=["GET", "POST"])
@access.public
@staff_required
def visit_type(visit_type_id: int | None = None):
    """Add or change a kind of appointment."""
    row = _own_visit_type(visit_type_id) if visit_type_id else None
    form = VisitTypeForm(obj=row)
    if form.validate_on_submit():
        taken = db.session.scalar(select(VisitType.id).where(
            VisitType.unit_id == g.login.unit_id, VisitType.code == form.code.data))
        if taken is not None and (row is None or taken != row.id):
            form.code.errors.append(_("Another kind of appointment has this code."))
        else:
            row = row or VisitType(unit_id=g.login.unit_id)
            form.populate_obj(row)
            db.session.add(row)
            flash(_("Saved: {name}.").format(name=labels.visit_name(row)), "success")
            return redirect(url_for(".visit_types"))
    status = 400 if request.method == "POST" else 200
    return render_template("staff/appointments_visit_type.html", form=form, row=row), status


def _schedule_form(formdata=None) -> ScheduleForm:
    """Build the schedule form with the unit's offered kinds and staff."""
    practitioners = db.session.scalars(select(Practitioner).where(
        Practitioner.unit_id == g.login.unit_id, Practitioner.active.is_(True))).all()
    return ScheduleForm(formdata, visit_types=[(v, labels.visit_name(v)) for v in _visit_types()
                                               if v.active],
                        practitioners=practitioners)


def _schedules_page(form=None, *, error=None, status=200):
    """Render the unit's weekly schedules with the forms to add and publish."""
    schedules = db.session.scalars(select(Schedule).where(Schedule.unit_id == g.login.unit_id)
                                   .order_by(Schedule.weekday, Schedule.start_time)).all()
    now, today = db.utcnow(), clock.today()
    published = dict(db.session.execute(
        select(Slot.schedule_id, func.max(Slot.start_at))
        .where(Slot.schedule_id.in_([s.id for s in schedules]), Slot.start_at > now)
        .group_by(Slot.schedule_id)).all())
    rows = [(s, db.session.get(VisitType, s.visit_type_id),
             db.session.get(Practitioner, s.practitioner_id) if s.practitioner_id else None,
             published.get(s.id)) for s in schedules]
    return render_template(
        "staff/appointments_schedules.html", rows=rows, form=form or _schedule_form(),
        publish=PublishForm(formdata=None, start=today,
                            end=today + timedelta(weeks=PUBLISH_WEEKS) - timedelta(days=1)),
        error=error, words=labels), status


@bp.get("/schedules")
@access.public
@staff_required
def schedules():
    """List the weekly schedules, when each is published until, and how to add one."""
    return _schedules_page()


@bp.post("/schedules")
@access.public
@staff_required
def add_schedule():
    """Add a weekly schedule."""
    form = _schedule_form(request.form)
    if not form.validate_on_submit():
        return _schedules_page(form, status=400)
    practitioner = (db.session.get(Practitioner, form.practitioner.data)
                    if form.practitioner.data else None)
    try:
        staffwork.add_schedule(g.login.unit_id, _own_visit_type(form.visit_type.data),
                               weekday=form.weekday.data, start=form.start_time.data,
                               end=form.end_time.data, practitioner=practitioner)
    except BookingError as exc:
        return _schedules_page(form, error=str(exc), status=400)
    flash(_("The schedule is added. Publish it to offer the times."), "success")
    return redirect(url_for(".schedules"))


def _own_schedule(schedule_id: int) -> Schedule:
    """Return a schedule of the unit, or 404."""
    row = db.session.get(Schedule, schedule_id)
    if row is None or row.unit_id != g.login.unit_id:
        abort(404)
    return row


@bp.post("/schedules/<int:schedule_id>/publish")
@access.public
@staff_required
def publish(schedule_id: int):
    """Publish a schedule's times for a period."""
    schedule, form = _own_schedule(schedule_id), PublishForm()
    if not form.validate_on_submit():
        return _schedules_page(error=_("Write the first and the last date to publish."), status=400)
    try:
        added = staffwork.publish_slots(schedule, form.start.data, form.end.data, now=db.utcnow())
    except BookingError as exc:
        return _schedules_page(error=str(exc), status=400)
    flash(ngettext("%(num)d time published.", "%(num)d times published.", added), "success")
    return redirect(url_for(".schedules"))


@bp.post("/schedules/<int:schedule_id>/remove")
@access.public
@staff_required
def remove_schedule(schedule_id: int):
    """Remove a schedule and its future times that were never booked."""
    removed = staffwork.remove_schedule(_own_schedule(schedule_id), now=db.utcnow())
    flash(ngettext("The schedule is removed, with %(num)d free time.",
                   "The schedule is removed, with %(num)d free times.", removed), "success")
    return redirect(url_for(".schedules"))
