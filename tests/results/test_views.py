"""Test results in the browser's words (issue 4; DOMAIN.md, "Lab results")."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, select

from portal.audit import AccessLogEntry
from portal.journal.entries import Observation
from portal.journal.models import Person
from tests.client import EMMA, INGRID, JONAS, KARI, OLA, text_of


def pid(session, number):
    return session.scalar(select(Person.id).where(Person.national_id == number))


def obs(session, number, code, **where):
    query = select(Observation).where(Observation.person_id == pid(session, number),
                                      Observation.code == code)
    for key, value in where.items():
        query = query.where(getattr(Observation, key) == value)
    return session.scalars(query.order_by(Observation.effective_at.desc())).first()


def rows(page):
    return [(text_of(li.find("h3")).replace(" New", ""), text_of(li.select_one(".flag")))
            for li in page.select(".result-row")]


def test_olas_critical_potassium_stands_out_in_red_with_symbol_and_words(client):
    """Rule: never colour alone: colour, symbol and words (WCAG 1.4.1)."""
    client.login_as(OLA)
    page = client.get_page("/results/?lang=en&page=1")
    potassium = [li for li in page.select(".result-row")
                 if "Kalium" in li.get_text() and "6.8" in li.get_text()][0]
    assert "tone-red" in potassium["class"]
    flag = potassium.select_one(".flag")
    assert "flag-red" in flag["class"] and text_of(flag) == "⇈ Critical high"


def test_every_row_has_a_flag_in_words(client):
    client.login_as(OLA)
    page = client.get_page("/results/?lang=en")
    flags = {flag for _, flag in rows(page)}
    assert flags <= {"✓ Normal", "↓ Low", "↑ High", "⇈ Critical high", "⇊ Critical low",
                     "– Not assessed", "! Abnormal"}
    assert all(row.select_one(".result-range") for row in page.select(".result-row"))


def test_newest_first_grouped_by_sample_date(client):
    client.login_as(OLA)
    page = client.get_page("/results/?lang=en")
    days = [h.get("id") for h in page.select(".result-day h2")]
    assert days == sorted(days, reverse=True) and len(days) == len(set(days))


def test_new_marker_for_results_since_the_last_visit(client, db_session):
    client.login_as(KARI)
    first = client.get_page("/results/?lang=en")
    assert not first.select(".result-row .ds-tag[data-color=info]")  # first visit: no baseline
    vitamin_d = obs(db_session, KARI, "NPU10267")
    vitamin_d.released_at = datetime.now(UTC) + timedelta(seconds=1)
    db_session.commit()
    import time_machine

    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=5)):
        second = client.get_page("/results/?lang=en")
    new = [text_of(li.find("h3")) for li in second.select(".result-row")
           if li.select_one(".ds-tag[data-color=info]")]
    assert new == ["Vitamin D (25-OH) New"]


def test_filter_by_test_and_period(client, db_session):
    client.login_as(KARI)
    page = client.get_page("/results/?lang=en&test=NPU03577")
    assert {name for name, _ in rows(page)} == {"TSH"}
    assert len(rows(page)) == 10
    today = datetime.now(UTC).date()
    page = client.get_page(f"/results/?lang=en&start={today - timedelta(days=40)}&end={today}")
    assert {name for name, _ in rows(page)} >= {"TSH", "Ferritin"}
    assert len(rows(page)) < 10


@pytest.mark.parametrize("query", ["start=2026-11-05&end=2026-11-01", "test=NPU00000",
                                   "start=tomorrow"])
def test_bad_filters_answer_with_a_message(client, query):
    client.login_as(KARI)
    page = client.get_page(f"/results/?lang=en&{query}", status=400)
    assert page.select_one(".ds-error-summary")


def test_category_4_never_reaches_the_portal_and_held_back_results_wait(client):
    client.login_as(KARI)
    text = text_of(client.get_page("/results/?lang=en"))
    assert "HFE" not in text
    assert "Vitamin D" not in text  # category 2, issued three days ago


def test_detail_page_has_range_bar_source_explanation_and_trend(client, db_session):
    client.login_as(OLA)
    row = obs(db_session, OLA, "NPU27300")
    page = client.get_page(f"/results/{row.id}?lang=en")
    text = text_of(page)
    assert page.select_one(".range-bar svg rect.range-normal")
    assert "Laboratory Avdeling for medisinsk biokjemi, St. Olavs hospital" in text
    assert "Ordered by Nils Eide, Ørland legekontor" in text
    assert "HbA1c shows your average blood sugar" in text
    assert len(page.select("svg.chart circle")) == 16
    assert len(page.select("#trend-h ~ .table-scroll tbody tr")) == 16
    assert page.select_one("svg.chart rect.chart-band")


def test_preliminary_and_corrected_are_marked(client, db_session):
    client.login_as(OLA)
    page = client.get_page(f"/results/{obs(db_session, OLA, 'NPU02192').id}?lang=en")
    assert "The laboratory may still change this result." in text_of(page)
    client.post_form("/auth/logout", {}, from_page="/home")
    client.login_as(KARI)
    page = client.get_page(f"/results/{obs(db_session, KARI, 'NPU02070').id}?lang=en")
    assert "The laboratory has corrected this result" in text_of(page)


def test_the_labs_word_wins_and_the_page_says_so(client, db_session):
    client.login_as(KARI)
    page = client.get_page(f"/results/{obs(db_session, KARI, 'NPU01700').id}?lang=en")
    assert text_of(page.select_one(".result-detail .flag")) == "↓ Low"
    assert "The laboratory has assessed this result as “Low”, although the value is within" in text_of(page)


def test_someone_elses_or_hidden_result_is_not_found(client, db_session):
    client.login_as(KARI)
    assert client.get(f"/results/{obs(db_session, OLA, 'NPU27300').id}").status_code == 404
    assert client.get(f"/results/{obs(db_session, KARI, 'HFE-GENTEST').id}").status_code == 404
    assert client.get("/results/999999").status_code == 404


def test_emmas_crp_for_kari_is_logged_in_emmas_log(client, db_session):
    """Rule: a parent of a child under 12 sees the child's results; the read is logged."""
    client.login_as(KARI)
    client.act_for(EMMA)
    page = client.get_page("/results/?lang=en")
    assert rows(page) == [("CRP", "↑ High")]
    crp = obs(db_session, EMMA, "NPU19748")
    client.get_page(f"/results/{crp.id}")
    logged = db_session.scalars(select(AccessLogEntry).where(
        AccessLogEntry.subject_id == pid(db_session, EMMA))).all()
    assert {(e.what, e.resource_id, e.actor_role) for e in logged} >= {
        ("results", None, "parent"), ("results", crp.id, "parent")}


def test_jonas_results_are_hidden_from_kari_until_he_shares_them(client, db_session):
    """Rule: 12-15, parents see no results (helsenorge), unless the young person shares them."""
    kari = pid(db_session, KARI)
    client.login_as(KARI)
    client.act_for(JONAS)
    page = client.get_page("/results/?lang=en", status=403)
    assert "Parents do not see test results for young people aged 12 to 15" in text_of(page)
    hb = obs(db_session, JONAS, "NOR05172")
    assert client.get(f"/results/{hb.id}").status_code == 403
    client.post_form("/auth/logout", {}, from_page="/home")
    client.login_as(JONAS)
    client.post_form("/representation/sharing", {"parent_id": kari,
                                                 f"parent-{kari}-categories": "results"})
    client.post_form("/auth/logout", {}, from_page="/home")
    client.login_as(KARI)
    client.act_for(JONAS)
    page = client.get_page("/results/?lang=en")
    assert rows(page) == [("Haemoglobin (Hemoglobin)", "✓ Normal")]
    # What is never shown is said plainly, whether or not anything is hidden (issue 16, item 6).
    assert "never shown to parents of young people aged 12 to 15" in text_of(page)


def test_ingrid_sees_olas_results(client, db_session):
    client.login_as(INGRID)
    client.act_for(OLA)
    page = client.get_page("/results/?lang=en")
    assert ("Potassium (Kalium)", "⇈ Critical high") in rows(page)


def test_liv_has_a_helpful_empty_state(client):
    from tests.client import LIV

    client.login_as(LIV)
    assert "No test results yet" in text_of(client.get_page("/results/?lang=en"))


class QueryCounter:
    def __init__(self, engine):
        self.engine, self.count = engine, 0

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._count)

    def _count(self, *args):
        self.count += 1


def _add_results(session, person_id, n, unit_id):
    from portal.results.catalogue import NLK

    start = datetime(2010, 1, 1, tzinfo=UTC)
    session.execute(Observation.__table__.insert(), [{
        "person_id": person_id, "category": "laboratory", "code_system": NLK,
        "code": "NPU27300" if i % 2 else "NPU03230", "display": "HbA1c" if i % 2 else "Kalium",
        "value_quantity": 40 + i % 30 if i % 2 else 4.0, "unit": "mmol/mol",
        "ref_low": 20, "ref_high": 42, "status": "final", "release_category": 1,
        "released_at": start + timedelta(hours=i), "effective_at": start + timedelta(hours=i),
        "performer_unit_id": unit_id, "confidential": False} for i in range(n)])
    session.commit()


def test_a_fixed_number_of_queries_whatever_the_count(app, client, db_session):
    """Scale: a person with 5,000 results gets the list and a test page in the same queries."""
    from datetime import date

    from tests import factories as make

    unit = make.unit("st-olavs-lab").id
    counts = {}
    for n in (40, 5000):
        person = make.person(date(1950, 1, 1), given=f"Many{n}")
        _add_results(db_session, person.id, n, unit)
        client.post_form("/auth/test-login", {"pid": person.national_id, "role": "citizen"})
        newest = db_session.scalar(select(Observation.id).where(
            Observation.person_id == person.id).order_by(Observation.effective_at.desc()))
        with QueryCounter(app.extensions["engine"]) as listing:
            page = client.get_page("/results/?lang=en")
        with QueryCounter(app.extensions["engine"]) as detail:
            client.get_page(f"/results/{newest}?lang=en")
        counts[n] = (listing.count, detail.count)
        assert len(page.select(".result-row")) == min(n, 50)
        client.post_form("/auth/logout", {}, from_page="/home")
    assert counts[40] == counts[5000]


def test_a_visit_that_shows_nothing_new_writes_nothing(app, client, db_session):
    """Issue 22: no write on a GET that changes nothing. The first visit sets the mark that
    later visits count "new" from; a later visit with nothing released since writes nothing."""
    from sqlalchemy import event

    client.login_as(KARI)
    client.get_page("/results/?lang=en")  # the first visit sets the mark
    writes = []

    def note(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            writes.append(statement)

    engine = app.extensions["engine"]
    event.listen(engine, "before_cursor_execute", note)
    try:
        client.get_page("/results/?lang=en")
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert writes == []
