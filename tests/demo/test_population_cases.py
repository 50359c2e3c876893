"""The synthetic population's applications (DOMAIN.md, "Applications for municipal services"):
sent to the case office of the person's own municipality, with a case number of their own,
a timeline the state table can replay, one decision part per service, interim replies when a
case takes long (fvl § 11 a), appeals in time (pbrl § 7-5, fvl § 29), and the care each
granted decision led to."""

import random
import statistics
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.applications import states
from portal.applications.catalogue import BY_CODE
from portal.applications.deadlines import appeal_last_day
from portal.applications.models import Application, CaseEvent, Decision, ServiceDecision
from portal.care.models import STAY_SERVICES, Stay, VisitPlan
from portal.clock import OSLO, age_on
from portal.demo import population
from portal.demo.builders import at
from portal.demo.population_care import CareRows, add_care
from portal.demo.population_cases import Case, CaseRows, add_cases
from portal.demo.population_casework import BOARD_SERVICES
from portal.demo.population_data import MUNICIPALITIES
from portal.demo.population_units import Local
from portal.journal.models import Organization, Person
from tests.demo.test_population import TODAY, synthetic

N, SEED = 300, 8
NOW = at(TODAY, 0)
DECIDING = ("decided", "reversed", "partly_reversed")
RANK = {"refused": 0, "partly_granted": 1, "granted": 2}


@pytest.fixture
def people(db_session) -> dict[int, Person]:
    """Add a few hundred synthetic citizens and return them by id."""
    assert population.add(db_session, N, seed=SEED, today=TODAY) == N
    return {p.id: p for p in synthetic(db_session)}


def cases_of(session, people: dict[int, Person]) -> list[Application]:
    """Return the people's applications."""
    return list(session.scalars(select(Application).where(Application.person_id.in_(people))
                                .order_by(Application.id)))


def test_applications_go_to_the_persons_own_case_office_with_their_own_number(db_session,
                                                                              people):
    """Applications from people of 67 and over, to the case office of the municipality where
    they live; the case number is the year sent and the application's id, as submit gives."""
    offices = {u.part_of_id: u.id for u in db_session.scalars(
        select(Organization).where(Organization.kind == "case_office"))}
    applications = cases_of(db_session, people)
    assert applications
    for application in applications:
        person = people[application.person_id]
        assert application.unit_id == offices[person.municipality_id]
        assert age_on(person.birth_date, TODAY) >= 67
        assert application.submitted_by_id == person.id
        year = application.submitted_at.astimezone(OSLO).year
        assert application.case_number == f"{year}/{application.id:06d}"
        assert len(application.services) == 1 and application.services[0] in BY_CODE
        assert application.created_at < application.submitted_at < NOW


def test_each_timeline_replays_to_the_cases_state_and_each_decision_has_its_event(db_session,
                                                                                 people):
    """The state is the replay of the timeline (states.py); a decision for each deciding
    event, at its moment, with one part per service applied for; the interim reply on the
    case is the one on the timeline."""
    for application in cases_of(db_session, people):
        events = db_session.scalars(select(CaseEvent).where(
            CaseEvent.application_id == application.id)
            .order_by(CaseEvent.at, CaseEvent.id)).all()
        assert states.replay(e.kind for e in events)[0] == application.state
        assert (events[0].kind, events[0].at, events[0].actor_id) == (
            "submitted", application.submitted_at, application.person_id)
        assert max(e.at for e in events) < NOW
        decisions = db_session.scalars(select(Decision).where(
            Decision.application_id == application.id).order_by(Decision.decided_at)).all()
        assert [d.decided_at for d in decisions] == [e.at for e in events if e.kind in DECIDING]
        for decision in decisions:
            assert [p.service for p in decision.services] == application.services
            assert decision.outcome == decision.services[0].outcome
        interim = [e for e in events if e.kind == "interim_reply"]
        assert application.interim_reply_at == (interim[0].at if interim else None)
        assert application.decision_expected_on == (interim[0].expected_on if interim else None)


def test_every_plan_and_stay_points_at_the_decision_that_granted_it(db_session, people):
    """A granted decision on home nursing or practical help leads to a visit plan from the day
    it grants; a short-term stay or long-term place to a stay (care/models.py)."""
    plans = db_session.scalars(select(VisitPlan).where(VisitPlan.person_id.in_(people))).all()
    stays = db_session.scalars(select(Stay).where(Stay.person_id.in_(people))).all()
    assert plans and stays
    for row, service, starts in [*((p, p.service, p.starts_on) for p in plans),
                                 *((s, {v: k for k, v in STAY_SERVICES.items()}[s.kind],
                                    s.admitted_on) for s in stays)]:
        part = db_session.get(ServiceDecision, row.service_decision_id)
        decision = db_session.get(Decision, part.decision_id)
        application = db_session.get(Application, decision.application_id)
        assert (part.service, part.starts_on, application.person_id) == (
            service, starts, row.person_id)
        assert part.outcome in ("granted", "partly_granted") and part.scope
        assert part.fee_rule == BY_CODE[service].fee_rule.value
        assert decision.decided_at.astimezone(OSLO).date() <= starts


def _drawn(code: str, n: int) -> list[Case]:
    """Draw the cases of n people of 67 to 95 in a municipality, without a database."""
    home = next(m for m in MUNICIPALITIES if m.code == code)
    local = Local(municipality=1, gp_offices=(2,), nursing_home=3, journal=None,
                  teams={"team": (4, tuple(range(100, 112)))}, case_office=5, case_officer=6)
    rows = CaseRows()
    for i in range(n):
        rng = random.Random(f"cases:{code}:{i}")
        born = TODAY - timedelta(days=rng.randint(67 * 365 + 1, 95 * 365))
        given = add_care(CareRows(), rng, i, born, TODAY, local, "team", home.main_share)
        add_cases(rows, rng, i, {"birth_date": born, "phone": None, "email": None}, TODAY,
                  local, home.habits, given)
    return rows.cases


@pytest.mark.parametrize("home", MUNICIPALITIES, ids=lambda m: m.code)
def test_cases_take_weeks_get_interim_replies_and_are_appealed_now_and_then(home):
    """A few days to about 8 weeks, the median 3-4 weeks; most cases over 3 weeks have an
    interim reply, not all; about 5 % appealed, in time, and changed only in the applicant's
    favour. Every timeline replays through the state table."""
    cases = _drawn(home.code, 3000)
    days, long, answered, appealed = [], 0, 0, 0
    for case in cases:
        kinds = [e["kind"] for e in case.events]
        assert states.replay(kinds)[0] == case.state
        if not case.decisions:
            assert case.state in states.AWAITING_DECISION
            continue
        first = case.decisions[0][0]["decided_at"]
        spent = (first - case.application["submitted_at"]).days
        days.append(spent)
        if spent > 21:
            long += 1
            answered += case.application["interim_reply_at"] is not None
        if "appealed" in kinds:
            appealed += 1
            weeks = 3 if case.application["services"][0] in BOARD_SERVICES else 4
            when = next(e["at"] for e in case.events if e["kind"] == "appealed")
            assert when.astimezone(OSLO).date() <= appeal_last_day(first, weeks)
        outcomes = [RANK[d["outcome"]] for d, _ in case.decisions]
        assert outcomes == sorted(set(outcomes))  # a new decision only goes up
    assert len(days) > 300
    assert min(days) >= 2 and max(days) <= 62
    assert 18 <= statistics.median(days) <= 35
    assert 0.8 < answered / long < 1
    assert 0.02 < appealed / len(days) < 0.09
    kinds = Counter(e["kind"] for case in cases for e in case.events)
    assert {"visit_planned", "assessed", "info_requested", "info_given", "reversed",
            "forwarded"} <= set(kinds)
