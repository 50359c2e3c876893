"""Where a login leads afterwards: only a path on this site (issue 14, item 2).

`next` flows through /auth/login, the test login and the ID-porten callback. Browsers drop
tabs and line breaks from a URL and read a backslash as a slash, so the check judges the
address as a browser would; CR or LF never reaches a header.
"""

import pytest

from portal.auth.flow import safe_next
from tests.client import KARI

HOSTILE = ["/\t/evil.example", "//evil.example", "/\\evil.example", "\\\\evil.example",
           "https://evil.example/home", "javascript:alert(1)", "/\r\nSet-Cookie: x=1",
           "/home\nLocation: //evil.example", " //evil.example", "/\x00/evil.example",
           "http:/evil.example", "evil.example"]


@pytest.mark.parametrize("target", HOSTILE)
def test_only_a_path_on_this_site_is_kept(target):
    assert safe_next(target) is None


@pytest.mark.parametrize(("target", "kept"), [
    ("/results/", "/results/"), ("/results/12?lang=en", "/results/12?lang=en"),
    ("/records/?q=tsh#notes", "/records/?q=tsh")])
def test_a_path_of_the_portal_is_kept(target, kept):
    assert safe_next(target) == kept


@pytest.mark.parametrize("raw", ["/%09/evil.example", "//evil.example", "/%5Cevil.example",
                                 "/%0D%0ALocation:%20//evil.example", "/%0A/evil.example"])
def test_login_never_leads_elsewhere_and_never_fails(client, raw):
    client.login_as(KARI)
    response = client.get(f"/auth/login?next={raw}")
    assert response.status_code == 302
    assert response.location == "/home"
    client.get("/auth/logout")


@pytest.mark.parametrize("raw", ["/\t/evil.example", "/\r\n/evil.example"])
def test_the_test_login_never_leads_elsewhere(client, raw):
    response = client.post_form("/auth/test-login", {"pid": KARI, "role": "citizen",
                                                     "next": raw})
    assert response.location == "/home"
