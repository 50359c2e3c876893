"""The citizen's home page: what is new and due for the person and for those they act for."""

from flask import Blueprint, g, redirect, render_template, url_for
from flask_login import login_required

from portal import access, clock, db
from portal.home import cards, people, shortcuts
from portal.representation.forms import LEVEL_NAMES

bp = Blueprint("home", __name__)


@bp.get("/home")
@login_required
def index():
    """Show what is new and due, the common tasks, and a row per person one acts for.

    Acting for someone, the page is about that person only; the rows of the others are on
    the actor's own page.
    """
    if g.login.is_staff:
        return redirect(url_for("staff.index"))
    access.scope(access.PROFILE)
    own_page = g.subject.id == g.actor.id
    rows = people.rows_for(g.actor, on=clock.today(), now=db.utcnow()) if own_page else []
    # Every card of every person on the page, asked of the database at once.
    found = cards.cards_for(g.actor, [g.subject, *(row.person for row in rows if row.may_act)])
    for row in rows:
        row.cards = found.get(row.person.id, [])
    return render_template(
        "home/index.html", cards=found[g.subject.id],
        shortcuts=shortcuts.shortcuts_for_subject(), rows=rows,
        Rule=people.Rule, level_names=LEVEL_NAMES)


def init_app(app):
    """Add the home page (the features add its cards and shortcuts)."""
    app.register_blueprint(bp)
