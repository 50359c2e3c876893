"""A synthetic citizen's GP appointments of the last two years and the coming weeks: booked in
the portal or by the office, then kept, missed or cancelled (DOMAIN.md, "Appointments":
statistics keep the booking channel and attendance).

Each appointment has a slot of its own at the person's GP office. The slot is the office's,
with no practitioner named: a slot's (unit, practitioner, start) is unique, and the office's
one GP could not hold thousands of synthetic people's appointments without two at the same
minute (the portal publishes such slots too, for a unit running several at once). One
person's appointments fall on different days, so none overlap. Children under 16 are booked
by the office: the population knows no parents to book for them.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from portal.appointments.models import Appointment, Slot
from portal.clock import age_on
from portal.workdays import on_or_after

from .builders import at
from .bulk import insert_returning_ids, insert_rows
from .population_data import ADULT_REASONS, Habits
from .population_units import Kind, Local

PAST_DAYS = 730
AHEAD_DAYS = 27  # as far ahead as the offices publish
# From an age, the weights of 0 to 4 appointments in the last two years ...
PAST = ((67, (12, 20, 28, 22, 18)), (16, (30, 30, 20, 12, 8)), (0, (45, 30, 15, 7, 3)))
# ... and the share with one in the coming weeks.
COMING = ((67, 0.12), (0, 0.06))
CANCELLED = 0.05
OWN_BOOKING_AGE = 16
FIRST_HOUR, STARTS, STEP = 8, 22, 20  # the day's starts: 08:00 to 15:00, every 20 minutes


@dataclass
class Bookings:
    """Appointments waiting to be inserted, each with the slot it holds."""

    rows: list[tuple[dict, dict]] = field(default_factory=list)


def add_appointments(rows: Bookings, rng: random.Random, person_id: int, born: date,
                     today: date, local: Local, habits: Habits) -> None:
    """Draw the person's appointments at their GP office and add them to the rows."""
    age = age_on(born, today)
    weights = next(w for from_age, w in PAST if age >= from_age)
    days = [today - timedelta(days=rng.randint(1, PAST_DAYS))
            for _ in range(rng.choices(range(len(weights)), weights)[0])]
    if rng.random() < next(share for from_age, share in COMING if age >= from_age):
        days.append(today + timedelta(days=rng.randint(1, AHEAD_DAYS)))
    taken: set[date] = set()
    for day in days:
        day = on_or_after(day)
        if day in taken or day < born:
            continue
        taken.add(day)
        booking = _booking(rng, person_id, age_on(born, day), day, at(today, 0), local, habits)
        if booking is not None:
            rows.rows.append(booking)


def _booking(rng: random.Random, person_id: int, age: int, day: date, now: datetime,
             local: Local, habits: Habits) -> tuple[dict, dict] | None:
    """Draw one appointment on a day, and its slot; None if the office has no kind for the age."""
    fits = [k for k in local.kinds if (k.min_age is None or age >= k.min_age)
            and (k.max_age is None or age <= k.max_age)]
    own = [k for k in fits if k.open_booking]
    if not fits:
        return None
    by_self = bool(own) and age >= OWN_BOOKING_AGE and rng.random() < habits.self_booked
    kind: Kind = rng.choice(own) if by_self else rng.choices(
        fits, [3 if k.open_booking else 1 for k in fits])[0]
    start = at(day, FIRST_HOUR) + timedelta(minutes=STEP * rng.randrange(STARTS))
    end = start + timedelta(minutes=kind.minutes)
    gp = local.journal.gp_person
    ahead = rng.randint(1, 21) if by_self else rng.randint(2, 42)
    hours = (7, 22) if by_self else (8, 15)  # people book in the evening too; the office not
    created = at(day - timedelta(days=ahead), rng.randint(*hours), rng.randint(0, 59))
    if created >= now:
        created = now - timedelta(minutes=rng.randint(30, 48 * 60))
    row = {"person_id": person_id, "booked_by_id": person_id if by_self else gp,
           "channel": "self" if by_self else "staff", "status": "booked",
           "start_at": start, "end_at": end,
           "reason": rng.choice(ADULT_REASONS) if by_self and rng.random() < 0.6 else None,
           "video_room": None, "created_at": created, "cancelled_at": None,
           "cancelled_by_id": None, "cancelled_by_unit": False,
           # Staff know of what staff do; what the person books they see within hours.
           "staff_seen_at": _seen(created + timedelta(hours=rng.randint(1, 20)), now)
           if by_self else created,
           "rescheduled_from_id": None}
    if start < now:
        _outcome(rng, row, gp, now, habits.no_show[0 if by_self else 1])
    slot = {"unit_id": local.journal.gp_office, "visit_type_id": kind.id, "practitioner_id": None,
            "schedule_id": None, "start_at": start, "end_at": end}
    return slot, row


def _outcome(rng: random.Random, row: dict, gp: int, now: datetime, no_show: float) -> None:
    """Settle a past appointment: cancelled now and then, else kept or, rarely, missed."""
    draw = rng.random()
    if draw >= CANCELLED:
        row["status"] = "no_show" if draw < CANCELLED + no_show else "attended"
        return
    created, start = row["created_at"], row["start_at"]
    cancelled = created + (start - created) * rng.uniform(0.1, 0.9)
    # The person cancels in the portal until 24 hours before; later, or when the office
    # calls it off, the office does it.
    by_person = row["channel"] == "self" and cancelled <= start - timedelta(hours=24)
    by_unit = not by_person and rng.random() < 0.5
    row.update(status="cancelled", cancelled_at=cancelled,
               cancelled_by_id=row["person_id"] if by_person else gp,
               cancelled_by_unit=by_unit,
               staff_seen_at=_seen(cancelled + timedelta(hours=rng.randint(1, 20)), now)
               if by_person else cancelled)


def _seen(moment: datetime, now: datetime) -> datetime:
    """Return when staff saw a change: at the moment given, but not after now."""
    return min(moment, now - timedelta(minutes=1))


def write_appointments(session, rows: Bookings) -> None:
    """Insert the slots, then the appointments that hold them."""
    slot_ids = insert_returning_ids(session, Slot, [slot for slot, _ in rows.rows])
    insert_rows(session, Appointment, [{**appointment, "slot_id": slot_id}
                                       for (_, appointment), slot_id in zip(rows.rows, slot_ids,
                                                                            strict=True)])
