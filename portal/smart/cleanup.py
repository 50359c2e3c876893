"""Removing what an app can no longer use: codes past their day, and tokens that have
neither a live access token nor a live refresh token. Connections stay (the person's list
of connected apps, and the access log, name them)."""

from datetime import datetime, timedelta

from sqlalchemy import delete, or_

from portal import db
from portal.smart.models import ACCESS_LIFETIME, REFRESH_LIFETIME, AuthorizationCode, Token

# A used or expired code is kept this long, so that its nonce cannot be used again soon.
CODES_KEPT = timedelta(days=1)


def purge(now: datetime) -> tuple[int, int]:
    """Delete old codes and dead tokens; return how many of each."""
    codes = db.session.execute(delete(AuthorizationCode).where(
        AuthorizationCode.created_at < now - CODES_KEPT)).rowcount
    dead = or_(Token.revoked_at < now - CODES_KEPT,
               (Token.refresh_digest.is_(None)) & (Token.issued_at < now - ACCESS_LIFETIME),
               Token.issued_at < now - REFRESH_LIFETIME)
    tokens = db.session.execute(delete(Token).where(dead)).rowcount
    return codes, tokens
