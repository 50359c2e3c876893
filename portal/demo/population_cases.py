"""A synthetic citizen's applications to their municipality's case office, and what became of
them (DOMAIN.md, "Applications for municipal services").

The care the population was given was applied for: each visit plan and each stay has the
application and the decision that led to it, decided some days before it began. Besides,
some people of 67 and over apply for a safety alarm or meal delivery, and a few for
practical assistance they are refused. A case has the timeline a real one has (drawn in
population_casework.py), replayed through the state table (states.py), so every case ends in
a state it can reach; a case still open today stops where it is. The case number is the
year and the application's id, as `submit` gives it.
"""

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import bindparam, update

from portal.applications import states
from portal.applications.deadlines import interim_due
from portal.applications.models import Application, CaseEvent, Decision, ServiceDecision
from portal.clock import OSLO, age_on
from portal.workdays import is_working_day, on_or_after

from .builders import at
from .bulk import insert_returning_ids, insert_rows
from .population_care import Given
from .population_casework import (
    APPEALED,
    LEAD,
    Applying,
    Grant,
    decision_row,
    draw_appeal,
    draw_assessment,
    draw_interim,
    event_row,
    part_row,
)
from .population_data import CASE_TEXTS, Habits
from .population_units import Local

OLD = 67
# From an age, the share who applied for a service of their own accord in the last two years.
APPLIED = {"safety_alarm": ((80, 0.18), (OLD, 0.04)), "meal_delivery": ((80, 0.06), (OLD, 0.01)),
           "practical_assistance": ((OLD, 0.015),)}  # refused: they manage with what they have
APPLIED_DAYS = 730
# How long a service's cases take, against the municipality's median for practical help.
PACE = {"home_nursing": 0.8, "practical_assistance": 1.0, "safety_alarm": 0.8,
        "meal_delivery": 0.7, "short_term_stay": 0.35, "long_term_place": 1.3}
SPREAD, FEWEST_DAYS, MOST_DAYS = 0.45, 2, 58
OUTCOMES = {"care": (("granted", 88), ("partly_granted", 12)),
            "safety_alarm": (("granted", 85), ("refused", 15)),
            "meal_delivery": (("granted", 80), ("partly_granted", 8), ("refused", 12)),
            "practical_assistance": (("refused", 1),)}


@dataclass
class Case:
    """An application waiting to be inserted: its row, final state, events and decisions,
    each decision with its parts and the plan or stay row a part led to."""

    application: dict
    state: str
    events: list[dict]
    decisions: list[tuple[dict, list[tuple[dict, dict | None]]]]


@dataclass
class CaseRows:
    """Cases waiting to be inserted."""

    cases: list[Case] = field(default_factory=list)


def add_cases(rows: CaseRows, rng: random.Random, person_id: int, person: dict, today: date,
              local: Local, habits: Habits, given: Given) -> None:
    """Draw the person's applications: those that led to their care, and others; add them."""
    who = Applying(person_id, person, local.case_officer, local.case_office, habits,
                   at(today, 0))
    scopes = CASE_TEXTS["scope"]
    if given.plan is not None:
        plan = given.plan
        scope = scopes[plan["service"]].format(days=len(plan["weekdays"]),
                                               minutes=plan["minutes"])
        rows.cases.append(_for_care(rng, who, plan["service"],
                                    Grant(plan["starts_on"], None, scope), plan))
    for stay, ends in given.stays:
        service = "short_term_stay" if stay["kind"] == "short_term" else "long_term_place"
        scope = scopes[service].format(days=(ends - stay["admitted_on"]).days)
        rows.cases.append(_for_care(rng, who, service, Grant(
            stay["admitted_on"], ends if service == "short_term_stay" else None, scope), stay))
    age = age_on(person["birth_date"], today)
    for service, shares in APPLIED.items():
        share = next((s for from_age, s in shares if age >= from_age), 0)
        if rng.random() >= share or (service == "practical_assistance" and given.plan):
            continue
        sent = today - timedelta(days=rng.randint(1, APPLIED_DAYS))
        decided = on_or_after(sent + timedelta(days=_days(rng, habits, service)))
        starts = decided + timedelta(days=rng.randint(*LEAD[service]))
        scope = scopes[service].format(days=rng.choice((3, 5, 7)), minutes=60)
        rows.cases.append(_case(rng, who, service, (sent, decided),
                                _pick(rng, OUTCOMES[service]), Grant(starts, None, scope), None))


def _for_care(rng: random.Random, who: Applying, service: str, grant: Grant,
              given: dict) -> Case:
    """Draw the application that led to a plan or a stay: decided some days before it began."""
    decided = _working_day_before(grant.starts - timedelta(days=rng.randint(*LEAD[service])))
    sent = decided - timedelta(days=_days(rng, who.habits, service))
    return _case(rng, who, service, (sent, decided), _pick(rng, OUTCOMES["care"]), grant, given)


def _case(rng: random.Random, who: Applying, service: str, days: tuple[date, date],
          outcome: str, grant: Grant, given: dict | None) -> Case:
    """Draw a case's timeline from sending to decision (and appeal), cut off at now.

    `days` are the day it was sent and the day it was decided; `given` is the plan or stay
    row the decision led to, which is to point at the decision's part.
    """
    sent_on, decided_on = days
    sent = at(sent_on, rng.randint(8, 21), rng.randint(0, 59))
    events = [event_row("submitted", who.person_id, sent)]
    events += draw_assessment(rng, who, service, sent_on, decided_on)
    events += draw_interim(rng, who, sent_on, decided_on)
    decided = next(e["at"] for e in events if e["kind"] == "decided")
    first = part_row(rng, service, outcome, grant)
    decisions = [(decision_row(who, outcome, decided), [(first, given)])]
    if rng.random() < APPEALED[outcome]:
        appeal, later = draw_appeal(rng, who, service, outcome, grant, decided)
        events += appeal
        decisions += later
    events.sort(key=lambda e: e["at"])
    kept = [e for e in events if e["at"] < who.now]
    interim = next((e for e in kept if e["kind"] == "interim_reply"), None)
    application = {
        "person_id": who.person_id, "submitted_by_id": who.person_id, "unit_id": who.office,
        "case_number": None, "state": "draft", "services": [service],
        "form_data": _form(who.person, service),
        "created_at": sent - timedelta(minutes=rng.randint(10, 120)), "submitted_at": sent,
        "interim_due_at": interim_due(sent),
        "interim_reply_at": interim["at"] if interim else None,
        "decision_expected_on": interim["expected_on"] if interim else None,
    }
    state, _ = states.replay(e["kind"] for e in kept)
    return Case(application, state, kept,
                [d for d in decisions if d[0]["decided_at"] < who.now])


def _form(person: dict, service: str) -> dict:
    """Return the form as the person filled it in for themselves."""
    return {
        "applicant": {"relationship": "", "phone": person["phone"] or "",
                      "email": person["email"] or "", "contact_by": "sms", "interpreter": "no",
                      "interpreter_language": ""},
        "next_of_kin": {"has_next_of_kin": "no"},
        "services": {"services": [service], "start": ""},
        "need": {"need": CASE_TEXTS["need"][service], "current_help": ""},
        "consents": {"consent_gp": True, "consent_hospital": True, "consent_next_of_kin": False,
                     "declaration": True},
        "behalf": {"basis": "self"},
    }


def _days(rng: random.Random, habits: Habits, service: str) -> int:
    """Draw the days a case takes: log-normal around the municipality's median."""
    days = rng.lognormvariate(math.log(habits.case_days * PACE[service]), SPREAD)
    return max(FEWEST_DAYS, min(MOST_DAYS, round(days)))


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    """Draw one of some weighted choices."""
    return rng.choices([c for c, _ in weighted], [w for _, w in weighted])[0]


def _working_day_before(day: date) -> date:
    """Return the day itself if it is a working day, else the working day before it."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def write_cases(session, rows: CaseRows) -> None:
    """Insert the applications, give them their case numbers and states, then their events,
    decisions and parts; the plans and stays they led to get their part's id."""
    if not rows.cases:
        return
    ids = insert_returning_ids(session, Application, [c.application for c in rows.cases])
    table = Application.__table__
    # The case number is the year and the application's id, as the portal gives it, so it
    # is never another's, neither a persona's nor another run's.
    session.execute(
        update(table).where(table.c.id == bindparam("b_id"))
        .values(case_number=bindparam("b_number"), state=bindparam("b_state")),
        [{"b_id": id_, "b_state": c.state,
          "b_number": f"{c.application['submitted_at'].astimezone(OSLO).year}/{id_:06d}"}
         for c, id_ in zip(rows.cases, ids, strict=True)])
    insert_rows(session, CaseEvent, [{**e, "application_id": id_}
                                     for c, id_ in zip(rows.cases, ids, strict=True)
                                     for e in c.events])
    decisions = [({**d, "application_id": id_}, parts)
                 for c, id_ in zip(rows.cases, ids, strict=True) for d, parts in c.decisions]
    decision_ids = insert_returning_ids(session, Decision, [d for d, _ in decisions])
    parts = [({**part, "decision_id": decision_id}, given)
             for (_, made), decision_id in zip(decisions, decision_ids, strict=True)
             for part, given in made]
    part_ids = insert_returning_ids(session, ServiceDecision, [p for p, _ in parts])
    for (_, given), part_id in zip(parts, part_ids, strict=True):
        if given is not None:
            given["service_decision_id"] = part_id
