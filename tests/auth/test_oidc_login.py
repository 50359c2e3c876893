"""Login through a real OpenID Connect provider set up like ID-porten (issue 9).

The provider is panva's oidc-provider (tests/oidc); the portal talks to it with Authlib over
real HTTP. Forged tokens are signed with the provider's own key (or another key) so that
each of our own checks is proven against a token the library has already accepted.
"""

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from portal.auth import oidc
from portal.auth.models import LoginEvent, LoginSession
from portal.journal.models import Person
from tests.client import KARI, NILS, text_of
from tests.oidc.fixtures import SUBSTANTIAL, login_through_provider, logout_through_provider

UNKNOWN = "01017000027"  # valid check digits, not in the register


@pytest.fixture
def provider(app, oidc_provider, monkeypatch):
    """Configure the app with the running provider for one test."""
    monkeypatch.setitem(app.config, "OIDC_PROVIDERS", oidc_provider.portal_settings())
    monkeypatch.setattr(oidc.oauth, "_registry", {})
    monkeypatch.setattr(oidc.oauth, "_clients", {})
    oidc.register(app.config["OIDC_PROVIDERS"])
    return oidc_provider


def relative(url: str) -> str:
    """Return the path and query of a URL, as Flask's test client wants it."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def log_in(client, agent, pid, acr="idporten-loa-high", start="/auth/login"):
    """Go through the provider's login page and come back to the callback."""
    started = client.get(start)
    assert started.status_code == 302, started.status_code
    callback = login_through_provider(agent, started.location, pid, acr)
    return client.get(relative(callback)), started.location


def latest(session) -> LoginSession:
    return session.scalar(select(LoginSession).order_by(LoginSession.created_at.desc()).limit(1))


def test_citizen_logs_in_through_id_porten(client, db_session, provider, oidc_user_agent):
    response, authorize = log_in(client, oidc_user_agent, KARI)
    assert response.status_code == 302 and response.location == "/home"
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"]
    assert query["acr_values"] == ["idporten-loa-high"] and query["ui_locales"] == ["nb"]
    assert query["state"] and query["nonce"]
    row = latest(db_session)
    assert (row.provider, row.acr, row.person.national_id) == ("idporten", "idporten-loa-high", KARI)
    assert row.provider_sid and row.id_token
    assert "Kari" in text_of(client.get_page("/home"))
    assert db_session.scalar(select(func.count()).select_from(LoginEvent).where(
        LoginEvent.person_id == row.person_id, LoginEvent.provider == "idporten")) == 1


def test_language_is_passed_as_ui_locales(client, provider):
    client.get("/?lang=nn")
    started = client.get("/auth/login")
    assert parse_qs(urlsplit(started.location).query)["ui_locales"] == ["nn"]


def test_wrong_state_is_refused(client, db_session, provider, oidc_user_agent):
    started = client.get("/auth/login")
    callback = login_through_provider(oidc_user_agent, started.location, KARI)
    tampered = callback.replace("state=", "state=x")
    before = db_session.scalar(select(func.count()).select_from(LoginSession))
    response = client.get(relative(tampered) + "&lang=en")
    assert response.status_code == 400
    assert "The login could not be completed" in response.get_data(as_text=True)
    assert db_session.scalar(select(func.count()).select_from(LoginSession)) == before


def test_a_replayed_code_is_refused_by_the_provider(client, provider, oidc_user_agent):
    started = client.get("/auth/login")
    first = login_through_provider(oidc_user_agent, started.location, KARI)
    assert client.get(relative(first)).status_code == 302
    code = parse_qs(urlsplit(first).query)["code"][0]
    again = client.get("/auth/login?level=high")  # a new state in the session
    state = parse_qs(urlsplit(again.location).query)["state"][0]
    response = client.get(f"/auth/callback/idporten?code={code}&state={state}&lang=en")
    assert response.status_code == 400


def test_an_unknown_pid_gets_a_clear_page_and_no_account(client, db_session, provider,
                                                         oidc_user_agent):
    client.get("/?lang=en")
    response, _ = log_in(client, oidc_user_agent, UNKNOWN)
    assert response.status_code == 403
    assert "cannot find anyone" in response.get_data(as_text=True)
    assert db_session.scalar(select(Person).where(Person.national_id == UNKNOWN)) is None


class ForgedTokens:
    """Replace the token endpoint's answer with a token we sign, after a real round trip."""

    def __init__(self, monkeypatch, provider, **changes):
        self.provider, self.changes = provider, changes
        client = oidc.client("idporten")
        real = client.fetch_access_token

        def forged(**params):
            token = real(**params)  # the real exchange, so the code is used up as usual
            claims = self.provider.verify(token["id_token"])
            key = self.changes.pop("key", None)
            claims.update(self.changes)
            token["id_token"] = self.provider.sign(claims, key=key)
            return token

        monkeypatch.setattr(client, "fetch_access_token", forged)


@pytest.mark.parametrize("changes", [
    {"key": "other"},
    {"aud": "someone-else"},
    {"iss": "https://evil.example"},
    {"exp": int((datetime.now(UTC) - timedelta(hours=1)).timestamp())},
    {"nonce": "not-the-one-we-sent"},
], ids=["another-key", "wrong-audience", "wrong-issuer", "expired", "wrong-nonce"])
def test_tokens_that_fail_a_check_are_refused(client, db_session, provider, oidc_user_agent,
                                              monkeypatch, changes):
    if changes.get("key") == "other":
        changes = {"key": provider.other_key}
    ForgedTokens(monkeypatch, provider, **changes)
    response, _ = log_in(client, oidc_user_agent, KARI)
    assert response.status_code in (400, 403)
    assert client.get("/home").status_code == 302


def test_acr_too_low_is_refused_with_words(client, provider, oidc_user_agent, monkeypatch):
    ForgedTokens(monkeypatch, provider, acr="idporten-loa-low")
    client.get("/?lang=en")
    response, _ = log_in(client, oidc_user_agent, KARI)
    assert response.status_code == 403
    assert "does not give a high enough security level" in response.get_data(as_text=True)
    assert client.get("/home").status_code == 302


def test_substantial_login_sees_home_and_steps_up_for_results(client, db_session, provider,
                                                              oidc_user_agent):
    """Rule: idporten-loa-substantial may see appointments; health data asks to step up."""
    response, _ = log_in(client, oidc_user_agent, KARI, acr=SUBSTANTIAL)
    assert response.location == "/home" and latest(db_session).acr == SUBSTANTIAL
    assert client.get("/home").status_code == 200
    asked = client.get("/results/")
    assert asked.location == "/auth/login?next=/results/&level=high"
    started = client.get(asked.location)
    assert started.status_code == 302  # off to the provider again, at the high level
    agent = oidc_user_agent.__class__()  # a fresh browser at the provider: log in anew
    try:
        callback = login_through_provider(agent, started.location, KARI, "idporten-loa-high")
    finally:
        agent.close()
    back = client.get(relative(callback))
    assert back.location == "/results/"
    assert latest(db_session).acr == "idporten-loa-high"
    assert client.get("/results/").status_code == 200


def test_logout_ends_the_session_here_and_at_the_provider(client, db_session, provider,
                                                           oidc_user_agent):
    log_in(client, oidc_user_agent, KARI)
    cookie = client.get_cookie("portal_session").value
    response = client.post_form("/auth/logout", {}, from_page="/home")
    end_session = response.location
    assert end_session.startswith(provider.issuer)
    assert "id_token_hint=" in end_session and "post_logout_redirect_uri=" in end_session
    assert latest(db_session).ended_at is not None
    logged_out = logout_through_provider(oidc_user_agent, end_session)
    assert urlsplit(logged_out.redirect_url).path == "/auth/logged-out"
    client.set_cookie("portal_session", cookie)  # a replayed cookie gets the login page
    assert client.get("/home").location.startswith("/auth/login")


def test_frontchannel_logout_from_the_provider_ends_the_session(client, db_session, provider,
                                                                oidc_user_agent):
    log_in(client, oidc_user_agent, KARI)
    sid = latest(db_session).provider_sid
    response = client.get(f"/auth/frontchannel-logout?iss={provider.issuer}&sid={sid}")
    assert response.status_code == 200
    assert latest(db_session).ended_at is not None
    assert client.get("/home").status_code == 302


def test_staff_log_in_through_helseid(client, db_session, provider, oidc_user_agent):
    response, _ = log_in(client, oidc_user_agent, NILS, start="/auth/staff/login")
    assert response.location == "/staff/"
    row = latest(db_session)
    assert (row.role, row.provider, row.unit.code) == ("staff", "helseid", "orland-legekontor")


def test_helseid_refuses_someone_who_is_not_staff(client, db_session, provider, oidc_user_agent):
    client.get("/?lang=en")
    response, _ = log_in(client, oidc_user_agent, KARI, start="/auth/staff/login")
    assert response.status_code == 403
    assert "is not registered as staff" in response.get_data(as_text=True)
    assert client.get("/staff/").status_code == 302
