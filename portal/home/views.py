"""The citizen's home page."""

from flask import Blueprint, g, redirect, render_template, url_for
from flask_login import login_required

from portal import access
from portal.home import cards

bp = Blueprint("home", __name__)


@bp.get("/home")
@login_required
def index():
    """Greet the person and show what is new."""
    if g.login.is_staff:
        return redirect(url_for("staff.index"))
    access.scope(access.PROFILE)
    return render_template("home/index.html", cards=cards.cards_for(g.actor, g.subject))


def init_app(app):
    """Add the home page (the features add its cards)."""
    app.register_blueprint(bp)
