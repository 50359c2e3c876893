"""Results for staff: a GP office's held-back results, and sharing one with a comment."""

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for

from portal import access, db
from portal.areas import Area
from portal.journal.entries import Observation
from portal.journal.models import Person, Practitioner
from portal.results import classification, services
from portal.results.forms import ShareForm
from portal.results.labels import STATUS, SYMBOLS, WORDS
from portal.results.models import GpListing
from portal.staff.views import staff_required

bp = Blueprint("staff_results", __name__, url_prefix="/staff/results")


def _practitioner() -> Practitioner | None:
    """Return the logged-in staff member's role in the unit they logged in to."""
    from sqlalchemy import select

    return db.session.scalar(select(Practitioner).where(
        Practitioner.person_id == g.actor.id, Practitioner.unit_id == g.login.unit_id))


@bp.get("/")
@staff_required
def index():
    """List the held-back results of the patients listed at this GP office.

    Each row names a patient and a test, so each goes through the access decision with
    the GP listing as purpose, and is logged in that patient's access log.
    """
    rows = []
    for row in services.awaiting_release(g.login.unit_id):
        decision = access.decide(Area.RESULTS, purpose=GpListing(g.login.unit_id, row.person_id),
                                 subject=row.person)
        if decision:
            access.log_read(decision, Area.RESULTS, subject=row.person, resource_id=row.id)
            rows.append(row)
    access.decided()  # every row above was decided one by one, even if none were shown
    return render_template("staff/results.html", rows=rows,
                           may_share=services.may_share(_practitioner()))


def _load(observation_id: int) -> tuple[Observation, Person]:
    """Load a held-back result through the access decision (GP listing), or answer 404."""
    row = db.session.get(Observation, observation_id)
    if row is None or row.release_category not in (2, 3):
        abort(404)
    person = db.session.get(Person, row.person_id)
    access.require(Area.RESULTS, purpose=GpListing(g.login.unit_id, person.id)
                   if person.gp_unit_id == g.login.unit_id else None,
                   subject=person, resource_id=row.id)
    return row, person


@bp.route("/<int:observation_id>", methods=["GET", "POST"])
@staff_required
def share(observation_id: int):
    """Show a held-back result and let a doctor share it with a comment."""
    row, person = _load(observation_id)
    form = ShareForm()
    error = None
    if form.validate_on_submit():
        try:
            services.share(row, _practitioner(), form.comment.data or "", db.utcnow())
        except services.ResultError as exc:
            error = str(exc)
        else:
            from flask_babel import gettext as _

            flash(_("The result is shared with {name}.").format(name=person.name), "success")
            return redirect(url_for(".index"))
    return render_template("staff/result_share.html", row=row, person=person, form=form,
                           error=error, flag=classification.of(row), words=WORDS,
                           symbols=SYMBOLS, status_words=STATUS,
                           may_share=services.may_share(_practitioner())), 400 if error or form.errors else 200
