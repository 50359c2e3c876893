"""Choosing a language (issue 2, item 10): ?lang= and remembered; locale formats."""

from datetime import UTC, date, datetime

import pytest

from tests.client import KARI


def test_bokmal_is_the_default(client):
    assert client.get_page("/").find("html")["lang"] == "nb"


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_lang_parameter_is_remembered(client, lang):
    client.get("/?lang=" + lang)
    assert client.get_page("/accessibility").find("html")["lang"] == lang


def test_language_survives_login_and_logout(client):
    client.get("/?lang=en")
    client.login_as(KARI)
    assert client.get_page("/home").find("html")["lang"] == "en"
    client.post_form("/auth/logout", {}, from_page="/home")
    assert client.get_page("/auth/logged-out").find("html")["lang"] == "en"


def test_unknown_language_falls_back_without_error(client):
    assert client.get_page("/?lang=xx").find("html")["lang"] == "nb"


def test_language_links_keep_the_page_and_its_arguments(client):
    page = client.get_page("/accessibility?lang=nn")
    links = {a["hreflang"]: a["href"] for a in page.select("footer a[hreflang]")}
    assert links["en"] == "/accessibility?lang=en"
    assert page.select_one("footer a[hreflang=nn]")["aria-current"] == "true"


@pytest.mark.parametrize(
    ("lang", "number", "day", "moment"),
    [
        ("nb", "1 234,5", "2. september 2019", "2. september 2019 kl. 14:05"),
        ("nn", "1 234,5", "2. september 2019", "2. september 2019 kl. 14:05"),
        ("en", "1,234.5", "2 September 2019", "2 September 2019, 14:05"),
    ],
)
def test_numbers_and_dates_follow_the_reader(app, lang, number, day, moment):
    """Dates in Oslo time: 12:05 UTC is 14:05 in Oslo in summer."""
    with app.test_request_context(f"/?lang={lang}"):
        app.preprocess_request()
        env = app.jinja_env
        assert env.filters["number"](1234.5, 1).replace("\xa0", " ") == number
        assert env.filters["date"](date(2019, 9, 2)) == day
        assert env.filters["datetime"](datetime(2019, 9, 2, 12, 5, tzinfo=UTC)) == moment
