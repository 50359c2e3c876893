"""The rules of care delivered: what a decision starts, visits planned ahead, a person's plan.

A granted decision on home nursing or practical assistance starts a visit plan with the
home-care team of the case office's municipality, and a granted short-term stay or
long-term place a stay in its nursing home with the most free places (issue 18). The team
then fixes the times; until it does, a plan has the service's usual times
(`USUAL_TIMES`). Visits are planned two weeks ahead, by `extend_plans`, which the job
`flask jobs plan-visits` runs every day; running it twice adds nothing.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from portal import db
from portal.care.models import STAY_SERVICES, VISIT_SERVICES, HomeCareVisit, Stay, VisitPlan
from portal.clock import OSLO, Moment, start_of_day
from portal.journal import units
from portal.journal.models import Organization, Practitioner

PLAN_AHEAD = timedelta(days=14)
# Until the team fixes the times: (ISO weekdays, time of day, minutes) per service.
USUAL_TIMES = {
    "home_nursing": ("1234567", time(8, 0), 30),
    "practical_assistance": ("3", time(10, 0), 60),
}
GRANTED = ("granted", "partly_granted")
COMING_DAYS = 7
PAST_DAYS = 30


def deliver(application, decision, *, today: date) -> list:
    """Start what a decision grants that the application has not started already; return it."""
    db.session.flush()  # the decision's parts get their ids, which plans and stays keep
    municipality = units.municipality_of(db.session.get(Organization, application.unit_id))
    started = []
    for part in decision.services:
        if part.outcome not in GRANTED or municipality is None:
            continue
        begun = None
        if part.service in VISIT_SERVICES and not _has_plan(application.person_id, part.service,
                                                            today):
            begun = _plan(application.person_id, municipality, part, today)
        elif part.service in STAY_SERVICES:
            begun = _admit(application.person_id, municipality, part)
        if begun is not None:  # None: the municipality has no such team or home
            started.append(begun)
    db.session.flush()
    return started


def _has_plan(person_id: int, service: str, today: date) -> bool:
    """Tell whether the person has a plan for a service that has not ended."""
    return db.session.scalar(select(VisitPlan.id).where(
        VisitPlan.person_id == person_id, VisitPlan.service == service,
        VisitPlan.ends_on.is_(None) | (VisitPlan.ends_on >= today)).limit(1)) is not None


def _plan(person_id: int, municipality: Organization, part, today: date) -> VisitPlan | None:
    """Start a visit plan with the municipality's home-care team, at the usual times."""
    team = _first_unit(municipality, "home_care")
    if team is None:
        return None
    weekdays, at, minutes = USUAL_TIMES[part.service]
    plan = VisitPlan(person_id=person_id, team_id=team.id, service=part.service,
                     service_decision_id=part.id, starts_on=part.starts_on, ends_on=part.ends_on,
                     weekdays=weekdays, at=at, minutes=minutes)
    db.session.add(plan)
    db.session.flush()
    _extend(plan, today)
    return plan


def _admit(person_id: int, municipality: Organization, part) -> Stay | None:
    """Admit the person to the municipality's nursing home with the most free places."""
    homes = _units(municipality, "nursing_home")
    if not homes:
        return None
    staying = dict(db.session.execute(
        select(Stay.unit_id, func.count()).where(
            Stay.unit_id.in_([h.id for h in homes]), Stay.discharged_on.is_(None))
        .group_by(Stay.unit_id)).all())
    home = max(homes, key=lambda h: ((h.beds or 0) - staying.get(h.id, 0), -h.id))
    kind = STAY_SERVICES[part.service]
    stay = Stay(person_id=person_id, unit_id=home.id, kind=kind, service_decision_id=part.id,
                admitted_on=part.starts_on,
                discharged_on=part.ends_on if kind == "short_term" else None)
    db.session.add(stay)
    return stay


def _units(municipality: Organization, kind: str) -> list[Organization]:
    """Return the municipality's units of a kind, in the order they were made."""
    return list(db.session.scalars(
        select(Organization).where(Organization.id.in_(units.municipalities()[municipality.id]),
                                   Organization.kind == kind).order_by(Organization.id)))


def _first_unit(municipality: Organization, kind: str) -> Organization | None:
    """Return the municipality's first unit of a kind, or None."""
    found = _units(municipality, kind)
    return found[0] if found else None


def visit_times(plan: VisitPlan, first: date, last: date) -> list[datetime]:
    """Return the moments (UTC) of a plan's visits on the days from first to last, inclusive."""
    first = max(first, plan.starts_on)
    if plan.ends_on is not None:
        last = min(last, plan.ends_on)
    days = (last - first).days + 1
    return [datetime.combine(day, plan.at, OSLO).astimezone(UTC)
            for day in (first + timedelta(days=n) for n in range(max(days, 0)))
            if str(day.isoweekday()) in plan.weekdays]


def _extend(plan: VisitPlan, today: date) -> int:
    """Plan a plan's visits up to two weeks ahead; return how many were added."""
    last = today + PLAN_AHEAD
    planned = set(db.session.scalars(select(HomeCareVisit.starts_at).where(
        HomeCareVisit.plan_id == plan.id, HomeCareVisit.starts_at >= start_of_day(today))))
    added = 0
    for moment in visit_times(plan, today, last):
        if moment not in planned:
            db.session.add(HomeCareVisit(person_id=plan.person_id, team_id=plan.team_id,
                                         plan_id=plan.id, service=plan.service,
                                         starts_at=moment, minutes=plan.minutes))
            added += 1
    db.session.flush()
    return added


def extend_plans(today: date) -> int:
    """Plan every running plan's visits two weeks ahead; return how many visits were added."""
    plans = db.session.scalars(select(VisitPlan).where(
        VisitPlan.starts_on <= today + PLAN_AHEAD,
        VisitPlan.ends_on.is_(None) | (VisitPlan.ends_on >= today)).order_by(VisitPlan.id))
    return sum(_extend(plan, today) for plan in plans)


@dataclass(frozen=True)
class Visit:
    """A visit as the person sees it: when, what, which team, and who where the municipality
    shows names."""

    starts_at: datetime
    minutes: int
    service: str
    team: str
    status: str
    employee: str | None


def next_visit_questions(scope, when: Moment) -> dict:
    """Return the service and time of the next planned visit of the coming week, as scalar
    subqueries to ask with others (the home page's card); None where there is none."""
    week_ends = when.derived("care_week_ends", lambda moment: start_of_day(
        moment.today + timedelta(days=COMING_DAYS + 1)))
    coming = (HomeCareVisit.status == "planned", HomeCareVisit.starts_at >= when.now,
              HomeCareVisit.starts_at < week_ends)
    order = (HomeCareVisit.starts_at, HomeCareVisit.id)
    return {"service": scope.first_of(HomeCareVisit.service, HomeCareVisit, *coming,
                                      order_by=order),
            "starts_at": scope.first_of(HomeCareVisit.starts_at, HomeCareVisit, *coming,
                                        order_by=order)}


def visits(scope, today: date) -> tuple[list[Visit], list[Visit]]:
    """Return the person's visits of the coming week and of the last 30 days (newest first).

    Names of staff are shown only where the team's municipality shows them (issue 18).
    """
    query = scope.select(HomeCareVisit).where(
        HomeCareVisit.starts_at >= start_of_day(today - timedelta(days=PAST_DAYS)),
        HomeCareVisit.starts_at < start_of_day(today + timedelta(days=COMING_DAYS + 1)))
    rows = list(scope.rows(query.order_by(HomeCareVisit.starts_at).options(
        joinedload(HomeCareVisit.team),
        joinedload(HomeCareVisit.practitioner).joinedload(Practitioner.person))))
    shows = _shows_names({row.team_id for row in rows})
    now = db.utcnow()
    made = [Visit(row.starts_at, row.done_minutes or row.minutes, row.service, row.team.name,
                  _status(row, now),
                  row.practitioner.person.name if row.practitioner and row.team_id in shows
                  else None)
            for row in rows]
    coming = [v for v in made if v.starts_at >= now and v.status == "planned"]
    past = [v for v in reversed(made) if v.starts_at < now or v.status == "cancelled"]
    return coming, past


def _status(row: HomeCareVisit, now: datetime) -> str:
    """Return a visit's status as shown: a planned visit in the past is not yet registered."""
    if row.status == "planned" and row.starts_at < now:
        return "unregistered"
    return row.status


def _shows_names(team_ids: set[int]) -> set[int]:
    """Return the teams whose municipality shows citizens the names of its staff."""
    teams = (units.get(team_id) for team_id in team_ids)  # the units held in the request
    return {team.id for team in teams
            if (municipality := units.municipality_of(team)) and municipality.shows_staff_names}


def plans(scope, today: date) -> list[VisitPlan]:
    """Return the person's visit plans that have not ended, service by service."""
    return list(scope.rows(scope.select(VisitPlan).where(
        VisitPlan.ends_on.is_(None) | (VisitPlan.ends_on >= today))
        .order_by(VisitPlan.service).options(joinedload(VisitPlan.team))))
