"""The citizen's prescriptions page: what is valid, what runs out, asking for renewal."""

from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from portal import access, clock, db, features
from portal.prescriptions import cards, notify, rules, services, staff_views, states
from portal.prescriptions.areas import PRESCRIPTIONS, PURPOSES
from portal.prescriptions.forms import AskForm
from portal.prescriptions.models import Prescription
from portal.prescriptions.states import RequestError

bp = Blueprint("prescriptions", __name__, url_prefix="/prescriptions")


def _render(*, status: int = 200, error: str | None = None, failed_id: int | None = None,
            form: AskForm | None = None):
    """Render the page, with an error about the last request where there was one."""
    scope = access.scope(PRESCRIPTIONS)
    today = clock.today()
    return render_template(
        "prescriptions/index.html", lines=services.lines(scope, today), today=today,
        renewed=services.answered_renewals(scope), may_ask=access.allows(
            PRESCRIPTIONS, access.Verb.ACT), not_online=rules.NOT_ONLINE,
        state_names=states.STATE_NAMES, error=error, failed_id=failed_id,
        form=form or AskForm(formdata=None)), status


@bp.get("/")
@login_required
def index():
    """List the person's prescriptions: valid first, then expired, each with its request."""
    return _render()


@bp.post("/<int:prescription_id>/renew")
@login_required
def ask(prescription_id: int):
    """Ask the GP office to renew one prescription, with an optional note."""
    prescription = access.load(Prescription, prescription_id, verb=access.Verb.ACT,
                               area=PRESCRIPTIONS)
    scope = access.scope(PRESCRIPTIONS, access.Verb.ACT)
    form = AskForm()
    if not form.validate_on_submit():
        return _render(status=400, failed_id=prescription.id, form=form)
    try:
        request = services.ask(scope, prescription, actor=g.actor, note=form.note.data,
                               now=db.utcnow())
    except RequestError as exc:
        return _render(status=400, error=str(exc), failed_id=prescription.id, form=form)
    flash(_("The request to renew {medication} is sent to {unit}. You will get a notice "
            "when it is answered.").format(medication=prescription.medication,
                                           unit=request.unit.name), "success")
    return redirect(url_for(".index"))


def init_app(app):
    """Declare prescriptions and the GP listing's reach; add the pages and the home card."""
    features.install(app, areas=(PRESCRIPTIONS,), purposes=PURPOSES,
                     notice_kinds=notify.KINDS, blueprints=(bp, staff_views.bp),
                     cards=(cards.RUNNING_OUT,), shortcuts=(cards.SHORTCUT,))
