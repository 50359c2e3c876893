"""Registered apps, the connections people give them, and their codes and tokens.

Codes, access tokens, refresh tokens and client secrets are kept as SHA-256 digests only: a
copy of the database gives nobody a working token. An app is never deleted (the access log
names it); it is retired, which ends its connections.
"""

import hashlib
import hmac
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, UTCDateTime, utcnow
from portal.journal.models import Person
from portal.smart import scopes
from portal.types import created, intpk, person_fk

ACCESS_LIFETIME = timedelta(hours=1)
CODE_LIFETIME = timedelta(minutes=5)
# A refresh token lives this long after it was issued; each use gives a new one.
REFRESH_LIFETIME = timedelta(days=90)


def digest(secret: str) -> str:
    """Return the SHA-256 digest (hex) that a code, token or secret is kept as."""
    return hashlib.sha256(secret.encode()).hexdigest()


class App(Base):
    """An app registered to read the journal: a public app (PKCE only) or a confidential one."""

    __tablename__ = "smart_app"

    id: Mapped[intpk]
    client_id: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    redirect_uris: Mapped[str] = mapped_column(Text)  # one per line, matched exactly
    secret_digest: Mapped[str | None] = mapped_column(String(64))  # None: a public app
    created_at: Mapped[created]
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    # Authlib's ClientMixin: what the authorization server asks of a client.

    def get_client_id(self) -> str:
        """Return the app's client id."""
        return self.client_id

    def get_default_redirect_uri(self) -> str | None:
        """Return the redirect address to use when a request names none (only if just one)."""
        uris = self.redirect_uri_list
        return uris[0] if len(uris) == 1 else None

    def get_allowed_scope(self, scope: str | None) -> str:
        """Return the part of the asked scope the portal grants (those it understands)."""
        return scopes.grantable(scope)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        """Tell whether an address is one the app registered, exactly."""
        return redirect_uri in self.redirect_uri_list

    def check_client_secret(self, client_secret: str) -> bool:
        """Tell whether a secret is the app's (a public app has none)."""
        return self.secret_digest is not None and hmac.compare_digest(
            self.secret_digest, digest(client_secret))

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        """Public apps send only their client id; confidential apps their secret."""
        if self.secret_digest is None:
            return method == "none"
        return method in ("client_secret_basic", "client_secret_post")

    def check_grant_type(self, grant_type: str) -> bool:
        """Apps use the authorization code and refresh token grants only."""
        return self.retired_at is None and grant_type in ("authorization_code", "refresh_token")

    def check_response_type(self, response_type: str) -> bool:
        """Apps ask for a code (the authorization code grant)."""
        return self.retired_at is None and response_type == "code"

    @property
    def redirect_uri_list(self) -> list[str]:
        """Return the registered redirect addresses."""
        return [line.strip() for line in self.redirect_uris.splitlines() if line.strip()]

    @property
    def is_public(self) -> bool:
        """Tell whether the app has no secret (it proves itself with PKCE alone)."""
        return self.secret_digest is None


class Connection(Base):
    """A person's consent that an app reads one person's journal: their own or one they act
    for. Disconnecting ends it, and every token issued under it."""

    __tablename__ = "smart_connection"

    id: Mapped[intpk]
    app_id: Mapped[int] = mapped_column(ForeignKey("smart_app.id"), index=True)
    user_id: Mapped[int] = person_fk()  # who consented, and on whose rights the app reads
    patient_id: Mapped[int] = person_fk()  # whose journal
    scope: Mapped[str] = mapped_column(Text)
    acr: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[created]
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    app: Mapped[App] = relationship()
    user: Mapped[Person] = relationship(foreign_keys=[user_id])
    patient: Mapped[Person] = relationship(foreign_keys=[patient_id])

    @property
    def is_active(self) -> bool:
        """Tell whether neither the person nor the portal has ended the connection."""
        return self.revoked_at is None and self.app.retired_at is None


class AuthorizationCode(Base):
    """A code given to an app after consent, to exchange once for tokens (PKCE bound).

    Used and expired codes stay as rows (digests only) until a clean-up removes them."""

    __tablename__ = "smart_code"

    id: Mapped[intpk]
    code_digest: Mapped[str] = mapped_column(String(64), unique=True)
    app_id: Mapped[int] = mapped_column(ForeignKey("smart_app.id"), index=True)
    user_id: Mapped[int] = person_fk()
    patient_id: Mapped[int] = person_fk()
    acr: Mapped[str | None] = mapped_column(String(40))
    scope: Mapped[str] = mapped_column(Text)
    redirect_uri: Mapped[str] = mapped_column(Text)
    aud: Mapped[str] = mapped_column(Text)
    code_challenge: Mapped[str] = mapped_column(String(128))
    code_challenge_method: Mapped[str] = mapped_column(String(10))
    nonce: Mapped[str | None] = mapped_column(String(200))  # OpenID Connect's, when sent
    auth_time: Mapped[datetime] = mapped_column(UTCDateTime())  # when the person logged in
    created_at: Mapped[created]
    # A used code is kept (not deleted) so that its nonce cannot be used again.
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    # Authlib's AuthorizationCodeMixin, with OpenID Connect's claims.

    def get_redirect_uri(self) -> str:
        """Return the redirect address the code was issued for."""
        return self.redirect_uri

    def get_scope(self) -> str:
        """Return the scope consented to."""
        return self.scope

    def get_nonce(self) -> str | None:
        """Return the nonce the app sent, for the id_token."""
        return self.nonce

    def get_auth_time(self) -> int:
        """Return when the person logged in, in seconds since the epoch."""
        return int(self.auth_time.timestamp())

    def get_acr(self) -> str | None:
        """Return the login's assurance level."""
        return self.acr

    def get_amr(self) -> None:
        """Say nothing of the login's methods (ID-porten's are not kept)."""
        return None

    def is_expired(self, now: datetime | None = None) -> bool:
        """Tell whether the code is older than its short lifetime."""
        return (now or utcnow()) >= self.created_at + CODE_LIFETIME


class Token(Base):
    """An access token (one hour) and, with offline access, a refresh token, under a
    connection."""

    __tablename__ = "smart_token"

    id: Mapped[intpk]
    connection_id: Mapped[int] = mapped_column(
        ForeignKey("smart_connection.id", ondelete="CASCADE"), index=True)
    access_digest: Mapped[str] = mapped_column(String(64), unique=True)
    refresh_digest: Mapped[str | None] = mapped_column(String(64), unique=True)
    scope: Mapped[str] = mapped_column(Text)
    aud: Mapped[str] = mapped_column(Text)
    issued_at: Mapped[created]
    expires_in: Mapped[int]
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    connection: Mapped[Connection] = relationship()

    # Authlib's TokenMixin, for the refresh token grant.

    def check_client(self, client: App) -> bool:
        """Tell whether the token was issued to this app."""
        return self.connection.app_id == client.id

    def get_scope(self) -> str:
        """Return the token's scope."""
        return self.scope

    def get_expires_in(self) -> int:
        """Return the access token's lifetime in seconds."""
        return self.expires_in

    def is_expired(self, now: datetime | None = None) -> bool:
        """Tell whether the access token has expired."""
        return (now or utcnow()) >= self.issued_at + timedelta(seconds=self.expires_in)

    def is_revoked(self) -> bool:
        """Tell whether the token, or the connection it belongs to, has ended."""
        return self.revoked_at is not None or not self.connection.is_active

    def refresh_is_live(self, now: datetime | None = None) -> bool:
        """Tell whether the refresh token may still be used (once, within its lifetime)."""
        return (self.refresh_digest is not None and not self.is_revoked()
                and (now or utcnow()) < self.issued_at + REFRESH_LIFETIME)
