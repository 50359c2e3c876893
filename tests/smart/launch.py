"""A standalone launch as an app performs it, through the test client: authorize, consent,
code, token; and API reads with the token."""

import base64
import hashlib
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

from flask import current_app

from portal import db
from portal.smart.models import App, digest

REDIRECT = "https://app.example/callback"
SCOPE = "launch/patient openid fhirUser offline_access patient/*.rs"
VERIFIER = "a-verifier-that-is-long-enough-to-satisfy-rfc-7636-" + "x" * 20


def challenge(verifier: str = VERIFIER) -> str:
    """Return the S256 code challenge of a verifier."""
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")


def register(name: str = "Helseappen", *, secret: str | None = None,
             client_id: str = "helseappen") -> App:
    """Register an app, as `flask apps add` does."""
    app = App(client_id=client_id, name=name, redirect_uris=REDIRECT,
              secret_digest=digest(secret) if secret else None)
    db.session.add(app)
    db.session.commit()  # ends the savepoint only: the test's transaction is rolled back
    return app


def audience(flask_app=None) -> str:
    """Return the API's base address, the audience an app names."""
    return (flask_app or current_app).config["PORTAL_BASE_URL"] + "/fhir"


def authorize_url(app: App, *, scope: str = SCOPE, aud: str | None = None, **changes) -> str:
    """Return the address an app sends the person's browser to."""
    params = {"response_type": "code", "client_id": app.client_id, "redirect_uri": REDIRECT,
              "scope": scope, "state": "st4te", "aud": aud or audience(),
              "code_challenge": challenge(), "code_challenge_method": "S256"}
    params.update(changes)
    return "/oauth/authorize?" + urlencode({k: v for k, v in params.items() if v is not None})


def answer(response) -> dict:
    """Return the query of a redirect back to the app (code or error, and state)."""
    assert response.status_code == 302, (response.status_code, response.get_data(as_text=True))
    assert response.location.startswith(REDIRECT), response.location
    return {k: v[0] for k, v in parse_qs(urlsplit(response.location).query).items()}


def consent(client, url: str, patient_id: int, decision: str = "allow"):
    """Say yes (or no) on the consent page, for a patient; return the response."""
    token = client.csrf_token(url)
    return client.post(url, data={"csrf_token": token, "patient": patient_id,
                                  "decision": decision})


def exchange(client, app: App, code: str, *, verifier: str = VERIFIER, **extra):
    """Exchange a code at the token endpoint; return the response."""
    return client.post("/oauth/token", data={
        "grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT,
        "client_id": app.client_id, "code_verifier": verifier, **extra})


@dataclass
class Launched:
    """What an app holds after a launch."""

    access_token: str
    refresh_token: str | None
    patient: str
    scope: str
    body: dict

    @property
    def headers(self) -> dict:
        """Return the Authorization header the app sends."""
        return {"Authorization": f"Bearer {self.access_token}"}


def launch(client, app: App, patient_id: int, *, scope: str = SCOPE) -> Launched:
    """Run the whole launch as the logged-in person, choosing a patient; return the tokens."""
    code = answer(consent(client, authorize_url(app, scope=scope), patient_id))["code"]
    response = exchange(client, app, code)
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    return Launched(body["access_token"], body.get("refresh_token"), body.get("patient"),
                    body["scope"], body)
