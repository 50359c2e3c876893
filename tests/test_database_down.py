"""When the database is down: a translated page that says so, 503 with Retry-After (issue 14, item 7).

No bare "Internal Server Error": the page is made without the database, for people logged in
(whose session cannot be reloaded) and for everyone else; /healthz answers 503 as JSON,
with or without a session cookie.
"""

import pytest

DOWN = "postgresql+psycopg://postgres@127.0.0.1:1/nowhere?connect_timeout=2"


@pytest.fixture
def down_client(other_app):
    """A client of a portal whose database cannot be reached."""
    app = other_app(DATABASE_URL=DOWN, PORTAL_TEST_LOGIN=True)
    with app.test_client() as client:
        yield client


@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "with a session"])
@pytest.mark.parametrize(("lang", "words"), [("nb", "utilgjengelig en liten stund"), ("en", "unavailable")])
def test_pages_say_the_portal_is_unavailable_for_a_moment(down_client, logged_in, lang, words):
    if logged_in:
        with down_client.session_transaction() as session:
            session["_user_id"] = "a-session-id"
    response = down_client.get(f"/{'home' if logged_in else 'auth/test-login'}?lang={lang}")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "60"
    assert words in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)


@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "with a session"])
def test_the_health_check_answers_503_as_json(down_client, logged_in):
    if logged_in:
        with down_client.session_transaction() as session:
            session["_user_id"] = "a-session-id"
    response = down_client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "degraded", "database": "unavailable"}
