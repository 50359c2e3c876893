"""Pages that belong to no feature: the start page and the accessibility statement (the
health check is answered before the frame: portal/health.py)."""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from portal import access, bundle

bp = Blueprint("pages", __name__)


@bp.get("/")
@access.public
def start():
    """Send people who are logged in onwards; show everyone else the start page."""
    if current_user.is_authenticated:
        return redirect(url_for("staff.index" if current_user.is_staff else "home.index"))
    return render_template("pages/start.html")


@bp.get("/favicon.ico")
@access.public
def favicon():
    """Send browsers that ask for /favicon.ico to the portal's icon (no 404 on every page).

    The redirect is temporary: the icon's address changes with its content.
    """
    return redirect(bundle.current().url(bundle.ICON))


@bp.get("/accessibility")
@access.public
def accessibility():
    """Show the accessibility statement (tilgjengelighetserklæring)."""
    return render_template("pages/accessibility.html")


def init_app(app):
    """Add the pages that belong to no feature."""
    app.register_blueprint(bp)
