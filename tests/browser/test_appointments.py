"""Appointments in a real browser (issue 5, "done when"): Kari for Emma and Jonas for himself
book, move and cancel; Anne sees the bookings appear and records attendance; Jonas takes an
earlier time offered from the waiting list (issue 16, item 4)."""

import os
import subprocess
import sys

import pytest

from portal.demo.personas import PERSONAS
from tests.browser import notices
from tests.browser.test_frame import log_in
from tests.browser.test_journal import act_for

BY_NAME = {persona.given_name: persona for persona in PERSONAS}
KARI, EMMA, JONAS, ANNE = (BY_NAME[n] for n in ("Kari", "Emma", "Jonas", "Anne"))


@pytest.fixture
def outbox(live_server, tmp_path_factory):
    """Yield a reader of the e-mail and SMS sent for this test; remove them afterwards.

    Reading runs the sending job first, as its timer would. The live server's database is
    shared by every browser test, and others count the notices their own steps send: what
    this test sends must not linger there.
    """
    first_notice, first_delivery = notices.last_ids(tmp_path_factory)

    def read(national_id: str) -> list[tuple]:
        notices.send(tmp_path_factory)
        return [(subject, body) for _channel, _address, subject, body
                in notices.delivered(tmp_path_factory, national_id, first_delivery)]

    yield read
    notices.forget(tmp_path_factory, first_notice)


def book_later_time(tab, kind: str, nth: int = 0):
    """From the appointments page, book a time of a kind two weeks or more ahead."""
    page = tab.visit("/appointments/?lang=en")
    page = tab.submit(page.locator("a", has_text="Book an appointment"))
    page = tab.submit(page.locator(".visit-type h3 a", has_text=kind))
    page = tab.submit(page.locator(".period-nav a", has_text="Later times"))
    page = tab.submit(page.locator(".time-list a").nth(nth))
    assert "Confirm the booking" in page.locator("h1").inner_text()
    page = tab.submit(page.get_by_role("button", name="Book this time"))
    assert "The appointment is booked" in page.locator("main").inner_text()
    return page


def move_then_cancel(tab, page):
    """Move the appointment shown to a later time, then cancel it; return the index page."""
    page = tab.submit(page.locator("a", has_text="Move to another time"))
    page = tab.submit(page.locator(".period-nav a", has_text="Later times"))
    page = tab.submit(page.locator(".time-list a").nth(3))
    assert "Move the appointment" in page.locator("h1").inner_text()
    page = tab.submit(page.get_by_role("button", name="Move to this time"))
    assert "The appointment is moved" in page.locator("main").inner_text()
    page = tab.submit(page.locator("a", has_text="Cancel the appointment"))
    page = tab.submit(page.get_by_role("button", name="Yes, cancel the appointment"))
    assert "The appointment is cancelled" in page.locator("main").inner_text()
    return page


def test_kari_books_moves_and_cancels_for_emma_and_anne_sees_it(open_tab, outbox):
    kari = open_tab("desktop")
    log_in(kari, KARI, "en")
    act_for(kari, EMMA)
    page = book_later_time(kari, "Talk with the public-health nurse")
    assert "Emma Nordmann" in page.locator(".facts").inner_text()
    calendar = page.locator("a", has_text="Add to your calendar")
    assert calendar.get_attribute("href").endswith("/calendar.ics")
    page = move_then_cancel(kari, page)
    assert "Vaccination" in page.locator("#upcoming-heading + ul").inner_text()
    book_later_time(kari, "Talk with the public-health nurse", nth=1)
    notices = outbox(KARI.national_id)
    assert len(notices) == 4  # booked, moved, cancelled, booked: no health details
    for subject, body in notices:
        for secret in ("Emma", "Helsestasjon", "helsesykepleier", "public-health"):
            assert secret not in subject + body

    anne = open_tab("desktop")
    page = log_in(anne, ANNE, "en")
    notice = page.locator(".booking-notice").inner_text()
    assert "new booking" in notice and "cancellation" in notice
    page = anne.submit(page.locator(".booking-notice a", has_text="See the changes"))
    rows = page.locator("table tbody").inner_text()
    assert "Emma Nordmann" in rows and "Kari Nordmann" in rows and "Cancelled" in rows
    page = anne.submit(page.get_by_role("button", name="Mark these as seen"))
    assert "marked as seen" in page.locator("main").inner_text()

    page = anne.visit("/staff/appointments/?lang=en")
    page = anne.submit(page.locator("#unmarked-heading + ul a", has_text="Emma Nordmann"))
    page.get_by_label("Came", exact=True).check()
    page = anne.submit(page.get_by_role("button", name="Record attendance"))
    assert "Recorded for Emma Nordmann: Attended." in page.locator("main").inner_text()


def test_jonas_books_moves_and_cancels_at_the_youth_health_station(open_tab, outbox):
    tab = open_tab("desktop")
    log_in(tab, JONAS, "en")
    page = book_later_time(tab, "Talk at the youth health station")
    assert "Helsestasjon for ungdom" in page.locator(".facts").inner_text()
    page = move_then_cancel(tab, page)
    assert "No upcoming appointments" not in page.locator("main").inner_text()  # the GP visit
    assert len(outbox(JONAS.national_id)) == 3
    assert outbox(KARI.national_id) == []  # his mother never hears of the youth health station


def test_the_youth_health_station_is_hidden_from_jonas_s_mother(open_tab):
    tab = open_tab("desktop")
    log_in(tab, KARI, "en")
    act_for(tab, JONAS)
    page = tab.visit("/appointments/?lang=en")
    text = page.locator("main").inner_text()
    assert "GP appointment for a child" in text and "youth" not in text.lower()
    page = tab.visit("/appointments/book?lang=en")
    assert "Talk at the youth health station" not in page.locator("main").inner_text()


def test_booking_on_a_phone_does_not_scroll_sideways(open_tab):
    tab = open_tab("narrow")
    log_in(tab, JONAS, "nb")
    page = tab.visit("/appointments/book?lang=nb")
    page = tab.submit(page.locator(".visit-type h3 a").first)
    assert page.locator(".time-list a").count() > 0
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways on a 360 px phone ({width}px)"
    tab.visit("/appointments/?lang=nn")


def run_waitlist_job(tmp_path_factory) -> None:
    """Run `flask jobs waitlist-offers` on the live server's database, as its timer would."""
    env = {**os.environ, "DATABASE_URL": notices.database_url(tmp_path_factory)}
    subprocess.run([sys.executable, "-m", "flask", "--app", "app", "jobs", "waitlist-offers"],
                   cwd=notices.ROOT, env=env, check=True, capture_output=True)


def test_jonas_accepts_an_earlier_time_from_the_waiting_list(open_tab, outbox, tmp_path_factory):
    """Issue 16, item 4: DOMAIN.md, "Appointments": a freed earlier time is offered to the one
    waiting, and accepting it moves the appointment in one step (never two appointments)."""
    kind = "Talk at the youth health station"
    tab = open_tab("desktop")
    log_in(tab, JONAS, "en")
    page = book_later_time(tab, kind, nth=3)
    page = tab.submit(page.get_by_role("button", name="Offer me an earlier time"))
    assert "You are on the waiting list" in page.locator("main").inner_text()
    page = book_later_time(tab, kind, nth=0)  # an earlier time, freed again at once
    page = tab.submit(page.locator("a", has_text="Cancel the appointment"))
    page = tab.submit(page.get_by_role("button", name="Yes, cancel the appointment"))
    run_waitlist_job(tmp_path_factory)
    page = tab.visit("/appointments/?lang=en")
    offer = page.locator(".offer")
    assert "An earlier time is available" in offer.inner_text()
    assert "It replaces the appointment on" in offer.inner_text()
    page = tab.submit(offer.get_by_role("button", name="Accept the earlier time"))
    assert "The earlier time is yours" in page.locator("main").inner_text()
    page = tab.visit("/appointments/?lang=en")
    assert page.locator(".offer").count() == 0
    assert page.locator("#upcoming-heading + ul li", has_text=kind).count() == 1
    page = tab.submit(page.locator("#upcoming-heading + ul a", has_text=kind))
    page = tab.submit(page.locator("a", has_text="Cancel the appointment"))
    tab.submit(page.get_by_role("button", name="Yes, cancel the appointment"))
    assert outbox(KARI.national_id) == []  # his mother never hears of the youth health station


@pytest.mark.parametrize(("persona", "path"), [
    ("Sara", "/appointments/?lang=en"),
    ("Nils", "/staff/appointments/?lang=en"),
    ("Jonas", "/records/?lang=en"),
])
def test_tables_reflow_on_a_phone_and_keep_every_column(open_tab, persona, path):
    """Issue 19, item 1: tables become one card per row at phone width, with every cell
    named by its column (the appointments' status, the staff day list, the programme);
    the page never scrolls sideways."""
    phone = open_tab("narrow")
    log_in(phone, next(p for p in PERSONAS if p.given_name == persona), "en")
    page = phone.visit(path)
    table = page.locator("table.reflow").first
    assert table.count() == 1
    status = table.locator("td[data-label='Status']").first
    assert status.is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways on a 360 px phone ({width}px)"
