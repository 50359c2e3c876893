"""The frame: pages every visitor meets."""

from tests.client import text_of


def test_start_page_links_to_login(client):
    page = client.get_page("/")
    assert page.find("a", href="/auth/login")


def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_footer_has_emergency_numbers_and_accessibility_statement(client):
    page = client.get_page("/")
    footer = text_of(page.find("footer"))
    assert "113" in footer and "116 117" in footer
    assert page.find("footer").find("a", href="/accessibility")
