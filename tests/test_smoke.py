"""The frame: pages every visitor meets."""

from tests.client import text_of


def test_start_page_links_to_login(client):
    page = client.get_page("/")
    assert page.find("a", href="/auth/login")


def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_is_answered_before_the_frame(client):
    """Issue 22: no session, language or form token is read, and nothing is set."""
    response = client.head("/healthz")
    assert response.status_code == 200 and response.data == b""
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Set-Cookie" not in client.get("/healthz?lang=en").headers


def test_templates_are_compiled_once_outside_debugging(app):
    """Issue 22, item 3: no template is checked for changes on every request in production."""
    assert not app.debug and app.jinja_env.auto_reload is False


def test_footer_has_emergency_numbers_and_accessibility_statement(client):
    page = client.get_page("/")
    footer = text_of(page.find("footer"))
    assert "113" in footer and "116 117" in footer
    assert page.find("footer").find("a", href="/accessibility")
