"""The latest result of each test at a glance (issue 19, item 4; DOMAIN.md, "Lab results")."""

from sqlalchemy import event, select

from portal import charts
from portal.audit import AccessLogEntry
from portal.journal.models import Person
from tests.client import INGRID, KARI, OLA, text_of


def _rows(page):
    return [(text_of(li.find("h2")), text_of(li.select_one(".flag"))) for li in
            page.select(".latest-list .result-row")]


def test_one_row_per_test_with_critical_results_first(client):
    """Rule: critical results first (red, symbol and words), then abnormal, then the rest."""
    client.login_as(OLA)
    page = client.get_page("/results/latest?lang=en")
    rows = _rows(page)
    names = [name for name, _ in rows]
    assert len(names) == len(set(names))  # one row per test
    assert "Potassium (Kalium)" in names and "HbA1c" in names and "eGFR" in names
    flags = [flag for _, flag in rows]
    order = [0 if "Critical" in f else 1 if "Normal" not in f and "Not assessed" not in f else 2
             for f in flags]
    assert order == sorted(order)


def test_the_latest_value_and_its_trend_are_told_in_words(client):
    """Each row's trend is a picture for the eye and a sentence for a screen reader."""
    client.login_as(OLA)
    page = client.get_page("/results/latest?lang=en")
    hba1c = next(li for li in page.select(".latest-list .result-row")
                 if text_of(li.find("h2")) == "HbA1c")
    assert hba1c.select_one("svg.sparkline")["aria-hidden"] == "true"
    spoken = text_of(hba1c.select_one(".ds-sr-only"))
    assert spoken.startswith("12 results since ")  # the newest twelve of sixteen
    # The row shows the newest result, and links to it.
    assert hba1c.find("a")["href"].startswith("/results/")


def test_the_view_reads_in_a_few_queries_and_is_logged_for_others(client, db_session, app):
    """The view is one query for the results however many tests; a representative's read is
    written to the person's access log (DOMAIN.md, "Access log")."""
    client.login_as(INGRID)
    client.act_for(OLA)
    engine = app.extensions["engine"]
    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(engine, "before_cursor_execute", count)
    try:
        page = client.get_page("/results/latest?lang=en")
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(_rows(page)) >= 5
    assert len(statements) < 30
    read = db_session.scalars(select(AccessLogEntry).where(
        AccessLogEntry.what == "results",
        AccessLogEntry.subject_id == select(Person.id).where(Person.national_id == OLA)
        .scalar_subquery())).all()
    assert read and {entry.actor_role for entry in read} == {"representative"}


def test_the_switch_between_the_two_views(client):
    client.login_as(KARI)
    page = client.get_page("/results/?lang=en")
    current = page.select_one(".view-switch a[aria-current=page]")
    assert text_of(current) == "By date"
    page = client.get_page("/results/latest?lang=en")
    assert text_of(page.select_one(".view-switch a[aria-current=page]")) == "Latest per test"


def test_a_sparkline_fills_its_box():
    line = charts.sparkline([3.0, 6.8, 2.5])
    coordinates = [tuple(map(float, part[1:].split(","))) for part in line.path.split()]
    assert all(0 <= x <= line.width and 0 <= y <= line.height for x, y in coordinates)
    assert min(y for _, y in coordinates) < line.height / 4 < line.height * 3 / 4 < max(
        y for _, y in coordinates)
    assert charts.sparkline([5.0]).path.startswith("M48.0,12.0")
