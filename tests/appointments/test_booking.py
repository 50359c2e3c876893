"""Booking rules (DOMAIN.md, "Appointments"), as plain service calls without HTTP."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.appointments import listing, services
from portal.appointments.areas import APPOINTMENTS, PROGRAMME_UNIT_KINDS, bookable_unit_kinds
from portal.appointments.models import Appointment
from portal.appointments.services import BookingError, SlotTaken
from tests import factories as make
from tests import notices
from tests.appointments import builders as b
from tests.client import ANNE, EMMA, JONAS, KARI, LIV, SARA

pytestmark = pytest.mark.usefixtures("speaking")

NOW = b.oslo(2027, 2, 22, 12)  # a Monday
VISIT = b.oslo(2027, 3, 1, 9)  # the Monday after


@pytest.fixture
def youth(db_session):
    """The youth health station's open talk for 13-20 year olds, with slots on 1 March 2027."""
    kind = b.visit_type(make.unit("helsestasjon-ungdom"), min_age=13, max_age=20)
    slots = b.slots(kind, VISIT, 4)
    db_session.commit()  # the unit's times exist before anyone books (a refusal rolls back)
    return kind, slots


def count(session, model, *conditions):
    return session.scalar(select(func.count()).select_from(model).where(*conditions))


def test_jonas_books_the_youth_health_station_for_himself(db_session, youth):
    """DOMAIN.md: open self-booking at the youth health station for ages 13-20."""
    _, slots = youth
    jonas = b.persona(JONAS)
    appointment = services.book(b.own(jonas, NOW), slots[0], booked_by=jonas, channel="self",
                                now=NOW)
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
        b.book(slots[0], person, now=NOW)
        assert [a.person_id for a in b.active_on(slots[0])] == [person.id]
    else:
        with pytest.raises(BookingError, match="is for ages 13–20 years"):
            b.book(slots[0], person, now=NOW)
        assert b.active_on(slots[0]) == []


def test_a_twelve_year_old_sees_times_from_the_thirteenth_birthday(db_session, youth):
    """DOMAIN.md: the age rule is checked for the visit's date, not only today."""
    kind, _ = youth
    birthday = b.oslo(2027, 3, 3, 0)
    later = b.slot(kind, b.oslo(2027, 3, 3, 9))
    person = make.person(date(2014, 3, 3))
    assert kind in listing.bookable_visit_types(person, unit_kinds=None, today=date(2027, 2, 22))
    free = listing.free_slots(kind, b.own(person, NOW), now=NOW)
    assert free == [later] and all(s.start_at >= birthday for s in free)


def test_a_slot_in_the_past_is_refused(db_session, youth):
    _, slots = youth
    jonas = b.persona(JONAS)
    with pytest.raises(BookingError, match="This time has passed"):
        b.book(slots[0], jonas, now=slots[0].start_at + timedelta(minutes=1))
    assert b.active_on(slots[0]) == []


def test_a_staff_only_kind_cannot_be_booked_in_the_portal(db_session):
    """DOMAIN.md: a channel of open self-booking, or booking by staff only."""
    station = make.unit("helsestasjon-orland")
    kind = b.visit_type(station, open_booking=False)
    slot = b.slot(kind, VISIT)
    db_session.commit()  # the unit's times exist before anyone books (a refusal rolls back)
    emma, kari = b.persona(EMMA), b.persona(KARI)
    with pytest.raises(BookingError, match="72 51 41 20"):
        b.book(slot, emma, by=kari, now=NOW)
    anne = b.persona(ANNE)
    booked = b.book(slot, emma, by=anne, channel="staff", now=NOW)
    assert (booked.channel, booked.booked_by_id, booked.staff_seen_at) == ("staff", anne.id, NOW)


def test_a_parent_of_a_12_to_15_year_old_cannot_book_the_youth_health_station(db_session, youth):
    """DOMAIN.md, "Children 12-15": parents book at the GP office and health station only."""
    _, slots = youth
    jonas, kari = b.persona(JONAS), b.persona(KARI)
    karis = make.scope(kari, jonas, APPOINTMENTS, now=NOW)
    assert bookable_unit_kinds(karis.decision) == PROGRAMME_UNIT_KINDS
    with pytest.raises(BookingError, match="cannot book appointments at Helsestasjon for ungdom"):
        services.committed(lambda: services.book(karis, slots[0], booked_by=kari, channel="self",
                                                 now=NOW))
    assert b.active_on(slots[0]) == []


def test_gp_appointments_are_booked_at_ones_own_gp_office(db_session):
    liv = b.persona(LIV)
    liv.gp_unit_id = None
    kind = b.visit_type(make.unit("orland-legekontor"), min_age=16)
    slot = b.slot(kind, VISIT)
    db_session.commit()
    with pytest.raises(BookingError, match="own GP office"):
        services.book(b.own(liv, NOW), slot, booked_by=liv, channel="self", now=NOW)
    assert b.active_on(slot) == []


def test_a_taken_slot_gives_a_clear_message_and_the_nearest_free_times(db_session, youth):
    """DOMAIN.md: the one who comes second gets a clear message and the nearest free slots."""
    kind, slots = youth
    early = b.slot(kind, VISIT - timedelta(days=3))
    far = b.slot(kind, VISIT + timedelta(days=30))
    jonas, sara = b.persona(JONAS), b.persona(SARA)
    b.book(slots[1], jonas, now=NOW)
    with pytest.raises(SlotTaken, match="Someone else booked this time") as refused:
        b.book(slots[1], sara, now=NOW)
    assert refused.value.alternatives == [early, slots[0], slots[2], slots[3], far]
    assert [a.person_id for a in b.active_on(slots[1])] == [jonas.id]


def test_the_database_refusal_is_turned_into_the_same_message(db_session, youth, monkeypatch):
    """The unique index holds even when the check in Python is passed (a race)."""
    _, slots = youth
    jonas, sara = b.persona(JONAS), b.persona(SARA)
    b.book(slots[0], jonas, now=NOW)
    monkeypatch.setattr(services, "_taken", lambda *args: False)
    with pytest.raises(SlotTaken) as refused:
        b.book(slots[0], sara, now=NOW)
    assert refused.value.alternatives[0] == slots[1]
    assert count(db_session, Appointment, Appointment.slot_id == slots[0].id,
                 Appointment.person_id == sara.id) == 0
    assert notices.queued(person_id=sara.id, created_at=NOW) == []


def test_a_person_cannot_hold_two_overlapping_appointments(db_session, youth, monkeypatch):
    """DOMAIN.md: a person cannot hold two overlapping appointments (also in the database)."""
    kind, slots = youth
    other = b.visit_type(make.unit("helsestasjon-ungdom"), minutes=20, min_age=13)
    overlapping = b.slot(other, VISIT + timedelta(minutes=10))
    jonas = b.persona(JONAS)
    b.book(slots[0], jonas, now=NOW)
    with pytest.raises(BookingError, match=r"Jonas Nordmann already has an appointment at that "
                                           r"time \(1 March 2027, 09:00\)"):
        b.book(overlapping, jonas, now=NOW)
    # and the database refuses it too when the check in Python is skipped; its refusal names
    # no time, for it cannot tell whether the reader may see the other appointment (issue 12)
    monkeypatch.setattr(services, "_clash", lambda *args, **kwargs: None)
    with pytest.raises(BookingError, match="Jonas Nordmann cannot be booked at that time. "
                                           "Choose another time.") as refused:
        b.book(overlapping, jonas, now=NOW)
    assert "09:00" not in str(refused.value) and "March" not in str(refused.value)
    assert b.active_on(overlapping) == []
    assert listing.free_slots(other, b.own(jonas, NOW), now=NOW) == []  # not offered at all


def test_a_clash_with_an_appointment_hidden_from_a_parent_says_neither_when_nor_where(
        db_session, youth):
    """DOMAIN.md, "Children 12-15": nothing derived from a confidential appointment may hint at
    it, not a clash: Kari is told only that Jonas cannot be booked then, and the time is not
    missing from the free times she is shown. Jonas himself is told when his appointment is."""
    _, slots = youth
    gp = b.visit_type(make.unit("orland-legekontor"), max_age=15, name="Legetime")
    clashing = b.slot(gp, VISIT + timedelta(minutes=15))
    jonas, kari = b.persona(JONAS), b.persona(KARI)
    b.book(slots[0], jonas, now=NOW)  # at the youth health station, which Kari may not see;
    # booking commits the unit's times too, so they outlast the refusal's rollback below
    karis = make.scope(kari, jonas, APPOINTMENTS, now=NOW)
    assert clashing in listing.free_slots(gp, karis, now=NOW)
    with pytest.raises(BookingError) as refused:
        services.committed(lambda: services.book(karis, clashing, booked_by=kari,
                                                 channel="self", now=NOW))
    message = str(refused.value)
    assert message == "Jonas Nordmann cannot be booked at that time. Choose another time."
    for hint in ("09:00", "1 March", "ungdom", "Helsestasjon", "Testtime"):
        assert hint not in message
    assert b.active_on(clashing) == []
    assert clashing not in listing.free_slots(gp, b.own(jonas, NOW), now=NOW)
    with pytest.raises(BookingError, match=r"already has an appointment at that time "
                                           r"\(1 March 2027, 09:00\)"):
        b.book(clashing, jonas, now=NOW)


def test_a_failed_booking_leaves_the_transaction_clean(db_session, youth):
    """After a refusal the session works on as before (rolled back, nothing half-written)."""
    _, slots = youth
    jonas, sara = b.persona(JONAS), b.persona(SARA)
    b.book(slots[0], jonas, now=NOW)
    with pytest.raises(SlotTaken):
        b.book(slots[0], sara, now=NOW)
    assert b.book(slots[1], sara, now=NOW).id
    assert [a.person_id for a in b.active_on(slots[0])] == [jonas.id]


def test_the_confirmation_has_no_health_details(db_session, youth):
    """DOMAIN.md: confirmation by e-mail or SMS; never the unit or the kind of visit."""
    _, slots = youth
    jonas = b.persona(JONAS)
    booked = b.book(slots[0], jonas, now=NOW)
    (notice,) = notices.queued(kind="appointment_booked", person_id=jonas.id)
    assert (notice.resource, notice.resource_id) == ("appointment", booked.id)
    sent = notices.send(NOW)
    # never his parents (youth health station), though Kari is asked when it is sent
    assert [(d.person_id, d.channel, d.address, d.language) for d in sent] == [
        (jonas.id, "email", jonas.email, "nb")]  # the portal's default language, bokmål
    assert "Timen din 1. mars 2027 kl. 09:00 er bestilt." in sent[0].body
    for secret in ("ungdom", "Testtime", "Jonas", "Helsestasjon"):
        assert secret not in sent[0].subject + sent[0].body


def test_a_parent_is_told_of_a_child_s_gp_appointment(db_session):
    """Parents see (and hear of) a 12-15 year old's GP appointments."""
    kind = b.visit_type(make.unit("orland-legekontor"), max_age=15)
    jonas, kari = b.persona(JONAS), b.persona(KARI)
    b.book(b.slot(kind, VISIT), jonas, by=kari, now=NOW)
    assert len(notices.queued(kind="appointment_booked", person_id=jonas.id)) == 1
    sent = {d.person_id: d for d in notices.send(NOW)}
    assert sorted(sent) == sorted([jonas.id, kari.id])
    assert (sent[kari.id].channel, sent[kari.id].address, sent[kari.id].language) == (
        "email", kari.email, "nb")
    assert "Det er bestilt time 1. mars 2027 kl. 09:00 for en du handler på vegne av." in \
        sent[kari.id].body  # "for someone you act for"
    assert "Timen din 1. mars 2027 kl. 09:00 er bestilt." in sent[jonas.id].body
    for delivery in sent.values():
        for secret in ("legekontor", "Testtime", "Jonas"):
            assert secret not in delivery.subject + delivery.body


def test_video_visits_get_a_room_and_a_link_only_around_the_start(db_session):
    """DOMAIN.md: video visits show a join button from 15 minutes before the start."""
    kind = b.visit_type(make.unit("helsestasjon-ungdom"), minutes=20, mode="video", min_age=13)
    slot = b.slot(kind, VISIT)
    jonas = b.persona(JONAS)
    appointment = b.book(slot, jonas, now=NOW)
    assert len(appointment.video_room) >= 32
    base = "https://video.example.no/room/"
    link = base + appointment.video_room
    assert services.video_link(appointment, VISIT - timedelta(minutes=15, seconds=1), base) is None
    assert services.video_link(appointment, VISIT - timedelta(minutes=15), base) == link
    assert services.video_link(appointment, slot.end_at - timedelta(seconds=1), base) == link
    assert services.video_link(appointment, slot.end_at, base) is None
