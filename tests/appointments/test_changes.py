"""Cancelling and moving (DOMAIN.md, "Appointments": self-cancel closes 24 hours before the
start; reschedule is one step, never cancel-then-hope)."""

from datetime import timedelta

import pytest

from portal.appointments import services
from portal.appointments.models import Appointment, WaitlistEntry
from portal.appointments.services import BookingError, SlotTaken, TooLateToChange
from tests import factories as make
from tests import notices
from tests.appointments import builders as b
from tests.client import ANNE, JONAS, SARA

pytestmark = pytest.mark.usefixtures("speaking")

NOW = b.oslo(2027, 2, 22, 12)
VISIT = b.oslo(2027, 3, 1, 9)


@pytest.fixture
def booked(db_session):
    """Jonas's booking at the youth health station, and three more free slots."""
    kind = b.visit_type(make.unit("helsestasjon-ungdom"), min_age=13, max_age=20)
    slots = b.slots(kind, VISIT, 4)
    jonas = b.persona(JONAS)
    appointment = b.book(slots[0], jonas, now=NOW)  # commits the slots with it
    return appointment, slots


@pytest.mark.parametrize(("before", "allowed"), [
    (timedelta(hours=24, minutes=1), True),
    (timedelta(hours=24), False),
    (timedelta(hours=23, minutes=59), False),
])
def test_self_cancel_closes_24_hours_before_the_start(db_session, booked, before, allowed):
    """DOMAIN.md: self-cancel closes 24 hours before the start; then the page says whom to call."""
    appointment, _ = booked
    jonas = b.persona(JONAS)
    if allowed:
        b.cancel(appointment, by=jonas, now=VISIT - before)
        assert appointment.status == "cancelled" and appointment.cancelled_by_id == jonas.id
        assert appointment.staff_seen_at is None  # news for the unit
        assert len(notices.queued(kind="appointment_cancelled", person_id=jonas.id)) == 1
        return
    with pytest.raises(TooLateToChange, match="Call Helsestasjon for ungdom on 72 51 41 25"):
        b.cancel(appointment, by=jonas, now=VISIT - before)
    assert db_session.get(Appointment, appointment.id).status == "booked"
    assert notices.queued(kind="appointment_cancelled", person_id=jonas.id) == []


def test_staff_may_cancel_until_the_start(db_session, booked):
    appointment, _ = booked
    anne, jonas = b.persona(ANNE), b.persona(JONAS)
    when = VISIT - timedelta(hours=1)
    b.cancel(appointment, by=anne, by_staff=True, now=when)
    assert appointment.status == "cancelled" and appointment.staff_seen_at == when
    (notice,) = notices.queued(kind="appointment_cancelled_by_unit")
    assert (notice.person_id, notice.resource_id) == (jonas.id, appointment.id)
    told = [d for d in notices.send(when) if d.notice_id == notice.id]
    # staff are not told of what staff did, nor Kari of the youth health station
    assert [(d.person_id, d.channel, d.address) for d in told] == [(jonas.id, "email", jonas.email)]
    assert "Vi måtte dessverre avlyse timen." in told[0].body  # "The unit had to cancel it."
    assert "ungdom" not in told[0].body.lower()


def test_cancelling_twice_says_so(db_session, booked):
    appointment, _ = booked
    jonas = b.persona(JONAS)
    b.cancel(appointment, by=jonas, now=NOW)
    with pytest.raises(BookingError, match="already cancelled"):
        b.cancel(appointment, by=jonas, now=NOW)
    assert len(notices.queued(kind="appointment_cancelled", person_id=jonas.id)) == 1


def test_reschedule_books_the_new_time_and_releases_the_old_in_one_step(db_session, booked):
    """DOMAIN.md: reschedule is one step."""
    appointment, slots = booked
    jonas = b.persona(JONAS)
    moved = b.move(appointment, slots[3], by=jonas, now=NOW)
    assert moved.rescheduled_from_id == appointment.id and moved.status == "booked"
    assert db_session.get(Appointment, appointment.id).status == "cancelled"
    assert [a.id for a in b.active_on(slots[3])] == [moved.id]
    assert b.active_on(slots[0]) == []


def test_a_failed_reschedule_leaves_the_old_booking_intact(db_session, booked):
    """Never cancel-then-hope: if the new time is gone, the old one is still held."""
    appointment, slots = booked
    jonas, sara = b.persona(JONAS), b.persona(SARA)
    b.book(slots[3], sara, now=NOW)
    with pytest.raises(SlotTaken) as refused:
        b.move(appointment, slots[3], by=jonas, now=NOW)
    assert slots[0] not in refused.value.alternatives  # his own time is not offered back
    kept = db_session.get(Appointment, appointment.id)
    assert kept.status == "booked" and kept.cancelled_at is None
    assert [a.person_id for a in b.active_on(slots[3])] == [sara.id]


def test_a_failure_after_the_old_time_was_released_rolls_it_back(db_session):
    """Moving to an overlapping time releases the old one first, inside the same transaction."""
    kind = b.visit_type(make.unit("helsestasjon-ungdom"), minutes=30, min_age=13)
    first = b.slot(kind, VISIT)
    overlapping = b.slot(kind, VISIT + timedelta(minutes=15))
    jonas, sara = b.persona(JONAS), b.persona(SARA)
    appointment = b.book(first, jonas, now=NOW)
    moved = b.move(appointment, overlapping, by=jonas, now=NOW)
    assert moved.start_at == overlapping.start_at
    # back again, but someone has taken the first slot meanwhile: nothing changes
    b.book(first, sara, now=NOW)
    with pytest.raises(SlotTaken):
        b.move(moved, first, by=jonas, now=NOW)
    db_session.expire_all()
    assert db_session.get(Appointment, moved.id).status == "booked"


def test_moving_keeps_to_the_same_kind_and_the_deadline(db_session, booked):
    appointment, _ = booked
    other = b.slot(b.visit_type(make.unit("helsestasjon-ungdom"), min_age=13), VISIT + timedelta(days=1))
    jonas = b.persona(JONAS)
    with pytest.raises(BookingError, match="same kind of visit"):
        b.move(appointment, other, by=jonas, now=NOW)
    with pytest.raises(TooLateToChange):
        b.move(appointment, other, by=jonas, now=VISIT - timedelta(hours=2))


def test_a_place_on_the_waiting_list_follows_a_moved_appointment(db_session, booked):
    from portal.appointments import waitlist

    appointment, slots = booked
    jonas = b.persona(JONAS)
    entry = services.committed(lambda: waitlist.join(
        b.own(jonas, NOW), appointment.slot.visit_type, requested_by=jonas, now=NOW,
        appointment=appointment))
    moved = b.move(appointment, slots[2], by=jonas, now=NOW)
    db_session.expire_all()
    assert db_session.get(WaitlistEntry, entry.id).appointment_id == moved.id
    b.cancel(moved, by=jonas, now=NOW)
    assert db_session.get(WaitlistEntry, entry.id).status == "withdrawn"
