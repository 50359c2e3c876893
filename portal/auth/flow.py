"""The OpenID Connect round trip: send the person to the provider, and take them back."""

import logging
import secrets
from urllib.parse import urlsplit

from authlib.integrations.base_client import OAuthError
from flask import current_app, g, redirect, render_template, session, url_for
from flask_babel import gettext as _
from joserfc.errors import JoseError

from portal import db
from portal.auth import idtoken, oidc, services, sessions

log = logging.getLogger(__name__)
NEXT_KEY, NONCE_KEY = "login_next", "login_nonce"


def start_login(name: str, next_page: str | None):
    """Redirect to the provider with PKCE (S256), state, nonce, the level and the language."""
    provider = oidc.PROVIDERS[name]
    nonce = secrets.token_urlsafe(24)
    session[NEXT_KEY] = next_page
    session[NONCE_KEY] = nonce
    extra = {"ui_locales": g.get("lang", "nb")}
    if provider.acr_values:
        extra["acr_values"] = provider.acr_values
    return oidc.client(name).authorize_redirect(
        url_for(provider.callback, _external=True), nonce=nonce, **extra)


def finish_login(name: str):
    """Exchange the code, check the ID token ourselves, find the person, open a session."""
    provider = oidc.PROVIDERS[name]
    client = oidc.client(name)
    if client is None:
        return _failed(404, _("This login is not available."))
    try:
        token = client.authorize_access_token()
        claims = dict(token.get("userinfo") or {})
        idtoken.check_claims(
            claims, issuer=current_app.config["OIDC_PROVIDERS"][name]["issuer"],
            client_id=client.client_id, nonce=session.get(NONCE_KEY), now=db.utcnow(),
            accepted_acr=idtoken.ACCEPTED_ACR if provider.role == "citizen" else None)
        number = idtoken.national_id(claims)
        if not number:
            raise services.LoginRefused(_("The login did not tell us who you are."), "no pid")
        person = services.person_by_national_id(number)
        unit = services.staff_role(person).unit if provider.role == "staff" else None
    except services.LoginRefused as exc:
        log.warning("%s login refused: %s", name, exc.reason)
        return _failed(403, str(exc))
    except (OAuthError, JoseError, ValueError, KeyError) as exc:
        log.warning("%s login failed: %r", name, exc)
        return _failed(400, _("The login could not be completed. Please try again."))
    next_page = session.get(NEXT_KEY)
    login = sessions.open_session(person, role=provider.role, provider=name, unit=unit,
                                  acr=claims.get("acr"), provider_sid=claims.get("sid"),
                                  id_token=token.get("id_token"))
    return redirect(safe_next(next_page) or landing(login))


def safe_next(target: str | None) -> str | None:
    """Return a path on this site to go on to after login, or None for anything else.

    The address is judged as a browser would read it: browsers drop tabs and line breaks
    from a URL and treat a backslash as a slash, so a slash, a tab and "/evil.example" is
    another site, and so is a slash, a backslash and a host. Control characters and
    backslashes are refused; only a plain path (with its query) of this site passes, rebuilt
    from its parts.
    """
    if not target or any(ord(c) < 0x20 or c == "\x7f" for c in target):
        return None
    if "\\" in target or not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def landing(login) -> str:
    """Return where a fresh session starts: the citizen's home, or the staff workspace, where
    staff who work at several units first choose the unit they work for now."""
    if not login.is_staff:
        return url_for("home.index")
    if len(services.staff_roles(login.person)) > 1:
        return url_for("staff.unit")
    return url_for("staff.index")


def _failed(status: int, message: str):
    """Show why the login failed, with the way to try again."""
    return render_template("auth/failed.html", message=message), status
