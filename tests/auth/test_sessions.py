"""Assurance levels, front-channel logout and rate limits (issue 9; DOMAIN.md, "Logging in")."""

import pytest
from sqlalchemy import select

from portal.auth.models import LoginSession
from tests.client import KARI, text_of


def latest(session) -> LoginSession:
    return session.scalar(select(LoginSession).order_by(LoginSession.created_at.desc()).limit(1))


def test_substantial_session_sees_home_but_steps_up_for_health_data(client, db_session):
    """Rule: idporten-loa-substantial may see appointments; health data asks to step up."""
    client.login_as(KARI)
    row = latest(db_session)
    row.acr = "idporten-loa-substantial"
    db_session.commit()
    assert client.get("/home").status_code == 200
    response = client.get("/results/?test=NPU03577")
    assert response.status_code == 302
    assert response.location == "/auth/login?next=/results/?test%3DNPU03577&level=high"
    page = client.get_page(response.location + "&lang=en")
    assert "log in with a high security level" in text_of(page)


def test_frontchannel_logout_ends_the_matching_session(app, client, db_session, monkeypatch):
    monkeypatch.setitem(app.config, "OIDC_PROVIDERS", {
        "idporten": {"issuer": "https://idporten.example", "client_id": "p", "client_secret": "s"}})
    client.login_as(KARI)
    row = latest(db_session)
    row.provider, row.provider_sid = "idporten", "sid-123"
    db_session.commit()
    other = client.get("/auth/frontchannel-logout?iss=https://evil.example&sid=sid-123")
    assert other.status_code == 200 and latest(db_session).ended_at is None
    response = client.get("/auth/frontchannel-logout?iss=https://idporten.example&sid=sid-123")
    assert response.status_code == 200
    assert "frame-ancestors https://idporten.example" in response.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in response.headers
    assert latest(db_session).ended_at is not None
    assert client.get("/home").status_code == 302


def test_login_without_a_provider_explains_itself(client):
    page = client.get_page("/auth/login?lang=en")
    assert "Login with ID-porten is not set up on this server yet." in text_of(page)
    page = client.get_page("/auth/staff/login?lang=en")
    assert "Login with HelseID is not set up on this server." in text_of(page)


def test_callback_without_a_provider_is_not_found(client):
    assert client.get("/auth/callback/idporten?code=x&state=y").status_code == 404


@pytest.mark.parametrize("storage", ["memory://", "redis://127.0.0.1:6379/15"])
def test_login_is_rate_limited(storage, tmp_path, monkeypatch):
    """Flask-Limiter in memory by default, on Redis when REDIS_URL is set."""
    from tests.parts import empty_redis, require_part

    if storage.startswith("redis"):
        require_part(empty_redis(storage), "Redis", "run redis-server on 127.0.0.1:6379")
    from portal import create_app, db
    from portal.extensions import limiter

    # The limiter is one object shared by every app in this process: put it back afterwards.
    monkeypatch.setattr(limiter, "enabled", limiter.enabled)
    monkeypatch.setattr(limiter, "_storage", getattr(limiter, "_storage", None), raising=False)
    monkeypatch.setenv("REDIS_URL", storage)
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'limits.sqlite3'}",
                      "TESTING": True, "SECRET_KEY": "x", "LOGIN_RATE_LIMIT": "3/minute",
                      "RATELIMIT_ENABLED": True})
    try:
        assert app.config["RATELIMIT_STORAGE_URI"] == storage
        with app.test_client() as limited:
            codes = [limited.get("/auth/login").status_code for _ in range(5)]
        assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
    finally:
        db.session.remove()
