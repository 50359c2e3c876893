"""The authorization server (Authlib): the authorization code grant with PKCE (S256 only),
refresh tokens that rotate and die with the connection, and the bearer tokens the API reads.

Codes and tokens are kept as digests (models.py). The request's unit of work is settled by
the access layer at the end of the request, as for every page: a refused token request
changes nothing.
"""

from dataclasses import dataclass
from datetime import datetime

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import InvalidRequestError, grants
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from flask import current_app
from sqlalchemy import select

from portal import access, db, links
from portal.journal.models import Person
from portal.smart import keys, scopes
from portal.smart.models import (
    ACCESS_LIFETIME,
    App,
    AuthorizationCode,
    Connection,
    Token,
    digest,
)


@dataclass(frozen=True)
class Consent:
    """Who consented, for whose journal, at which login level and since when, to which
    audience."""

    user: Person
    patient: Person
    acr: str | None
    auth_time: datetime
    aud: str


class S256Only(CodeChallenge):
    """PKCE, required of every app, public or confidential, with the S256 method only
    (plain gives no protection on the wire; a request without a method means plain)."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]

    def validate_code_challenge(self, grant, redirect_uri):
        """Refuse an authorization request without an S256 code challenge."""
        data = grant.request.payload.data
        if not data.get("code_challenge"):
            raise InvalidRequestError("Missing 'code_challenge' (PKCE with S256 is required)")
        if data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("'code_challenge_method' must be S256")
        super().validate_code_challenge(grant, redirect_uri)


class CodeGrant(grants.AuthorizationCodeGrant):
    """The authorization code grant, for public apps (PKCE) and confidential ones (secret)."""

    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "none"]

    def save_authorization_code(self, code: str, request) -> None:
        """Keep the code's digest with the consent it stands for."""
        consent: Consent = request.user
        data = request.payload.data
        db.session.add(AuthorizationCode(
            code_digest=digest(code), app_id=request.client.id, user_id=consent.user.id,
            patient_id=consent.patient.id, acr=consent.acr, scope=request.scope,
            redirect_uri=request.payload.redirect_uri or request.client.get_default_redirect_uri(),
            aud=consent.aud, code_challenge=data.get("code_challenge"),
            code_challenge_method=data["code_challenge_method"], nonce=data.get("nonce"),
            auth_time=consent.auth_time))

    def query_authorization_code(self, code: str, client: App):
        """Return the app's unused, unexpired code, or None."""
        found = db.session.scalar(select(AuthorizationCode).where(
            AuthorizationCode.code_digest == digest(code), AuthorizationCode.app_id == client.id,
            AuthorizationCode.used_at.is_(None)))
        return found if found is not None and not found.is_expired() else None

    def delete_authorization_code(self, authorization_code: AuthorizationCode) -> None:
        """Use a code once: mark it used (its row keeps its nonce from being used again)."""
        authorization_code.used_at = db.utcnow()

    def authenticate_user(self, authorization_code: AuthorizationCode):
        """Return the code itself: it names who consented and for whom."""
        return authorization_code


class OpenID(OpenIDCode):
    """OpenID Connect for the `openid` scope: an id_token, signed with the portal's key, that
    names the person who consented (`sub`, the portal's own id, never the national identity
    number) and, with `fhirUser`, that person as a FHIR Patient."""

    def resolve_client_private_key(self, client: App):
        """Sign with the portal's key."""
        return keys.signing_key()

    def get_client_algorithm(self, client: App) -> str:
        """Sign with RS256."""
        return "RS256"

    def get_encode_header(self, client: App) -> dict:
        """Name the key, so that apps find it in the published key set."""
        return {"alg": "RS256", "kid": keys.key_id()}

    def get_client_claims(self, client: App) -> dict:
        """Issued by the portal, for the app."""
        return {"iss": issuer(), "aud": [client.client_id]}

    def exists_nonce(self, nonce: str, request) -> bool:
        """Tell whether the app used this nonce before (a replay is refused)."""
        return db.session.scalar(select(AuthorizationCode.id).where(
            AuthorizationCode.app_id == request.client.id,
            AuthorizationCode.nonce == nonce).limit(1)) is not None

    def generate_user_info(self, user: AuthorizationCode, scope: str) -> UserInfo:
        """Return the claims about the person who consented."""
        info = UserInfo(sub=str(user.user_id))
        if scopes.has(scope, "fhirUser"):
            info["fhirUser"] = f"{links.external('fhir.metadata').rsplit('/', 1)[0]}" \
                               f"/Patient/{user.user_id}"
        return info


def issuer() -> str:
    """Return the issuer of id_tokens: the portal's base address."""
    return current_app.config["PORTAL_BASE_URL"]


class RefreshGrant(grants.RefreshTokenGrant):
    """Refresh tokens: used once (a new one comes with the new access token), within their
    lifetime, while the connection stands and the person may still act for the patient."""

    INCLUDE_NEW_REFRESH_TOKEN = True
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "none"]

    def authenticate_refresh_token(self, refresh_token: str):
        """Return the live token a refresh token belongs to, or None."""
        token = db.session.scalar(select(Token).where(
            Token.refresh_digest == digest(refresh_token)))
        if token is None or not token.refresh_is_live():
            return None
        connection = token.connection
        if not access.may_act_for(connection.user, connection.patient):
            return None
        return token

    def authenticate_user(self, refresh_token: Token):
        """Return the token: its connection names who and for whom."""
        return refresh_token

    def revoke_old_credential(self, refresh_token: Token) -> None:
        """End the old token, access and refresh alike, when a new one is issued."""
        refresh_token.revoked_at = db.utcnow()


def _query_client(client_id: str) -> App | None:
    """Return a registered app by its client id (a retired app still answers, to refuse)."""
    return db.session.scalar(select(App).where(App.client_id == client_id))


def _save_token(token: dict, request) -> None:
    """Keep a new token's digests under its connection, and tell the app the patient.

    The first token of a consent opens the connection; a refresh keeps the connection of the
    token it replaces. A refresh token is given only with offline_access.
    """
    if request.payload.grant_type == "authorization_code":
        code: AuthorizationCode = request.authorization_code
        connection = Connection(app_id=code.app_id, user_id=code.user_id,
                                patient_id=code.patient_id, scope=code.scope, acr=code.acr)
        db.session.add(connection)
        aud = code.aud
    else:
        old: Token = request.refresh_token
        connection, aud = old.connection, old.aud
    granted = token.get("scope") or connection.scope
    if not (scopes.has(granted, "offline_access") or scopes.has(granted, "online_access")):
        token.pop("refresh_token", None)
    refresh = token.get("refresh_token")
    db.session.add(Token(connection=connection, access_digest=digest(token["access_token"]),
                         refresh_digest=digest(refresh) if refresh else None, scope=granted,
                         aud=aud, expires_in=token["expires_in"]))
    db.session.flush()
    token["scope"] = granted
    if scopes.has(granted, "launch/patient"):
        token["patient"] = str(connection.patient_id)
        token["need_patient_banner"] = True


def server() -> AuthorizationServer:
    """Return the app's authorization server."""
    return current_app.extensions["smart_authorization"]


def init_app(app) -> None:
    """Give the app its authorization server."""
    app.config.setdefault("OAUTH2_REFRESH_TOKEN_GENERATOR", True)
    app.config.setdefault("OAUTH2_TOKEN_EXPIRES_IN",
                          {"authorization_code": int(ACCESS_LIFETIME.total_seconds()),
                           "refresh_token": int(ACCESS_LIFETIME.total_seconds())})
    authorization = AuthorizationServer(app, query_client=_query_client, save_token=_save_token)
    authorization.register_grant(CodeGrant, [S256Only(required=True), OpenID()])
    authorization.register_grant(RefreshGrant)
    app.extensions["smart_authorization"] = authorization
