"""The insight dashboard on the synthetic population (DOMAIN.md, "Management insight"): with a
population the size `flask setup` adds, every municipality's work indicators have numbers of
their own rather than "fewer than 5"."""

from datetime import timedelta

from sqlalchemy import select

from portal.demo import population
from portal.insight import services
from portal.insight.base import Period
from portal.insight.work import CHANNELS
from portal.journal.models import Organization
from tests.demo.test_population import TODAY

WORK = ("self-booked", "no-shows", "messages", "cases")


def test_molde_sees_its_own_appointments_messages_and_cases(app, db_session):
    """No-shows self-booked against staff-booked, messages answered in time and processing
    times, for the last 12 months of a population of 3,000."""
    assert population.add(db_session, 3000, seed=1, today=TODAY) == 3000
    molde = db_session.scalar(select(Organization).where(Organization.code == "molde"))
    with app.test_request_context("/?lang=en"):
        found = {i.code: i for i in services.dashboard(
            molde, Period.months_back(12, TODAY - timedelta(days=1)))}
    assert {code: found[code].own is not None for code in WORK} == dict.fromkeys(WORK, True)
    assert 55 <= found["self-booked"].own <= 75
    assert 1 <= found["no-shows"].own <= 6  # of the self-booked
    staff = [r for r in found["no-shows"].table.rows if str(CHANNELS["staff"]) in str(r[0])]
    assert staff and staff[0][2] > found["no-shows"].own  # the unit's bookings are missed more
    assert 50 <= found["messages"].own <= 95
    assert 14 <= found["cases"].own <= 42  # median days
