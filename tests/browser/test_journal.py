"""Acting for others, the journal and results in a real browser (issues 3, 4 and 8)."""

import pytest

from portal.demo.personas import PERSONAS
from tests.browser.test_frame import LANGUAGES, log_in

BY_NAME = {persona.given_name: persona for persona in PERSONAS}
KARI, EMMA, JONAS, OLA, INGRID, LIV, NILS = (
    BY_NAME[n] for n in ("Kari", "Emma", "Jonas", "Ola", "Ingrid", "Liv", "Nils"))


def act_for(tab, person):
    """Choose a person on the representation page by the button that names them."""
    page = tab.visit("/representation/?lang=en")
    button = page.locator("form[action='/representation/act'] button", has_text=person.name)
    return tab.submit(button)


def test_kari_acts_for_emma_and_the_reads_show_in_emmas_log(desktop):
    log_in(desktop, KARI, "en")
    page = act_for(desktop, EMMA)
    assert "You are acting for Emma Nordmann" in page.locator(".acting-banner").inner_text()
    page = desktop.visit("/records/?lang=en")
    assert page.locator("#growth svg circle").count() == 26  # with head circumference and BMI
    assert page.locator("#vaccinations").get_by_text("DTP-IPV").count() >= 1
    page = desktop.visit("/results/?lang=en")
    assert page.locator(".result-row").count() == 1
    desktop.submit(page.locator(".result-row h3 a").first)
    page = desktop.visit("/access-log/?lang=en")
    log = page.locator(".log-list").inner_text()
    assert "Kari Nordmann (as a parent) saw growth measurements" in log
    assert "Kari Nordmann (as a parent) saw test results" in log  # grouped by day (issue 19)
    page = desktop.submit(page.locator(".acting-banner button"))
    assert page.locator(".acting-banner").count() == 0


def test_kari_acting_for_jonas_never_sees_his_confidential_visit(desktop):
    log_in(desktop, KARI, "en")
    page = act_for(desktop, JONAS)
    # The menu leads only where Kari may go for Jonas (issue 16, item 6).
    menu = page.locator("nav.site-nav--wide a").all_inner_texts()
    assert "Test results" not in menu and "Messages" not in menu and "Appointments" in menu
    page = desktop.visit("/records/?lang=en")
    text = page.locator("main").inner_text()
    assert "Samtale" not in text and "Vaccinations" in text
    assert page.locator("section.record-section").count() == 1
    page = desktop.visit("/results/?lang=en", status=403)  # results only when he shares them
    assert "Parents do not see test results" in page.locator("main").inner_text()


def test_kari_cannot_act_for_sara(desktop):
    log_in(desktop, KARI, "en")
    page = desktop.visit("/representation/?lang=en")
    buttons = page.locator("form[action='/representation/act'] button").all_inner_texts()
    assert buttons == ["Act for Emma Nordmann", "Act for Jonas Nordmann"]
    # and is told why (issue 16, item 6)
    assert "Sara Nordmann is 16 and is not listed" in page.locator(".of-age").inner_text()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_ingrid_sees_olas_critical_potassium_in_red_with_words(desktop, lang):
    words = {"nb": "Kritisk høy", "nn": "Kritisk høg", "en": "Critical high"}[lang]
    log_in(desktop, INGRID, lang)
    act_for(desktop, OLA)
    page = desktop.visit(f"/results/?lang={lang}")
    critical = page.locator(".result-row.tone-red")
    assert critical.count() == 1
    assert "⇈" in critical.locator(".flag").inner_text()
    assert words in critical.locator(".flag").inner_text()
    name = {"nb": "Kalium", "nn": "Kalium", "en": "Potassium (Kalium)"}[lang]
    assert critical.locator("h3 a").inner_text() == name
    page = desktop.submit(critical.locator("h3 a"))
    assert page.locator(".range-bar svg").count() == 1
    assert page.locator("table.ds-table tbody tr").count() == 2
    # What to do now (DOMAIN.md, "Lab results"), with numbers a phone can call.
    advice = page.locator(".critical-advice")
    assert advice.locator("a[href='tel:116117']").count() == 1
    assert advice.locator("a[href='tel:113']").count() == 1


def test_ola_opens_a_test_page_with_trend_on_a_phone(phone):
    log_in(phone, OLA, "nb")
    page = phone.visit("/results/?lang=nb&test=NPU27300")
    page = phone.submit(page.locator(".result-row h3 a").first)
    assert page.locator("svg.chart circle").count() == 16
    # The axis labels stay readable at phone width (issue 16, item 1: they were about 5 px).
    smallest = page.evaluate("Math.min(...[...document.querySelectorAll('svg.chart .chart-label')]"
                             ".map(t => t.getBoundingClientRect().height))")
    assert smallest >= 10, f"chart labels are {smallest:.1f} px high on a phone"
    inside = page.evaluate("""() => { const svg = document.querySelector('svg.chart');
        const box = svg.getBoundingClientRect();
        return [...svg.querySelectorAll('circle')].every(c => { const r = c.getBoundingClientRect();
            return r.top >= box.top - 1 && r.bottom <= box.bottom + 1; }); }""")
    assert inside, "a point is drawn outside the chart"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways on a phone ({width}px)"


def test_ola_reads_his_discharge_summary_and_print_view(desktop):
    log_in(desktop, OLA, "nn")
    page = desktop.visit("/records/?lang=nn")
    page = desktop.submit(page.locator("#letters h3 a", has_text="Epikrise"))
    assert "Innlagt med høyt kalium" in page.locator("main").inner_text()
    desktop.submit(page.locator("a[href$='/print']"))


def test_liv_sees_helpful_empty_states(desktop):
    log_in(desktop, LIV, "en")
    for path, words in (("/records/?lang=en", "Your journal is empty so far"),
                        ("/results/?lang=en", "No test results yet"),
                        ("/representation/?lang=en", "You cannot act for anyone right now."),
                        ("/access-log/?lang=en", "Nobody else has read")):
        assert words in desktop.visit(path).locator("main").inner_text()


def test_giving_a_power_of_attorney_with_a_typo_explains_itself(desktop):
    log_in(desktop, LIV, "en")
    page = desktop.visit("/representation/powers/new?lang=en")
    page.fill("#national_id", INGRID.national_id)
    page.fill("#family_name", "Hanson")
    page.check("#level-2")
    page = desktop.submit(page.locator("main form button[type=submit]"), status=400)
    assert "We found no one with this national identity number and surname" in page.locator(
        "main").inner_text()
    page.fill("#family_name", "Hansen")
    page = desktop.submit(page.locator("main form button[type=submit]"))
    assert desktop.path == "/representation/"
    assert "Ingrid Hansen" in page.locator("#given-heading + div, #given-heading ~ .power").first.inner_text()


def test_nils_shares_a_held_back_result(desktop):
    """A serious result (category 3) is shared with a comment, after a preview of what the
    person will see (DOMAIN.md, "Lab results"; issue 16, item 3)."""
    log_in(desktop, NILS, "en")
    page = desktop.visit("/staff/results/?lang=en")
    page = desktop.submit(page.locator("td a", has_text="PSA"))
    page = desktop.submit(page.get_by_role("button", name="Preview what Ola Hansen will see"),
                          status=400)  # no comment: refused, nothing shared
    assert "A serious result needs a comment" in page.locator("main").inner_text()
    page.fill("#comment", "Litt forhøyet. Ny prøve om tre måneder. Hilsen Nils Eide")
    page = desktop.submit(page.get_by_role("button", name="Preview what Ola Hansen will see"))
    preview = page.locator(".share-preview").inner_text()
    assert "What Ola Hansen will see" in preview
    assert "Hilsen Nils Eide – Nils Eide" not in preview
    page = desktop.submit(page.get_by_role("button", name="Confirm and share with Ola Hansen"))
    assert "No results are waiting" in page.locator("main").inner_text() or \
        "PSA" not in page.locator("main table").inner_text()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_ola_sees_the_latest_of_each_test_on_a_phone(phone, lang):
    """Issue 19, item 4: one row per test, critical first, with a small trend (axe runs on
    every page the tab shows)."""
    log_in(phone, OLA, lang)
    page = phone.visit(f"/results/?lang={lang}")
    page = phone.submit(page.locator(".view-switch a").nth(1))
    rows = page.locator(".latest-list .result-row")
    assert rows.count() >= 5
    tones = [next(c for c in cls.split() if c.startswith("tone-"))
             for cls in page.locator(".latest-list .result-row").evaluate_all(
                 "rows => rows.map(r => r.className)")]
    rank = {"tone-red": 0, "tone-amber": 1, "tone-green": 2, "tone-neutral": 2}
    assert [rank[t] for t in tones] == sorted(rank[t] for t in tones)
    assert "tone-amber" in tones  # his latest glucose and HbA1c are high
    assert page.locator(".latest-list svg.sparkline").count() >= 3
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways on a phone ({width}px)"


def test_kari_sees_emmas_growth_curves_with_percentiles_on_a_360_px_phone(open_tab):
    """Issue 19, item 5: the WHO percentile curves, labelled in words, with Emma's points and
    a table of percentiles, readable at 360 px; every page passes axe (the tab checks it)."""
    phone = open_tab("phone")
    phone.page.set_viewport_size({"width": 360, "height": 740})
    log_in(phone, KARI, "nb")
    act_for(phone, EMMA)
    page = phone.visit("/records/?lang=nb&section=growth")
    growth = page.locator("#growth")
    assert growth.locator("figure.growth-chart").count() == 4
    assert growth.locator("svg path.chart-curve").count() == 20  # five percentiles, four charts
    for label in ("P3", "P15", "P50", "P85", "P97"):
        assert growth.locator("svg text.chart-label", has_text=label).count() == 4
    assert growth.locator("svg circle").count() == 26
    assert "WHO Child Growth Standards 2006" in growth.locator(".chart-source").first.inner_text()
    assert "Júlíusson" in growth.locator(".growth-norwegian-note").inner_text()
    assert growth.locator("table").first.locator("thead th").last.text_content() == "Persentil"
    smallest = page.evaluate("Math.min(...[...document.querySelectorAll('#growth svg text')]"
                             ".map(t => t.getBoundingClientRect().height))")
    assert smallest >= 10, f"curve and axis labels are {smallest:.1f} px high at 360 px"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways at 360 px ({width}px)"
