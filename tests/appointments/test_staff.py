"""The unit's side (DOMAIN.md, "Appointments": staff publish slots from schedules; statistics
keep the booking channel and attendance)."""

from datetime import date, time, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from portal.appointments import staffwork
from portal.appointments.models import Appointment, Schedule, Slot, VisitType
from portal.appointments.services import BookingError
from portal.audit import AccessLogEntry
from portal.clock import today
from portal.journal.models import Practitioner
from tests import factories as make
from tests.appointments import builders as b
from tests.client import ANNE, EMMA, KARI, NILS, text_of

NOW = b.oslo(2027, 2, 22, 12)


def schedule(kind, weekday=0, start=time(9), end=time(11), practitioner=None) -> Schedule:
    row = Schedule(unit_id=kind.unit_id, visit_type_id=kind.id, weekday=weekday, start_time=start,
                   end_time=end, practitioner_id=practitioner.id if practitioner else None)
    from portal import db

    db.session.add(row)
    db.session.flush()
    return row


@pytest.mark.usefixtures("speaking")
def test_publishing_a_schedule_is_idempotent_and_follows_oslo_time(db_session):
    """Staff publish slots from schedules; Oslo's clock time holds across summer time."""
    kind = b.visit_type(make.unit("helsestasjon-orland"), minutes=30)
    weekly = schedule(kind, weekday=0, start=time(9), end=time(11))  # Mondays, four slots
    added = staffwork.publish_slots(weekly, date(2027, 3, 22), date(2027, 4, 4), now=NOW)
    assert added == 8
    assert staffwork.publish_slots(weekly, date(2027, 3, 22), date(2027, 4, 4), now=NOW) == 0
    starts = db_session.scalars(select(Slot.start_at).where(Slot.schedule_id == weekly.id)
                                .order_by(Slot.start_at)).all()
    assert starts[0] == b.oslo(2027, 3, 22, 9) and starts[0].hour == 8  # winter: UTC+1
    assert starts[4] == b.oslo(2027, 3, 29, 9) and starts[4].hour == 7  # summer: UTC+2
    later = staffwork.publish_slots(weekly, date(2027, 2, 22), date(2027, 2, 22), now=NOW)
    assert later == 0  # that Monday's times have passed at noon


@pytest.mark.usefixtures("speaking")
def test_a_practitioner_is_never_offered_twice_at_once(db_session):
    anne = db_session.scalar(select(Practitioner).join(Practitioner.person).where(
        Practitioner.role == "nurse"))
    station = make.unit("helsestasjon-orland")
    one, other = b.visit_type(station, minutes=30), b.visit_type(station, minutes=20)
    staffwork.publish_slots(schedule(one, practitioner=anne), date(2027, 3, 1), date(2027, 3, 1), now=NOW)
    assert staffwork.publish_slots(schedule(other, start=time(10, 30), end=time(12), practitioner=anne),
                                   date(2027, 3, 1), date(2027, 3, 1), now=NOW) == 2  # 11:10, 11:30
    with pytest.raises(BookingError, match="26 weeks"):
        staffwork.publish_slots(schedule(one, practitioner=anne), date(2027, 3, 1), date(2027, 12, 1), now=NOW)


def test_statistics_count_channels_and_outcomes(app, db_session):
    """DOMAIN.md: statistics keep the booking channel and attendance; a move counts once."""
    kind = b.visit_type(make.unit("orland-legekontor"), minutes=20, min_age=16)
    slots = b.slots(kind, b.oslo(2027, 3, 1, 9), 6)
    people = [make.person(date(1980, 1, 1 + i)) for i in range(5)]
    for person in people:
        person.gp_unit_id = kind.unit_id
    with app.test_request_context("/"):
        nils = b.persona(NILS)  # the GP books the last two for the unit
        made = [b.book(slots[i], p, now=NOW) if i < 3 else
                b.book(slots[i], p, by=nils, channel="staff", now=NOW)
                for i, p in enumerate(people)]
        b.cancel(made[1], by=people[1], now=NOW)
        moved = b.move(made[2], slots[5], by=people[2], now=NOW)
        after = b.oslo(2027, 3, 1, 12)
        for appointment, outcome in ((made[0], "attended"), (moved, "attended"),
                                     (made[3], "no_show"), (made[4], "attended")):
            staffwork.mark_attendance(appointment, outcome, now=after)
        db_session.commit()  # as the attendance page's request does at its end
    stats = staffwork.statistics(kind.unit_id, date(2027, 3, 1), date(2027, 3, 1))
    assert stats.by_channel == {"self": 3, "staff": 2}
    assert stats.by_outcome == {"booked": 0, "attended": 3, "no_show": 1, "cancelled": 1}
    assert stats.no_show_rate("self") == 0 and stats.no_show_rate("staff") == 0.5


def test_attendance_can_be_recorded_once_the_visit_has_begun(app, db_session):
    kind = b.visit_type(make.unit("helsestasjon-orland"), minutes=30)
    slot = b.slot(kind, b.oslo(2027, 3, 1, 9))
    emma = b.persona(EMMA)
    with app.test_request_context("/?lang=en"):
        booked = b.book(slot, emma, by=b.persona(ANNE), channel="staff", now=NOW)
        with pytest.raises(BookingError, match="once the appointment has begun"):
            staffwork.mark_attendance(booked, "no_show", now=slot.start_at - timedelta(minutes=1))
        assert db_session.scalar(select(Appointment.status).where(
            Appointment.id == booked.id)) == "booked"
        staffwork.mark_attendance(booked, "no_show", now=slot.start_at)
        db_session.commit()  # as the attendance page's request does at its end
    assert db_session.scalar(select(Appointment.status).where(Appointment.id == booked.id)) == "no_show"


def test_anne_sees_a_portal_booking_appear_marks_it_seen_and_records_attendance(client, db_session):
    """Issue 5: staff see bookings made in the portal as they happen, and mark attendance."""
    with time_machine.travel(NOW, tick=False):
        kind = b.visit_type(make.unit("helsestasjon-orland"), min_age=6, max_age=15)
        slot = b.slot(kind, b.oslo(2027, 2, 24, 13))
        db_session.commit()
        client.login_as(ANNE, "staff")
        before = text_of(client.get_page("/staff/?lang=en"))
        client.post_form("/auth/logout", {}, from_page="/staff/")
        client.login_as(KARI)
        client.post_form("/representation/act", {"person_id": b.persona(EMMA).id},
                         from_page="/representation/")
        client.post_form(f"/appointments/book/slot/{slot.id}", {})
        client.post_form("/auth/logout", {}, from_page="/home")
        client.login_as(ANNE, "staff")
        workspace = text_of(client.get_page("/staff/?lang=en"))
        assert "1 new booking made in the portal since you last looked" in workspace
        assert "new booking" not in before or before != workspace
        changes = client.get_page("/staff/appointments/changes?lang=en")
        assert "Emma Nordmann" in text_of(changes) and "Kari Nordmann" in text_of(changes)
        client.post_form("/staff/appointments/changes/seen",
                         {"appointment_id": [a.id for a in b.active_on(slot)]},
                         from_page="/staff/appointments/changes")
        assert "made in the portal" not in text_of(client.get_page("/staff/?lang=en"))
    booked = b.active_on(slot)[0]
    with time_machine.travel(b.oslo(2027, 2, 24, 13, 40), tick=False):
        client.login_as(ANNE, "staff")
        day = client.get_page("/staff/appointments/?day=2027-02-24&lang=en")
        assert day.find("a", string="Emma Nordmann")["href"] == f"/staff/appointments/{booked.id}"
        client.post_form(f"/staff/appointments/{booked.id}/attendance", {"outcome": "attended"},
                         from_page=f"/staff/appointments/{booked.id}")
    assert db_session.get(Appointment, booked.id).status == "attended"
    logged = db_session.scalar(select(func.count()).select_from(AccessLogEntry).where(
        AccessLogEntry.subject_id == booked.person_id, AccessLogEntry.actor_role == "staff"))
    assert logged >= 1  # Anne's reads are in Emma's access log


def test_staff_see_only_their_own_units_appointments(client, db_session):
    gp = db_session.scalar(select(Appointment).join(Slot).join(VisitType).where(
        VisitType.code == "legetime-barn"))
    client.login_as(ANNE, "staff")
    assert client.get(f"/staff/appointments/{gp.id}").status_code == 404
    token = client.csrf_token("/staff/")
    response = client.post(f"/staff/appointments/{gp.id}/attendance",
                           data={"csrf_token": token, "outcome": "no_show"})
    assert response.status_code == 404 and db_session.get(Appointment, gp.id).status == "booked"
    assert "Jonas" not in text_of(client.get_page(f"/staff/appointments/?day={gp.start_at.date()}"))


def test_nils_is_told_of_the_demo_bookings_made_in_the_portal(client):
    client.login_as(NILS, "staff")
    text = text_of(client.get_page("/staff/?lang=en"))
    assert "3 new bookings made in the portal since you last looked" in text


def test_anne_books_a_staff_only_vaccination_by_number_and_surname(client, db_session):
    vaccination = db_session.scalar(select(VisitType).where(VisitType.code == "hs-vaksinasjon"))
    free = db_session.scalar(select(Slot).where(
        Slot.visit_type_id == vaccination.id, Slot.start_at > b.oslo(today().year, today().month, today().day) + timedelta(days=2),
        Slot.id.not_in(select(Appointment.slot_id).where(Appointment.status != "cancelled"))))
    client.login_as(ANNE, "staff")
    url = f"/staff/appointments/slots/{free.id}/book"
    response = client.post_form(url + "?lang=en", {"national_id": EMMA, "family_name": "Hansen"},
                                from_page=url, status=400)
    assert "Nobody with this number and surname" in response.get_data(as_text=True)
    client.post_form(url, {"national_id": EMMA, "family_name": "nordmann"})
    booked = b.active_on(free)[0]
    assert (booked.person.national_id, booked.channel, booked.booked_by.national_id) == (EMMA, "staff", ANNE)
    assert booked.staff_seen_at is not None


def test_staff_booking_refuses_another_units_time_and_a_past_one(client, db_session):
    gp_slot = db_session.scalar(select(Slot).join(VisitType).where(VisitType.code == "vanlig-legetime"))
    client.login_as(ANNE, "staff")
    response = client.get(f"/staff/appointments/slots/{gp_slot.id}/book?lang=en")
    assert response.status_code == 404
    assert "This time belongs to another unit" in response.get_data(as_text=True)
    past = db_session.scalar(select(Slot).where(Slot.unit_id == make.unit("helsestasjon-orland").id)
                             .order_by(Slot.start_at))
    response = client.post_form(f"/staff/appointments/slots/{past.id}/book?lang=en",
                                {"national_id": EMMA, "family_name": "Nordmann"},
                                from_page=f"/staff/appointments/slots/{past.id}/book", status=400)
    assert "This time has passed" in response.get_data(as_text=True)


def test_anne_adds_a_kind_of_appointment_and_a_schedule_and_publishes_it(client, db_session):
    client.login_as(ANNE, "staff")
    form = {"name_nb": "Ammeveiledning", "name_nn": "Ammerettleiing", "name_en": "Breastfeeding advice",
            "code": "amming", "duration_minutes": "45", "mode": "in_person", "min_age": "",
            "max_age": "1", "open_booking": "y", "active": "y"}
    client.post_form("/staff/appointments/visit-types/new", form)
    kind = db_session.scalar(select(VisitType).where(VisitType.code == "amming"))
    assert (kind.unit.code, kind.duration_minutes, kind.max_age, kind.open_booking) == (
        "helsestasjon-orland", 45, 1, True)
    again = client.post_form("/staff/appointments/visit-types/new?lang=en", form, status=400,
                             from_page="/staff/appointments/visit-types/new")
    assert "Another kind of appointment has this code" in again.get_data(as_text=True)
    client.post_form("/staff/appointments/schedules", {
        "visit_type": kind.id, "weekday": "1", "start_time": "12:00", "end_time": "14:15",
        "practitioner": "0"}, from_page="/staff/appointments/schedules")
    weekly = db_session.scalar(select(Schedule).where(Schedule.visit_type_id == kind.id))
    start = today() + timedelta(days=1)
    response = client.post_form(f"/staff/appointments/schedules/{weekly.id}/publish",
                                {"start": start.isoformat(), "end": (start + timedelta(days=13)).isoformat()},
                                from_page="/staff/appointments/schedules")
    assert response.location == "/staff/appointments/schedules"
    assert db_session.scalar(select(func.count()).select_from(Slot).where(
        Slot.schedule_id == weekly.id)) == 6  # two Tuesdays, three of 45 minutes each
    client.post_form(f"/staff/appointments/schedules/{weekly.id}/remove", {},
                     from_page="/staff/appointments/schedules")
    assert db_session.get(Schedule, weekly.id) is None
    assert db_session.scalar(select(func.count()).select_from(Slot).where(
        Slot.visit_type_id == kind.id)) == 0


def test_another_units_kind_of_appointment_is_not_found(client, db_session):
    gp_kind = db_session.scalar(select(VisitType).where(VisitType.code == "vanlig-legetime"))
    client.login_as(ANNE, "staff")
    assert client.get(f"/staff/appointments/visit-types/{gp_kind.id}").status_code == 404


def test_citizens_cannot_reach_the_staff_pages(client):
    client.login_as(KARI)
    assert client.get("/staff/appointments/").status_code == 403
    assert client.get("/staff/appointments/schedules").status_code == 403


def test_the_day_list_is_not_a_read_of_each_person_but_opening_one_appointment_is(
        client, db_session):
    """Issue 19, item 6 (DOMAIN.md, access log: reads by others are logged): a staff list
    logs a person only when it shows their health data. The unit's day list shows who comes
    when (appointments are not health data by the decision's own declaration), so it is not
    logged for each person on it; opening one appointment is."""
    booked = db_session.scalar(select(Appointment).join(Slot).join(VisitType).where(
        VisitType.unit.has(code="helsestasjon-orland"), Appointment.status == "booked"))

    def staff_reads() -> int:
        return db_session.scalar(select(func.count()).select_from(AccessLogEntry).where(
            AccessLogEntry.subject_id == booked.person_id, AccessLogEntry.actor_role == "staff"))

    before = staff_reads()
    client.login_as(ANNE, "staff")
    day = client.get_page(f"/staff/appointments/?day={booked.start_at.date()}&lang=en")
    assert day.find("a", href=f"/staff/appointments/{booked.id}")
    assert staff_reads() == before
    client.get_page(f"/staff/appointments/{booked.id}")
    assert staff_reads() == before + 1
