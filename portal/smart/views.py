"""SMART App Launch (standalone): discovery, the consent page with its patient picker, the
token and revocation endpoints, and the page where a person sees and disconnects apps.

An app is sent here by the person's browser; the person logs in as on any page (at the high
level: the app will read health data), sees which app asks to read what, chooses whose
journal (their own or one they may act for, as the access registry says) and says yes or
no. The app then reads through /fhir/ with exactly the rights the person has on the pages.
"""

from urllib.parse import urlsplit

from authlib.oauth2 import OAuth2Error
from flask import (
    Blueprint,
    flash,
    g,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal import access, db, errors, links, security
from portal.extensions import csrf, limiter, login_limit
from portal.fhir import bundles
from portal.smart import keys, scopes, server
from portal.smart.forms import ConsentForm
from portal.smart.models import App, Connection, Token, digest

bp = Blueprint("smart", __name__)


def oauth_uris() -> dict:
    """Return the authorization server's addresses, by the names SMART gives them."""
    return {name: links.external(f"smart.{endpoint}") for name, endpoint in (
        ("authorize", "authorize"), ("token", "token"), ("revoke", "revoke"), ("manage", "apps"))}


@bp.get("/fhir/.well-known/smart-configuration")
@access.public
def configuration():
    """Tell apps how to launch against this API (SMART App Launch 2.x discovery)."""
    urls = oauth_uris()
    return jsonify({
        "issuer": server.issuer(),
        "jwks_uri": links.external("smart.jwks"),
        "authorization_endpoint": urls["authorize"],
        "token_endpoint": urls["token"],
        "revocation_endpoint": urls["revoke"],
        "management_endpoint": urls["manage"],
        "token_endpoint_auth_methods_supported": [
            "client_secret_basic", "client_secret_post", "none"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "response_types_supported": ["code"],
        "code_challenge_methods_supported": ["S256"],
        "scopes_supported": ["openid", "fhirUser", "launch/patient", "offline_access",
                             "online_access",
                             "patient/*.rs", "patient/*.read",
                             *(f"patient/{t}.rs" for t in scopes.TYPES)],
        "capabilities": ["launch-standalone", "client-public", "client-confidential-symmetric",
                         "sso-openid-connect",
                         "context-standalone-patient", "permission-patient",
                         "permission-offline", "permission-online", "permission-v1",
                         "permission-v2"],
    })


@bp.get("/.well-known/openid-configuration")
@access.public
def openid_configuration():
    """Describe the portal as an OpenID Connect provider for apps (id_tokens only)."""
    urls = oauth_uris()
    return jsonify({
        "issuer": server.issuer(), "jwks_uri": links.external("smart.jwks"),
        "authorization_endpoint": urls["authorize"], "token_endpoint": urls["token"],
        "response_types_supported": ["code"], "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "code_challenge_methods_supported": ["S256"],
        "scopes_supported": ["openid", "fhirUser"],
        "claims_supported": ["sub", "fhirUser", "acr", "auth_time", "nonce"],
    })


@bp.get("/oauth/jwks")
@access.public
def jwks():
    """Publish the public key that signs id_tokens."""
    return jsonify(keys.public_set())


def _refuse(error: OAuth2Error):
    """Send an error back to the app when its redirect address is known; else tell the
    person, on a page, that the app's request cannot be answered."""
    if error.redirect_uri:
        return server.server().handle_error_response(request, error)
    return errors.render_error(400, _(
        "The app's request cannot be answered: the app is not registered with the portal, "
        "or it asked to come back to an address it has not registered. Nothing was shared."))


def _audience_error(grant):
    """Return an error when the app did not name this API as the audience (SMART's `aud`)."""
    aud = (request.values.get("aud") or "").rstrip("/")
    if aud == bundles.base_url().rstrip("/"):
        return None
    error = OAuth2Error(description="'aud' must be this FHIR server's base URL",
                        redirect_uri=grant.redirect_uri)
    error.error = "invalid_request"
    error.state = request.values.get("state")
    return error


def _people() -> list:
    """Return the reader and the people the access decision lets them act for."""
    return [g.actor, *access.people_to_act_for(g.actor)]


@bp.route("/oauth/authorize", methods=["GET", "POST"])
@login_required
def authorize():
    """Ask the person whether an app may read a journal, and whose; then send the app back
    with a code, or with access_denied."""
    access.decided()
    if g.login.acr != access.HIGH:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?"), level="high"))
    if g.login.role == "staff":
        return errors.render_error(403, _("Apps are connected by citizens, not from a staff "
                                          "login. Log in as yourself to connect an app."))
    try:
        grant = server.server().get_consent_grant(end_user=g.actor)
    except OAuth2Error as error:
        return _refuse(error)
    wrong_audience = _audience_error(grant)
    if wrong_audience is not None:
        return server.server().handle_error_response(request, wrong_audience)
    people = _people()
    form = ConsentForm()
    form.offer(people, g.actor)
    if request.method == "POST" and form.validate_on_submit():
        if request.form.get("decision") != "allow":
            return server.server().create_authorization_response(grant_user=None, grant=grant)
        patient = next((p for p in people if p.id == form.patient.data), None)
        if patient is not None:
            consent = server.Consent(user=g.actor, patient=patient, acr=g.login.acr,
                                     auth_time=g.login.created_at, aud=bundles.base_url())
            return server.server().create_authorization_response(grant_user=consent,
                                                                 grant=grant)
        form.patient.errors = [_("Choose whose journal the app may read.")]
    status = 400 if request.method == "POST" else 200
    page = make_response(render_template(
        "smart/consent.html", app=grant.request.client, form=form,
        reads=scopes.describe(grant.request.scope),
        offline=scopes.has(grant.request.scope, "offline_access")), status)
    # The form's answer redirects to the app: the browser checks that against form-action.
    app_origin = "{0.scheme}://{0.netloc}".format(urlsplit(grant.redirect_uri))
    page.headers["Content-Security-Policy"] = security.csp(
        tuple(sorted({*security.login_origins(), app_origin})))
    return page


@bp.post("/oauth/token")
@csrf.exempt
@limiter.limit(login_limit)
def token():
    """Exchange a code (with its PKCE verifier) or a refresh token for tokens."""
    access.decided()  # the code or refresh token carries the person's decision
    return server.server().create_token_response()


@bp.post("/oauth/revoke")
@csrf.exempt
@limiter.limit(login_limit)
def revoke():
    """Revoke a token an app holds (RFC 7009): its connection stays; the token ends."""
    access.decided()
    client = _client_of_request()
    value = request.form.get("token", "")
    if client is None:
        return jsonify({"error": "invalid_client"}), 401
    found = db.session.scalar(select(Token).where(
        (Token.access_digest == digest(value)) | (Token.refresh_digest == digest(value))))
    if found is not None and found.check_client(client) and found.revoked_at is None:
        found.revoked_at = db.utcnow()
    return "", 200  # the same whether or not the token was known (RFC 7009, 2.2)


def _client_of_request() -> App | None:
    """Return the app that authenticates a revocation request (a public app by its id)."""
    try:
        return server.server().authenticate_client(
            server.server().create_oauth2_request(request),
            ["client_secret_basic", "client_secret_post", "none"], endpoint="revoke")
    except OAuth2Error:
        return None


@bp.get("/apps/")
@login_required
def apps():
    """List the apps the person has connected, to their own journal or one they act for."""
    access.scope(access.PROFILE, subject=g.actor)
    connections = db.session.scalars(
        select(Connection).where(Connection.user_id == g.actor.id,
                                 Connection.revoked_at.is_(None))
        .options(joinedload(Connection.app), joinedload(Connection.patient))
        .order_by(Connection.created_at.desc())).all()
    return render_template("smart/apps.html", connections=[
        (c, scopes.describe(c.scope)) for c in connections if c.is_active])


@bp.post("/apps/<int:connection_id>/disconnect")
@login_required
def disconnect(connection_id: int):
    """End a connection and every token under it; the app can read nothing more."""
    access.scope(access.PROFILE, subject=g.actor)
    connection = db.session.scalar(select(Connection).where(
        Connection.id == connection_id, Connection.user_id == g.actor.id,
        Connection.revoked_at.is_(None)))
    if connection is None:
        raise access.NotFound()
    now = db.utcnow()
    connection.revoked_at = now
    for each in db.session.scalars(select(Token).where(Token.connection_id == connection.id,
                                                       Token.revoked_at.is_(None))):
        each.revoked_at = now
    flash(_("{app} can no longer read the journal.").format(app=connection.app.name), "success")
    return redirect(url_for("smart.apps"))


def init_app(app):
    """Add the authorization server and its pages."""
    server.init_app(app)
    app.register_blueprint(bp)
