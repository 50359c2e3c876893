"""Staff menus follow what the unit does (issue 16, item 8)."""

import pytest

from tests.client import ANNE, NILS, PER, TONE, text_of


@pytest.mark.parametrize(("who", "expected"), [
    (NILS, ["Staff workspace", "Results to share", "Renewal requests", "Team inbox",
           "Appointments", "Send a questionnaire"]),
    (ANNE, ["Staff workspace", "Team inbox", "Appointments", "Send a questionnaire"]),
    (PER, ["Staff workspace", "Applications"]),
    (TONE, ["Staff workspace", "Insight"]),
])
def test_the_staff_menu_has_what_the_unit_does(client, who, expected):
    """A health station shares no results and handles no applications; a case office has no
    inbox or day list; the municipality's leader has the workspace and the insight dashboard
    (issue 18)."""
    client.login_as(who, "staff")
    page = client.get_page("/staff/?lang=en")
    menu = [text_of(a) for a in page.select("nav.site-nav--wide a")]
    assert menu == expected
    for link in page.select("nav.site-nav--wide a"):
        assert client.get(link["href"]).status_code == 200, link["href"]
