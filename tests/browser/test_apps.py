"""Connecting an app in a real browser (issue 17, item 2; DOMAIN.md, "Representation" and
"Access log (innsyn i logg)").

An operator registers an app with `flask apps add`. Ingrid, with Ola's Full power of
attorney, connects it to Ola's journal on her phone: the consent page lists what the app will read and offers the people she may
act for; she chooses Ola and allows it. The app exchanges its code (with its PKCE verifier)
and reads Ola's results; Ingrid sees the app under Connected apps and disconnects it, after
which its token is refused; Ola sees in his access log that Ingrid read through the app.
Every page passes axe; the consent page in all three languages at 360 px.
"""

import base64
import hashlib
import os
import secrets
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests

from portal.demo.apps import DEMO_CLIENT_ID, DEMO_REDIRECTS
from tests.browser import notices
from tests.browser.test_frame import BY_NAME, LANGUAGES, log_in

INGRID, OLA = BY_NAME["Ingrid"], BY_NAME["Ola"]
APP_PAGE = ("<!doctype html><html lang='en'><head><title>Treningsdagbok</title></head>"
            "<body><main><h1>Treningsdagbok</h1><p>Connected.</p></main></body></html>")


class _AppPage(BaseHTTPRequestHandler):
    """The app's own page, where the browser lands with the code."""

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        body = APP_PAGE.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args):
        """Keep the test output quiet."""


@pytest.fixture
def app_site():
    """Serve the app's page on a port of its own; yield its callback address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _AppPage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/callback"
    server.shutdown()
    server.server_close()


def _register(tmp_path_factory, callback: str) -> str:
    """Register an app on the live server's database with `flask apps add`, as an operator
    would; return its client id."""
    client_id = f"treningsdagbok-{secrets.token_hex(4)}"
    env = {**os.environ, "DATABASE_URL": notices.database_url(tmp_path_factory)}
    subprocess.run([sys.executable, "-m", "flask", "--app", "app", "apps", "add",
                    "Treningsdagbok", "--redirect-uri", callback, "--client-id", client_id],
                   cwd=notices.ROOT, env=env, check=True, capture_output=True)
    return client_id


def _authorize_path(live_server: str, challenge: str, client_id: str = DEMO_CLIENT_ID,
                    callback: str = DEMO_REDIRECTS[0]) -> str:
    """Return the address the app sends the browser to, naming the API's audience."""
    metadata = requests.get(f"{live_server}/fhir/metadata", timeout=10).json()
    params = {"response_type": "code", "client_id": client_id, "redirect_uri": callback,
              "scope": "launch/patient offline_access patient/*.rs", "state": "s1",
              "aud": metadata["implementation"]["url"], "code_challenge": challenge,
              "code_challenge_method": "S256"}
    return "/oauth/authorize?" + urlencode(params)


def _pkce() -> tuple[str, str]:
    """Return a verifier and its S256 challenge."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).decode().rstrip("=")


def test_ingrid_connects_an_app_to_olas_journal_and_disconnects_it(
        open_tab, live_server, app_site, tmp_path_factory):
    client_id = _register(tmp_path_factory, app_site)
    verifier, challenge = _pkce()
    ingrid = open_tab("phone")
    log_in(ingrid, INGRID, "en")
    page = ingrid.visit(_authorize_path(live_server, challenge, client_id, app_site)
                        + "&lang=en")
    main = page.locator("main").inner_text()
    assert "Treningsdagbok asks to read a journal" in main
    assert "Test results and measurements" in main
    page.get_by_label("Ola Hansen").check()
    page = ingrid.submit(page.get_by_role("button", name="Allow Treningsdagbok to read"))
    assert page.url.startswith(app_site)
    back = parse_qs(urlsplit(page.url).query)
    assert back["state"] == ["s1"]

    token = requests.post(f"{live_server}/oauth/token", timeout=10, data={
        "grant_type": "authorization_code", "code": back["code"][0], "redirect_uri": app_site,
        "client_id": client_id, "code_verifier": verifier}).json()
    bearer = {"Authorization": f"Bearer {token['access_token']}"}
    found = requests.get(f"{live_server}/fhir/Observation",
                         params={"patient": token["patient"], "category": "laboratory"},
                         headers=bearer, timeout=10)
    assert found.status_code == 200 and found.json()["total"] > 0

    page = ingrid.visit("/apps/?lang=en")
    page = ingrid.submit(page.get_by_role("button", name="Disconnect Treningsdagbok"))
    assert "Treningsdagbok can no longer read the journal." in page.locator("main").inner_text()
    refused = requests.get(f"{live_server}/fhir/Patient", headers=bearer, timeout=10)
    assert refused.status_code == 401

    ola = open_tab("phone")
    log_in(ola, OLA, "en")
    page = ola.visit("/access-log/?lang=en")
    assert "Ingrid Hansen (with a power of attorney) saw test results through the app " \
           "Treningsdagbok" in page.locator("main").inner_text()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_consent_page_in_every_language_at_360(open_tab, live_server, lang):
    tab = open_tab("narrow")
    log_in(tab, INGRID, lang)
    page = tab.visit(_authorize_path(live_server, _pkce()[1]) + f"&lang={lang}")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    tab.visit(f"/apps/?lang={lang}")
