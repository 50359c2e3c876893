"""The nightly figures: the page reads what the job stored, and gets the same answers as
computing them live (issue 18, item 4: fast at municipal scale)."""

from datetime import timedelta

import pytest
from sqlalchemy import event, func, select

from portal import db
from portal.clock import today
from portal.insight import figures, services
from portal.insight.base import PERIODS, Period
from portal.insight.models import StoredFigures
from tests import factories
from tests.client import TONE, text_of


def tables(found):
    return {i.code: ([tuple(map(str, r)) for r in i.table.rows], i.own, i.portal)
            for i in found}


@pytest.fixture
def request_ctx(app, db_session):
    """A request context: the page's figures are noted in it."""
    with app.test_request_context("/?lang=en"):
        yield


@pytest.fixture
def orland(request_ctx):
    return factories.unit("orland")


def statements(app, action):
    """Run an action and return the SQL statements it made."""
    seen = []
    engine = app.extensions["engine"]

    def note(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", note)
    return seen


def test_stored_figures_give_the_same_dashboard_as_computing_it(app, orland):
    period = Period.months_back(12, today())
    live = tables(services.dashboard(orland, period))
    assert figures.computed_at() is None
    stored = services.store_figures(today(), db.utcnow())
    count = db.session.scalar(select(func.count()).select_from(StoredFigures))
    assert stored == count > 0
    made = statements(app, lambda: services.dashboard(orland, period))
    assert tables(services.dashboard(orland, period)) == live
    # Read from the store: no query of the rows themselves.
    assert not [s for s in made if "home_care_visit" in s or "login_event" in s]


def test_every_period_offered_is_stored_for_every_municipality(app, orland):
    services.store_figures(today(), db.utcnow())
    for months in PERIODS.values():
        made = statements(app, lambda m=months: services.dashboard(
            orland, Period.months_back(m, today())))
        assert not [s for s in made if "home_care_visit" in s]


def test_the_job_replaces_todays_figures_and_removes_old_ones(orland):
    now = db.utcnow()
    db.session.add(StoredFigures(key="old", computed_at=now - timedelta(days=3), rows=[]))
    first = services.store_figures(today(), now)
    second = services.store_figures(today(), now + timedelta(hours=1))
    assert first == second == db.session.scalar(select(func.count())
                                                 .select_from(StoredFigures))
    assert db.session.scalar(select(StoredFigures).where(StoredFigures.key == "old")) is None


def test_the_page_says_when_the_figures_were_computed(app, client):
    client.login_as(TONE, role="staff", lang="en")
    assert "The figures were computed now." in text_of(client.get_page("/insight/"))
    with app.test_request_context("/?lang=en"):
        services.store_figures(today(), db.utcnow())
        db.session.commit()  # inside: the context's end removes the session
    page = text_of(client.get_page("/insight/"))
    assert "they are computed again every night" in page


def test_the_job_runs_from_the_command_line(app, db_session):
    result = app.test_cli_runner().invoke(args=["jobs", "insight-figures"])
    assert result.exit_code == 0, result.output
    assert "sets of figures" in result.output
