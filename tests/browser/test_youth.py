"""A young person's confidence in a real browser (issue 13; DOMAIN.md, "Children 12-15").

Jonas (14) books a talk at the youth health station with a note and writes to it; Kari,
acting for him, sees neither the appointment, the note nor any notice; Anne, working for
the youth health station, sees the booking in her day list and answers the message; Jonas
reads the answer. Every page passes axe.
"""

from datetime import UTC, datetime

from portal.clock import OSLO
from portal.demo.personas import PERSONAS
from tests.browser import notices
from tests.browser.test_frame import log_in
from tests.browser.test_journal import act_for

BY_NAME = {persona.given_name: persona for persona in PERSONAS}
KARI, JONAS, ANNE = BY_NAME["Kari"], BY_NAME["Jonas"], BY_NAME["Anne"]
NOTE = "Tror jeg kan ha klamydia, ikke si det til mamma"
SUBJECT = "Spørsmål jeg vil stille alene"
QUESTION = "Kan jeg komme til dere uten at foreldrene mine får vite det?"
ANSWER = "Ja, det kan du. Vi har taushetsplikt. Velkommen innom på tirsdag."


def _booked_day(tmp_path_factory) -> str:
    """Return the Oslo date of Jonas's newest booking, read from the live server's database."""
    ((start,),) = notices.query(
        tmp_path_factory, "SELECT appointment.start_at FROM appointment JOIN person "
        "ON person.id = appointment.person_id WHERE person.national_id = :pid "
        "ORDER BY appointment.id DESC LIMIT 1", pid=JONAS.national_id)
    moment = datetime.fromisoformat(start) if isinstance(start, str) else start
    if moment.tzinfo is None:  # SQLite keeps UTC without a zone
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(OSLO).date().isoformat()


def test_jonas_books_and_writes_in_confidence_and_anne_answers(open_tab, tmp_path_factory):
    first_notice, first_delivery = notices.last_ids(tmp_path_factory)
    try:
        # Jonas books a talk with a note, on his phone; the note's words say who reads it.
        jonas = open_tab("phone")
        log_in(jonas, JONAS, "en")
        page = jonas.visit("/appointments/book?lang=en")
        page = jonas.submit(page.locator(".visit-type h3 a",
                                         has_text="Talk at the youth health station"))
        page = jonas.submit(page.locator(".time-list a").first)
        hint = page.locator("#reason-hint").inner_text()
        assert "Only you and the staff at Helsestasjon for ungdom can read the note" in hint
        page.get_by_label("What is the appointment about? (optional)").fill(NOTE)
        page = jonas.submit(page.get_by_role("button", name="Book this time"))
        assert "The appointment is booked" in page.locator("main").inner_text()
        booked = jonas.path

        # ... and writes to the youth health station himself.
        page = jonas.visit("/messages/new?lang=en")
        page.get_by_label("To").select_option(
            label="Helsestasjon for ungdom (answers within 3 working days)")
        page.get_by_label("Subject").fill(SUBJECT)
        page.get_by_label("Message").fill(QUESTION)
        page = jonas.submit(page.get_by_role("button", name="Send message"))
        assert "Your message has been sent to Helsestasjon for ungdom" in page.locator(
            "main").inner_text()

        # Kari, acting for him, sees nothing of it, and is told nothing.
        kari = open_tab("desktop")
        log_in(kari, KARI, "en")
        act_for(kari, JONAS)
        page = kari.visit("/appointments/?lang=en")
        text = page.locator("main").inner_text()
        assert NOTE not in text and "youth" not in text.lower()
        kari.visit(booked + "?lang=en", status=404)
        page = kari.visit("/messages/?lang=en", status=403)
        assert SUBJECT not in page.content()
        notices.send(tmp_path_factory)
        assert notices.delivered(tmp_path_factory, KARI.national_id, first_delivery) == []
        told = notices.delivered(tmp_path_factory, JONAS.national_id, first_delivery)
        assert len(told) == 1 and NOTE not in told[0][3] and "ungdom" not in told[0][3]

        # Anne works for the youth health station: the booking is in her day list ...
        anne = open_tab("desktop")
        page = log_in(anne, ANNE, "en", unit="helsestasjon-ungdom")
        assert "Helsestasjon for ungdom" in page.locator(".site-user").inner_text()
        page = anne.visit(f"/staff/appointments/?day={_booked_day(tmp_path_factory)}&lang=en")
        assert "Jonas Nordmann" in page.locator(".day-table").inner_text()
        # ... and Jonas's message in the team's inbox, which she answers.
        page = anne.visit("/staff/messages/?lang=en")
        row = page.locator(".inbox-table tbody tr", has_text=SUBJECT)
        page = anne.submit(row.get_by_role("link", name=SUBJECT))
        page.get_by_label("Message").fill(ANSWER)
        page = anne.submit(page.get_by_role("button", name="Send answer"))
        assert "Jonas Nordmann (e-mail)" in page.locator("main").inner_text()
        assert "Kari" not in page.locator(".ds-alert").first.inner_text()

        # Jonas reads the answer.
        page = jonas.visit("/messages/?lang=en")
        page = jonas.submit(page.locator(".thread-row", has_text=SUBJECT).get_by_role(
            "link", name=SUBJECT))
        assert ANSWER in page.locator(".message-list").inner_text()
    finally:
        notices.forget(tmp_path_factory, first_notice)


def test_jonas_sees_what_his_mother_sees(open_tab):
    tab = open_tab("phone")
    log_in(tab, JONAS, "nb")
    page = tab.visit("/representation/sharing?lang=nb")
    box = page.locator("section", has_text="Dette ser Kari Nordmann nå")
    assert "Timeavtaler: 1 oppføring" in box.inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways on a phone ({width}px)"
    tab.visit("/representation/sharing?lang=nn")
    tab.visit("/representation/sharing?lang=en")


def test_anne_changes_unit_from_the_header(open_tab):
    tab = open_tab("phone")
    page = log_in(tab, ANNE, "nn")
    page = tab.submit(page.get_by_role("link", name="Byt eining"))
    page.get_by_label("Helsestasjon for ungdom", exact=True).check()
    page = tab.submit(page.locator("main form button[type=submit]"))
    assert "Helsestasjon for ungdom" in page.locator(".site-user").inner_text()
