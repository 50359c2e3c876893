"""Hidden things are explained where they are hidden (issue 16, item 6; DOMAIN.md,
"Children": parents of 12-15-year-olds see less, and nothing from 16)."""

from flask import render_template

from tests.client import JONAS, KARI, LIV, PortalClient, text_of


def _menu(page) -> list[str]:
    return [text_of(a) for a in page.select("nav.site-nav--wide a")]


def test_the_menu_leaves_out_what_a_parent_of_a_14_year_old_may_not_open(client):
    """Rule: parents of 12-15 see no results (unless shared) and no messages: the menu does
    not lead to a refusal."""
    client.login_as(KARI)
    own = _menu(client.get_page("/home?lang=en"))
    assert "Test results" in own and "Messages" in own
    client.act_for(JONAS)
    page = client.get_page("/home?lang=en")
    menu = _menu(page)
    assert "Test results" not in menu and "Messages" not in menu
    assert "Appointments" in menu and "My journal" in menu
    for link in page.select("nav.site-nav--wide a"):
        assert client.get(link["href"]).status_code == 200, link["href"]


def test_act_for_others_says_why_a_child_of_16_is_not_listed(client):
    """Rule: from 16 a young person manages their own information; the parent is told why
    Sara is not in the list, and that she can give a power of attorney."""
    client.login_as(KARI)
    page = client.get_page("/representation/?lang=en")
    buttons = [text_of(b) for b in page.select("form[action='/representation/act'] button")]
    assert "Act for Sara Nordmann" not in buttons
    note = text_of(page.select_one(".of-age"))
    assert note.startswith("Sara Nordmann is 16 and is not listed: from 16, young people manage")
    assert "power of attorney" in note


def test_someone_without_children_of_16_gets_no_such_note(client):
    client.login_as(LIV)
    assert client.get_page("/representation/?lang=en").select_one(".of-age") is None


def test_the_menus_question_is_not_the_pages_decision(app, other_app, db_session,
                                                       database_url_for_tests):
    """The menu asks the access decision for the person one acts for; that must not count as
    the page's own decision, or a view that forgot to ask would slip past the fail-closed
    check (portal/access/web.py) whenever someone acts for another."""
    portal_app = other_app(DATABASE_URL=database_url_for_tests, TESTING=True,
                           PORTAL_TEST_LOGIN=True, SQLITE_SAVEPOINTS=True)

    @portal_app.get("/forgot-to-ask")
    def forgot_to_ask():
        return render_template("base.html")

    portal_app.test_client_class = PortalClient
    with portal_app.test_client() as other:
        other.login_as(KARI)
        other.act_for(JONAS)
        assert other.get("/forgot-to-ask").status_code == 500


def test_a_kept_menu_marks_each_page_speaks_each_language_and_is_not_kept_while_acting(client):
    """The menu of a citizen's own pages is made once per page area and language and kept
    (issue 22); acting for a 14-year-old it is asked of the decision again (issue 16)."""
    client.login_as(KARI)
    for _ in range(2):  # the second round is served from what the first kept
        home = client.get_page("/home?lang=en")
        assert home.select_one('nav.site-nav--wide a[aria-current="page"]')["href"] == "/home"
        results = client.get_page("/results/?lang=nn")
        assert results.select_one('nav.site-nav--wide a[aria-current="page"]')["href"] == "/results/"
        assert "Prøvesvar" in _menu(results) and "Test results" in _menu(home)
    client.act_for(JONAS)
    assert "Test results" not in _menu(client.get_page("/home?lang=en"))
    client.post_form("/representation/self", {}, from_page="/home")
    assert "Test results" in _menu(client.get_page("/home?lang=en"))
