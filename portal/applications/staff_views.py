"""The case officer's pages: the list of cases, a case with its steps, and decision letters.

A staff member gets at a case only through the access layer, with the Application as
purpose: it must be sent to their own office. Opening a case, and every row of the list, is
written to the applicant's access log.
"""

from datetime import datetime

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal import access, clock, db, features, params
from portal.access import Verb
from portal.applications import appeals, casework, deadlines, services, timeline
from portal.applications.areas import APPLICATIONS
from portal.applications.decisions import DecisionProblems
from portal.applications.labels import template_context
from portal.applications.models import Application
from portal.applications.staff_forms import (
    AssessForm,
    CaseFilterForm,
    ForwardForm,
    InterimReplyForm,
    RequestInfoForm,
    decision_form,
)
from portal.applications.states import CaseError
from portal.staff.views import staff_required

bp = Blueprint("staff_applications", __name__, url_prefix="/staff/applications")
FORMS = {"info": RequestInfoForm, "assess": AssessForm, "interim": InterimReplyForm,
         "forward": ForwardForm}


def _form(name: str, application: Application):
    """Return a step's form; the decision forms have one section per service applied for."""
    if name in ("decide", "reverse"):
        return decision_form(application.services, reverse=name == "reverse", prefix=name)
    return FORMS[name](prefix=name)


@bp.app_template_global("case_office_counts")
@features.once_per_request
def case_office_counts(unit):
    """Count what waits for a case office, for the staff workspace (numbers only)."""
    if unit is None or unit.kind != "case_office":
        return None
    return casework.workspace_counts(unit.id, db.utcnow())


@bp.get("/")
@staff_required
def index():
    """List the unit's cases with filters, age and paging; each row goes through the decision."""
    form = CaseFilterForm(request.args)
    valid = form.validate()
    page = casework.case_page(access.staff_scope(APPLICATIONS),
                              state=form.state.data if valid else None,
                              service=form.service.data if valid else None,
                              page=params.number(request.args, "page", 1))
    rows = page.rows
    now, today = db.utcnow(), clock.today()
    return render_template(
        "staff/applications_index.html", form=form, page=page, rows=rows,
        ages={r.id: deadlines.days_since(r.submitted_at, today) for r in rows},
        overdue=casework.overdue_among([r.id for r in rows], now),
        **template_context()), 200 if valid else 400


def _load(application_id: int, verb: Verb = Verb.VIEW) -> Application:
    """Load a sent application to the staff member's office through the access layer."""
    return access.staff_load(Application, application_id, verb=verb, area=APPLICATIONS)


@bp.get("/<int:application_id>")
@staff_required
def case(application_id: int):
    """Open a case: the application, the timeline, and the steps the state allows now."""
    return _case(_load(application_id))


def _case(application: Application, status: int = 200, error: str | None = None, **bound):
    """Render the case page, with a submitted form and its errors if there is one."""
    decisions = services.decisions(application)
    forms = {name: bound.get(name) or _form(name, application)
             for name in (*FORMS, "decide", "reverse")}
    return render_template(
        "staff/applications_case.html", application=application, decisions=decisions,
        entries=timeline.entries(application, decisions), forms=forms, error=error,
        may=lambda event: casework.may_act(application, event),
        window=services.appeal_window(application, db.utcnow()),
        appeal_to=appeals.appeal_to(application, decisions[-1]) if decisions else None,
        age=deadlines.days_since(application.submitted_at, clock.today()),
        letter_url=lambda d: url_for(".decision", application_id=application.id,
                                     decision_id=d.id),
        **template_context()), status


def _act(application_id: int, name: str | None, run, done: str):
    """Run one step of the case from its form; on a refusal show the case with the reason."""
    application = _load(application_id, Verb.ACT)
    form = _form(name, application) if name else None
    error = None
    if form is None or form.validate_on_submit():
        try:
            run(application, form)
        except DecisionProblems as exc:
            error = form.show(exc.problems)
        except CaseError as exc:
            error = str(exc)
        else:
            flash(done, "success")
            return redirect(url_for(".case", application_id=application.id))
    return _case(application, 400, error, **({name: form} if name else {}))


@bp.post("/<int:application_id>/receive")
@staff_required
def receive(application_id: int):
    """Mark the application as received by the case office."""
    return _act(application_id, None, lambda a, _f: casework.receive(
        a, officer=g.actor, now=db.utcnow()), _("The application is marked as received."))


@bp.post("/<int:application_id>/request-info")
@staff_required
def request_info(application_id: int):
    """Ask the applicant for more information."""
    return _act(application_id, "info", lambda a, f: casework.request_info(
        a, officer=g.actor, question=f.question.data, now=db.utcnow()),
        _("The question is sent. The applicant answers in the portal."))


@bp.post("/<int:application_id>/assess")
@staff_required
def assess(application_id: int):
    """Register the assessment: home visit and notes."""
    def run(application, form):
        visit = None
        if form.visit_date.data:
            visit = datetime.combine(form.visit_date.data, form.visit_time.data, clock.OSLO)
        casework.assess(application, officer=g.actor, visit_at=visit, notes=form.notes.data,
                        now=db.utcnow())

    return _act(application_id, "assess", run, _("The assessment is registered."))


@bp.post("/<int:application_id>/interim-reply")
@staff_required
def interim_reply(application_id: int):
    """Send an interim reply: why the case takes time, and the expected date."""
    return _act(application_id, "interim", lambda a, f: casework.interim_reply(
        a, officer=g.actor, reason=f.reason.data, expected_on=f.expected_on.data,
        now=db.utcnow()), _("The interim reply is sent. The applicant sees it on the timeline."))


@bp.post("/<int:application_id>/decide")
@staff_required
def decide(application_id: int):
    """Decide the application."""
    return _act(application_id, "decide", lambda a, f: casework.decide(
        a, officer=g.actor, parts=f.parts(), reasons=f.reasons.data, now=db.utcnow()),
        _("The decision is made. The applicant can read the letter in the portal."))


@bp.post("/<int:application_id>/reverse")
@staff_required
def reverse(application_id: int):
    """Change the decision after an appeal, in full or in part (the rest is sent on)."""
    return _act(application_id, "reverse", lambda a, f: casework.reverse(
        a, officer=g.actor, parts=f.parts(), reasons=f.reasons.data, now=db.utcnow(),
        rest=f.rest.data if f.upheld.data == "partly" else None),
        _("The decision is changed. The applicant can read the new letter in the portal."))


@bp.post("/<int:application_id>/forward")
@staff_required
def forward(application_id: int):
    """Send the appeal to the appeal body."""
    return _act(application_id, "forward", lambda a, f: casework.forward(
        a, officer=g.actor, note=f.note.data, now=db.utcnow()),
        _("The appeal is sent on to the appeal body."))


@bp.get("/<int:application_id>/decisions/<int:decision_id>")
@staff_required
def decision(application_id: int, decision_id: int):
    """Show a decision letter as the applicant reads it."""
    application = _load(application_id)
    found = next((d for d in services.decisions(application) if d.id == decision_id), None)
    if found is None:
        abort(404)
    return render_template("applications/decision.html", application=application,
                           decision=found, back=url_for(".case", application_id=application.id),
                           **services.letter(application, found), **template_context())
