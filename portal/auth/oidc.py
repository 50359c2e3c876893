"""ID-porten (citizens) and HelseID (staff) through Authlib: OpenID Connect code flow + PKCE.

Configured only by the environment: <PREFIX>_ISSUER, <PREFIX>_CLIENT_ID and
<PREFIX>_CLIENT_SECRET, with discovery at <issuer>/.well-known/openid-configuration.
"""

import os
from dataclasses import dataclass

from authlib.integrations.flask_client import OAuth

oauth = OAuth()


@dataclass(frozen=True)
class Provider:
    """A login provider: its name, the role it logs in to, and the portal's callback."""

    name: str
    prefix: str
    role: str
    callback: str
    acr_values: str | None


PROVIDERS = {
    "idporten": Provider("idporten", "IDPORTEN", "citizen", "auth.callback_idporten",
                         "idporten-loa-high"),
    "helseid": Provider("helseid", "HELSEID", "staff", "auth.callback_helseid", None),
}


def settings_from_environment() -> dict:
    """Read each provider's issuer, client id and secret from the environment."""
    settings = {}
    for provider in PROVIDERS.values():
        issuer = os.environ.get(f"{provider.prefix}_ISSUER")
        if issuer:
            settings[provider.name] = {
                "issuer": issuer.rstrip("/"),
                "client_id": os.environ.get(f"{provider.prefix}_CLIENT_ID", ""),
                "client_secret": os.environ.get(f"{provider.prefix}_CLIENT_SECRET", ""),
            }
    return settings


def client(name: str):
    """Return the Authlib client of a configured provider, or None."""
    return oauth.create_client(name)


def init_app(app):
    """Register the providers configured for this app with Authlib."""
    oauth.init_app(app)
    register(app.config["OIDC_PROVIDERS"])


def register(providers: dict) -> None:
    """Register (or replace) Authlib clients for the given provider settings."""
    for name, settings in providers.items():
        oauth.register(
            name,
            client_id=settings["client_id"],
            client_secret=settings["client_secret"],
            server_metadata_url=f"{settings['issuer']}/.well-known/openid-configuration",
            client_kwargs={"scope": "openid profile", "code_challenge_method": "S256",
                           "token_endpoint_auth_method": "client_secret_post"},
            overwrite=True,
        )
