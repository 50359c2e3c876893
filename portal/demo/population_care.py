"""A synthetic citizen's care from the municipality: nursing-home stays and home care.

The old are the ones who get it: home care from 67, more often from 80; short-term stays
from 75 and long-term places from 80, at the municipality's nursing home. Home care pauses
during a stay and ends when a long-term place begins (a discharge from one is mostly a
death, which the demo does not show otherwise).
"""

import math
import random
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import NamedTuple

from portal.clock import age_on

from .population_units import Local
from .visits import Team, draw_visits

HOME_CARE = ((80, 0.25), (67, 0.06))  # from an age, the share with a visit plan
HOME_NURSING = 0.7  # of plans; the others are practical assistance
PLAN_DAYS = 730  # plans started within two years; visits are drawn from the start
CANCELLED = 0.03
LONG_TERM_AGE, LONG_TERM_SHARE, LONG_TERM_DAYS = 80, 0.10, 3 * 365
SHORT_TERM_AGE, SHORT_TERM_SHARE, SHORT_TERM_DAYS = 75, 0.04, 730


@dataclass
class CareRows:
    """Rows waiting to be inserted; plans carry their visits."""

    plans: list[tuple[dict, list[dict]]] = field(default_factory=list)
    stays: list[dict] = field(default_factory=list)


class Given(NamedTuple):
    """The care a person was given: the visit plan, if any, and the stays with the day each
    ends or ended (what the applications that led to them are drawn from)."""

    plan: dict | None
    stays: list[tuple[dict, date]]


def add_care(rows: CareRows, rng: random.Random, person_id: int, born: date, today: date,
             local: Local, team: str, share: tuple[float, float]) -> Given:
    """Draw the person's stays and home care, add them to the rows, and return them.

    `team` is the home-care team serving the person's address; `share` bounds how much of
    the visits the person's main employee makes.
    """
    age = age_on(born, today)
    stays = _stays(rng, person_id, age, today, local.nursing_home)
    rows.stays += [stay for stay, _ in stays]
    team_id, employees = local.teams[team]
    plan = _plan(rng, person_id, age, today, team_id, stays)
    if plan is None or not employees:
        return Given(None, stays)
    main = rng.choice(employees)
    crew = Team(team_id, main, [e for e in employees if e != main], rng.uniform(*share))
    away = [(stay["admitted_on"], ends) for stay, ends in stays if stay["kind"] == "short_term"]
    rows.plans.append((plan, draw_visits(rng, plan, crew, first=plan["starts_on"], today=today,
                                         cancelled=CANCELLED, away=away)))
    return Given(plan, stays)


def _stays(rng: random.Random, person_id: int, age: int, today: date,
           unit: int) -> list[tuple[dict, date]]:
    """Draw a long-term place and short-term stays; each with the day it ends or ended."""
    stays, long_from = [], None
    if age >= LONG_TERM_AGE and rng.random() < LONG_TERM_SHARE:
        long_from = today - timedelta(days=rng.randint(1, LONG_TERM_DAYS))
        # The municipalities aim at about 650 days; those still there are not discharged.
        days = round(rng.lognormvariate(math.log(600), 0.7))
        stays.append(_stay(person_id, unit, "long_term", long_from, days, today))
    if age >= SHORT_TERM_AGE and rng.random() < SHORT_TERM_SHARE:
        free = today - timedelta(days=SHORT_TERM_DAYS)
        admissions = sorted(today - timedelta(days=rng.randint(1, SHORT_TERM_DAYS))
                            for _ in range(rng.randint(1, 3)))
        for admitted in admissions:
            days = rng.randint(5, 25)
            ends = admitted + timedelta(days=days)
            # One stay at a time, and short-term stays only before a long-term place.
            if admitted > free and (long_from is None or ends < long_from):
                stays.append(_stay(person_id, unit, "short_term", admitted, days, today))
                free = ends
    return stays


def _stay(person_id: int, unit: int, kind: str, admitted: date, days: int,
          today: date) -> tuple[dict, date]:
    """Return a stay row, discharged if that day has passed, and the day it ends."""
    ends = admitted + timedelta(days=days)
    return {"person_id": person_id, "unit_id": unit, "kind": kind, "service_decision_id": None,
            "admitted_on": admitted, "discharged_on": ends if ends < today else None}, ends


def _plan(rng: random.Random, person_id: int, age: int, today: date, team_id: int,
          stays: list[tuple[dict, date]]) -> dict | None:
    """Draw a visit plan, or None: a long-term place ends it, and none starts after one."""
    share = next((s for from_age, s in HOME_CARE if age >= from_age), 0)
    if rng.random() >= share:
        return None
    starts = today - timedelta(days=rng.randint(7, PLAN_DAYS))
    ends = None
    for stay, _ in stays:
        if stay["kind"] == "long_term":
            if stay["admitted_on"] <= starts:
                return None
            ends = stay["admitted_on"] - timedelta(days=1)
    if rng.random() < HOME_NURSING:
        service = "home_nursing"
        weekdays = "".join(sorted(rng.sample("1234567", rng.choice((2, 3, 3, 5, 7, 7)))))
        at = time(rng.choice((8, 8, 9, 10, 13, 15, 20)), rng.choice((0, 30)))
        minutes = rng.choice((15, 20, 30, 30, 45))
    else:  # cleaning, once a week
        service, weekdays = "practical_assistance", rng.choice("12345")
        at = time(rng.choice((9, 10, 11, 12, 13)))
        minutes = rng.choice((45, 60, 60, 90, 120))
    return {"person_id": person_id, "team_id": team_id, "service": service,
            "service_decision_id": None, "starts_on": starts, "ends_on": ends,
            "weekdays": weekdays, "at": at, "minutes": minutes}
