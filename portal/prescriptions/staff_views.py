"""The GP office's queue of renewal requests, oldest first, and answering one.

Each request reaches the page through the GP office's scope (the people on its list), and
the person's medicines and latest relevant results through the GP listing purpose; each is
written to the person's access log.
"""

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal import access, clock, db, features
from portal.prescriptions import services, states
from portal.prescriptions.areas import PRESCRIPTIONS
from portal.prescriptions.forms import AnswerForm
from portal.prescriptions.models import RenewalRequest
from portal.prescriptions.states import RequestError
from portal.records.areas import MEDICATIONS
from portal.results.areas import RESULTS
from portal.results.models import gp_listing
from portal.staff.views import practitioner, staff_required

bp = Blueprint("staff_prescriptions", __name__, url_prefix="/staff/prescriptions")


@bp.app_template_global("renewal_requests_waiting")
@features.once_per_request
def renewal_requests_waiting(unit) -> int:
    """Count the renewal requests waiting for a GP office, for the staff workspace."""
    if unit is None or unit.kind != "gp_office":
        return 0
    return services.waiting_at(unit.id)


@bp.get("/")
@staff_required
def index():
    """List the GP office's open renewal requests, oldest first."""
    return render_template("staff/prescriptions.html",
                           requests=services.queue(access.staff_scope(PRESCRIPTIONS)),
                           may_renew=services.may_renew(practitioner()))


def _beside(person, prescription):
    """Return the person's current medicines and latest relevant results, through the GP
    listing purpose (empty where the purpose does not hold)."""
    purpose = gp_listing(person.id, g.login.unit_id)
    medicines = services.current_medicines(
        access.scope(MEDICATIONS, subject=person, purpose=purpose))
    results = services.latest_results(
        access.scope(RESULTS, subject=person, purpose=purpose), prescription)
    return medicines, results


@bp.route("/<int:request_id>", methods=["GET", "POST"])
@staff_required
def answer(request_id: int):
    """Show a request with what the GP needs beside it, and answer it."""
    row = access.staff_load(RenewalRequest, request_id, area=PRESCRIPTIONS,
                            verb=access.Verb.ACT if request.method == "POST"
                            else access.Verb.VIEW)
    form = AnswerForm()
    error = None
    if request.method == "POST" and form.validate_on_submit():
        event = request.form.get("event", "")
        me = practitioner()
        try:
            if event not in states.EVENTS or me is None:
                raise RequestError(_("Choose one of the answers."))
            services.answer(row, event, practitioner=me, now=db.utcnow(), today=clock.today(),
                            reason=form.reason.data)
        except RequestError as exc:
            error = str(exc)
        else:
            flash(_("The request from {name} is answered: {state}.").format(
                name=row.person.name, state=states.STATE_NAMES[row.state]), "success")
            return redirect(url_for(".index"))
    medicines, results = _beside(row.person, row.prescription)
    status = 400 if error or form.errors else 200
    return render_template("staff/prescription_answer.html", row=row, form=form, error=error,
                           medicines=medicines, results=results,
                           may_renew=services.may_renew(practitioner()),
                           state_names=states.STATE_NAMES), status
