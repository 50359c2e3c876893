"""Logging in and out through the OpenID Connect provider's own pages, in Chromium (issue 9)."""

import pytest

from tests.browser.conftest import VIEWPORTS, seeded_database
from tests.browser.live_server import running
from tests.browser.tab import Tab

KARI = "14838800026"


@pytest.fixture(scope="module")
def oidc_server(oidc_provider, tmp_path_factory):
    """A second live portal whose /auth/login goes to the test provider."""
    folder = tmp_path_factory.mktemp("oidc-server")
    url = seeded_database(folder)
    overrides = {"DATABASE_URL": url, "TESTING": True, "SECRET_KEY": "oidc-browser",
                 "RATELIMIT_ENABLED": False, "OIDC_PROVIDERS": oidc_provider.portal_settings(),
                 "PORTAL_UPLOAD_FOLDER": str(folder / "uploads")}
    with running(overrides, folder / "server.log") as base_url:
        yield base_url


@pytest.fixture
def tab(browser, oidc_server):
    """A desktop tab on the OIDC-configured portal."""
    context = browser.new_context(**VIEWPORTS["desktop"])
    context.set_default_timeout(15_000)
    opened = Tab(context, oidc_server, "desktop")
    yield opened
    opened.close()


def test_citizen_logs_in_and_out_through_the_providers_pages(tab, oidc_provider):
    page = tab.visit("/auth/login?lang=en")
    assert page.url.startswith(oidc_provider.issuer), "not sent to the provider"
    page.fill("#pid", KARI)
    page.select_option("#acr", "idporten-loa-high")
    page = tab.submit(page.locator("button[value=login]"))
    assert tab.path == "/home"
    assert "Kari" in page.locator("main h1").inner_text()
    page = tab.visit("/results/")
    assert page.locator(".result-row").count() > 0
    page = tab.submit(page.locator('header form[action="/auth/logout"] button'))
    assert tab.path == "/auth/logged-out"
    tab.visit("/home")
    assert tab.path != "/home"  # the session is gone: a new login starts
