"""Secure messages in a real browser: the issue's "Done when" (issue 6; DOMAIN.md, "Secure messages").

Kari writes to the health station on Emma's behalf, with a file; Anne finds it in the team
inbox, takes it and answers; Kari sees the answer with an unread marker, and the outbox
holds a notice for her with no health information in it.
"""


from portal.demo.personas import PERSONAS
from tests.browser import notices
from tests.browser.test_frame import log_in

BY_NAME = {persona.given_name: persona for persona in PERSONAS}
KARI, EMMA, ANNE = BY_NAME["Kari"], BY_NAME["Emma"], BY_NAME["Anne"]
SUBJECT = "Feber etter vaksinen"
QUESTION = "Emma fikk 38,5 i feber kvelden etter vaksinen. Er det vanlig?"
ANSWER = "Ja, litt feber det første døgnet er vanlig. Ring oss om den varer mer enn to døgn."
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def act_for(tab, person):
    """Choose a person on the representation page by the button that names them."""
    page = tab.visit("/representation/?lang=en")
    return tab.submit(page.locator("form[action='/representation/act'] button",
                                   has_text=person.name))


def log_out(tab):
    """Log out with the button in the frame."""
    tab.submit(tab.page.locator("form[action='/auth/logout'] button"))


def outbox_for(tmp_path_factory, national_id: str) -> list[tuple]:
    """Send the live server's due notices, as the job's timer would; return a person's."""
    notices.send(tmp_path_factory)
    return notices.delivered(tmp_path_factory, national_id)


def test_kari_asks_for_emma_anne_answers_and_kari_sees_it(desktop, tmp_path_factory):
    # Kari writes on Emma's behalf, with a file.
    log_in(desktop, KARI, "en")
    act_for(desktop, EMMA)
    page = desktop.visit("/messages/?lang=en")
    assert "call 113" in page.locator(".emergency-notice").inner_text()
    page = desktop.submit(page.get_by_role("link", name="Write a new message"))
    assert "You are writing on behalf of Emma Nordmann" in page.locator("main").inner_text()
    page.get_by_label("To").select_option(label="Helsestasjon Ørland (answers within 3 working days)")
    page.get_by_label("Subject").fill(SUBJECT)
    page.get_by_label("Message").fill(QUESTION)
    page.get_by_label("Attachments (optional)").set_input_files(
        [{"name": "temperatur.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page = desktop.submit(page.get_by_role("button", name="Send message"))
    main = page.locator("main").inner_text()
    assert "Your message has been sent to Helsestasjon Ørland. They answer by" in main
    assert "Kari Nordmann on behalf of Emma Nordmann" in main and "temperatur.pdf" in main
    log_out(desktop)

    # Anne finds it in the team inbox from her workspace, takes it and answers.
    page = log_in(desktop, ANNE, "en")
    page = desktop.submit(page.locator(".inbox-notice").get_by_role("link",
                                                                    name="Go to the team inbox"))
    row = page.locator(".inbox-table tbody tr", has_text=SUBJECT)
    assert "Emma Nordmann" in row.inner_text() and "Nobody" in row.inner_text()
    page = desktop.submit(row.get_by_role("link", name=SUBJECT))
    assert "Kari Nordmann on behalf of Emma Nordmann" in page.locator(".message-list").inner_text()
    page = desktop.submit(page.get_by_role("button", name="Take"))
    assert "Anne Berg" in page.locator(".thread-facts").inner_text()
    page.get_by_label("Message").fill(ANSWER)
    page = desktop.submit(page.get_by_role("button", name="Send answer"))
    assert "Kari Nordmann (e-mail)" in page.locator("main").inner_text()
    page = desktop.visit("/staff/messages/?tab=mine&lang=en")
    assert "Answered" in page.locator(".inbox-table tbody tr", has_text=SUBJECT).inner_text()
    log_out(desktop)

    # Kari sees that there is an answer, and reads it with its unread marker.
    page = log_in(desktop, KARI, "en")
    emma = page.locator(".home-person", has_text="Emma Nordmann")
    assert "unread message for Emma Nordmann" in emma.inner_text()
    act_for(desktop, EMMA)
    page = desktop.visit("/messages/?lang=en")
    row = page.locator(".thread-row", has_text=SUBJECT)
    assert "1 unread" in row.inner_text()
    page = desktop.submit(row.get_by_role("link", name=SUBJECT))
    answer = page.locator(".message", has_text=ANSWER)
    assert "Anne Berg, Helsestasjon Ørland" in answer.inner_text()
    assert answer.locator(".ds-tag", has_text="New").count() == 1
    page = desktop.visit("/messages/?lang=en")
    assert page.locator(".thread-row--unread", has_text=SUBJECT).count() == 0

    # The job tells Kari, and Emma, with no health information.
    notices = outbox_for(tmp_path_factory, KARI.national_id)
    assert [(channel, recipient) for channel, recipient, *_ in notices] == [
        ("email", "kari.nordmann@example.no")]
    assert outbox_for(tmp_path_factory, EMMA.national_id)
    for _channel, _recipient, subject, body in notices:
        for secret in ("Feber", "vaksine", "Helsestasjon", "Emma"):
            assert secret not in subject + body


def test_the_thread_and_form_fit_a_phone(phone):
    log_in(phone, KARI, "nb")
    page = phone.visit("/messages/?lang=nb")
    page = phone.submit(page.locator(".thread-row h3 a").first)
    assert page.locator("textarea").count() == 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways on a phone ({width}px)"
    page = phone.visit("/messages/new?lang=nb")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
