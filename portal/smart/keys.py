"""The key that signs id_tokens (OpenID Connect, for the `openid` and `fhirUser` scopes).

An RSA key, from SMART_SIGNING_KEY (PEM) where set, else made once and kept in instance/ so
that every worker and every restart signs with the same key; its public half is published
at /oauth/jwks, named by its thumbprint.
"""

import os
from pathlib import Path

from flask import current_app
from joserfc.jwk import RSAKey

FILE_NAME = "smart_signing_key.pem"


def _load(instance_path: Path) -> RSAKey:
    """Return the configured key, or the instance's, made on first use (once, atomically)."""
    if pem := os.environ.get("SMART_SIGNING_KEY"):
        return RSAKey.import_key(pem)
    path = instance_path / FILE_NAME
    if not path.exists():
        pem = RSAKey.generate_key(2048, private=True).as_pem(private=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another worker made it first
            pass
        else:
            with os.fdopen(descriptor, "wb") as file:
                file.write(pem)
    return RSAKey.import_key(path.read_bytes())


def signing_key() -> RSAKey:
    """Return the app's signing key (loaded once per process)."""
    extensions = current_app.extensions
    if "smart_signing_key" not in extensions:
        extensions["smart_signing_key"] = _load(Path(current_app.instance_path))
    return extensions["smart_signing_key"]


def key_id() -> str:
    """Return the key's id: its RFC 7638 thumbprint."""
    return signing_key().thumbprint()


def public_set() -> dict:
    """Return the public key as a JSON Web Key Set."""
    public = signing_key().as_dict(private=False)
    return {"keys": [public | {"kid": key_id(), "use": "sig", "alg": "RS256"}]}
