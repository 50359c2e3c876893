"""The home page in a real browser (issue 19, item 3): Kari's day, with a row per child by the
age rules of DOMAIN.md ("Representation"), at 360 px and at desktop width, with axe (WCAG 2.1
A/AA) finding nothing on any page shown; and Liv's empty state."""

import pytest

from tests.browser.test_frame import BY_NAME, log_in

KARI, LIV = BY_NAME["Kari"], BY_NAME["Liv"]


def headings(page) -> list[int]:
    """Return the levels of the headings in main, in document order."""
    return page.evaluate("""() => [...document.querySelectorAll('main h1, main h2, main h3, main h4')]
        .map(h => Number(h.tagName[1]))""")


def fits_the_width(page) -> bool:
    """Tell whether the page needs no sideways scrolling."""
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize(("viewport", "lang"), [("narrow", "en"), ("narrow", "nb"),
                                                ("desktop", "en")])
def test_kari_s_home_page_has_a_row_per_child_and_passes_axe(open_tab, viewport, lang):
    tab = open_tab(viewport)
    page = log_in(tab, KARI, lang)  # lands on /home; axe has checked it
    assert tab.path == "/home"
    levels = headings(page)
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    assert fits_the_width(page)
    rows = page.locator(".home-person")
    assert rows.locator("h3").all_inner_texts() == ["Emma Nordmann", "Jonas Nordmann",
                                                    "Sara Nordmann"]
    assert rows.nth(0).get_attribute("data-rule") == "child"
    assert rows.nth(1).get_attribute("data-rule") == "young"
    sara = rows.nth(2)
    assert sara.get_attribute("data-rule") == "of_age"
    assert sara.locator("button").count() == 0 and sara.locator("a").count() == 0
    if lang == "en":
        assert "no longer see Sara's journal" in sara.inner_text()
        assert "From 12 you see less" in rows.nth(1).inner_text()


def test_kari_starts_acting_for_emma_from_her_row_without_javascript(open_tab):
    tab = open_tab("narrow", javascript=False)
    page = log_in(tab, KARI, "en")
    emma = page.locator(".home-person").filter(has_text="Emma Nordmann")
    page = tab.submit(emma.get_by_role("button", name="Act for Emma Nordmann"))
    assert tab.path == "/home"
    assert page.locator("main h1").inner_text() == "Emma Nordmann's page"
    assert page.locator(".home-person").count() == 0


def test_kari_acting_for_emma_passes_axe_at_360_px(open_tab):
    tab = open_tab("narrow")
    page = log_in(tab, KARI, "en")
    emma = page.locator(".home-person").filter(has_text="Emma Nordmann")
    page = tab.submit(emma.get_by_role("button", name="Act for Emma Nordmann"))
    assert page.locator("main h1").inner_text() == "Emma Nordmann's page"
    assert fits_the_width(page)
    page = tab.submit(page.locator(".acting-banner button[type=submit]"))
    assert page.locator("main h1").inner_text() == "Hello, Kari"


@pytest.mark.parametrize("viewport", ["narrow", "desktop"])
def test_liv_s_empty_state_shows_what_she_can_do(open_tab, viewport):
    tab = open_tab(viewport)
    page = log_in(tab, LIV, "en")
    # Other browser tests may have left Liv a draft on the shared live server, so the words
    # of the empty state are checked by the view tests (tests/home); here, what she can do.
    assert page.locator(".shortcut-list a").all_inner_texts() == [
        "Write a message", "See test results", "Renew a prescription", "Book an appointment",
        "Apply for services"]
    assert fits_the_width(page)
