"""The test login and server-side sessions (issue 2, item 6; DESIGN.md, "The path of a request")."""

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from portal.auth.models import LoginEvent, LoginSession
from tests.client import ANNE, KARI, LIV, NILS, PER, TONE, text_of


def test_test_login_lists_the_personas_as_buttons(client):
    page = client.get_page("/auth/test-login")
    numbers = {i["value"] for i in page.select("form input[name=pid]")}
    assert {KARI, LIV, ANNE, NILS, PER, TONE} <= numbers


def test_test_login_answers_404_unless_enabled(app, client):
    app.config["PORTAL_TEST_LOGIN"] = False
    try:
        assert client.get("/auth/test-login").status_code == 404
        assert client.post("/auth/test-login", data={"pid": KARI}).status_code == 404
    finally:
        app.config["PORTAL_TEST_LOGIN"] = True


def test_citizen_logs_in_and_lands_home(client):
    response = client.login_as(KARI)
    assert response.location == "/home"
    page = client.get_page("/home")
    assert "Kari" in page.find("h1").get_text()


@pytest.mark.parametrize("number", [ANNE, NILS, PER, TONE])
def test_staff_log_in_to_their_workspace(client, number):
    """Staff who work at several units (Anne) choose the unit first; others go straight in."""
    several = number == ANNE
    assert client.login_as(number, "staff").location == ("/staff/unit" if several else "/staff/")
    page = client.get_page("/staff/unit" if several else "/staff/")
    assert page.find("h1")


def test_staff_workspace_names_the_unit(client):
    client.login_as(ANNE, "staff")
    assert "Helsestasjon Ørland" in text_of(client.get_page("/staff/?lang=en"))


def test_a_citizen_session_cannot_open_the_staff_workspace(client):
    """Rule: the role comes from how one logged in, never from a checkbox."""
    client.login_as(ANNE)  # Anne as a citizen, to see her own data
    assert client.get("/staff/").status_code == 403


def test_staff_person_can_also_log_in_as_citizen(client):
    assert client.login_as(ANNE).location == "/home"


def test_a_citizen_without_a_staff_role_is_refused_as_staff(client):
    response = client.post_form("/auth/test-login?lang=en", {"pid": KARI, "role": "staff"},
                                status=400)
    assert "is not registered as staff" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("14838800027", "check digits do not match"),
        ("1483880002", "exactly 11 digits"),
        ("", "Enter a national identity number"),
        ("01017000027", "cannot find anyone"),  # valid, but not in the register
    ],
)
def test_bad_numbers_get_a_clear_message_and_no_session(client, db_session, number, message):
    before = db_session.scalar(select(func.count()).select_from(LoginSession))
    response = client.post_form("/auth/test-login?lang=en", {"pid": number, "role": "citizen"},
                                status=400)
    assert message in response.get_data(as_text=True)
    assert db_session.scalar(select(func.count()).select_from(LoginSession)) == before
    assert client.get("/home").status_code == 302


def test_missing_csrf_token_is_refused_in_plain_words(client):
    response = client.post("/auth/test-login?lang=en", data={"pid": KARI, "role": "citizen"})
    assert response.status_code == 400
    assert "The form had expired" in response.get_data(as_text=True)


def test_next_goes_back_to_the_page_asked_for_but_never_offsite(client):
    token = client.csrf_token("/auth/test-login")
    ok = client.post("/auth/test-login", data={"csrf_token": token, "pid": KARI,
                                               "role": "citizen", "next": "/accessibility"})
    assert ok.location == "/accessibility"
    client.post_form("/auth/logout", {}, from_page="/home")
    token = client.csrf_token("/auth/test-login")
    evil = client.post("/auth/test-login", data={"csrf_token": token, "pid": KARI,
                                                 "role": "citizen", "next": "//evil.example"})
    assert evil.location == "/home"


def test_login_records_first_and_later_login_events(client, db_session):
    client.login_as(LIV)
    client.post_form("/auth/logout", {}, from_page="/home")
    client.login_as(LIV)
    events = db_session.scalars(select(LoginEvent)
                                .where(LoginEvent.person_id == _person_id(db_session, LIV))
                                .order_by(LoginEvent.id)).all()
    assert [e.first_login for e in events] == [True, False]


def _person_id(session, number):
    from portal.journal.models import Person

    return session.scalar(select(Person.id).where(Person.national_id == number))


def test_logout_ends_the_session_on_the_server(client, db_session):
    client.login_as(KARI)
    cookie = client.get_cookie("portal_session").value
    response = client.post_form("/auth/logout", {}, from_page="/home")
    assert response.location == "/auth/logged-out"
    row = db_session.scalars(select(LoginSession).order_by(LoginSession.created_at.desc())).first()
    assert row.ended_at is not None
    # A copy of the cookie from before logout opens nothing.
    client.set_cookie("portal_session", cookie)
    assert client.get("/home").status_code == 302


def test_login_gives_a_new_cookie(client):
    client.get_page("/auth/test-login")
    before = client.get_cookie("portal_session").value
    client.login_as(KARI)
    assert client.get_cookie("portal_session").value != before


def test_idle_session_ends_after_the_idle_timeout(client):
    with time_machine.travel("2026-11-23 10:00 +0000", tick=False) as traveller:
        client.login_as(KARI)
        traveller.shift(timedelta(minutes=29))
        assert client.get("/home").status_code == 200
        traveller.shift(timedelta(minutes=31))
        assert client.get("/home").status_code == 302


def test_idle_time_counts_from_the_last_request_not_the_last_write(client):
    """Issue 14, item 9: the row is written at most once a minute, the idle time is exact
    (to the 15 seconds within which the cookie's moment is renewed, issue 22)."""
    with time_machine.travel("2026-11-23 10:00 +0000", tick=False) as traveller:
        client.login_as(KARI)
        traveller.shift(timedelta(seconds=50))  # a request that writes nothing to the row
        assert client.get("/home").status_code == 200
        traveller.shift(timedelta(minutes=29, seconds=30))  # 30 min 20 s after the write
        assert client.get("/home").status_code == 200
        traveller.shift(timedelta(minutes=30, seconds=1))
        assert client.get("/home").status_code == 302


def test_session_ends_at_the_absolute_limit_even_when_active(client):
    with time_machine.travel("2026-11-23 08:00 +0000", tick=False) as traveller:
        client.login_as(KARI)
        for _ in range(16):
            traveller.shift(timedelta(minutes=29))
            client.get("/home")
        traveller.shift(timedelta(minutes=20))  # 8 h 4 min after login
        assert client.get("/home").status_code == 302


def test_a_page_read_within_15_seconds_of_the_last_sets_no_cookie(client):
    """Issue 22: the signed cookie is sent again only when its moment moves 15 s or more."""
    with time_machine.travel("2026-11-23 10:00 +0000", tick=False) as traveller:
        client.login_as(KARI)
        traveller.shift(timedelta(seconds=20))
        assert "Set-Cookie" in client.get("/home").headers
        traveller.shift(timedelta(seconds=10))
        assert "Set-Cookie" not in client.get("/home").headers
        traveller.shift(timedelta(seconds=10))
        assert "Set-Cookie" in client.get("/home").headers


def test_reading_pages_writes_the_session_at_most_once_a_minute(client, db_session):
    with time_machine.travel("2026-11-23 10:00 +0000", tick=False) as traveller:
        client.login_as(KARI)
        first_seen = _last_seen(db_session)
        traveller.shift(timedelta(seconds=30))
        client.get("/home")
        assert _last_seen(db_session) == first_seen
        traveller.shift(timedelta(seconds=40))
        client.get("/home")
        assert _last_seen(db_session) > first_seen


def _last_seen(session):
    return session.scalar(select(LoginSession.last_seen_at)
                          .order_by(LoginSession.created_at.desc()).limit(1))
