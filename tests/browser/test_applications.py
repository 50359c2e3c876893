"""Applications in a real browser (issue 7): the whole path from applying to the appeal.

DOMAIN.md, "Applications for municipal services": the form asks who applies on whose behalf;
submitting gives a case number; the case office receives, assesses and decides with reasons,
scope and fee; the applicant appeals; the municipality reconsiders and sends the appeal to
the county governor. Both sides read the same timeline.
"""

from datetime import timedelta

from portal.clock import today
from portal.demo.personas import PERSONAS
from tests.browser.test_frame import log_in
from tests.browser.test_journal import act_for

BY_NAME = {persona.given_name: persona for persona in PERSONAS}
OLA, INGRID, PER, LIV = (BY_NAME[n] for n in ("Ola", "Ingrid", "Per", "Liv"))


def button(page, name: str):
    """Return the main area's button (or link) with exactly this name."""
    return page.locator("main").get_by_role("button", name=name, exact=True)


def apply_for_home_nursing(tab):
    """Fill in and send the application step by step; return the receipt page."""
    page = tab.visit("/applications/?lang=en")
    page = tab.submit(button(page, "Start a new application"))
    assert "Ingrid Hansen applies for Ola Hansen with a power of attorney (Full)." in page.locator(
        "main").inner_text()
    page.fill("#relationship", "Datter")
    page = tab.submit(button(page, "Continue"))
    # A step sent without an answer says what is missing, next to the field and at the top.
    page = tab.submit(button(page, "Continue"), status=400)
    assert "Choose whether you want to give a next of kin." in page.locator(
        ".ds-error-summary").inner_text()
    page.check("#has_next_of_kin-0")
    page.fill("#name", "Ingrid Hansen")
    page.fill("#relation", "Datter")
    page.fill("#phone", "985 00 059")
    page = tab.submit(button(page, "Continue"))
    assert page.input_value("#office") == "Ørland legekontor"  # from the register
    page = tab.submit(button(page, "Continue"))
    page.check("#services-home_nursing")
    page = tab.submit(button(page, "Continue"))
    page.fill("#need", "Far trenger hjelp med insulin morgen og kveld etter sykehusoppholdet.")
    page = tab.submit(button(page, "Continue"))
    page.check("#consent_gp")
    page.check("#declaration")
    page = tab.submit(button(page, "Continue to check and send"))
    assert "Home nursing" in page.locator(".answers").inner_text()
    return tab.submit(button(page, "Send the application"))


def test_ingrid_applies_per_decides_ingrid_appeals_per_forwards(open_tab):
    ingrid, per = open_tab(), open_tab()
    log_in(ingrid, INGRID, "en")
    act_for(ingrid, OLA)
    page = apply_for_home_nursing(ingrid)
    number = page.locator(".case-number").inner_text()
    assert number.startswith(f"{today().year}/")
    page = ingrid.submit(page.locator("main a", has_text="Follow the case"))
    case_path = ingrid.path

    log_in(per, PER, "en")
    page = per.visit("/staff/?lang=en")
    assert "new application to receive" in page.locator(".case-notice").inner_text()
    page = per.visit("/staff/applications/?lang=en&service=home_nursing")
    page = per.submit(page.locator("td a", has_text=number))
    staff_path = per.path
    page = per.submit(button(page, "Mark as received"))
    page.fill("#assess-visit_date", (today() + timedelta(days=2)).isoformat())
    page.fill("#assess-visit_time", "10:30")
    page.fill("#assess-notes", "Bor alene, trapp til soverommet. Trenger hjelp morgen og kveld.")
    page = per.submit(button(page, "Register"))
    page.check("#decide-home_nursing__outcome-1")
    page.fill("#decide-home_nursing__starts_on", (today() + timedelta(days=4)).isoformat())
    page.fill("#decide-home_nursing__scope", "Hjemmesykepleie hver morgen fra mandag.")
    page.fill("#decide-reasons", "Kveldsbehovet dekkes av familien, som bor i nærheten.")
    page = per.submit(button(page, "Make the decision"))
    assert "Decided" in page.locator(".case-facts").inner_text()

    page = ingrid.visit(case_path + "?lang=en")
    page = ingrid.submit(page.locator(".timeline a", has_text="Read the decision letter"))
    letter = page.locator("main").inner_text()
    assert "Partly granted" in letter and "Kveldsbehovet dekkes av familien" in letter
    page = ingrid.visit(case_path + "?lang=en")
    page = ingrid.submit(page.locator("main a", has_text="Appeal the decision"))
    page.fill("#reasons", "Familien bor i Trondheim og kan ikke hjelpe hver kveld.")
    page = ingrid.submit(button(page, "Send the appeal"))
    assert "Appealed" in page.locator(".case-facts").inner_text()

    page = per.visit(staff_path + "?lang=en")
    page.fill("#forward-note", "Kommunen mener kveldsbehovet er dekket og fastholder vedtaket.")
    page = per.submit(button(page, "Send to Statsforvalteren i Trøndelag"))
    staff_timeline = page.locator(".timeline").inner_text()

    page = ingrid.visit(case_path + "?lang=en")
    assert page.locator(".timeline").inner_text() == staff_timeline
    titles = page.locator(".timeline__title").all_inner_texts()
    assert titles == ["Application sent", "Application received by the case office",
                      "Home visit planned", "Assessment registered", "Decision made",
                      "Appeal received", "Appeal sent to the appeal body"]
    assert "Sent to the appeal body" in page.locator(".case-facts").inner_text()


def test_ola_follows_his_safety_alarm_case_on_a_phone(phone):
    log_in(phone, OLA, "nb")
    page = phone.visit("/applications/?lang=nb")
    page = phone.submit(page.locator(".case-row h3 a", has_text="Trygghetsalarm"))
    assert page.locator(".timeline__item").count() == 3
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways on a phone ({width}px)"
    phone.visit("/applications/services?lang=nb")


def test_liv_saves_a_draft_without_javascript(open_tab):
    tab = open_tab(javascript=False)
    log_in(tab, LIV, "en")
    page = tab.visit("/applications/?lang=en")
    page = tab.submit(button(page, "Start a new application"))
    page.fill("#phone", "400 00 000")
    page = tab.submit(button(page, "Save and finish later"))
    assert tab.path == "/applications/"
    page = tab.submit(page.locator(".case-row a", has_text="Continue"))
    assert "Fill in: Next of kin" in page.locator("main").inner_text()
