"""Home-care visits drawn from a visit plan, shared by the personas and the population.

Before today a visit was done (by the person's main employee, or another of the team) or now
and then cancelled; from today it is planned, for a week ahead. The rota names who comes only
for the next few days.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .builders import at

WEEK_AHEAD = 7  # planned visits from today, this many days
ROTA_DAYS = 3  # planned visits this close have an employee on the rota


@dataclass(frozen=True)
class Team:
    """Who makes a person's visits: the team, its main employee for them, and the others."""

    id: int
    main: int  # practitioner id
    others: Sequence[int]
    share: float  # of the done visits the main employee makes


def draw_visits(rng: random.Random, plan: dict, team: Team, *, first: date, today: date,
                cancelled: float, away: Sequence[tuple[date, date]] = ()) -> list[dict]:
    """Return the plan's visits from the first day to a week after today, as rows.

    Days `away` (a stay in a nursing home, from admission to discharge) have no visits. The
    rows have no plan id yet; the caller adds it.
    """
    weekdays = {int(d) for d in plan["weekdays"]}
    last = today + timedelta(days=WEEK_AHEAD - 1)
    if plan["ends_on"] is not None:
        last = min(last, plan["ends_on"])
    rows = []
    day = max(first, plan["starts_on"])
    while day <= last:
        if day.isoweekday() in weekdays and not any(a <= day <= b for a, b in away):
            rows.append(_visit(rng, plan, team, day, today, cancelled))
        day += timedelta(days=1)
    return rows


def _visit(rng: random.Random, plan: dict, team: Team, day: date, today: date,
           cancelled: float) -> dict:
    """Return one visit on a day: done or cancelled before today, planned from today."""
    minutes = plan["minutes"]
    row = {"person_id": plan["person_id"], "team_id": team.id, "service": plan["service"],
           "starts_at": at(day, plan["at"].hour, plan["at"].minute), "minutes": minutes,
           "status": "planned", "practitioner_id": None, "done_minutes": None}
    if day >= today:
        if (day - today).days < ROTA_DAYS:
            row["practitioner_id"] = _who(rng, team)
    elif rng.random() < cancelled:
        row["status"] = "cancelled"
    else:
        row["status"] = "done"
        row["practitioner_id"] = _who(rng, team)
        row["done_minutes"] = min(480, max(5, round(rng.gauss(minutes * 1.03, minutes * 0.15))))
    return row


def _who(rng: random.Random, team: Team) -> int:
    """Return the employee who comes: the main one as often as their share says."""
    if not team.others or rng.random() < team.share:
        return team.main
    return rng.choice(team.others)
