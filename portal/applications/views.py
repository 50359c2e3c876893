"""Applications for citizens: the catalogue, the form in steps, the case, decisions and appeals.

Everything is done for g.subject (the applicant), chosen on /representation/; the one doing
it is g.actor. Applying needs APPLICATIONS with Verb.ACT: the person, a parent of a
child, or a Full or Standard power of attorney (never Read or Communicate).
"""

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from portal import access, clock, db, features
from portal.access import Verb
from portal.applications import (
    forms,
    home_card,
    notify,
    services,
    staff_views,
    states,
    timeline,
)
from portal.applications.areas import APPLICATIONS, PURPOSES
from portal.applications.labels import template_context
from portal.applications.models import Application
from portal.applications.states import CaseError
from portal.representation.services import relation_to

bp = Blueprint("applications", __name__, url_prefix="/applications")


def _load(application_id: int, verb: Verb = Verb.VIEW) -> Application:
    """Load one of the subject's applications through the access layer."""
    return access.load(Application, application_id, verb=verb, area=APPLICATIONS)


def _may_act() -> bool:
    """Tell whether the actor may apply, answer and appeal for the subject."""
    return access.allows(APPLICATIONS, Verb.ACT)


def _behalf() -> dict:
    """Describe who applies for whom: the person, a parent, or a power of attorney."""
    if g.subject.id == g.actor.id:
        return {"basis": "self", "by": g.actor.name}
    kind, detail = relation_to(g.actor, g.subject, on=clock.today(), now=db.utcnow())
    if kind == "power":
        return {"basis": "power", "level": detail, "by": g.actor.name}
    return {"basis": "parent", "by": g.actor.name}


def _page(template: str, status: int = 200, **context):
    """Render a page of the feature with its words for states, outcomes and services."""
    return render_template(f"applications/{template}", **template_context(), **context), status


@bp.get("/")
@login_required
def index():
    """List the subject's drafts and cases, and offer to start a new application."""
    scope = access.scope(APPLICATIONS)
    return _page("index.html", applications=services.for_person(scope), may_act=_may_act(),
                 now=scope.now)


@bp.get("/services")
@access.public
def catalogue_page():
    """Describe the services one can apply for, in plain words (no personal data)."""
    return _page("services.html")


@bp.post("/new")
@login_required
def new():
    """Start a new draft and go to its first step."""
    scope = access.scope(APPLICATIONS, Verb.ACT)
    try:
        application = services.start_draft(scope, g.actor, now=db.utcnow())
    except CaseError as exc:
        return _page("index.html", 400, applications=services.for_person(scope),
                     may_act=True, now=db.utcnow(), error=str(exc))
    return redirect(url_for(".step", application_id=application.id, step=forms.STEP_NAMES[0]))


@bp.route("/<int:application_id>/form/<step>", methods=["GET", "POST"])
@login_required
def step(application_id: int, step: str):
    """Show or save one step of a draft; drafts are kept between steps and sessions."""
    if step not in forms.STEPS:
        abort(404)
    application = _load(application_id, Verb.ACT)
    if application.state != "draft":
        return redirect(url_for(".case", application_id=application.id))
    on_behalf = g.subject.id != g.actor.id
    status = 200
    if request.method == "POST":
        form = forms.make(step, formdata=request.form, on_behalf=on_behalf)
        services.save_step(application, step, forms.answers_of(form))
        # What was typed is kept even when it is refused below: the draft is the person's.
        db.session.commit()
        if request.form.get("action") == "save":
            flash(_("The draft is saved. You find it under Applications, also after you log "
                    "out."), "success")
            return redirect(url_for(".index"))
        if form.validate():
            index = forms.STEP_NAMES.index(step)
            if index + 1 < len(forms.STEP_NAMES) and request.form.get("action") != "review":
                return redirect(url_for(".step", application_id=application.id,
                                        step=forms.STEP_NAMES[index + 1]))
            return redirect(url_for(".review", application_id=application.id))
        status = 400
    else:
        stored = (application.form_data or {}).get(step)
        form = forms.make(step, formdata=forms.formdata_of(stored) if stored is not None else None,
                          data=None if stored is not None else services.prefill(step, g.subject),
                          on_behalf=on_behalf)
    return _page("step.html", status, application=application, form=form, step=step,
                 behalf=_behalf(), done=_done(application, on_behalf))


def _done(application, on_behalf: bool) -> set[str]:
    """Return the steps whose answers are complete."""
    return set(forms.STEP_NAMES) - set(services.incomplete_steps(application, on_behalf=on_behalf))


@bp.get("/<int:application_id>/review")
@login_required
def review(application_id: int):
    """Show every answer before sending, with a link to change each part."""
    application = _load(application_id, Verb.ACT)
    if application.state != "draft":
        return redirect(url_for(".case", application_id=application.id))
    return _review(application)


def _review(application, status: int = 200, error: str | None = None):
    """Render the review page."""
    on_behalf = g.subject.id != g.actor.id
    return _page("review.html", status, application=application, behalf=_behalf(), error=error,
                 missing=services.incomplete_steps(application, on_behalf=on_behalf))


@bp.post("/<int:application_id>/submit")
@login_required
def submit(application_id: int):
    """Send the application and show the receipt with its case number."""
    application = _load(application_id, Verb.ACT)
    try:
        services.submit(application, actor=g.actor, on_behalf=_behalf(), now=db.utcnow())
    except CaseError as exc:
        db.session.refresh(application)  # a double click: the first one may have sent it
        if application.state != "draft":
            return redirect(url_for(".case", application_id=application.id))
        return _review(application, 400, str(exc))
    return redirect(url_for(".receipt", application_id=application.id))


@bp.route("/<int:application_id>/delete", methods=["GET", "POST"])
@login_required
def delete(application_id: int):
    """Delete a draft, after asking."""
    application = _load(application_id, Verb.ACT)
    if application.state != "draft":
        return redirect(url_for(".case", application_id=application.id))
    if request.method == "POST":
        services.delete_draft(application)
        flash(_("The draft is deleted."), "success")
        return redirect(url_for(".index"))
    return _page("delete.html", application=application)


@bp.get("/<int:application_id>/receipt")
@login_required
def receipt(application_id: int):
    """Confirm that the application is sent, with its case number."""
    application = _load(application_id)
    if application.state == "draft":
        return redirect(url_for(".review", application_id=application.id))
    return _page("receipt.html", application=application, unit=services.office_of(application),
                 recipients=services.confirmation(application, db.utcnow()))


@bp.get("/<int:application_id>")
@login_required
def case(application_id: int):
    """Show the case: where it stands, what happens now, the timeline and the decisions."""
    application = _load(application_id)
    if application.state == "draft":
        return redirect(url_for(".review", application_id=application.id))
    return _case(application)


def _case(application, status: int = 200, answer_form=None):
    """Render the case page."""
    decisions = services.decisions(application)
    entries = timeline.entries(application, decisions)
    may_act = _may_act()
    question = next((e for e in reversed(entries) if e.kind == "info_requested"), None)
    return _page("case.html", status, application=application, entries=entries,
                 decisions=decisions, may_act=may_act, question=question,
                 answer_form=answer_form or forms.AnswerForm(),
                 window=services.appeal_window(application, db.utcnow()),
                 may_withdraw=states.allowed(application.state, "withdrawn"),
                 letter_url=lambda d: url_for(".decision", application_id=application.id,
                                              decision_id=d.id))


@bp.post("/<int:application_id>/answer")
@login_required
def answer(application_id: int):
    """Send the answer to the case office's question."""
    application = _load(application_id, Verb.ACT)
    form = forms.AnswerForm()
    if not form.validate():
        return _case(application, 400, form)
    try:
        services.answer(application, actor=g.actor, text=form.answer.data, now=db.utcnow())
    except CaseError as exc:
        form.answer.errors = [str(exc)]
        return _case(application, 400, form)
    flash(_("Thank you. The answer is sent to the case office."), "success")
    return redirect(url_for(".case", application_id=application.id))


@bp.route("/<int:application_id>/appeal", methods=["GET", "POST"])
@login_required
def appeal(application_id: int):
    """Appeal the decision; after the deadline, say why the appeal is late."""
    application = _load(application_id, Verb.ACT)
    window = services.appeal_window(application, db.utcnow())
    if window is None:
        return redirect(url_for(".case", application_id=application.id))
    form = forms.AppealForm(late=window["late"])
    error = None
    if form.validate_on_submit():
        try:
            services.appeal(application, actor=g.actor, reasons=form.reasons.data,
                            late_reason=form.late_reason.data if window["late"] else None,
                            now=db.utcnow())
        except CaseError as exc:
            error = str(exc)
        else:
            flash(_("The appeal is sent. The case office will look at the decision again."),
                  "success")
            return redirect(url_for(".case", application_id=application.id))
    status = 400 if request.method == "POST" else 200
    return _page("appeal.html", status, application=application, form=form, window=window,
                 error=error)


@bp.route("/<int:application_id>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw(application_id: int):
    """Withdraw an application that has not been decided, after asking."""
    application = _load(application_id, Verb.ACT)
    if not states.allowed(application.state, "withdrawn"):
        return redirect(url_for(".case", application_id=application.id))
    form = forms.WithdrawForm()
    if form.validate_on_submit():
        try:
            services.withdraw(application, actor=g.actor, reason=form.reason.data,
                              now=db.utcnow())
        except CaseError as exc:
            form.reason.errors = [str(exc)]
        else:
            flash(_("The application is withdrawn."), "success")
            return redirect(url_for(".case", application_id=application.id))
    status = 400 if request.method == "POST" else 200
    return _page("withdraw.html", status, application=application, form=form)


@bp.get("/<int:application_id>/decisions/<int:decision_id>")
@login_required
def decision(application_id: int, decision_id: int):
    """Show a decision letter."""
    application = _load(application_id)
    found = next((d for d in services.decisions(application) if d.id == decision_id), None)
    if found is None:
        abort(404)
    return _page("decision.html", application=application, decision=found,
                 back=url_for(".case", application_id=application.id),
                 **services.letter(application, found))


def init_app(app):
    """Declare the applications area, the case purpose and notices; add pages and the card."""
    features.install(app, areas=(APPLICATIONS,), purposes=PURPOSES, notice_kinds=notify.KINDS,
                     blueprints=(bp, staff_views.bp), cards=(home_card.OPEN_APPLICATIONS,),
                     shortcuts=(home_card.SHORTCUT,))
