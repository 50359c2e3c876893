"""Translated error pages with no traceback (issue 2, item 9)."""

import pytest

from tests.client import text_of


@pytest.mark.parametrize(
    ("lang", "words"),
    [("nb", "Vi fant ikke siden"), ("nn", "Vi fann ikkje sida"), ("en", "We could not find the page")],
)
def test_404_is_translated(client, lang, words):
    page = client.get_page(f"/no-such-page?lang={lang}", status=404)
    assert words in text_of(page)
    assert page.find("html")["lang"] == lang


def test_500_shows_a_plain_page_and_no_traceback(app, client, monkeypatch):
    def boom():
        raise RuntimeError("secret internals")

    monkeypatch.setitem(app.view_functions, "pages.accessibility", boom)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    response = client.get("/accessibility?lang=en")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong on our side" in body
    assert "secret internals" not in body and "Traceback" not in body


def test_405_is_a_page_too(client):
    assert client.get("/auth/logout").status_code == 405
