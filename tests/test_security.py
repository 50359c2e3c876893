"""The security baseline (issue 2, item 9)."""

import pytest

from tests.client import KARI


def test_headers_on_every_page(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in response.headers


def test_hsts_when_served_over_https(client):
    response = client.get("/", base_url="https://portal.example")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_session_cookie_is_httponly_and_samesite(client):
    client.login_as(KARI)
    cookie = client.get_cookie("portal_session")
    assert cookie.http_only and cookie.same_site == "Lax"


def test_secure_cookies_when_configured_for_https(monkeypatch, tmp_path):
    from portal import config

    monkeypatch.setenv("PORTAL_HTTPS", "1")
    settings = config.from_environment(tmp_path)
    assert settings["SESSION_COOKIE_SECURE"] and settings["LANG_COOKIE_SECURE"]


def test_no_inline_script_or_style_in_pages(client):
    pages = [client.get_page(url) for url in ("/", "/auth/test-login", "/accessibility")]
    client.login_as(KARI)
    pages.append(client.get_page("/home"))
    for url, page in zip(("/", "/auth/test-login", "/accessibility", "/home"), pages, strict=True):
        assert not [s for s in page.find_all("script") if not s.get("src")], url
        assert not page.find_all("style"), url
        assert not page.select("[style]"), url


@pytest.mark.parametrize("path", ["/auth/logout", "/auth/test-login"])
def test_every_post_needs_a_csrf_token(client, path):
    assert client.post(path, data={"pid": KARI, "role": "citizen"}).status_code == 400


def test_pages_that_need_login_send_to_login(client):
    response = client.get("/home")
    assert response.status_code == 302
    assert response.location.startswith("/auth/login")
