"""The home page: a greeting, cards the features fill, and a helpful empty state (issue 2, item 7)."""

from tests.client import KARI, LIV, text_of


def test_kari_sees_a_results_card_until_she_has_looked(client):
    client.login_as(KARI)
    card = client.get_page("/home?lang=en").select_one(".card-grid .ds-card")
    assert "Test results" in text_of(card) and card.find("a", href="/results/")
    client.get_page("/results/")
    page = client.get_page("/home?lang=en")
    assert "Test results" not in text_of(page.select_one("main"))


def test_liv_gets_the_empty_state(client):
    client.login_as(LIV)
    page = client.get_page("/home?lang=en")
    assert "Hello, Liv" in text_of(page.find("h1"))
    assert "Nothing new right now" in text_of(page)
