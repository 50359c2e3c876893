"""The staff workspace's front page."""

from functools import wraps

from flask import Blueprint, abort, g, render_template
from flask_login import login_required

from portal import access

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


@bp.get("/")
@access.public
@staff_required
def index():
    """Show the workspace for the unit the staff member logged in to."""
    return render_template("staff/index.html", unit=g.login.unit)
