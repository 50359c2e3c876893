"""The API's side of a token: who an access token lets read what, or why it is refused.

A token is good while it has not expired, it and its connection have not been revoked, its
app is not retired, and it was issued for this API (its audience). Whether the person may
still read the patient's data is asked of the access decision on every read, as for a page.
"""

from datetime import timedelta

from sqlalchemy import select

from portal import db
from portal.access import Actor
from portal.smart.models import Token, digest

# How often a connection's "last used" is moved forward (not a write on every read).
TOUCH_EVERY = timedelta(hours=1)


class InvalidToken(Exception):
    """The request carried a bearer token the API does not accept."""


def from_header(header: str | None, audience: str) -> Token | None:
    """Return the live token an Authorization header carries, None without a header, or
    raise InvalidToken."""
    if not header:
        return None
    kind, _, value = header.partition(" ")
    if kind.lower() != "bearer" or not value.strip():
        raise InvalidToken()
    token = db.session.scalar(select(Token).where(Token.access_digest == digest(value.strip())))
    if (token is None or token.is_expired() or token.is_revoked()
            or token.aud.rstrip("/") != audience.rstrip("/")):
        raise InvalidToken()
    connection, now = token.connection, db.utcnow()
    if connection.last_used_at is None or now - connection.last_used_at >= TOUCH_EVERY:
        connection.last_used_at = now
    return token


def actor(token: Token) -> Actor:
    """Return the actor of a token: the person who consented, reading through the app."""
    connection = token.connection
    return Actor.from_token(connection.user, acr=connection.acr, app_id=connection.app_id)
