"""The case office's work on a synthetic application, as the events of its timeline
(DOMAIN.md, "Applications for municipal services"; applications/states.py): received, now
and then a question to the applicant, a home visit or an assessment, an interim reply when it
takes long (forvaltningsloven § 11 a), the decision with one part per service; and an appeal
in time (pbrl § 7-5, fvl § 29) with what the municipality made of it.
"""

import random
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from portal.applications.catalogue import BY_CODE
from portal.clock import OSLO
from portal.workdays import is_working_day, on_or_after

from .builders import at
from .population_data import CASE_TEXTS, Habits

# Days from a decision to the start of what it grants, by service.
LEAD = {"home_nursing": (1, 14), "practical_assistance": (3, 21), "short_term_stay": (0, 3),
        "long_term_place": (3, 30), "safety_alarm": (3, 14), "meal_delivery": (2, 10)}
HOME_VISIT = {"home_nursing": 0.7, "practical_assistance": 0.7, "long_term_place": 0.8,
              "short_term_stay": 0.2, "safety_alarm": 0.3, "meal_delivery": 0.2}
QUESTION = 0.08
LONG_CASE_DAYS = 21  # after three weeks the case takes long, and an interim reply is due
OFFICER_REPLIES, JOB_REPLIES = 0.80, 0.12  # of long cases; the rest got none
APPEALED = {"refused": 0.45, "partly_granted": 0.30, "granted": 0.0}
BOARD_SERVICES = ("safety_alarm", "meal_delivery")  # to the appeals board, within 3 weeks
DELIVERED = ("home_nursing", "practical_assistance", "short_term_stay", "long_term_place")
FEES = {"practical_assistance": (230, 230, 580, 1190, 1750), "short_term_stay": (205,),
        "safety_alarm": (295, 300, 350), "meal_delivery": (95, 105, 110)}


class Applying(NamedTuple):
    """Who applies, to whom, and when it is now."""

    person_id: int
    person: dict
    officer: int
    office: int
    habits: Habits
    now: datetime


class Grant(NamedTuple):
    """What a decision grants, if it does: from and to when, and how much."""

    starts: date
    ends: date | None
    scope: str


def draw_assessment(rng: random.Random, who: Applying, service: str, sent_on: date,
                    decided_on: date) -> list[dict]:
    """Draw the office's work from receiving the case to deciding it, on working days.

    The office receives it the first working day after; a question to the applicant, who
    answers in the evening, comes before the assessment; a home visit is planned some days
    ahead and the assessment written after it. Events of one day follow each other by the
    hour; the decision comes last.
    """
    officer, texts = who.officer, CASE_TEXTS
    days = [sent_on + timedelta(days=n) for n in range(1, (decided_on - sent_on).days + 1)]
    days = [day for day in days if is_working_day(day)]
    last = len(days) - 1
    steps = [(0, "received", officer, None)]
    first = 0
    if last >= 7 and rng.random() < QUESTION:
        steps += [(1, "info_requested", officer, texts["question"]),
                  (2, "info_given", who.person_id, texts["answer"])]
        first = 3
    planned = rng.randint(first, max(first, last // 2))
    visit = min(last, planned + rng.randint(2, 7))
    if visit > planned and rng.random() < HOME_VISIT[service]:
        moment = datetime.combine(days[visit], time(rng.choice((10, 13))), OSLO)
        steps += [(planned, "visit_planned", officer, moment.isoformat()),
                  (visit, "assessed", officer, texts["visited"])]
    else:
        steps.append((rng.randint(first, last), "assessed", officer, texts["assessed"]))
    steps.append((last, "decided", officer, None))
    events, day_before, hour = [], None, 0
    for index, kind, actor, note in steps:
        if kind == "info_given":  # the applicant answers after work
            hour = rng.randint(18, 21)
        elif index == day_before:
            hour += 1
        else:
            hour = rng.randint(8, 11)
        if kind == "assessed" and note == texts["visited"]:
            hour = max(hour, 14)  # written after the visit
        events.append(event_row(kind, actor, at(days[index], hour, rng.randint(0, 59)), note))
        day_before = index
    return events


def draw_interim(rng: random.Random, who: Applying, sent_on: date,
                 decided_on: date) -> list[dict]:
    """Draw the interim reply of a case that takes long (fvl § 11 a): mostly the officer's,
    with the reason and the date expected; else the job's notice after three weeks, which
    promises no date; for a few, none. Now and then a shorter case gets one too."""
    span = (decided_on - sent_on).days
    long, draw = span > LONG_CASE_DAYS, rng.random()
    if (draw < OFFICER_REPLIES if long else draw < 0.05) and span > 6:
        day = on_or_after(sent_on + timedelta(days=rng.randint(5, min(20, span - 1))))
        if day < decided_on:
            expected = decided_on + timedelta(days=rng.randint(0, 7))
            when = at(day, rng.randint(12, 14), rng.randint(0, 59))
            return [event_row("interim_reply", who.officer, when,
                              rng.choice(CASE_TEXTS["interim"]), expected)]
    pending = decided_on >= who.now.astimezone(OSLO).date()
    if long and (draw < OFFICER_REPLIES + JOB_REPLIES or pending):
        job = at(sent_on + timedelta(days=LONG_CASE_DAYS), 23, 30)
        return [event_row("interim_reply", None, job)]
    return []


def draw_appeal(rng: random.Random, who: Applying, service: str, outcome: str, grant: Grant,
                decided: datetime) -> tuple[list[dict], list[tuple[dict, list]]]:
    """Draw an appeal in time (4 weeks; 3 to the appeals board) and the reconsideration: a
    new decision in the applicant's favour, in part (the rest sent on), or the appeal sent
    to the appeal body. A refused home care or stay is only sent on: the population has no
    visit plan or stay for a new grant to lead to."""
    weeks = 3 if service in BOARD_SERVICES else 4
    decided_on = decided.astimezone(OSLO).date()
    appealed_on = decided_on + timedelta(days=rng.randint(2, weeks * 7 - 2))
    events = [event_row("appealed", who.person_id,
                        at(appealed_on, rng.randint(9, 21), rng.randint(0, 59)),
                        CASE_TEXTS["appeal"])]
    when = at(on_or_after(appealed_on + timedelta(days=rng.randint(7, 35))), rng.randint(9, 15),
              rng.randint(0, 59))
    kind = "forwarded"
    if service not in DELIVERED or outcome != "refused":
        kind = rng.choices(("reversed", "partly_reversed", "forwarded"), (35, 10, 55))[0]
    if kind == "partly_reversed" and outcome != "refused":
        kind = "reversed"
    if kind == "forwarded":
        return events + [event_row(kind, who.officer, when, CASE_TEXTS["forwarded"])], []
    events.append(event_row(kind, who.officer, when,
                            CASE_TEXTS["rest"] if kind == "partly_reversed" else None))
    better = "granted" if kind == "reversed" else "partly_granted"
    if outcome == "refused":  # it starts only now
        later = when.astimezone(OSLO).date() + timedelta(days=rng.randint(*LEAD[service]))
        grant = grant._replace(starts=later, ends=later + (grant.ends - grant.starts)
                               if grant.ends else None)
    return events, [(decision_row(who, better, when),
                     [(part_row(rng, service, better, grant), None)])]


def event_row(kind: str, actor: int | None, when: datetime, note: str | None = None,
              expected: date | None = None) -> dict:
    """Return a case event row, without its application."""
    return {"kind": kind, "actor_id": actor, "at": when, "note": note, "expected_on": expected}


def decision_row(who: Applying, outcome: str, when: datetime) -> dict:
    """Return a decision row, without its application."""
    return {"outcome": outcome, "reasons": CASE_TEXTS["reasons"][outcome],
            "decided_by_id": who.officer, "decided_at": when}


def part_row(rng: random.Random, service: str, outcome: str, grant: Grant) -> dict:
    """Return the decision on one service: its period, scope and fee if granted."""
    granted = outcome != "refused"
    scope = grant.scope + (CASE_TEXTS["partly"] if outcome == "partly_granted" else "")
    return {"service": service, "outcome": outcome,
            "starts_on": grant.starts if granted else None,
            "ends_on": grant.ends if granted else None, "scope": scope if granted else None,
            "fee_rule": BY_CODE[service].fee_rule.value,
            "fee_nok": rng.choice(FEES[service]) if granted and service in FEES else None}
