"""The staff workspace's front page, and what every staff page needs: who is working where."""

from functools import wraps

from flask import Blueprint, abort, g, render_template
from flask_login import login_required
from sqlalchemy import select

from portal import access, db
from portal.journal.models import Practitioner

bp = Blueprint("staff", __name__, url_prefix="/staff")


def staff_required(view):
    """Let only sessions opened as staff through; others get 403."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not g.login.is_staff:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def practitioner() -> Practitioner | None:
    """Return the logged-in staff member's active role in the unit they logged in to."""
    return practitioner_in(g.actor.id, g.login.unit_id)


def practitioner_in(person_id: int, unit_id: int) -> Practitioner | None:
    """Return a person's active role in a unit, or None."""
    return db.session.scalar(select(Practitioner).where(
        Practitioner.person_id == person_id, Practitioner.unit_id == unit_id,
        Practitioner.active.is_(True)))


@bp.get("/")
@access.public
@staff_required
def index():
    """Show the workspace for the unit the staff member logged in to."""
    return render_template("staff/index.html", unit=g.login.unit)


def init_app(app):
    """Add the staff workspace."""
    app.register_blueprint(bp)
