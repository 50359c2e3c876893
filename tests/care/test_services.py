"""What a decision starts: a visit plan with the municipality's home-care team, or a stay in
its nursing home; visits planned two weeks ahead, never twice (issue 18)."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from portal import db
from portal.applications.models import Application, Decision, ServiceDecision
from portal.care import services
from portal.care.models import HomeCareVisit, Stay, VisitPlan
from portal.clock import OSLO
from portal.journal.models import Organization
from tests import factories

TODAY = date(2026, 3, 2)  # a Monday


@pytest.fixture
def case(db_session):
    person = factories.person(date(1940, 5, 5))
    row = Application(person_id=person.id, submitted_by_id=person.id,
                      unit_id=factories.unit("forvaltning-orland").id, state="decided",
                      case_number="CARE-TEST-1", services=["home_nursing"], form_data={},
                      submitted_at=datetime(2026, 2, 1, tzinfo=UTC))
    db.session.add(row)
    db.session.flush()
    return row


def decide(case, *parts):
    decision = Decision(application_id=case.id, outcome="granted", reasons="…",
                        decided_by_id=case.person_id, decided_at=datetime(2026, 3, 1, tzinfo=UTC),
                        services=[ServiceDecision(service=s, outcome=o, fee_rule="free",
                                                  starts_on=TODAY if o != "refused" else None,
                                                  ends_on=ends)
                                  for s, o, ends in parts])
    db.session.add(decision)
    db.session.flush()
    return decision


def test_granted_home_nursing_starts_a_plan_with_the_first_home_care_team(case):
    started = services.deliver(case, decide(case, ("home_nursing", "granted", None)),
                               today=TODAY)
    (plan,) = started
    assert plan.team.code == "hjemmetjenesten-orland"
    assert (plan.weekdays, plan.at, plan.minutes) == ("1234567", time(8), 30)
    moments = db.session.scalars(select(HomeCareVisit.starts_at)
                                 .where(HomeCareVisit.plan_id == plan.id)
                                 .order_by(HomeCareVisit.starts_at)).all()
    assert len(moments) == 15  # today and the 14 days after
    assert moments[0] == datetime.combine(TODAY, time(8), OSLO).astimezone(UTC)


def test_a_refused_part_starts_nothing(case):
    assert services.deliver(case, decide(case, ("home_nursing", "refused", None)),
                            today=TODAY) == []


def test_a_second_decision_on_the_same_service_does_not_start_a_second_plan(case):
    services.deliver(case, decide(case, ("home_nursing", "granted", None)), today=TODAY)
    assert services.deliver(case, decide(case, ("home_nursing", "granted", None)),
                            today=TODAY) == []
    assert db.session.scalar(select(func.count()).select_from(VisitPlan)
                             .where(VisitPlan.person_id == case.person_id)) == 1


def test_practical_assistance_is_weekly_and_ends_with_the_decision(case):
    (plan,) = services.deliver(case, decide(case, ("practical_assistance", "granted",
                                                   TODAY + timedelta(days=9))), today=TODAY)
    times = services.visit_times(plan, TODAY, TODAY + timedelta(days=30))
    assert [t.astimezone(OSLO).date() for t in times] == [date(2026, 3, 4), date(2026, 3, 11)]


def test_planning_ahead_again_adds_nothing_and_a_day_later_adds_one_day(case):
    services.deliver(case, decide(case, ("home_nursing", "granted", None)), today=TODAY)
    assert services.extend_plans(TODAY) == 0
    assert services.extend_plans(TODAY + timedelta(days=1)) == 1


def test_a_short_term_stay_goes_to_the_nursing_home_with_most_free_places(case):
    small = Organization(code="test-sykehjem", name="Test sykehjem", kind="nursing_home",
                         part_of_id=factories.unit("orland").id, beds=60)
    db.session.add(small)
    db.session.flush()
    for _ in range(5):  # 55 free places left here, against 48 at Ørland sykehjem
        db.session.add(Stay(person_id=factories.person(date(1930, 1, 1)).id,
                            unit_id=small.id, kind="long_term", admitted_on=date(2025, 1, 1)))
    (stay,) = services.deliver(case, decide(case, ("short_term_stay", "granted",
                                                   TODAY + timedelta(days=14))), today=TODAY)
    assert stay.unit_id == small.id
    assert (stay.kind, stay.admitted_on, stay.discharged_on) == (
        "short_term", TODAY, TODAY + timedelta(days=14))


def test_a_long_term_place_has_no_discharge_day(case):
    (stay,) = services.deliver(case, decide(case, ("long_term_place", "granted", None)),
                               today=TODAY)
    assert (stay.kind, stay.discharged_on) == ("long_term", None)


def test_a_municipality_without_a_nursing_home_starts_no_stay(case):
    for home in db.session.scalars(select(Organization).where(
            Organization.kind == "nursing_home")):
        home.part_of_id = None
    assert services.deliver(case, decide(case, ("long_term_place", "granted", None)),
                            today=TODAY) == []


def test_a_municipality_without_a_home_care_team_starts_no_plan(case):
    for team in db.session.scalars(select(Organization).where(Organization.kind == "home_care")):
        team.part_of_id = None
    assert services.deliver(case, decide(case, ("home_nursing", "granted", None)),
                            today=TODAY) == []
