"""Our own checks of an ID token's claims, whatever the library has checked before us."""

from datetime import datetime

from flask_babel import gettext as _

from portal.auth.services import LoginRefused

ACCEPTED_ACR = ("idporten-loa-substantial", "idporten-loa-high")
LEEWAY_SECONDS = 60


def check_claims(claims: dict, *, issuer: str, client_id: str, nonce: str | None,
                 now: datetime, accepted_acr=ACCEPTED_ACR) -> None:
    """Refuse a token whose iss, aud, exp, nonce or acr is not what we asked for."""
    refused = _("The login could not be completed. Please try again.")
    if claims.get("iss") != issuer:
        raise LoginRefused(refused, "wrong issuer")
    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    if client_id not in audiences or (isinstance(audience, list) and len(audiences) > 1
                                      and claims.get("azp") != client_id):
        raise LoginRefused(refused, "wrong audience")
    expires = claims.get("exp")
    if not isinstance(expires, int | float) or expires + LEEWAY_SECONDS < now.timestamp():
        raise LoginRefused(refused, "expired")
    if nonce is None or claims.get("nonce") != nonce:
        raise LoginRefused(refused, "wrong nonce")
    if accepted_acr is not None and claims.get("acr") not in accepted_acr:
        raise LoginRefused(_("This login method does not give a high enough security level. "
                             "Log in with BankID, Buypass or MinID."), "acr too low")


def national_id(claims: dict) -> str | None:
    """Return the national identity number: ID-porten's pid, or HelseID's pid claim."""
    return claims.get("pid") or claims.get("helseid://claims/identity/pid")
