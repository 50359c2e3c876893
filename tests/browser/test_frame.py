"""The foundation in a real browser: every persona logs in, in every language, and passes axe."""

import pytest

from portal import bundle
from portal.demo.personas import PERSONAS, UNITS

LANGUAGES = ("nb", "nn", "en")
BY_NAME = {persona.given_name: persona for persona in PERSONAS}
KARI, ANNE = BY_NAME["Kari"], BY_NAME["Anne"]
UNIT_NAMES = {unit.code: unit.name for unit in UNITS}

# Desktop: every persona in every language. Phone: every persona in bokmål, and a citizen
# and a staff member in the other two languages (the layout does not depend on who it is).
LOGINS = [(p, lang, "desktop") for p in PERSONAS for lang in LANGUAGES]
LOGINS += [(p, "nb", "phone") for p in PERSONAS]
LOGINS += [(p, lang, "phone") for p in (KARI, ANNE) for lang in LANGUAGES[1:]]
PUBLIC_PAGES = [("/", 200), ("/accessibility", 200), ("/auth/login", 200),
                ("/auth/logged-out", 200), ("/no-such-page", 404)]


def persona_button(page, persona):
    """Return the test login page's button for a persona, found by its number, not its text."""
    return page.locator(f'form:has(input[name="pid"][value="{persona.national_id}"]) '
                        'button[type="submit"]')


def log_in(tab, persona, lang: str = "nb", unit: str | None = None):
    """Log in through the test login page in a language and return the landing page.

    Staff who work at several units land on the choice of unit first: the helper chooses
    `unit` (a unit code), by default the persona's first, as a person would.
    """
    page = tab.visit(f"/auth/test-login?lang={lang}")
    assert page.locator("html").get_attribute("lang") == lang
    page = tab.submit(persona_button(page, persona))
    if tab.path == "/staff/unit":
        page.get_by_label(UNIT_NAMES[unit or persona.unit], exact=True).check()
        page = tab.submit(page.locator("main form button[type=submit]"))
    return page


@pytest.mark.parametrize(("persona", "lang", "viewport"), LOGINS,
                         ids=[f"{p.given_name}-{lang}-{v}" for p, lang, v in LOGINS])
def test_persona_logs_in_and_lands_on_their_page(open_tab, persona, lang, viewport):
    tab = open_tab(viewport)
    page = log_in(tab, persona, lang)
    assert page.locator("html").get_attribute("lang") == lang
    main = page.locator("main").inner_text()
    if persona.is_staff:
        assert tab.path == "/staff/"
        assert persona.name in main and UNIT_NAMES[persona.unit] in main
    else:
        assert tab.path == "/home"
        assert persona.given_name in page.locator("main h1").inner_text()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("path", "status"), PUBLIC_PAGES, ids=[p for p, _ in PUBLIC_PAGES])
def test_public_pages_pass_axe_on_desktop(desktop, path, status, lang):
    page = desktop.visit(f"{path}?lang={lang}", status=status)
    assert page.locator("html").get_attribute("lang") == lang


@pytest.mark.parametrize(("path", "status"), PUBLIC_PAGES, ids=[p for p, _ in PUBLIC_PAGES])
def test_public_pages_pass_axe_on_a_phone(phone, path, status):
    phone.visit(path, status=status)


@pytest.mark.parametrize("who", [None, KARI, ANNE], ids=["visitor", "citizen", "staff"])
def test_skip_link_is_first_and_moves_focus_to_main(desktop, who):
    page = log_in(desktop, who) if who else desktop.visit("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "ds-skip-link" in focused, f"Tab first reached {focused!r}, not the skip link"
    assert page.locator(".ds-skip-link").bounding_box()["width"] > 1, "focused but not shown"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_login_works_without_javascript(open_tab):
    tab = open_tab(javascript=False)
    page = log_in(tab, KARI)
    assert tab.path == "/home"
    assert "Kari" in page.locator("main h1").inner_text()


def test_logout_ends_the_session(desktop):
    page = log_in(desktop, KARI)
    desktop.submit(page.locator('header form[action="/auth/logout"] button'))
    assert desktop.path == "/auth/logged-out"
    desktop.back()
    assert desktop.path == "/auth/login", "back after logout showed a logged-in page"
    desktop.visit("/home")
    assert desktop.path == "/auth/login"
    assert "Kari" not in page.locator("body").inner_text()


def test_no_page_asks_a_third_party_for_anything(desktop):
    """Fonts, stylesheets and everything else come from the portal itself."""
    requested = []
    desktop.page.on("request", lambda request: requested.append(request.url))
    page = log_in(desktop, KARI, "en")
    desktop.visit("/results/")
    desktop.visit("/records/")
    assert page.evaluate("document.fonts.check('16px Inter')"), "Inter is not loaded"
    foreign = [url for url in requested
               if not url.startswith(desktop.base_url) and not url.startswith("data:")]
    assert requested and foreign == []


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_menu_folds_behind_one_button_on_a_phone(open_tab, javascript):
    """Issue 19, item 1: at phone width the menu is one button (a <details>, so it works
    without JavaScript), and the header leaves room for the page."""
    tab = open_tab("narrow", javascript=javascript)
    page = log_in(tab, KARI, "en")
    assert page.locator(".site-nav--wide").is_hidden()
    fold = page.locator(".site-nav--narrow details")
    assert fold.is_visible() and fold.get_attribute("open") is None
    assert page.locator(".site-nav--narrow a", has_text="Messages").is_hidden()
    header = page.locator("header.site-header").bounding_box()["height"]
    assert header < 240, f"the header takes {header:.0f} px of a 740 px phone screen"
    page.locator(".site-nav--narrow summary").click()
    link = page.locator(".site-nav--narrow a", has_text="Messages")
    assert link.is_visible()
    tab.submit(link)
    assert tab.path == "/messages/"


def test_the_menu_is_a_plain_list_on_a_wide_screen(desktop):
    page = log_in(desktop, KARI, "en")
    assert page.locator(".site-nav--narrow").is_hidden()
    assert page.locator(".site-nav--wide a", has_text="Messages").is_visible()


def test_the_stylesheet_is_read_whole(desktop):
    """Issue 19, item 2: the built stylesheet parses to the end in a real browser (a
    minifier that breaks one rule silently drops the rest), and its rules apply."""
    page = desktop.visit("/?lang=en")
    served = bundle.build()
    css = served.assets[served.names["portal.css"]].bodies["identity"].decode()
    assert page.evaluate("document.styleSheets.length") == 1
    assert page.evaluate("document.styleSheets[0].cssRules.length") == len(
        bundle.statements(css))
    skip = page.locator(".ds-skip-link").bounding_box()
    assert skip["width"] <= 1 and skip["height"] <= 1, "the skip link shows before focus"


def test_the_folded_menus_links_are_big_enough_to_tap(open_tab):
    """WCAG 2.5.8 (target size, minimum): each link in the folded menu is at least 24 px
    high, so a thumb hits the one it means."""
    page = log_in(open_tab("narrow"), KARI, "en")
    page.locator(".site-nav--narrow summary").click()
    heights = page.eval_on_selector_all(
        ".site-nav--narrow a", "links => links.map(a => a.getBoundingClientRect().height)")
    assert heights and min(heights) >= 24, heights


@pytest.mark.parametrize("path", ["/home", "/results/", "/appointments/"])
def test_the_page_does_not_shift_as_it_loads(open_tab, path):
    """Issue 19, item 1: no layout shift from the web font or anything else (CLS < 0.1),
    measured by the browser's own layout-shift entries on a phone."""
    tab = open_tab("narrow")
    log_in(tab, KARI, "en")
    page = tab.visit(path)
    page.wait_for_load_state("load")
    shift = page.evaluate("""() => new Promise(resolve => {
        let total = 0;
        new PerformanceObserver(list => {
            for (const entry of list.getEntries()) {
                if (!entry.hadRecentInput) total += entry.value;
            }
        }).observe({type: "layout-shift", buffered: true});
        setTimeout(() => resolve(total), 500);
    })""")
    assert shift < 0.1, f"layout shift {shift:.3f} on {path}"
