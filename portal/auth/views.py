"""Login pages: the start of login, the test login, logout."""

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from portal import access, db
from portal.auth import services, sessions
from portal.auth.forms import TestLoginForm
from portal.demo.personas import PERSONAS
from portal.extensions import csrf, limiter
from portal.journal.models import Person

bp = Blueprint("auth", __name__, url_prefix="/auth")


def safe_next(target: str | None) -> str | None:
    """Return a local path to go on to after login, or None for anything else."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


def landing(login) -> str:
    """Return where a fresh session starts: the staff workspace or the citizen's home."""
    return url_for("staff.index") if login.is_staff else url_for("home.index")


@bp.get("/login")
@access.public
def login():
    """Start logging in."""
    if current_user.is_authenticated:
        return redirect(landing(current_user))
    return render_template(
        "auth/login.html",
        test_login=current_app.config["PORTAL_TEST_LOGIN"],
        next=safe_next(request.args.get("next")),
    )


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
    """End the session on the server and in the browser."""
    if current_user.is_authenticated:
        sessions.close_session(current_user)
    return redirect(url_for("auth.logged_out"))


@bp.get("/logged-out")
@access.public
def logged_out():
    """Confirm that the person is logged out."""
    return render_template("auth/logged_out.html")
