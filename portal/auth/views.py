"""Logging in and out: ID-porten and HelseID, the test login, logout and front-channel logout."""

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select

from portal import access, db, security
from portal.auth import oidc, services, sessions
from portal.auth.flow import finish_login, landing, safe_next, start_login
from portal.auth.forms import TestLoginForm
from portal.demo.personas import PERSONAS
from portal.extensions import csrf, limiter, login_limit
from portal.journal.models import Person

bp = Blueprint("auth", __name__, url_prefix="/auth")


@bp.get("/login")
@access.public
@limiter.limit(login_limit)
def login():
    """Start logging in with ID-porten, or show how to log in where it is not set up."""
    next_page = safe_next(request.args.get("next"))
    step_up = request.args.get("level") == "high"
    if current_user.is_authenticated and not step_up:
        return redirect(next_page or landing(current_user))
    if oidc.client("idporten") is not None:
        return start_login("idporten", next_page)
    return render_template("auth/login.html", test_login=current_app.config["PORTAL_TEST_LOGIN"],
                           next=next_page, step_up=step_up)


@bp.get("/staff/login")
@access.public
@limiter.limit(login_limit)
def staff_login():
    """Start a staff login with HelseID."""
    if oidc.client("helseid") is None:
        return render_template("auth/login.html", staff=True,
                               test_login=current_app.config["PORTAL_TEST_LOGIN"], next=None)
    return start_login("helseid", safe_next(request.args.get("next")))


@bp.get("/callback/idporten")
@access.public
@limiter.limit(login_limit)
def callback_idporten():
    """Finish an ID-porten login."""
    return finish_login("idporten")


@bp.get("/callback/helseid")
@access.public
@limiter.limit(login_limit)
def callback_helseid():
    """Finish a HelseID login."""
    return finish_login("helseid")


@bp.route("/test-login", methods=["GET", "POST"])
@access.public
@csrf.exempt  # checked below, once we know the page exists at all
@limiter.limit("30/minute", methods=["POST"])
def test_login():
    """Log in as a person of the register, for development only."""
    if not current_app.config["PORTAL_TEST_LOGIN"]:
        abort(404)
    if request.method == "POST":
        csrf.protect()
    form = TestLoginForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next"))
    error = None
    if form.validate_on_submit():
        try:
            person = services.person_by_national_id(form.pid.data)
            unit = services.staff_role(person).unit if form.role.data == "staff" else None
        except services.LoginRefused as exc:
            error = str(exc)
        else:
            login = sessions.open_session(person, role=form.role.data, unit=unit,
                                          provider="test", acr="idporten-loa-high")
            return redirect(safe_next(form.next.data) or landing(login))
    numbers = [p.national_id for p in PERSONAS]
    people = {p.national_id: p for p in db.session.scalars(
        select(Person).where(Person.national_id.in_(numbers)))}
    status = 400 if request.method == "POST" else 200
    return render_template("auth/test_login.html", form=form, error=error,
                           personas=[(p, people.get(p.national_id)) for p in PERSONAS]), status


@bp.post("/logout")
@access.public
def logout():
    """End the session on the server, then at the provider (RP-initiated logout)."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.logged_out"))
    row = current_user._get_current_object()
    provider, id_token = row.provider, row.id_token
    sessions.close_session(row)
    client = oidc.client(provider) if provider in oidc.PROVIDERS else None
    end_session = client.load_server_metadata().get("end_session_endpoint") if client else None
    if end_session and id_token:
        return client.logout_redirect(
            post_logout_redirect_uri=url_for("auth.logged_out", _external=True),
            id_token_hint=id_token, ui_locales=g.get("lang", "nb"))
    return redirect(url_for("auth.logged_out"))


@bp.get("/logged-out")
@access.public
def logged_out():
    """Confirm that the person is logged out."""
    session.clear()
    return render_template("auth/logged_out.html")


@bp.get("/frontchannel-logout")
@access.public
def frontchannel_logout():
    """End the sessions the provider names by its session id (OIDC Front-Channel Logout)."""
    ended = sessions.end_by_provider_sid(request.args.get("iss"), request.args.get("sid"))
    response = current_app.make_response((render_template("auth/frontchannel.html", ended=ended), 200))
    # The provider shows this page in a hidden frame: only its own origin may frame it.
    origins = " ".join(security.login_origins()) or "'none'"
    response.headers["Content-Security-Policy"] = f"default-src 'none'; frame-ancestors {origins}"
    response.frameable = True
    return response


def init_app(app):
    """Add the login and logout pages."""
    app.register_blueprint(bp)
