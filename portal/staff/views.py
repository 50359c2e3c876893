"""The staff workspace's front page, and what every staff page needs: who is working where."""

from functools import wraps

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from wtforms import RadioField, SelectChoice
from wtforms.validators import InputRequired

from portal import access, db
from portal.auth.services import role_in, staff_roles
from portal.forms import Form
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
    return role_in(g.actor, g.login.unit_id)


@bp.get("/")
@access.public
@staff_required
def index():
    """Show the workspace for the unit the staff member logged in to."""
    return render_template("staff/index.html", unit=g.login.unit)


class UnitForm(Form):
    """Choose the unit to work for now, among one's own."""

    unit = RadioField(_l("Which unit do you work for now?"), coerce=int,
                      validators=[InputRequired(_l("Choose a unit."))])

    def __init__(self, roles, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit.choices = [SelectChoice(r.unit_id, r.unit.name) for r in roles]


@bp.route("/unit", methods=["GET", "POST"])
@access.public
@staff_required
def unit():
    """Let staff who work at several units choose, or change, the unit they work for now.

    Only the staff member's own active roles are offered or accepted; the session's unit is
    what every staff purpose is checked against.
    """
    roles = staff_roles(g.actor)
    form = UnitForm(roles, unit=g.login.unit_id)
    if form.validate_on_submit():
        g.login.unit_id = form.unit.data
        db.session.flush()
        chosen = next(r.unit for r in roles if r.unit_id == form.unit.data)
        flash(_("You are now working for {unit}.").format(unit=chosen.name), "success")
        return redirect(url_for(".index"))
    status = 400 if request.method == "POST" else 200
    return render_template("staff/unit.html", form=form), status


def has_several_units() -> bool:
    """Tell whether the logged-in staff member works at more than one unit."""
    login = g.get("login")
    return bool(login and login.is_staff and len(staff_roles(login.person)) > 1)


def init_app(app):
    """Add the staff workspace, and the header's link to change unit."""
    app.register_blueprint(bp)
    app.add_template_global(has_several_units)
