"""The standalone launch, the tokens and the consent page (issue 17, item 2 and 3).

DOMAIN.md, "Logging in": health data needs a login at the high level (idporten-loa-high);
"Representation": a parent acts for a child under 16 at the same address, with less from 12,
and an adult for another through a power of attorney; "Access log (innsyn i logg)": every
read of a person's health data by someone else, and here every read by an app, is logged.
"""

from datetime import timedelta

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet
from sqlalchemy import func, select

from portal import db
from portal.audit import AccessLogEntry
from portal.extensions import limiter
from portal.journal.entries import DocumentEntry
from portal.representation.models import PowerOfAttorney
from portal.smart.models import App, AuthorizationCode, Connection, Token
from tests.client import ANNE, EMMA, INGRID, JONAS, KARI, OLA, SARA, persona, text_of
from tests.fhir.helpers import fhir, ids, seen
from tests.smart.launch import (
    REDIRECT,
    SCOPE,
    answer,
    audience,
    authorize_url,
    consent,
    exchange,
    launch,
    register,
)


@pytest.fixture
def api(app, db_session):
    """An app's HTTP client: no login cookie, only what it sends."""
    return app.test_client()


def test_discovery_names_the_endpoints_and_s256_only(client):
    config = client.get("/fhir/.well-known/smart-configuration").get_json()
    assert config["authorization_endpoint"].endswith("/oauth/authorize")
    assert config["token_endpoint"].endswith("/oauth/token")
    assert config["code_challenge_methods_supported"] == ["S256"]
    assert {"launch-standalone", "client-public", "context-standalone-patient",
            "permission-v1", "permission-v2", "permission-offline"} <= set(config["capabilities"])
    statement = fhir(client.get("/fhir/metadata"))
    security = statement["rest"][0]["security"]
    uris = {e["url"]: e["valueUri"] for e in security["extension"][0]["extension"]}
    assert uris["authorize"] == config["authorization_endpoint"]
    assert uris["token"] == config["token_endpoint"]


def test_kari_connects_an_app_to_her_own_journal_and_it_reads_what_she_sees(client, api):
    """The same rules as the pages; every read by an app is in her access log, with the app."""
    app = register()
    client.login_as(KARI, lang="en")
    kari = persona(KARI)
    launched = launch(client, app, kari.id)
    assert launched.patient == str(kari.id)
    assert launched.body["token_type"].lower() == "bearer"
    assert launched.body["expires_in"] == 3600
    assert launched.refresh_token  # offline_access
    assert launched.scope == SCOPE
    found = fhir(api.get(f"/fhir/Observation?patient={kari.id}&_count=200",
                         headers=launched.headers))
    assert set(ids(found)) == seen(kari, kari, "Observation") and found["total"] > 0
    patient = fhir(api.get(f"/fhir/Patient/{kari.id}", headers=launched.headers))
    assert patient["id"] == str(kari.id)
    logged = db.session.scalars(select(AccessLogEntry).where(
        AccessLogEntry.subject_id == kari.id, AccessLogEntry.app_id == app.id)).all()
    assert {(e.actor_id, e.actor_role) for e in logged} == {(kari.id, "self")}
    assert {e.what for e in logged} >= {"results"}
    page = text_of(client.get_page("/access-log/"))
    assert "through the app Helseappen" in page


def test_openid_gives_a_signed_id_token_naming_who_consented(client, api):
    """With `openid fhirUser`: an RS256 id_token from the published key, for the app, naming
    Kari (who consented for Emma) by the portal's own id, never her national identity number."""
    app = register()
    client.login_as(KARI, lang="en")
    kari, emma = persona(KARI), persona(EMMA)
    url = authorize_url(app, nonce="n-0S6_WzA2Mj")
    code = answer(consent(client, url, emma.id))["code"]
    body = exchange(client, app, code).get_json()
    key_set = KeySet.import_key_set(api.get("/oauth/jwks").get_json())
    token = jwt.decode(body["id_token"], key_set, algorithms=["RS256"])
    claims = token.claims
    config = api.get("/fhir/.well-known/smart-configuration").get_json()
    assert claims["iss"] == config["issuer"] == client.application.config["PORTAL_BASE_URL"]
    assert claims["aud"] == [app.client_id] and claims["nonce"] == "n-0S6_WzA2Mj"
    assert claims["sub"] == str(kari.id) and KARI not in body["id_token"]
    assert claims["fhirUser"] == f"{audience(client.application)}/Patient/{kari.id}"
    assert claims["acr"] == "idporten-loa-high" and claims["exp"] > claims["iat"]
    assert body["patient"] == str(emma.id)
    # A nonce used before is refused (a replayed authorization request).
    again = answer(client.get(authorize_url(app, nonce="n-0S6_WzA2Mj")))
    assert again["error"] == "invalid_request"


def test_the_patient_picker_offers_whom_the_person_may_act_for(client):
    """Kari's picker: herself, Emma (7) and Jonas (14); not Sara (16), who is on her own."""
    app = register()
    client.login_as(KARI, lang="en")
    page = client.get_page(authorize_url(app))
    offered = {int(i["value"]) for i in page.select("input[name=patient]")}
    assert offered == {persona(KARI).id, persona(EMMA).id, persona(JONAS).id}
    assert "Helseappen" in text_of(page) and "Test results and measurements" in text_of(page)


def test_a_tampered_patient_gets_no_code(client):
    """Choosing Sara (16) or Ola by editing the form: a clear message, no code, 400."""
    app = register()
    client.login_as(KARI, lang="en")
    for other in (SARA, OLA):
        response = consent(client, authorize_url(app), persona(other).id)
        assert response.status_code == 400
        assert "Choose whose journal the app may read." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Connection)
                             .where(Connection.app_id == app.id)) == 0


@pytest.mark.parametrize("reader, subject", [(KARI, EMMA), (KARI, JONAS), (INGRID, OLA)])
@pytest.mark.parametrize("kind", ["Observation", "Condition", "MedicationStatement",
                                  "MedicationRequest", "QuestionnaireResponse",
                                  "Immunization", "CarePlan", "DocumentReference",
                                  "Appointment"])
def test_an_app_for_a_representative_gets_exactly_what_the_pages_give(client, api, reader,
                                                                       subject, kind):
    """DOMAIN.md, "Representation": a parent of a 12–15-year-old sees no confidential entry,
    no self-booked appointment, no hospital result unless shared; a power of attorney as its
    level says. The app gets the same rows the access decision gives the reader."""
    app = register()
    client.login_as(reader, lang="en")
    person = persona(subject)
    launched = launch(client, app, person.id)
    found = fhir(api.get(f"/fhir/{kind}?patient={person.id}&_count=200",
                         headers=launched.headers))
    assert set(ids(found)) == seen(persona(reader), person, kind)


def test_a_parent_s_app_reads_jonas_hidden_rows_as_not_found(client, api):
    """Jonas's confidential youth-station visit is not there for his mother's app either."""
    app = register()
    client.login_as(KARI, lang="en")
    jonas = persona(JONAS)
    launched = launch(client, app, jonas.id)
    mine = seen(jonas, jonas, "DocumentReference") - seen(persona(KARI), jonas,
                                                          "DocumentReference")
    assert mine, "the demo gives Jonas a confidential note"
    for row_id in mine:
        fhir(api.get(f"/fhir/DocumentReference/{row_id}", headers=launched.headers), 404)


def test_a_token_reads_only_its_patient(client, api):
    app = register()
    client.login_as(KARI, lang="en")
    launched = launch(client, app, persona(EMMA).id)
    kari = persona(KARI)
    fhir(api.get(f"/fhir/Patient/{kari.id}", headers=launched.headers), 404)
    fhir(api.get(f"/fhir/Observation?patient={kari.id}", headers=launched.headers), 404)
    patients = fhir(api.get("/fhir/Patient", headers=launched.headers))
    assert ids(patients) == [persona(EMMA).id]


def test_a_login_cookie_does_not_widen_a_token(client):
    """With a token, the browser's login counts for nothing: still only the token's patient."""
    app = register()
    client.login_as(KARI, lang="en")
    launched = launch(client, app, persona(EMMA).id)
    fhir(client.get(f"/fhir/Patient/{persona(KARI).id}", headers=launched.headers), 404)


def test_expired_revoked_and_wrong_audience_tokens_get_401(client, api):
    app = register()
    client.login_as(KARI, lang="en")
    kari = persona(KARI)
    url = f"/fhir/Observation?patient={kari.id}"
    for spoil in ("expired", "wrong audience", "revoked", "garbage"):
        launched = launch(client, app, kari.id)
        token = db.session.scalar(select(Token).order_by(Token.id.desc()))
        if spoil == "expired":
            token.issued_at -= timedelta(hours=1, seconds=1)
        elif spoil == "wrong audience":
            token.aud = "https://another-portal.example/fhir"
        elif spoil == "revoked":
            client.post_form(f"/apps/{token.connection_id}/disconnect", {},
                             from_page="/apps/")
        db.session.commit()
        headers = launched.headers if spoil != "garbage" else {"Authorization": "Bearer nope"}
        response = api.get(url, headers=headers)
        outcome = fhir(response, 401)
        assert outcome["resourceType"] == "OperationOutcome", spoil
        assert 'error="invalid_token"' in response.headers["WWW-Authenticate"], spoil


def test_a_retired_app_reads_nothing(client, api):
    app = register()
    client.login_as(KARI, lang="en")
    launched = launch(client, app, persona(KARI).id)
    db.session.get(App, app.id).retired_at = db.utcnow()
    db.session.commit()  # ends the savepoint only: the test's transaction is rolled back
    fhir(api.get("/fhir/Patient", headers=launched.headers), 401)


def test_refresh_tokens_rotate_and_die_with_the_connection(client, api):
    app = register()
    client.login_as(KARI, lang="en")
    launched = launch(client, app, persona(KARI).id)

    def refresh(value):
        return api.post("/oauth/token", data={"grant_type": "refresh_token",
                                              "refresh_token": value,
                                              "client_id": app.client_id})

    renewed = refresh(launched.refresh_token)
    assert renewed.status_code == 200, renewed.get_data(as_text=True)
    body = renewed.get_json()
    assert body["access_token"] != launched.access_token and body["patient"] == launched.patient
    # The old refresh token and the old access token are spent.
    assert refresh(launched.refresh_token).get_json()["error"] == "invalid_grant"
    fhir(api.get("/fhir/Patient", headers=launched.headers), 401)
    fhir(api.get("/fhir/Patient", headers={"Authorization": f"Bearer {body['access_token']}"}))
    connection = db.session.scalar(select(Connection).where(Connection.app_id == app.id))
    client.post_form(f"/apps/{connection.id}/disconnect", {}, from_page="/apps/")
    assert refresh(body["refresh_token"]).get_json()["error"] == "invalid_grant"


def test_a_refresh_stops_when_the_power_of_attorney_is_revoked(client, api):
    """DOMAIN.md, "Representation": a revoked power takes effect at once, for apps too."""
    app = register()
    client.login_as(INGRID, lang="en")
    ola = persona(OLA)
    launched = launch(client, app, ola.id)
    power = db.session.scalar(select(PowerOfAttorney).where(
        PowerOfAttorney.grantor_id == ola.id))
    power.revoked_at = db.utcnow()
    db.session.commit()  # a refused request rolls back what is not committed
    fhir(api.get(f"/fhir/Observation?patient={ola.id}", headers=launched.headers), 404)
    response = api.post("/oauth/token", data={"grant_type": "refresh_token",
                                              "refresh_token": launched.refresh_token,
                                              "client_id": app.client_id})
    assert response.get_json().get("error") == "invalid_grant", response.get_json()


def test_without_offline_access_there_is_no_refresh_token(client):
    app = register()
    client.login_as(KARI, lang="en")
    launched = launch(client, app, persona(KARI).id, scope="launch/patient patient/*.read")
    assert launched.refresh_token is None and launched.scope == "launch/patient patient/*.read"


def test_a_narrower_scope_reads_only_its_types(client, api):
    """SMART v2 `patient/Observation.rs`: Observations only; other types get 403."""
    app = register()
    client.login_as(KARI, lang="en")
    kari = persona(KARI)
    launched = launch(client, app, kari.id,
                      scope="launch/patient patient/Observation.rs user/*.cruds system/*.read")
    assert launched.scope == "launch/patient patient/Observation.rs"
    fhir(api.get(f"/fhir/Observation?patient={kari.id}", headers=launched.headers))
    response = api.get(f"/fhir/Condition?patient={kari.id}", headers=launched.headers)
    fhir(response, 403)
    assert "insufficient_scope" in response.headers["WWW-Authenticate"]
    fhir(api.get(f"/fhir/Patient/{kari.id}", headers=launched.headers), 403)


def test_a_scope_that_reads_nothing_is_refused(client):
    app = register()
    client.login_as(KARI, lang="en")
    back = answer(client.get(authorize_url(app, scope="user/*.read openid")))
    assert back["error"] == "invalid_scope" and back["state"] == "st4te"


def test_pkce_s256_is_required(client):
    app = register()
    client.login_as(KARI, lang="en")
    without = answer(client.get(authorize_url(app, code_challenge=None,
                                              code_challenge_method=None)))
    assert without["error"] == "invalid_request"
    plain = answer(client.get(authorize_url(app, code_challenge="x" * 50,
                                            code_challenge_method="plain")))
    assert plain["error"] == "invalid_request"


def test_a_wrong_verifier_or_a_used_code_gets_no_token(client):
    app = register()
    client.login_as(KARI, lang="en")
    code = answer(consent(client, authorize_url(app), persona(KARI).id))["code"]
    wrong = exchange(client, app, code, verifier="z" * 60)
    assert wrong.status_code == 400 and wrong.get_json()["error"] == "invalid_grant"
    code = answer(consent(client, authorize_url(app), persona(KARI).id))["code"]
    assert exchange(client, app, code).status_code == 200
    again = exchange(client, app, code)
    assert again.status_code == 400 and again.get_json()["error"] == "invalid_grant"


def test_the_audience_must_be_this_api(client):
    """SMART's `aud`: an app that names another server gets no code."""
    app = register()
    client.login_as(KARI, lang="en")
    back = answer(client.get(authorize_url(app, aud="https://evil.example/fhir")))
    assert back["error"] == "invalid_request" and "code" not in back


def test_unknown_apps_and_addresses_get_a_page_not_a_redirect(client):
    app = register()
    client.login_as(KARI, lang="en")
    unknown = client.get(authorize_url(app, client_id="nobody"))
    assert unknown.status_code == 400 and "not registered" in unknown.get_data(as_text=True)
    elsewhere = client.get(authorize_url(app, redirect_uri="https://evil.example/cb"))
    assert elsewhere.status_code == 400 and elsewhere.location is None


def test_saying_no_sends_access_denied(client):
    app = register()
    client.login_as(KARI, lang="en")
    back = answer(consent(client, authorize_url(app), persona(KARI).id, decision="deny"))
    assert back == {"error": "access_denied", "state": "st4te"} | {
        k: v for k, v in back.items() if k == "error_description"}
    assert db.session.scalar(select(func.count()).select_from(Connection)
                             .where(Connection.app_id == app.id)) == 0


def test_a_confidential_app_must_send_its_secret(client):
    app = register(secret="s3cret-value")
    client.login_as(KARI, lang="en")
    code = answer(consent(client, authorize_url(app), persona(KARI).id))["code"]
    assert exchange(client, app, code).status_code in (400, 401)  # no secret
    code = answer(consent(client, authorize_url(app), persona(KARI).id))["code"]
    ok = exchange(client, app, code, client_secret="s3cret-value")
    assert ok.status_code == 200, ok.get_data(as_text=True)


def test_anonymous_is_sent_to_log_in_and_staff_cannot_connect(client):
    app = register()
    response = client.get(authorize_url(app, aud=audience(client.application)))
    assert response.status_code == 302 and response.location.startswith("/auth/login")
    client.login_as(ANNE, "staff", lang="en")
    assert client.get(authorize_url(app)).status_code == 403


def test_the_connected_apps_page_lists_and_disconnects(client):
    app = register()
    client.login_as(KARI, lang="en")
    launch(client, app, persona(EMMA).id)
    page = text_of(client.get_page("/apps/"))
    assert "Helseappen" in page and "Reads the journal of Emma Nordmann" in page
    connection = db.session.scalar(select(Connection).where(Connection.app_id == app.id))
    response = client.post_form(f"/apps/{connection.id}/disconnect", {}, from_page="/apps/")
    assert response.location.endswith("/apps/")
    assert db.session.get(Connection, connection.id).revoked_at is not None
    after = text_of(client.get_page("/apps/"))
    assert "Helseappen can no longer read the journal." in after  # the flash message
    assert "Disconnect Helseappen" not in after and "Disconnect Helsedagbok" in after


def test_someone_else_s_connection_cannot_be_touched(client):
    """A tampered id (Ingrid's connection, or none at all): 404, nothing changed."""
    app = register()
    ingrids = Connection(app_id=app.id, user_id=persona(INGRID).id, patient_id=persona(OLA).id,
                         scope=SCOPE, acr="idporten-loa-high")
    db.session.add(ingrids)
    db.session.commit()
    client.login_as(KARI, lang="en")
    for connection_id in (ingrids.id, 999999):
        client.post_form(f"/apps/{connection_id}/disconnect", {}, from_page="/apps/",
                         status=404)
    assert db.session.get(Connection, ingrids.id).revoked_at is None


def test_the_redirect_is_exactly_a_registered_one(client):
    app = register()
    assert app.check_redirect_uri(REDIRECT)
    assert not app.check_redirect_uri(REDIRECT + "/../evil")
    assert audience(client.application).endswith("/fhir")
    assert "offline_access" in SCOPE


def test_everything_with_a_narrow_scope_holds_only_what_the_scope_covers(client, api):
    app = register()
    client.login_as(KARI, lang="en")
    kari = persona(KARI)
    launched = launch(client, app, kari.id,
                      scope="launch/patient patient/Patient.rs patient/Observation.rs")
    bundle = fhir(api.get(f"/fhir/Patient/{kari.id}/$everything", headers=launched.headers))
    types = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert types == {"Patient", "Observation"}
    assert set(ids(bundle, "Observation")) == seen(kari, kari, "Observation")
    document = db.session.scalar(select(DocumentEntry.id).where(
        DocumentEntry.person_id == kari.id))
    fhir(api.get(f"/fhir/Binary/{document}", headers=launched.headers), 403)


def test_the_token_endpoint_is_rate_limited_as_logging_in_is(tmp_path, monkeypatch, other_app):
    """Codes, refresh tokens and secrets are not to be guessed: the login's budget."""
    # The limiter is one object shared by every app in this process: put it back afterwards.
    monkeypatch.setattr(limiter, "enabled", limiter.enabled)
    monkeypatch.setattr(limiter, "_storage", getattr(limiter, "_storage", None), raising=False)
    limited_app = other_app(DATABASE_URL=f"sqlite:///{tmp_path / 'limits.sqlite3'}",
                            TESTING=True, LOGIN_RATE_LIMIT="3/minute", RATELIMIT_ENABLED=True,
                            RATELIMIT_STORAGE_URI="memory://")
    with limited_app.test_client() as limited:
        codes = [limited.post("/oauth/token", data={"grant_type": "refresh_token",
                                                     "refresh_token": "guess",
                                                     "client_id": "x"}).status_code
                 for _ in range(5)]
    assert codes[3:] == [429, 429] and 429 not in codes[:3]


def test_old_codes_and_dead_tokens_are_purged_live_ones_stay(client):
    app = register()
    client.login_as(KARI, lang="en")
    launched = launch(client, app, persona(KARI).id)  # live: an hour, and a refresh token
    short = launch(client, app, persona(KARI).id, scope="launch/patient patient/*.rs")
    tokens = {t.access_digest: t for t in db.session.scalars(select(Token))}
    for token in tokens.values():
        if token.refresh_digest is None:  # the one without offline access, two hours old
            token.issued_at -= timedelta(hours=2)
    for code in db.session.scalars(select(AuthorizationCode)):
        code.created_at -= timedelta(days=2)
    db.session.commit()
    result = client.application.test_cli_runner().invoke(args=["jobs", "purge-app-grants"])
    assert "Deleted 2 codes and 1 tokens." in result.output, result.output
    fhir(client.application.test_client().get(
        "/fhir/Patient", headers=launched.headers))
    assert short.refresh_token is None
    assert db.session.scalar(select(func.count()).select_from(Token)) == 1
