"""The waiting list (DOMAIN.md, "Appointments": when a slot frees up it is offered to the
first on the list for a limited time)."""

from datetime import date, timedelta

import pytest
import time_machine
from sqlalchemy import select

from portal.appointments import listing, services, waitlist
from portal.appointments.models import Appointment, WaitlistEntry
from portal.appointments.services import BookingError
from portal.notices import Delivery
from tests import factories as make
from tests import notices
from tests.appointments import builders as b

pytestmark = pytest.mark.usefixtures("speaking")

NOW = b.oslo(2027, 2, 22, 12)
VISIT = b.oslo(2027, 3, 1, 9)
HOURS = 24


@pytest.fixture
def full_week(db_session):
    """A kind with three slots, all booked; two people wait for an earlier time."""
    kind = b.visit_type(make.unit("helsestasjon-ungdom"), min_age=13, max_age=20)
    slots = b.slots(kind, VISIT, 3)
    later = b.slot(kind, VISIT + timedelta(days=14))
    holders = [make.person(date(2010, 1, 1 + i)) for i in range(3)]
    booked = [b.book(s, p, now=NOW) for s, p in zip(slots, holders, strict=True)]
    first, second = make.person(date(2011, 1, 1)), make.person(date(2011, 2, 1))
    first.phone, second.email = "+47 900 00 001", "second@example.no"
    first_appointment = b.book(later, first, now=NOW)
    entries = [
        join(first, kind, now=NOW, appointment=first_appointment),
        join(second, kind, now=NOW + timedelta(minutes=1)),
    ]
    return kind, slots, booked, entries, holders


def join(person, kind, *, now, appointment=None) -> WaitlistEntry:
    """Put a person on the waiting list from their own scope, as the page does, and commit."""
    return services.committed(lambda: waitlist.join(b.own(person, now), kind, requested_by=person,
                                                    now=now, appointment=appointment))


def fresh(session, row):
    session.expire_all()
    return session.get(type(row), row.id)


def test_nothing_is_offered_until_a_time_frees_up(db_session, full_week):
    assert waitlist.run_offers(NOW, hours=HOURS) == (0, 0)


def test_a_freed_time_goes_to_the_first_on_the_list_with_a_message(db_session, full_week):
    """DOMAIN.md: when a slot frees up it is offered to the first on the list."""
    _, slots, booked, entries, holders = full_week
    b.cancel(booked[1], by=holders[1], now=NOW)
    when = NOW + timedelta(hours=1)
    assert waitlist.run_offers(when, hours=HOURS) == (1, 0)
    first = fresh(db_session, entries[0])
    assert (first.status, first.offered_slot_id) == ("offered", slots[1].id)
    assert first.offer_expires_at == when + timedelta(hours=HOURS)
    assert fresh(db_session, entries[1]).status == "waiting"
    (offer,) = notices.queued(kind="waitlist_offer")
    assert (offer.person_id, offer.resource, offer.resource_id) == (
        first.person_id, "waitlist_entry", first.id)
    told = [d for d in notices.send(when) if d.notice_id == offer.id]
    assert [(d.person_id, d.channel, d.address, d.language) for d in told] == [
        (first.person_id, "sms", "+47 900 00 001", "nb")]
    assert "En tidligere time er ledig for deg: 1. mars 2027 kl. 09:30." in told[0].body
    assert "før 23. februar 2027 kl. 13:00" in told[0].body  # when the offer ends
    for secret in ("ungdom", "helsestasjon", "testtime"):
        assert secret not in (told[0].subject + told[0].body).lower()


def test_the_job_is_idempotent(db_session, full_week):
    """Running the job again offers nothing twice."""
    _, _, booked, _, holders = full_week
    b.cancel(booked[0], by=holders[0], now=NOW)
    assert waitlist.run_offers(NOW, hours=HOURS) == (1, 0)
    assert waitlist.run_offers(NOW, hours=HOURS) == (0, 0)
    assert db_session.scalars(select(WaitlistEntry.status).where(
        WaitlistEntry.status == "offered")).all() == ["offered"]
    assert len(notices.queued(kind="waitlist_offer")) == 1


def test_an_offered_time_is_held_from_others(db_session, full_week):
    """While the offer runs, nobody else can book the time."""
    kind, slots, booked, _, holders = full_week
    b.cancel(booked[0], by=holders[0], now=NOW)
    waitlist.run_offers(NOW, hours=HOURS)
    outsider = make.person(date(2009, 5, 5))
    db_session.commit()
    with pytest.raises(services.SlotTaken):
        b.book(slots[0], outsider, now=NOW)
    assert b.active_on(slots[0]) == []
    assert slots[0] not in listing.free_slots(kind, b.own(outsider, NOW), now=NOW)
    assert slots[1] not in listing.free_slots(kind, b.own(outsider, NOW), now=NOW)  # booked


def test_an_expired_offer_passes_to_the_next(db_session, full_week):
    """DOMAIN.md: offered for a limited time; then it goes to the next on the list."""
    _, slots, booked, entries, holders = full_week
    b.cancel(booked[0], by=holders[0], now=NOW)
    waitlist.run_offers(NOW, hours=HOURS)
    assert waitlist.run_offers(NOW + timedelta(hours=HOURS - 1), hours=HOURS) == (0, 0)
    assert waitlist.run_offers(NOW + timedelta(hours=HOURS), hours=HOURS) == (1, 1)
    assert fresh(db_session, entries[0]).status == "expired"
    second = fresh(db_session, entries[1])
    assert (second.status, second.offered_slot_id) == ("offered", slots[0].id)


def test_accepting_books_the_time_and_releases_the_old_one_in_one_step(db_session, full_week):
    _, slots, booked, entries, holders = full_week
    b.cancel(booked[2], by=holders[2], now=NOW)
    waitlist.run_offers(NOW, hours=HOURS)
    entry = fresh(db_session, entries[0])
    old = db_session.get(Appointment, entry.appointment_id)
    person = db_session.get(type(holders[0]), entry.person_id)
    later = NOW + timedelta(hours=2)
    new = services.committed(lambda: waitlist.accept(b.own(person, later), entry, booked_by=person,
                                                     now=later))
    assert (new.slot_id, new.rescheduled_from_id) == (slots[2].id, old.id)
    assert fresh(db_session, old).status == "cancelled"
    assert fresh(db_session, entry).status == "accepted"
    assert [a.id for a in b.active_on(slots[2])] == [new.id]
    (moved,) = notices.queued(kind="appointment_moved", person_id=person.id)
    assert moved.resource_id == new.id


def test_a_late_answer_is_refused_and_changes_nothing(db_session, full_week):
    _, slots, booked, entries, holders = full_week
    b.cancel(booked[2], by=holders[2], now=NOW)
    waitlist.run_offers(NOW, hours=HOURS)
    entry = fresh(db_session, entries[0])
    person = db_session.get(type(holders[0]), entry.person_id)
    late = NOW + timedelta(hours=HOURS)
    with pytest.raises(BookingError, match="offer has expired"):
        services.committed(lambda: waitlist.accept(b.own(person, late), entry, booked_by=person,
                                                   now=late))
    assert b.active_on(slots[2]) == []
    assert fresh(db_session, entry).status == "offered"
    assert db_session.get(Appointment, entry.appointment_id).status == "booked"


def test_a_time_later_than_ones_own_is_not_offered(db_session, full_week):
    """An earlier time only: the first in line holds an earlier one already, so the next gets it."""
    kind, _, _, entries, _ = full_week
    late = b.slot(kind, VISIT + timedelta(days=20))
    taker = make.person(date(2009, 9, 9))
    taken = b.book(late, taker, now=NOW)
    b.cancel(taken, by=taker, now=NOW)
    waitlist.run_offers(NOW, hours=HOURS)
    assert fresh(db_session, entries[0]).status == "waiting"
    assert fresh(db_session, entries[1]).offered_slot_id == late.id


def test_one_open_place_per_person_and_kind(db_session, full_week):
    kind, _, _, entries, _ = full_week
    person = db_session.get(type(full_week[4][0]), entries[1].person_id)
    with pytest.raises(BookingError, match="already on the waiting list"):
        join(person, kind, now=NOW)
    services.committed(lambda: waitlist.withdraw(entries[1], now=NOW))
    assert fresh(db_session, entries[1]).status == "withdrawn"
    assert join(person, kind, now=NOW).status == "waiting"


def test_declining_passes_the_time_on(db_session, full_week):
    _, slots, booked, entries, holders = full_week
    b.cancel(booked[0], by=holders[0], now=NOW)
    waitlist.run_offers(NOW, hours=HOURS)
    services.committed(lambda: waitlist.decline(fresh(db_session, entries[0]), now=NOW))
    assert fresh(db_session, entries[0]).status == "withdrawn"
    assert waitlist.run_offers(NOW, hours=HOURS) == (1, 0)
    assert fresh(db_session, entries[1]).offered_slot_id == slots[0].id


def test_the_job_command_offers_with_a_message_outside_any_request(app, db_session, full_week):
    """`flask jobs waitlist-offers`: the job has no request, and writes in bokmål."""
    _, _, booked, entries, holders = full_week
    b.cancel(booked[0], by=holders[0], now=NOW)
    with time_machine.travel(NOW + timedelta(minutes=5), tick=False):
        result = app.test_cli_runner().invoke(args=["jobs", "waitlist-offers"])
        assert result.exit_code == 0, result.output
        assert result.output.strip() == "Offered 1 freed times; 0 offers expired."
        (offer,) = notices.queued(kind="waitlist_offer", person_id=entries[0].person_id,
                                  created_at=NOW + timedelta(minutes=5))
        sent = app.test_cli_runner().invoke(args=["jobs", "send-notices"])
    assert sent.exit_code == 0, sent.output
    db_session.expire_all()
    (message,) = db_session.scalars(select(Delivery).where(Delivery.notice_id == offer.id)).all()
    assert (message.person_id, message.status, message.language) == (
        entries[0].person_id, "sent", "nb")
    assert "1. mars 2027 kl. 09:00" in message.body and "kl. 12:05" in message.body


def booked_for(session, person) -> list[Appointment]:
    """Return the person's booked appointments, soonest first."""
    session.expire_all()
    return list(session.scalars(select(Appointment).where(
        Appointment.person_id == person.id, Appointment.status == "booked")
        .order_by(Appointment.start_at)))


def test_a_place_taken_before_booking_is_offered_only_earlier_times(db_session):
    """Issue 16, item 4 (Liv): DOMAIN.md, "Appointments": the waiting list is for an *earlier*
    slot, and a reschedule is one step. A place taken before booking follows the booking: a
    later time is never offered as an earlier one; accepting an earlier one moves the
    appointment (one active appointment afterwards), and the old time is offered on."""
    kind = b.visit_type(make.unit("helsestasjon-ungdom"), min_age=13, max_age=20)
    early, hers, late = (b.slot(kind, VISIT + timedelta(days=d)) for d in (0, 7, 14))
    liv, other = make.person(date(2010, 1, 1)), make.person(date(2010, 2, 2))
    early_taken, late_taken = b.book(early, other, now=NOW), b.book(late, other, now=NOW)
    entry = join(liv, kind, now=NOW)
    mine = b.book(hers, liv, now=NOW)
    assert fresh(db_session, entry).appointment_id == mine.id
    b.cancel(late_taken, by=other, now=NOW)
    assert waitlist.run_offers(NOW, hours=HOURS) == (0, 0)  # later than hers: not offered
    b.cancel(early_taken, by=other, now=NOW)
    assert waitlist.run_offers(NOW, hours=HOURS) == (1, 0)
    entry = fresh(db_session, entry)
    assert entry.offered_slot_id == early.id
    liv = db_session.get(type(liv), liv.id)
    new = services.committed(lambda: waitlist.accept(b.own(liv, NOW), entry, booked_by=liv,
                                                     now=NOW))
    assert [(a.id, a.slot_id, a.rescheduled_from_id) for a in booked_for(db_session, liv)] == [
        (new.id, early.id, mine.id)]
    assert fresh(db_session, entry).status == "accepted"
    waiter = make.person(date(2010, 3, 3))
    waiting = join(waiter, kind, now=NOW)
    assert waitlist.run_offers(NOW, hours=HOURS) == (1, 0)
    assert fresh(db_session, waiting).offered_slot_id == hers.id  # her old time, freed


def test_an_offer_no_longer_earlier_goes_back_and_never_books_twice(db_session, full_week):
    """Issue 16, item 4: DOMAIN.md, "Appointments": an offer is for an earlier slot, and
    accepting reschedules in one step. Moving one's appointment before a time offered makes
    the offer moot: it goes back to the list, and accepting it cannot book a second one."""
    kind, slots, booked, entries, holders = full_week
    b.cancel(booked[2], by=holders[2], now=NOW)
    waitlist.run_offers(NOW, hours=HOURS)
    entry = fresh(db_session, entries[0])
    assert entry.offered_slot_id == slots[2].id
    person = db_session.get(type(holders[0]), entry.person_id)
    sooner = b.slot(kind, VISIT - timedelta(days=1))
    moved = b.move(db_session.get(Appointment, entry.appointment_id), sooner, by=person, now=NOW)
    entry = fresh(db_session, entry)
    assert (entry.status, entry.offered_slot_id, entry.appointment_id) == (
        "waiting", None, moved.id)
    with pytest.raises(BookingError):
        services.committed(lambda: waitlist.accept(b.own(person, NOW), entry, booked_by=person,
                                                   now=NOW))
    assert [a.id for a in booked_for(db_session, person)] == [moved.id]
    assert waitlist.run_offers(NOW, hours=HOURS) == (1, 0)
    assert fresh(db_session, entries[1]).offered_slot_id == slots[2].id


def test_accepting_refuses_an_offer_that_is_not_earlier(db_session, full_week):
    """Issue 16, item 4: DOMAIN.md, "Appointments": a waiting list offers an earlier slot; an
    offer left from before the appointment changed is refused and the appointment stays."""
    kind, slots, booked, entries, holders = full_week
    b.cancel(booked[2], by=holders[2], now=NOW)
    waitlist.run_offers(NOW, hours=HOURS)
    entry = fresh(db_session, entries[0])
    person = db_session.get(type(holders[0]), entry.person_id)
    held = db_session.get(Appointment, entry.appointment_id)
    held.start_at, held.end_at = slots[2].start_at, slots[2].end_at  # as if the offer were stale
    db_session.commit()
    with pytest.raises(BookingError, match="not earlier than the appointment"):
        services.committed(lambda: waitlist.accept(b.own(person, NOW), entry, booked_by=person,
                                                   now=NOW))
    assert [a.id for a in booked_for(db_session, person)] == [held.id]
    assert fresh(db_session, entry).status == "offered"
