"""My journal (issue 8): sections with their source, the 12-15 rules, documents, search."""

import pytest
from sqlalchemy import select

from portal.audit import AccessLogEntry
from portal.journal.entries import DocumentEntry
from portal.journal.models import Person
from portal.records.references import package_version
from tests.client import EMMA, INGRID, JONAS, KARI, LIV, OLA, text_of


def pid(session, number):
    return session.scalar(select(Person.id).where(Person.national_id == number))


def sections(page) -> list[str]:
    return [s["id"] for s in page.select("section.record-section")]


def test_ola_sees_his_journal_with_sources(client):
    client.login_as(OLA)
    page = client.get_page("/records/?lang=en")
    text = text_of(page)
    assert sections(page) == ["notes", "letters", "medications", "problems", "vaccinations", "plans"]
    assert "Epikrise fra St. Olavs hospital, medisinsk avdeling St. Olavs hospital" in text
    assert "Metformin 500 mg tablett" in text and "Ramipril 5 mg kapsel" in text
    stopped = text_of(page.find("section", id="medications")).split("Stopped medicines")[1]
    assert "Ramipril" in stopped and "Metformin" not in stopped
    assert "Diabetes mellitus type 2 (E11.9) Since" in text
    assert "Ørland legekontor · Nils Eide" in text


GROWTH_WORDS = {
    "nb": (["Høyde (cm) etter alder", "Vekt (kg) etter alder", "Hodeomkrets (cm) etter alder",
            "KMI (kg/m²) etter alder"], "Kurver: WHO Child Growth Standards 2006 (0–5 år)",
           "Tabeller fra Python-pakken", "Persentil"),
    "nn": (["Høgd (cm) etter alder", "Vekt (kg) etter alder", "Hovudomkrins (cm) etter alder",
            "KMI (kg/m²) etter alder"], "Kurver: WHO Child Growth Standards 2006 (0–5 år)",
           "Tabellar frå Python-pakken", "Persentil"),
    "en": (["Height (cm) by age", "Weight (kg) by age", "Head circumference (cm) by age",
            "BMI (kg/m²) by age"], "Curves: WHO Child Growth Standards 2006 (0–5 years)",
           "Tables from the Python package", "Percentile"),
}


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_emmas_growth_charts_show_who_percentiles_and_cite_the_source(client, lang):
    """Issue 19, item 5: four charts over the WHO percentile curves for a girl, with the
    source under each, and the Norwegian 2013 references said to be missing here."""
    titles, cited, package, percentile = GROWTH_WORDS[lang]
    client.login_as(KARI)
    client.act_for(EMMA)
    growth = client.get_page(f"/records/?lang={lang}&section=growth").find("section", id="growth")
    figures = growth.select("figure.growth-chart")
    assert [f.figcaption.get_text() for f in figures] == titles
    assert [c.get_text() for c in growth.select("table caption")] == titles
    for figure in figures:
        svg = figure.svg
        assert svg.title.get_text() in titles and svg.desc.get_text()
        assert len(svg.select("path.chart-curve")) == 5
        assert [t.get_text() for t in svg.select("text.chart-label")][-5:] == [
            "P3", "P15", "P50", "P85", "P97"]
        source = text_of(figure.select_one(".chart-source"))
        assert cited in source and f"{package} pygrowthstandards {package_version()}" in source
    # Her charts reach 6 years: the WHO 2007 reference is cited, head circumference stops at 5.
    assert "WHO Growth Reference 2007 (5–19" in text_of(figures[0])
    assert "WHO Growth Reference 2007" not in text_of(figures[2])
    assert "Júlíusson" in text_of(growth.select_one(".growth-norwegian-note"))
    heights = growth.select("table")[0]
    assert heights.thead.select("th")[-1].get_text() == percentile
    assert all(row.select("td")[-1].get_text().isdigit() for row in heights.tbody.select("tr"))
    assert heights.tbody.tr.select("td")[-1]["data-label"] == percentile  # named on a phone


def test_newest_first(client, db_session):
    client.login_as(OLA)
    page = client.get_page("/records/?lang=en&section=letters")
    titles = [a.get_text() for a in page.select("#letters h3 a")]
    assert titles[0].startswith("Innkalling") and titles[1].startswith("Epikrise")


def test_kari_sees_her_hypothyroidism_and_levothyroxine(client):
    client.login_as(KARI)
    text = text_of(client.get_page("/records/?lang=en"))
    assert "Hypotyreose (E03.9)" in text and "Levaxin (levotyroksin)" in text


def test_kari_acting_for_emma_sees_growth_and_vaccinations_and_is_logged(client, db_session):
    """Rule: a parent of a child of 0-11 sees everything, and the read is logged."""
    client.login_as(KARI)
    client.act_for(EMMA)
    page = client.get_page("/records/?lang=en")
    assert {"notes", "vaccinations", "growth"} <= set(sections(page))
    growth = page.find("section", id="growth")
    # seven visits with height, weight and BMI, five with head circumference
    assert len(growth.select("svg circle")) == 26
    assert growth.select("table caption")[0].get_text() == "Height (cm) by age"
    programme = text_of(page.find("section", id="vaccinations"))
    assert "Due now in the childhood immunisation programme: DTP-IPV (7 years (2nd grade))" in programme
    logged = db_session.scalars(select(AccessLogEntry.what).where(
        AccessLogEntry.subject_id == pid(db_session, EMMA))).all()
    assert {"notes", "vaccinations", "growth", "medications"} <= set(logged)


def test_kari_acting_for_jonas_sees_only_what_12_to_15_allows(client, db_session):
    """Rule: 12-15, no notes or documents; confidential entries never."""
    client.login_as(KARI)
    client.act_for(JONAS)
    page = client.get_page("/records/?lang=en")
    assert sections(page) == ["vaccinations"]
    assert "Samtale" not in text_of(page)
    note = db_session.scalar(select(DocumentEntry.id).where(
        DocumentEntry.person_id == pid(db_session, JONAS)))
    for url in (f"/records/documents/{note}", f"/records/documents/{note}/print"):
        refused = client.get(url + "?lang=en")
        # The rule in plain words, the same for any id: nothing of the note, nor that it exists.
        assert refused.status_code == 403
        assert b"aged 12 to 15" in refused.data and b"Samtale" not in refused.data
    assert db_session.scalars(select(AccessLogEntry).where(
        AccessLogEntry.what == "notes")).all() == []  # a refused read is never logged


def test_jonas_sees_his_own_confidential_note(client, db_session):
    client.login_as(JONAS)
    page = client.get_page("/records/?lang=en")
    assert "Samtale på helsestasjon for ungdom" in text_of(page)
    note = db_session.scalar(select(DocumentEntry.id).where(
        DocumentEntry.person_id == pid(db_session, JONAS)))
    assert "Confidential" in text_of(client.get_page(f"/records/documents/{note}?lang=en"))


def test_jonas_shares_notes_but_the_confidential_one_stays_hidden(client, db_session):
    kari = pid(db_session, KARI)
    client.login_as(JONAS)
    client.post_form("/representation/sharing", {"parent_id": kari,
                                                 f"parent-{kari}-categories": "notes_documents"})
    client.post_form("/auth/logout", {}, from_page="/home")
    client.login_as(KARI)
    client.act_for(JONAS)
    page = client.get_page("/records/?lang=en")
    assert "notes" in sections(page)
    assert "Samtale" not in text_of(page)


def test_ingrid_with_full_power_reads_olas_discharge_summary_and_is_logged(client, db_session):
    client.login_as(INGRID)
    client.act_for(OLA)
    summary = db_session.scalar(select(DocumentEntry.id).where(
        DocumentEntry.kind == "discharge_summary"))
    page = client.get_page(f"/records/documents/{summary}?lang=en")
    assert "Innlagt med høyt kalium" in text_of(page)
    entry = db_session.scalar(select(AccessLogEntry).order_by(AccessLogEntry.id.desc()))
    assert (entry.what, entry.resource_id, entry.actor_role) == ("documents", summary,
                                                                 "representative")


def test_someone_elses_document_is_not_found(client, db_session):
    summary = db_session.scalar(select(DocumentEntry.id).where(
        DocumentEntry.kind == "discharge_summary"))
    client.login_as(KARI)
    assert client.get(f"/records/documents/{summary}").status_code == 404
    assert client.get("/records/documents/999999").status_code == 404


def test_print_view_has_no_menus(client, db_session):
    client.login_as(OLA)
    summary = db_session.scalar(select(DocumentEntry.id).where(
        DocumentEntry.kind == "discharge_summary"))
    page = client.get_page(f"/records/documents/{summary}/print?lang=en")
    assert page.find("nav") is None and "Ola Hansen, born 30 June 1959" in text_of(page)


def test_liv_gets_a_helpful_empty_state(client):
    client.login_as(LIV)
    text = text_of(client.get_page("/records/?lang=en"))
    assert "Your journal is empty so far" in text


@pytest.mark.parametrize(("query", "present", "absent"), [
    ("section=medications", "Metformin", "Epikrise"),
    ("q=kalium", "Epikrise", "Metformin"),
    ("q=KALIUM", "Epikrise", "Metformin"),
    ("start=2000-01-01&end=2000-12-31", "Nothing matches the filter", "Metformin"),
])
def test_filter_and_search(client, query, present, absent):
    client.login_as(OLA)
    text = text_of(client.get_page(f"/records/?lang=en&{query}"))
    assert present in text and absent not in text


def test_filter_by_source(client, db_session):
    from portal.journal.models import Organization

    hospital = db_session.scalar(select(Organization.id).where(Organization.code == "st-olavs"))
    client.login_as(OLA)
    text = text_of(client.get_page(f"/records/?lang=en&unit={hospital}"))
    assert "Ramipril" in text and "Metformin" not in text


@pytest.mark.parametrize("query", ["start=2026-11-05&end=2026-11-01", "start=soon",
                                   "section=secrets", "unit=999999"])
def test_bad_filters_get_messages_not_errors(client, query):
    client.login_as(OLA)
    page = client.get_page(f"/records/?lang=en&{query}", status=400)
    assert page.select_one(".ds-error-summary")


def test_summary_pdf(client, db_session):
    client.login_as(KARI)
    client.act_for(EMMA)
    response = client.get("/records/summary.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    assert "attachment" in response.headers["Content-Disposition"]
    assert db_session.scalar(select(AccessLogEntry).where(
        AccessLogEntry.subject_id == pid(db_session, EMMA)))


def test_summary_pdf_for_jonas_acting_parent_leaves_out_what_is_hidden(client, db_session):
    client.login_as(KARI)
    client.act_for(JONAS)
    response = client.get("/records/summary.pdf")
    assert response.status_code == 200
    assert b"Samtale" not in response.data


def test_a_search_says_nothing_matched_not_that_kari_has_no_medicines(client):
    """Issue 16, item 7a: with a search, a section without a match says so and offers to clear
    the search; it never speaks as if Kari had no medicines (she takes Levaxin)."""
    client.login_as(KARI)
    page = client.get_page("/records/?lang=en&q=E03")
    assert "Hypotyreose (E03.9)" in text_of(page.find("section", id="problems"))
    medicines = page.find("section", id="medications")
    assert "No current medicines" not in text_of(medicines)
    assert "Nothing matched your search." in text_of(medicines)
    clear = medicines.select_one(".no-match a")
    assert clear.get_text() == "Clear the search" and clear["href"] == "/records/#medications"


def test_a_search_leaves_the_childs_programme_alone(client):
    """Issue 16, item 7a: a search must not make Emma's given doses look missing or due."""
    client.login_as(KARI)
    client.act_for(EMMA)
    page = client.get_page("/records/?lang=en&q=Seksårskontroll")
    vaccinations = text_of(page.find("section", id="vaccinations"))
    assert "Nothing matched your search." in vaccinations
    assert "Due now" not in vaccinations and "Not registered" not in vaccinations
    assert "No vaccinations recorded" not in vaccinations
