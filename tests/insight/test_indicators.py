"""Every indicator computed on a small municipality built by hand, whose answers are known
(issue 18; DOMAIN.md, "Management insight"). Groups of fewer than 5 people are suppressed:
tested at 4 and at 5."""

import itertools
from datetime import UTC, date, datetime, time, timedelta

import pytest

from portal import db
from portal.applications.models import Application, CaseEvent, Decision, ServiceDecision
from portal.appointments.models import Appointment, Slot, VisitType
from portal.auth.models import LoginEvent
from portal.care.models import CareTarget, HomeCareVisit, Stay
from portal.clock import OSLO
from portal.insight import care, use, work
from portal.insight.base import Period, percentile, row
from portal.insight.services import places
from portal.journal.models import GpListPeriod, Organization, Practitioner
from portal.messages.models import Message, Thread
from tests import factories

CASE_NUMBERS = itertools.count(1)
PERIOD = Period(date(2026, 1, 5), date(2026, 4, 6))  # 13 whole weeks from a Monday
NOW = datetime(2026, 5, 1, tzinfo=UTC)


def at(day: date, hour: int = 10) -> datetime:
    """Return a moment on a day, Oslo time."""
    return datetime.combine(day, time(hour), OSLO).astimezone(UTC)


class Town:
    """A municipality of its own, with two home-care teams, a nursing home, a GP office, a
    case office and staff, so that the demo's data cannot move the answers."""

    def __init__(self):
        self.municipality = self._unit("testvik", "Testvik kommune", "municipality", None)
        self.team_a = self._unit("testvik-hjem-a", "Hjemmetjenesten A", "home_care")
        self.team_b = self._unit("testvik-hjem-b", "Hjemmetjenesten B", "home_care")
        self.home = self._unit("testvik-sykehjem", "Testvik sykehjem", "nursing_home", beds=10)
        self.gp = self._unit("testvik-lege", "Testvik legekontor", "gp_office", answer_days=3)
        self.office = self._unit("testvik-forvaltning", "Forvaltning Testvik", "case_office")
        self.employees = [self._employee(i) for i in range(4)]
        self.own, self.portal = places(self.municipality)

    def _unit(self, code, name, kind, parent="self", **kwargs) -> Organization:
        unit = Organization(code=code, name=name, kind=kind,
                            part_of=self.municipality if parent == "self" else None, **kwargs)
        db.session.add(unit)
        db.session.flush()
        return unit

    def _employee(self, i: int) -> Practitioner:
        worker = factories.person(date(1980, 1, 1 + i), given=f"Ansatt{i}")
        row = Practitioner(person_id=worker.id, unit_id=self.team_a.id, role="home_care_worker")
        db.session.add(row)
        db.session.flush()
        return row

    def inhabitant(self, born=date(1950, 1, 1)):
        person = factories.person(born)
        person.municipality_id = self.municipality.id
        db.session.flush()
        return person


@pytest.fixture
def town(db_session):
    return Town()


def visits(town, team, person, by: list[int], day=date(2026, 2, 2)):
    """Add done visits to a person, one per employee index in `by`, a day apart."""
    for n, index in enumerate(by):
        db.session.add(HomeCareVisit(
            person_id=person.id, team_id=team.id, service="home_nursing",
            starts_at=at(day + timedelta(days=n)), minutes=30, status="done",
            practitioner_id=town.employees[index].id, done_minutes=30))
    db.session.flush()


def test_continuity_is_exactly_60_percent_on_the_designed_case(town):
    """Five people, each visited 10 times, 6 of them by one employee: 60 %."""
    for _ in range(5):
        visits(town, town.team_a, town.inhabitant(), [0] * 6 + [1, 1, 2, 3])
    found = care.continuity(town.own, town.portal, PERIOD)
    assert found.table.rows == [("Hjemmetjenesten A", 5, 50, 60.0, 4, 4)]
    assert found.own == 60.0


def test_continuity_weights_by_visits_and_counts_employees_per_person(town):
    """(6 + 6 + 1 + 5 + 5) / (10 + 10 + 5 + 5 + 5): the worked example of care.py, and more."""
    visits(town, town.team_a, town.inhabitant(), [0] * 6 + [1] * 4)
    visits(town, town.team_a, town.inhabitant(), [1] * 6 + [2] * 4)
    visits(town, town.team_a, town.inhabitant(), [0, 1, 2, 3, 3][:4] + [2])
    visits(town, town.team_a, town.inhabitant(), [3] * 5)
    visits(town, town.team_a, town.inhabitant(), [2] * 5)
    (name, people, total, share, median, p90), = care.continuity(
        town.own, town.portal, PERIOD).table.rows
    assert (people, total) == (5, 35)
    assert share == pytest.approx(100 * (6 + 6 + 2 + 5 + 5) / 35)
    assert (median, p90) == (2, 4)


def test_continuity_of_a_team_with_4_people_is_suppressed_and_with_5_shown(town):
    """DOMAIN.md, "Management insight": groups under 5 people are suppressed."""
    for _ in range(4):
        visits(town, town.team_b, town.inhabitant(), [0, 0, 1])
    assert care.continuity(town.own, town.portal, PERIOD).table.rows == [
        ("Hjemmetjenesten B", None, None, None, None, None)]
    assert care.continuity(town.own, town.portal, PERIOD).own is None
    visits(town, town.team_b, town.inhabitant(), [0, 0, 1])
    assert care.continuity(town.own, town.portal, PERIOD).table.rows == [
        ("Hjemmetjenesten B", 5, 15, pytest.approx(200 / 3), 2, 2)]


def test_visits_outside_the_period_planned_or_cancelled_do_not_count(town):
    for _ in range(5):
        person = town.inhabitant()
        visits(town, town.team_a, person, [0] * 5)
        visits(town, town.team_a, person, [1] * 5, day=date(2025, 12, 1))  # before the period
        db.session.add(HomeCareVisit(person_id=person.id, team_id=town.team_a.id,
                                     service="home_nursing", starts_at=at(date(2026, 3, 3)),
                                     minutes=30, status="cancelled"))
    assert care.continuity(town.own, town.portal, PERIOD).table.rows[0][1:4] == (5, 25, 100.0)


def test_continuity_by_month(town):
    for _ in range(5):
        person = town.inhabitant()
        visits(town, town.team_a, person, [0, 0, 0, 1], day=date(2026, 1, 10))
        visits(town, town.team_a, person, [0, 1], day=date(2026, 2, 10))
    rows = care.continuity_trend(town.own, town.portal, PERIOD).table.rows
    assert rows == [("2026-01", 5, 75.0), ("2026-02", 5, 50.0)]


def logins(town, count: int, day: date, *, first=True):
    for _ in range(count):
        db.session.add(LoginEvent(person_id=town.inhabitant(date(1980, 5, 5)).id,
                                  role="citizen", provider="idporten", first_login=first,
                                  at=at(day)))
    db.session.flush()


def test_first_time_logins_per_week_are_suppressed_at_4_and_shown_at_5(town):
    logins(town, 4, date(2026, 1, 6))  # the week of Monday 5 January
    logins(town, 5, date(2026, 1, 14))  # the week of Monday 12 January
    rows = use.first_logins(town.own, town.portal, PERIOD).table.rows
    assert len(rows) == 13
    assert rows[0] == ("2026-01-05", None)
    assert rows[1] == ("2026-01-12", 5)
    assert rows[2] == ("2026-01-19", None)  # none at all is also fewer than 5


def test_active_users_by_age_band(town):
    for _ in range(10):
        town.inhabitant(date(1980, 5, 5))  # 45 on the period's last day: 40-66
    logins(town, 5, date(2026, 3, 1), first=False)  # five more aged 45 who logged in
    for _ in range(4):
        town.inhabitant(date(1940, 1, 1))  # 80+: four people, suppressed
    found = use.active_users(town.own, town.portal, PERIOD)
    rows = dict((r[0], r[1:]) for r in found.table.rows)
    assert rows["40–66"] == (15, 5, pytest.approx(100 / 3))
    assert rows["80+"] == (None, None, None)
    assert found.own == pytest.approx(100 * 5 / 19)  # every inhabitant of 12 or more


def test_a_change_of_gp_counts_and_a_first_listing_does_not(town):
    for _ in range(5):
        person = town.inhabitant()
        db.session.add_all([
            GpListPeriod(person_id=person.id, unit_id=town.gp.id, starts_on=date(2020, 1, 1),
                         ends_on=date(2026, 2, 9)),
            GpListPeriod(person_id=person.id, unit_id=town.gp.id, starts_on=date(2026, 2, 10))])
    newcomer = town.inhabitant()
    db.session.add(GpListPeriod(person_id=newcomer.id, unit_id=town.gp.id,
                                starts_on=date(2026, 2, 11)))
    db.session.flush()
    rows = dict(use.gp_changes(town.own, town.portal, PERIOD).table.rows)
    assert rows == {"2026-01": None, "2026-02": 5, "2026-03": None, "2026-04": None}


def stay(town, person, kind, admitted, discharged=None):
    db.session.add(Stay(person_id=person.id, unit_id=town.home.id, kind=kind,
                        admitted_on=admitted, discharged_on=discharged))
    db.session.flush()


def test_length_of_stay_mean_and_median_against_the_target(town):
    db.session.add(CareTarget(municipality_id=town.municipality.id,
                              indicator="long_term_stay_days", value=650))
    for days in (100, 200, 300, 400, 1000):
        stay(town, town.inhabitant(), "long_term", date(2026, 3, 1) - timedelta(days=days),
             date(2026, 3, 1))
    for days in (10, 12, 14, 16):  # four short stays: suppressed
        stay(town, town.inhabitant(), "short_term", date(2026, 2, 1),
             date(2026, 2, 1) + timedelta(days=days))
    found = care.stays(town.own, town.portal, PERIOD, {"long_term_stay_days": 650})
    assert found.table.rows[0][1:] == (5, 400.0, 300, 650)
    assert found.table.rows[1][1:] == (None, None, None, None)
    assert (found.own, found.target) == (400.0, 650)


def test_occupancy_is_bed_days_taken_of_bed_days_there_were(town):
    january = Period(date(2026, 1, 1), date(2026, 1, 11))  # 10 days, 10 places: 100 bed-days
    for _ in range(5):
        stay(town, town.inhabitant(), "long_term", date(2025, 6, 1))  # the whole period
    stay(town, town.inhabitant(), "short_term", date(2026, 1, 6), date(2026, 1, 20))  # 5 days
    (name, places, people, share, target), = care.occupancy(
        town.own, town.portal, january, {"occupancy_percent": 95}).table.rows
    assert (name, places, people, share, target) == ("Testvik sykehjem", 10, 6, 55.0, 95)


def wait(town, person, asked: datetime, answered: datetime | None, due_days=3, closed=False):
    thread = Thread(person_id=person.id, unit_id=town.gp.id, subject="Spørsmål",
                    created_by_id=person.id, last_message_at=asked,
                    status="closed" if closed else "open")
    db.session.add(thread)
    db.session.flush()
    db.session.add(Message(thread_id=thread.id, author_id=person.id, author_role="citizen",
                           body="?", created_at=asked,
                           answer_due_at=asked + timedelta(days=due_days)))
    if answered:
        db.session.add(Message(thread_id=thread.id, author_id=town.employees[0].person_id,
                               author_role="staff", body="!", created_at=answered))
    db.session.flush()


def test_messages_answered_within_the_promise_and_the_median_time(town):
    asked = at(date(2026, 2, 2), 8)
    for hours in (2, 4, 6, 30):
        wait(town, town.inhabitant(), asked, asked + timedelta(hours=hours))
    wait(town, town.inhabitant(), asked, asked + timedelta(days=5))  # late
    wait(town, town.inhabitant(), asked, None)  # never answered, promise passed: late
    wait(town, town.inhabitant(), asked, None, closed=True)  # "thanks", closed: left out
    found = work.messages(town.own, town.portal, PERIOD)
    assert found.table.rows == [("Testvik legekontor", 6, pytest.approx(400 / 6), 6)]
    assert found.own == pytest.approx(400 / 6)


def application(town, person, sent: datetime, decided: datetime, services, *, interim=None):
    case = Application(person_id=person.id, submitted_by_id=person.id, unit_id=town.office.id,
                       state="decided", case_number=f"TEST-{next(CASE_NUMBERS)}", services=services, form_data={}, submitted_at=sent,
                       interim_reply_at=interim)
    db.session.add(case)
    db.session.flush()
    db.session.add(Decision(application_id=case.id, outcome="granted", reasons="…",
                            decided_by_id=person.id, decided_at=decided, services=[
                                ServiceDecision(service=s, outcome="granted",
                                                starts_on=decided.date(), fee_rule="free")
                                for s in services]))
    db.session.flush()
    return case


def test_processing_time_per_service_and_interim_replies(town):
    sent = at(date(2026, 1, 10))
    for days, interim in ((10, None), (20, None), (30, None), (40, sent), (50, sent)):
        application(town, town.inhabitant(), sent, sent + timedelta(days=days),
                    ["home_nursing"], interim=interim)
    application(town, town.inhabitant(), sent, sent + timedelta(days=5), ["safety_alarm"])
    rows = work.cases(town.own, town.portal, PERIOD).table.rows
    assert rows[0][1:] == (5, 30, 50, 40.0)
    assert rows[1][1:] == (None, None, None, None)  # one safety alarm: suppressed


def test_appeals_and_what_became_of_them(town):
    sent = at(date(2026, 1, 10))
    for n in range(6):
        case = application(town, town.inhabitant(), sent, sent + timedelta(days=10),
                           ["home_nursing"])
        db.session.add(CaseEvent(application_id=case.id, kind="appealed",
                                 at=sent + timedelta(days=20)))
        db.session.add(CaseEvent(application_id=case.id,
                                 kind="reversed" if n < 5 else "forwarded",
                                 at=sent + timedelta(days=30)))
    db.session.flush()
    found = work.appeals(town.own, town.portal, PERIOD)
    assert [r[1] for r in found.table.rows] == [6, 5, None, None]
    assert found.own == pytest.approx(500 / 6)


def appointments(town, plan: list[tuple[str, str]], *, start=date(2026, 2, 2)):
    """Add appointments at the GP office, one person each: (channel, status) pairs."""
    kind = VisitType(unit_id=town.gp.id, code="vanlig", name_nb="Time", name_nn="Time",
                     name_en="Appointment", duration_minutes=20)
    db.session.add(kind)
    db.session.flush()
    for n, (channel, status) in enumerate(plan):
        begins = at(start + timedelta(days=n))
        slot = Slot(unit_id=town.gp.id, visit_type_id=kind.id, start_at=begins,
                    end_at=begins + timedelta(minutes=20))
        db.session.add(slot)
        db.session.flush()
        person = town.inhabitant()
        db.session.add(Appointment(slot_id=slot.id, person_id=person.id,
                                   booked_by_id=person.id, channel=channel, status=status,
                                   start_at=slot.start_at, end_at=slot.end_at,
                                   created_at=begins - timedelta(days=7)))
    db.session.flush()


def test_the_share_booked_in_the_portal_per_unit(town):
    """DOMAIN.md, "Appointments": the booking channel is kept for the statistics."""
    appointments(town, [("self", "attended")] * 6 + [("staff", "attended")] * 4)
    found = work.self_booked(town.own, town.portal, PERIOD)
    assert found.table.rows == [("Testvik legekontor", 10, 60.0)]
    assert found.own == 60.0


def test_no_shows_booked_in_the_portal_against_booked_by_the_unit(town):
    """DOMAIN.md, "Appointments": self-booked appointments have fewer no-shows, and the
    municipality wants to see it. Cancelled and future appointments do not count."""
    appointments(town, [("self", "attended")] * 9 + [("self", "no_show")]
                 + [("staff", "attended")] * 3 + [("staff", "no_show")]
                 + [("self", "cancelled"), ("staff", "booked")])
    rows = work.no_shows(town.own, town.portal, PERIOD).table.rows
    assert [r[1:] for r in rows] == [(10, 10.0), (None, None)]  # four staff-booked: suppressed
    assert str(rows[0][0]) == "Testvik legekontor: Booked by the person"


def test_percentiles_are_nearest_rank_from_a_counted_distribution():
    assert percentile([(1, 1), (2, 1), (3, 1), (4, 1), (5, 1)], 50) == 3
    assert percentile([(5, 1), (1, 9)], 90) == 1
    assert percentile([(5, 1), (1, 9)], 91) == 5
    assert percentile([], 50) is None


def test_a_row_is_suppressed_below_5_people():
    """DOMAIN.md, "Management insight": 4 people is "fewer than 5"; 5 is shown."""
    assert row("x", 4, 4, 50.0) == ("x", None, None)
    assert row("x", 5, 5, 50.0) == ("x", 5, 50.0)
