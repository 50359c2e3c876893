"""Answering questionnaires: the list, one page per section with a draft kept, a review
before sending, and the answers afterwards. Works without JavaScript and by keyboard."""

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from portal import access, db, features
from portal.forms import Form
from portal.questionnaires import cards, services, staff_views
from portal.questionnaires.areas import PURPOSES, QUESTIONNAIRES
from portal.questionnaires.models import QuestionnaireResponse
from portal.questionnaires.services import AnswerError

bp = Blueprint("questionnaires", __name__, url_prefix="/questionnaires")


class SaveForm(Form):
    """The CSRF token of a section's or the review's form; the answers are read by the
    questionnaire's own definition (services.read_section)."""


def _lang() -> str:
    return g.get("lang", "nb")


def _load(response_id: int, verb=access.Verb.VIEW) -> QuestionnaireResponse:
    return access.load(QuestionnaireResponse, response_id, verb=verb, area=QUESTIONNAIRES)


@bp.get("/")
@login_required
def index():
    """List the questionnaires to answer, soonest due first, and those answered."""
    waiting, answered = services.for_person(access.scope(QUESTIONNAIRES))
    return render_template("questionnaires/index.html", waiting=waiting, answered=answered,
                           definition_of=services.definition_of, lang=_lang())


@bp.get("/<int:response_id>")
@login_required
def show(response_id: int):
    """Show the answers given; an open questionnaire starts where something is missing."""
    response = _load(response_id)
    if response.is_open:
        return redirect(url_for(".section", response_id=response.id,
                                index=services.first_missing(response) or 0))
    if response.status != "completed":
        raise access.NotFound()
    return render_template("questionnaires/answers.html", response=response,
                           definition=services.definition_of(response), lang=_lang())


@bp.route("/<int:response_id>/section/<int:index>", methods=["GET", "POST"])
@login_required
def section(response_id: int, index: int):
    """Show one section and keep its answers: continue, go back, or save and leave."""
    response = _load(response_id, access.Verb.ACT)
    if not response.is_open:
        return redirect(url_for(".show", response_id=response.id))
    definition = services.definition_of(response)
    if not 0 <= index < len(definition.sections):
        raise access.NotFound()
    form, errors = SaveForm(), {}
    values = dict(response.answers or {})
    if form.validate_on_submit():
        answers, errors = services.read_section(definition, index, request.form, values)
        if not errors:
            services.save_section(response, index, answers, by=g.actor, now=db.utcnow())
            action = request.form.get("action")
            if action == "back" and index > 0:
                return redirect(url_for(".section", response_id=response.id, index=index - 1))
            if action == "later":
                flash(_("Your answers are saved. You can go on later."), "success")
                return redirect(url_for(".index"))
            if index + 1 < len(definition.sections):
                return redirect(url_for(".section", response_id=response.id, index=index + 1))
            return redirect(url_for(".review", response_id=response.id))
        values = {**values, **{k: request.form.getlist(k) for k in request.form}}
    status = 400 if errors or form.errors else 200
    return render_template("questionnaires/section.html", response=response,
                           definition=definition, index=index, errors=errors, values=values,
                           lang=_lang(), form=form), status


@bp.route("/<int:response_id>/review", methods=["GET", "POST"])
@login_required
def review(response_id: int):
    """Show every answer before sending, and send them."""
    response = _load(response_id, access.Verb.ACT)
    if not response.is_open:
        return redirect(url_for(".show", response_id=response.id))
    form, error = SaveForm(), None
    if form.validate_on_submit():
        try:
            services.complete(response, by=g.actor, now=db.utcnow())
        except AnswerError as exc:
            error = str(exc)
        else:
            flash(_("Thank you. The answers are sent to {unit}.").format(
                unit=response.unit.name), "success")
            return redirect(url_for(".show", response_id=response.id))
    return render_template("questionnaires/review.html", response=response,
                           definition=services.definition_of(response), lang=_lang(),
                           error=error, missing=services.first_missing(response),
                           form=form), 400 if error else 200


def init_app(app):
    """Declare questionnaires and their purpose; add the pages and the home card."""
    features.install(app, areas=(QUESTIONNAIRES,), purposes=PURPOSES,
                     blueprints=(bp, staff_views.bp), cards=(cards.WAITING_QUESTIONNAIRES,))
