"""Questionnaires in a real browser (issue 21): Kari's talk at the health station comes
with the EPDS; she answers it on her phone, a section at a time, and sends it; Anne sees
the score and the flag in her day list, and opens the answers in one click. The pages pass
axe in all three languages at 360 px (a before-your-visit form Anne sends to Ola).
"""

import pytest

from tests.browser import notices
from tests.browser.test_frame import BY_NAME, LANGUAGES, log_in

KARI, ANNE, OLA = BY_NAME["Kari"], BY_NAME["Anne"], BY_NAME["Ola"]
PART_1 = {"I have been able to laugh": "Not quite so much now",
          "I have looked forward with enjoyment": "Rather less than I used to",
          "I have blamed myself": "Yes, most of the time",
          "I have been anxious or worried": "Yes, sometimes",
          "I have felt scared or panicky": "Yes, sometimes"}
PART_2 = {"Things have been getting on top of me": "Yes, sometimes I haven't been coping",
          "difficulty sleeping": "Not very often", "I have felt sad or miserable": "Not very often",
          "I have been crying": "Only occasionally",
          "The thought of harming myself": "Hardly ever"}


def _choose(page, answers: dict) -> None:
    """Choose an answer in each question's group, found by the question's words."""
    for question, answer in answers.items():
        group = page.locator("fieldset", has_text=question)
        group.get_by_label(answer).check()


def _appointment_day(tmp_path_factory) -> str:
    """Return the Oslo date of Kari's talk at the health station, from the live database."""
    ((start,),) = notices.query(
        tmp_path_factory, "SELECT appointment.start_at FROM questionnaire_response JOIN "
        "appointment ON appointment.id = questionnaire_response.appointment_id JOIN person "
        "ON person.id = questionnaire_response.person_id WHERE person.national_id = :pid",
        pid=KARI.national_id)
    return str(start)[:10]


def test_kari_answers_the_epds_and_anne_sees_the_score_and_flag(open_tab, tmp_path_factory):
    kari = open_tab("phone")
    log_in(kari, KARI, "en")
    page = kari.visit("/home?lang=en")
    page = kari.submit(page.get_by_role("link", name="Answer the questionnaire"))
    assert "Part 1 of 2" in page.locator("main").inner_text()
    _choose(page, PART_1)
    page = kari.submit(page.get_by_role("button", name="Save and continue"))
    assert "Part 2 of 2" in page.locator("main").inner_text()
    _choose(page, PART_2)
    page = kari.submit(page.get_by_role("button", name="Save and review"))
    assert "Check your answers" in page.locator("h1").inner_text()
    page = kari.submit(page.get_by_role("button", name="Send the answers"))
    assert "Thank you. The answers are sent to Helsestasjon Ørland." in page.locator(
        "main").inner_text()

    anne = open_tab("desktop")
    log_in(anne, ANNE, "en", unit="helsestasjon-orland")
    page = anne.visit(f"/staff/appointments/?day={_appointment_day(tmp_path_factory)}&lang=en")
    row = page.locator(".day-table tbody tr", has_text="Kari Nordmann")
    # 1 + 1 + 3 + 2 + 2 | 2 + 1 + 1 + 1 + 1 = 15: over 12, and item 10 above 0.
    assert "Questionnaire answered: score 15" in row.inner_text()
    assert "Needs attention" in row.inner_text()
    page = anne.submit(row.get_by_role("link", name="Questionnaire answered"))
    text = page.locator("main").inner_text()
    assert "Score 15 of 30" in text and "harming oneself" in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_questionnaire_pages_in_every_language_at_360(open_tab, lang):
    anne = open_tab("narrow")
    log_in(anne, ANNE, lang, unit="helsestasjon-orland")
    page = anne.visit(f"/staff/questionnaires/send?lang={lang}")
    page.locator("#national_id").fill(OLA.national_id)
    page.locator("#questionnaire").select_option("before-visit")
    anne.submit(page.locator("main form button[type=submit]"))

    ola = open_tab("narrow")
    log_in(ola, OLA, lang)
    page = ola.visit(f"/questionnaires/?lang={lang}")
    page = ola.submit(page.locator("main .entry a").first)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.locator("#q-topic").fill("Kontroll")
    page.locator("#q-changed-no").check()
    page = ola.submit(page.locator("button[value=next]"))
    page.locator("#q-other-medicines-no").check()
    page = ola.submit(page.locator("button[value=next]"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page = ola.submit(page.locator("main form button[type=submit]"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
