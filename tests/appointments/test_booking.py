"""Booking rules (DOMAIN.md, "Appointments"), as plain service calls without HTTP."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.appointments import listing, services
from portal.appointments.models import Appointment
from portal.appointments.services import BookingError, SlotTaken
from portal.outbox import OutboxMessage
from portal.representation.rules import PARENT_12_15_UNIT_KINDS
from tests import factories as make
from tests.appointments import builders as b
from tests.client import EMMA, JONAS, KARI, LIV, SARA

pytestmark = pytest.mark.usefixtures("speaking")

NOW = b.oslo(2027, 2, 22, 12)  # a Monday
VISIT = b.oslo(2027, 3, 1, 9)  # the Monday after


@pytest.fixture
def youth(db_session):
    """The youth health station's open talk for 13-20 year olds, with slots on 1 March 2027."""
    kind = b.visit_type(make.unit("helsestasjon-ungdom"), min_age=13, max_age=20)
    return kind, b.slots(kind, VISIT, 4)


def count(session, model, *conditions):
    return session.scalar(select(func.count()).select_from(model).where(*conditions))


def test_jonas_books_the_youth_health_station_for_himself(db_session, youth):
    """DOMAIN.md: open self-booking at the youth health station for ages 13-20."""
    _, slots = youth
    jonas = b.persona(JONAS)
    appointment = services.book(slots[0], jonas, booked_by=jonas, channel="self", now=NOW)
    assert (appointment.status, appointment.channel, appointment.person_id) == ("booked", "self", jonas.id)
    assert (appointment.start_at, appointment.end_at) == (slots[0].start_at, slots[0].end_at)
    assert appointment.staff_seen_at is None  # a booking in the portal is news to the unit
    assert appointment.video_room is None


@pytest.mark.parametrize(("born", "allowed"), [
    (date(2014, 3, 1), True),    # turns 13 on the day of the visit
    (date(2014, 3, 2), False),   # still 12 on the day of the visit
    (date(2006, 3, 2), True),    # 20 until the day after
    (date(2006, 3, 1), False),   # turns 21 on the day of the visit
])
def test_the_age_range_holds_on_the_day_of_the_visit(db_session, youth, born, allowed):
    """DOMAIN.md: the age range (youth health station 13-20), on the visit's date in Oslo."""
    _, slots = youth
    person = make.person(born)
    if allowed:
        services.book(slots[0], person, booked_by=person, channel="self", now=NOW)
    else:
        with pytest.raises(BookingError, match="is for ages 13–20 years"):
            services.book(slots[0], person, booked_by=person, channel="self", now=NOW)
        assert b.active_on(slots[0]) == []


def test_a_twelve_year_old_sees_times_from_the_thirteenth_birthday(db_session, youth):
    """DOMAIN.md: the age rule is checked for the visit's date, not only today."""
    kind, _ = youth
    birthday = b.oslo(2027, 3, 3, 0)
    later = b.slot(kind, b.oslo(2027, 3, 3, 9))
    person = make.person(date(2014, 3, 3))
    assert kind in listing.bookable_visit_types(person, unit_kinds=None, today=date(2027, 2, 22))
    free = listing.free_slots(kind, person, now=NOW)
    assert free == [later] and all(s.start_at >= birthday for s in free)


def test_a_slot_in_the_past_is_refused(db_session, youth):
    _, slots = youth
    jonas = b.persona(JONAS)
    with pytest.raises(BookingError, match="This time has passed"):
        services.book(slots[0], jonas, booked_by=jonas, channel="self",
                      now=slots[0].start_at + timedelta(minutes=1))


def test_a_staff_only_kind_cannot_be_booked_in_the_portal(db_session):
    """DOMAIN.md: a channel of open self-booking, or booking by staff only."""
    station = make.unit("helsestasjon-orland")
    kind = b.visit_type(station, open_booking=False)
    slot = b.slot(kind, VISIT)
    emma, kari = b.persona(EMMA), b.persona(KARI)
    with pytest.raises(BookingError, match="72 51 41 20"):
        services.book(slot, emma, booked_by=kari, channel="self", now=NOW)
    anne = b.persona("12847900030")
    assert services.book(slot, emma, booked_by=anne, channel="staff", now=NOW).staff_seen_at == NOW


def test_a_parent_of_a_12_to_15_year_old_cannot_book_the_youth_health_station(db_session, youth):
    """DOMAIN.md, "Children 12-15": parents book at the GP office and health station only."""
    _, slots = youth
    jonas, kari = b.persona(JONAS), b.persona(KARI)
    with pytest.raises(BookingError, match="cannot book appointments at Helsestasjon for ungdom"):
        services.book(slots[0], jonas, booked_by=kari, channel="self", now=NOW,
                      unit_kinds=PARENT_12_15_UNIT_KINDS)
    assert b.active_on(slots[0]) == []


def test_gp_appointments_are_booked_at_ones_own_gp_office(db_session):
    liv = b.persona(LIV)
    liv.gp_unit_id = None
    kind = b.visit_type(make.unit("orland-legekontor"), min_age=16)
    with pytest.raises(BookingError, match="own GP office"):
        services.book(b.slot(kind, VISIT), liv, booked_by=liv, channel="self", now=NOW)


def test_a_taken_slot_gives_a_clear_message_and_the_nearest_free_times(db_session, youth):
    """DOMAIN.md: the one who comes second gets a clear message and the nearest free slots."""
    kind, slots = youth
    early = b.slot(kind, VISIT - timedelta(days=3))
    far = b.slot(kind, VISIT + timedelta(days=30))
    jonas, sara = b.persona(JONAS), b.persona(SARA)
    services.book(slots[1], jonas, booked_by=jonas, channel="self", now=NOW)
    db_session.commit()
    with pytest.raises(SlotTaken, match="Someone else booked this time") as refused:
        services.book(slots[1], sara, booked_by=sara, channel="self", now=NOW)
    assert refused.value.alternatives == [early, slots[0], slots[2], slots[3], far]
    assert [a.person_id for a in b.active_on(slots[1])] == [jonas.id]


def test_the_database_refusal_is_turned_into_the_same_message(db_session, youth, monkeypatch):
    """The unique index holds even when the check in Python is passed (a race)."""
    _, slots = youth
    jonas, sara = b.persona(JONAS), b.persona(SARA)
    services.book(slots[0], jonas, booked_by=jonas, channel="self", now=NOW)
    db_session.commit()
    monkeypatch.setattr(services, "_taken", lambda *args: False)
    with pytest.raises(SlotTaken) as refused:
        services.book(slots[0], sara, booked_by=sara, channel="self", now=NOW)
    assert refused.value.alternatives[0] == slots[1]
    assert count(db_session, Appointment, Appointment.slot_id == slots[0].id,
                 Appointment.person_id == sara.id) == 0
    assert count(db_session, OutboxMessage, OutboxMessage.person_id == sara.id,
                 OutboxMessage.created_at == NOW) == 0


def test_a_person_cannot_hold_two_overlapping_appointments(db_session, youth, monkeypatch):
    """DOMAIN.md: a person cannot hold two overlapping appointments (also in the database)."""
    kind, slots = youth
    other = b.visit_type(make.unit("helsestasjon-ungdom"), minutes=20, min_age=13)
    overlapping = b.slot(other, VISIT + timedelta(minutes=10))
    jonas = b.persona(JONAS)
    services.book(slots[0], jonas, booked_by=jonas, channel="self", now=NOW)
    db_session.commit()
    with pytest.raises(BookingError, match="already has an appointment at that time"):
        services.book(overlapping, jonas, booked_by=jonas, channel="self", now=NOW)
    # and the database says the same when the check in Python is skipped
    monkeypatch.setattr(services, "_clash", lambda *args, **kwargs: None)
    with pytest.raises(BookingError, match="already has an appointment at that time"):
        services.book(overlapping, jonas, booked_by=jonas, channel="self", now=NOW)
    assert b.active_on(overlapping) == []
    assert listing.free_slots(other, jonas, now=NOW) == []  # not offered at all


def test_a_failed_booking_leaves_the_transaction_clean(db_session, youth):
    """After a refusal the session works on as before (rolled back, nothing half-written)."""
    _, slots = youth
    jonas, sara = b.persona(JONAS), b.persona(SARA)
    services.book(slots[0], jonas, booked_by=jonas, channel="self", now=NOW)
    db_session.commit()
    with pytest.raises(SlotTaken):
        services.book(slots[0], sara, booked_by=sara, channel="self", now=NOW)
    assert services.book(slots[1], sara, booked_by=sara, channel="self", now=NOW).id


def test_the_confirmation_has_no_health_details(db_session, youth):
    """DOMAIN.md: confirmation by e-mail or SMS; never the unit or the kind of visit."""
    _, slots = youth
    jonas = b.persona(JONAS)
    services.book(slots[0], jonas, booked_by=jonas, channel="self", now=NOW)
    sent = db_session.scalars(select(OutboxMessage).where(OutboxMessage.created_at == NOW)).all()
    assert [m.person_id for m in sent] == [jonas.id]  # never his parents (youth health station)
    assert "1. mars 2027 kl. 09:00" in sent[0].body  # the portal's default language, bokmål
    for secret in ("ungdom", "Testtime", "Jonas", "Helsestasjon"):
        assert secret not in sent[0].subject + sent[0].body


def test_a_parent_is_told_of_a_child_s_gp_appointment(db_session):
    """Parents see (and hear of) a 12-15 year old's GP appointments."""
    kind = b.visit_type(make.unit("orland-legekontor"), max_age=15)
    jonas, kari = b.persona(JONAS), b.persona(KARI)
    services.book(b.slot(kind, VISIT), jonas, booked_by=kari, channel="self", now=NOW,
                  unit_kinds=PARENT_12_15_UNIT_KINDS)
    sent = db_session.scalars(select(OutboxMessage).where(OutboxMessage.created_at == NOW)).all()
    assert sorted(m.person_id for m in sent) == sorted([jonas.id, kari.id])


def test_video_visits_get_a_room_and_a_link_only_around_the_start(db_session):
    """DOMAIN.md: video visits show a join button from 15 minutes before the start."""
    kind = b.visit_type(make.unit("helsestasjon-ungdom"), minutes=20, mode="video", min_age=13)
    slot = b.slot(kind, VISIT)
    jonas = b.persona(JONAS)
    appointment = services.book(slot, jonas, booked_by=jonas, channel="self", now=NOW)
    assert len(appointment.video_room) >= 32
    base = "https://video.example.no/room/"
    link = base + appointment.video_room
    assert services.video_link(appointment, VISIT - timedelta(minutes=15, seconds=1), base) is None
    assert services.video_link(appointment, VISIT - timedelta(minutes=15), base) == link
    assert services.video_link(appointment, slot.end_at - timedelta(seconds=1), base) == link
    assert services.video_link(appointment, slot.end_at, base) is None
