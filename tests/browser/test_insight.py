"""The insight dashboard and the home-care page in a real browser (issue 18).

Tone, head of health and care in Ørland, opens /insight/, changes the period, downloads a
CSV, and sets a target; the dashboard passes axe in nb, nn and en at 360 px. Ola sees his
home-care visits on his phone; Ingrid sees them acting for him.
"""

import csv
import io

import pytest

from tests.browser.test_frame import BY_NAME, LANGUAGES, log_in
from tests.browser.test_journal import act_for

TONE, OLA, INGRID = (BY_NAME[n] for n in ("Tone", "Ola", "Ingrid"))


def test_tone_changes_the_period_and_downloads_a_csv(open_tab):
    tone = open_tab("desktop")
    page = log_in(tone, TONE, "en")
    page = tone.submit(page.get_by_role("link", name="Open the insight dashboard"))
    assert tone.path == "/insight/"
    assert page.get_by_role("heading", level=1).inner_text() == "Insight for Ørland kommune"
    assert page.locator("#continuity svg").count() == 1
    page.get_by_label("Period").select_option("3")
    page = tone.submit(page.get_by_role("button", name="Show"))
    assert "period=3" in page.url
    assert page.get_by_label("Period").input_value() == "3"
    with page.expect_download() as download:
        page.locator("#continuity").get_by_role("link", name="as CSV").click()
    rows = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    assert rows[0][:2] == ["Continuity of care in home care", "Ørland kommune"]
    assert rows[1][0] == "Team"
    for values in rows[2:]:
        assert values[1] == "fewer than 5" or int(values[1]) >= 5


def test_tone_sets_a_target(open_tab):
    tone = open_tab("phone")
    log_in(tone, TONE, "en")
    page = tone.visit("/insight/targets?lang=en")
    page.get_by_label("Occupancy of nursing homes, percent").fill("120")
    page = tone.submit(page.get_by_role("button", name="Save"), status=400)
    assert "Write a percentage from 1 to 100." in page.locator("main").inner_text()
    page.get_by_label("Occupancy of nursing homes, percent").fill("93")
    page = tone.submit(page.get_by_role("button", name="Save"))
    assert "The targets are saved." in page.locator("main").inner_text()
    assert "93" in page.locator("#occupancy").inner_text()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_dashboard_in_every_language_at_360(open_tab, lang):
    tone = open_tab("narrow")
    log_in(tone, TONE, lang)
    page = tone.visit(f"/insight/?lang={lang}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.parametrize("lang", LANGUAGES)
def test_ola_and_ingrid_see_the_home_care_visits(open_tab, lang):
    ola = open_tab("narrow")
    log_in(ola, OLA, lang)
    page = ola.visit(f"/home-care/?lang={lang}")
    assert page.locator("table").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    ingrid = open_tab("phone")
    log_in(ingrid, INGRID, lang)
    act_for(ingrid, OLA)
    page = ingrid.visit(f"/home-care/?lang={lang}")
    assert "Hjemmetjenesten Ørland" in page.locator("main").inner_text()
