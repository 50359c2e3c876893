"""Server-side login sessions: the cookie holds only the row's id.

Idle and absolute timeouts and logout act on the row, so a copied cookie dies with the
session. A page that only reads writes nothing, except the last-seen time at most once a
minute (DESIGN.md, "The path of a request").
"""

import secrets
from datetime import datetime, timedelta

from flask import current_app, flash, g, has_request_context, session
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import exists, select

from portal import access, db
from portal.auth.models import LoginEvent, LoginSession
from portal.auth.oidc import PROVIDERS
from portal.extensions import login_manager

TOUCH_EVERY = timedelta(minutes=1)
SEEN_KEY = "seen"  # the moment of the session's last request, in the signed cookie
# The cookie is signed and sent again only when the moment has moved this much: idle time
# counts to within it, and most responses carry no Set-Cookie (issue 22).
SEEN_EVERY = timedelta(seconds=15)


def open_session(person, *, role: str, provider: str, unit=None, acr=None, provider_sid=None,
                 id_token=None) -> LoginSession:
    """Start a session for a person in a role, with a new id, and record the login event.

    A session this browser already had (before a step-up, say) ends here: one login, one row.
    """
    now = db.utcnow()
    if current_user.is_authenticated:
        current_user.ended_at = now
    first = not db.session.scalar(select(exists().where(LoginEvent.person_id == person.id)))
    row = LoginSession(
        id=secrets.token_urlsafe(32),
        person_id=person.id,
        role=role,
        unit_id=unit.id if unit else None,
        provider=provider,
        acr=acr,
        provider_sid=provider_sid,
        id_token=id_token,
        created_at=now,
        last_seen_at=now,
    )
    db.session.add(row)
    db.session.add(LoginEvent(person_id=person.id, role=role, provider=provider, acr=acr,
                              first_login=first, at=now))
    db.session.commit()
    # A fresh cookie at login: nothing from before the login survives (no fixation).
    session.clear()
    login_user(row)
    return row


def close_session(row: LoginSession) -> None:
    """End a session on the server and forget it in the browser."""
    row.ended_at = db.utcnow()
    db.session.commit()
    logout_user()
    session.clear()


def end_by_provider_sid(issuer: str | None, sid: str | None) -> int:
    """End every live session a provider names by its session id; return how many."""
    settings = current_app.config["OIDC_PROVIDERS"]
    names = [n for n, s in settings.items() if s["issuer"] == (issuer or "").rstrip("/")]
    if not sid or not names or names[0] not in PROVIDERS:
        return 0
    rows = db.session.scalars(select(LoginSession).where(
        LoginSession.provider == names[0], LoginSession.provider_sid == sid,
        LoginSession.ended_at.is_(None))).all()
    for row in rows:
        row.ended_at = db.utcnow()
    db.session.commit()
    return len(rows)


def last_active(row: LoginSession):
    """Return the moment of the session's last request.

    The row's last-seen time is written at most once a minute; the moment of every request
    travels in the signed cookie instead, so idle time counts from the last request, not
    from the last write (issue 14, item 9).
    """
    seen = session.get(SEEN_KEY) if has_request_context() else None
    try:
        moment = datetime.fromisoformat(seen) if seen else None
    except (TypeError, ValueError):
        moment = None
    return max(row.last_seen_at, moment) if moment and moment.tzinfo else row.last_seen_at


def expires_at(row: LoginSession):
    """Return when a session ends if nothing more happens: idle timeout or absolute limit."""
    config = current_app.config
    return min(last_active(row) + timedelta(minutes=config["IDLE_TIMEOUT_MINUTES"]),
               row.created_at + timedelta(hours=config["ABSOLUTE_TIMEOUT_HOURS"]))


def is_live(row: LoginSession, now) -> bool:
    """Tell whether a session is neither ended, idle too long, nor past its absolute limit."""
    return row.ended_at is None and now < expires_at(row)


@login_manager.user_loader
def _load(session_id: str) -> LoginSession | None:
    """Load the live session row named by the cookie, touching it at most once a minute.

    The touch is committed at once, before the page's own unit of work, and run again if
    another request of the same browser touched the row at the same moment.
    """
    row = db.session.get(LoginSession, session_id)
    if row is None:
        return None
    now = db.utcnow()
    if not is_live(row, now):
        if row.ended_at is None:
            db.transaction(lambda: _set(row, ended_at=row.ended_at or now))
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        db.transaction(lambda: _set(row, last_seen_at=max(now, row.last_seen_at)))
    if now - last_active(row) >= SEEN_EVERY:
        session[SEEN_KEY] = now.isoformat()
    return row


def _set(row: LoginSession, **values) -> None:
    """Change a session row's columns."""
    for name, value in values.items():
        setattr(row, name, value)


def _acting_context():
    """Set g.actor (who is logged in) and g.subject (whose data the page shows).

    The right to act for someone is checked again on every request, so that a revoked
    power of attorney, a move or a birthday takes effect at once, not at the next login.
    """
    # The row itself, not Flask-Login's proxy, which would look it up again on every use.
    g.login = current_user._get_current_object() if current_user.is_authenticated else None
    g.actor = g.login.person if g.login else None
    g.subject = g.actor
    if g.login is None or g.login.subject is None:
        return
    if access.may_act_for(g.actor, g.login.subject):
        g.subject = g.login.subject
        return
    flash(_("You can no longer act for {name}. You are now acting for yourself.").format(
        name=g.login.subject.name), "info")
    db.transaction(lambda: _set(g.login, subject_id=None))


def init_app(app):
    """Configure Flask-Login for server-side sessions and set the acting context per request."""
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "basic"
    app.before_request(_acting_context)
