"""Results for staff: a GP office's held-back results, and sharing one with a comment.

Every row reaches the page through the GP office's scope (the people on its list, the
GP listing purpose), and each is written to that person's access log.
"""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from portal import access, db
from portal.journal.entries import Observation
from portal.results import services
from portal.results.areas import RESULTS
from portal.results.explanations import EXPLANATIONS
from portal.results.forms import ShareForm
from portal.results.labels import STATUS, SYMBOLS, WORDS
from portal.results.shown import Shown
from portal.staff.views import practitioner, staff_required

bp = Blueprint("staff_results", __name__, url_prefix="/staff/results")


@bp.get("/")
@staff_required
def index():
    """List the held-back results of the patients listed at this GP office."""
    rows = services.awaiting_release(access.staff_scope(RESULTS))
    return render_template("staff/results.html", rows=rows,
                           may_share=services.may_share(practitioner()))


def _same(previewed: str | None, comment: str | None) -> bool:
    """Tell whether the comment is the one the doctor saw in the preview."""
    return " ".join((previewed or "").split()) == " ".join((comment or "").split())


@bp.route("/<int:observation_id>", methods=["GET", "POST"])
@staff_required
def share(observation_id: int):
    """Show a held-back result and let a doctor share it with a comment.

    A serious result (category 3) goes through a preview of the person's page, and is
    shared only when the doctor confirms it (the form posts `confirm`).
    """
    row = access.staff_load(Observation, observation_id, area=RESULTS, where=services.HELD_BACK)
    person = row.person
    form = ShareForm()
    error, preview = None, False
    if form.validate_on_submit():
        try:
            services.share(row, practitioner(), form.comment.data or "", db.utcnow(),
                           confirmed=bool(form.confirm.data) and _same(form.previewed.data,
                                                                       form.comment.data))
        except services.NeedsConfirmation:
            preview = True
        except services.ResultError as exc:
            error = str(exc)
        else:
            flash(_("The result is shared with {name}.").format(name=person.name), "success")
            return redirect(url_for(".index"))
    me = practitioner()
    status = 400 if error or form.errors else 200
    return render_template(
        "staff/result_share.html", row=row, person=person, form=form, error=error,
        preview=preview, result=Shown.of(row), explanation=EXPLANATIONS.get(row.code),
        signature=services.signature(form.comment.data, me.person.name if me else None),
        words=WORDS, symbols=SYMBOLS, status_words=STATUS,
        may_share=services.may_share(me)), status
