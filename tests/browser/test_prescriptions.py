"""Renewing a prescription in a real browser (issue 20; DOMAIN.md, "Representation").

Ola asks on his phone for renewal of the metformin that runs out, with a note; Nils renews
it from his GP office's queue, with Ola's HbA1c beside it; Ola is told (without the medicine
named) and sees the new validity. Ingrid, with Ola's Full power, asks for another of his
medicines; Kari, acting for Jonas (14), cannot see his prescriptions. The page says why a
narcotic or multidose medicine cannot be asked for. Every page passes axe; the pages in all
three languages at 360 px.
"""

import pytest

from portal.clock import today
from tests.browser import notices
from tests.browser.test_frame import BY_NAME, LANGUAGES, log_in
from tests.browser.test_journal import act_for

OLA, NILS, INGRID, KARI, JONAS = (BY_NAME[n] for n in ("Ola", "Nils", "Ingrid", "Kari", "Jonas"))
NOTE = "Går tom før jul"


def _ask(tab, medication: str, note: str = ""):
    """Open the request form of a medicine on the prescriptions page and send it."""
    page = tab.visit("/prescriptions/?lang=en")
    card = page.locator(".entry", has=page.get_by_role("heading", name=medication))
    card.locator("summary").click()
    if note:
        card.get_by_label("A short note to the GP office (optional)").fill(note)
    return tab.submit(card.get_by_role("button", name="Send the request"))


def test_ola_asks_nils_renews_and_ola_sees_the_new_validity(open_tab, tmp_path_factory):
    first_notice, first_delivery = notices.last_ids(tmp_path_factory)
    try:
        ola = open_tab("phone")
        log_in(ola, OLA, "en")
        page = ola.visit("/prescriptions/?lang=en")
        text = page.locator("main").inner_text()
        assert "Runs out soon" in text
        assert "are not renewed online" in text and "multidose list" in text
        page = _ask(ola, "Metformin 500 mg", NOTE)
        assert "The request to renew Metformin is sent to Ørland legekontor" in page.locator(
            "main").inner_text()

        nils = open_tab("desktop")
        log_in(nils, NILS, "en")
        page = nils.visit("/staff/prescriptions/?lang=en")
        page = nils.submit(page.locator("tr", has_text="Ola Hansen").get_by_role(
            "link", name="Metformin 500 mg"))
        text = page.locator("main").inner_text()
        assert NOTE in text and "HbA1c" in text
        page = nils.submit(page.get_by_role("button", name="Renew for one year"))
        assert "The request from Ola Hansen is answered: Renewed." in page.locator(
            "main").inner_text()

        notices.send(tmp_path_factory)
        told = notices.delivered(tmp_path_factory, OLA.national_id, first_delivery)
        assert told and all("Metformin" not in body for _, _, _, body in told)

        page = ola.visit("/prescriptions/?lang=en")
        card = page.locator(".entry", has=page.get_by_role("heading", name="Metformin 500 mg"))
        next_year = today().replace(year=today().year + 1)
        assert f"Valid to {next_year.day} " in card.inner_text()
        assert "Renewed on your request" in card.inner_text()
    finally:
        notices.forget(tmp_path_factory, first_notice)


def test_ingrid_asks_for_ola_and_kari_cannot_for_jonas(open_tab):
    ingrid = open_tab("phone")
    log_in(ingrid, INGRID, "en")
    act_for(ingrid, OLA)
    page = _ask(ingrid, "Sitagliptin 100 mg")
    assert "The request to renew Sitagliptin is sent" in page.locator("main").inner_text()

    kari = open_tab("desktop")
    log_in(kari, KARI, "en")
    page = act_for(kari, JONAS)
    assert page.locator("nav.site-nav--wide a", has_text="Prescriptions").count() == 0
    kari.visit("/prescriptions/?lang=en", status=403)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_pages_in_every_language_at_360(open_tab, lang):
    ola = open_tab("narrow")
    log_in(ola, OLA, lang)
    page = ola.visit(f"/prescriptions/?lang={lang}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    nils = open_tab("narrow")
    log_in(nils, NILS, lang)
    page = nils.visit(f"/staff/prescriptions/?lang={lang}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
