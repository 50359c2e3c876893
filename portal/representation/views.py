"""Acting for others: whom one may act for, powers of attorney, sharing by young people."""

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from portal import access, clock, db, params
from portal.journal.models import Person
from portal.representation import rules, services
from portal.representation.forms import LEVEL_NAMES, GrantForm, LevelForm, ShareForm, share_labels
from portal.representation.services import RepresentationError

bp = Blueprint("representation", __name__, url_prefix="/representation")


def _own():
    """Check that the logged-in citizen is looking at their own relations."""
    access.scope(access.PROFILE, subject=g.actor)


@bp.get("/")
@login_required
def index():
    """List whom the person may act for, the powers they hold and those they have given."""
    _own()
    return _render_index()


def _render_index(status: int = 200, error: str | None = None):
    """Render the overview, optionally with an error about the last request."""
    on, now = clock.today(), db.utcnow()
    people = access.people_to_act_for(g.actor, on)
    return render_template(
        "representation/index.html",
        people=[(p, services.relation_to(g.actor, p, on=on, now=now)) for p in people],
        of_age=services.children_of_age(g.actor, on=on),
        held=services.powers_held(g.actor, now=now),
        given=services.powers_given(g.actor, now=now),
        level_forms={p.id: LevelForm(level=p.level, prefix=f"power-{p.id}")
                     for p in services.powers_given(g.actor, now=now)},
        level_names=LEVEL_NAMES,
        may_grant=clock.age_on(g.actor.birth_date, on) >= 16,
        may_share=services.may_share(g.actor, on=on),
        error=error,
    ), status


@bp.post("/act")
@login_required
def act():
    """Start acting for a person chosen from the list (never from a URL alone)."""
    _own()
    subject = db.session.get(Person, params.number(request.form, "person_id", 0))
    try:
        if subject is None:
            raise RepresentationError(_("You cannot act for this person."))
        services.act_for(g.login, subject, on=clock.today())
    except RepresentationError as exc:
        return _render_index(403, str(exc))
    flash(_("You are now acting for {name}.").format(name=subject.name), "success")
    return redirect(url_for("home.index"))


@bp.post("/self")
@login_required
def act_as_self():
    """Go back to acting for oneself, in one click from the banner."""
    _own()
    services.act_as_self(g.login)
    flash(_("You are acting for yourself again."), "success")
    return redirect(url_for("home.index"))


@bp.route("/powers/new", methods=["GET", "POST"])
@login_required
def grant():
    """Give someone a power of attorney, found by number and surname together."""
    _own()
    form = GrantForm()
    error = None
    if form.validate_on_submit():
        try:
            grantee = services.find_person(form.national_id.data, form.family_name.data)
            services.grant(g.actor, grantee, form.level.data, on=clock.today(), now=db.utcnow())
        except RepresentationError as exc:
            error = str(exc)
        else:
            flash(_("{name} now holds a power of attorney from you ({level}).").format(
                name=grantee.name, level=LEVEL_NAMES[form.level.data]), "success")
            return redirect(url_for(".index"))
    status = 400 if request.method == "POST" else 200
    return render_template("representation/grant.html", form=form, error=error), status


@bp.post("/powers/<int:power_id>/level")
@login_required
def change_level(power_id: int):
    """Change the level of a power of attorney one has given."""
    _own()
    form = LevelForm(prefix=f"power-{power_id}")
    try:
        power = services.own_power(g.actor, power_id, now=db.utcnow())
        if not form.validate():
            raise RepresentationError(_("Choose one of the levels."))
        services.change_level(power, form.level.data)
    except RepresentationError as exc:
        return _render_index(400, str(exc))
    flash(_("The power of attorney for {name} is now {level}.").format(
        name=power.grantee.name, level=LEVEL_NAMES[power.level]), "success")
    return redirect(url_for(".index"))


@bp.post("/powers/<int:power_id>/revoke")
@login_required
def revoke(power_id: int):
    """Revoke a power of attorney one has given, at once."""
    _own()
    try:
        power = services.own_power(g.actor, power_id, now=db.utcnow())
    except RepresentationError as exc:
        return _render_index(400, str(exc))
    services.revoke(power, now=db.utcnow())
    flash(_("You have revoked the power of attorney for {name}.").format(
        name=power.grantee.name), "success")
    return redirect(url_for(".index"))


@bp.route("/sharing", methods=["GET", "POST"])
@login_required
def sharing():
    """Let a young person of 12-15 share more with a parent, by category, and take it back."""
    _own()
    on, now = clock.today(), db.utcnow()
    if not services.may_share(g.actor, on=on):
        return render_template("representation/sharing.html", parents=[], forms={}), 200
    parents = services.parents_of(g.actor)
    error = None
    if request.method == "POST":
        parent = next((p for p in parents if p.id == params.number(request.form, "parent_id")), None)
        form = ShareForm(prefix=f"parent-{parent.id}" if parent else "none")
        try:
            if parent is None:
                raise RepresentationError(_("You can only share with a parent who has parental responsibility for you."))
            if not form.validate():
                raise RepresentationError(_("Choose from the categories shown."))
            services.set_shares(g.actor, parent, set(form.categories.data or ()), on=on, now=now)
        except RepresentationError as exc:
            error = str(exc)
        else:
            flash(_("Saved. {name} sees what you have chosen from now on.").format(
                name=parent.name), "success")
            return redirect(url_for(".sharing"))
    forms = {p.id: ShareForm(prefix=f"parent-{p.id}",
                             categories=sorted(rules.shared_categories(g.actor, p)))
             for p in parents}
    return render_template("representation/sharing.html", parents=parents, forms=forms,
                           labels=share_labels(), error=error,
                           seen={p.id: services.seen_by_parent(g.actor, p, now=now)
                                 for p in parents}), 400 if error else 200


def init_app(app):
    """Add the pages for acting for others."""
    app.register_blueprint(bp)
