"""Applications for citizens: drafts, submission, answers, appeals, withdrawal; the timeline.

The rules of DOMAIN.md, "Applications for municipal services", as plain functions. Every
change of state goes through `move()`, which asks the one state table (states.py) and writes
the CaseEvent that both the applicant and the case officer read.
"""

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from portal import clock, db, notices
from portal.applications import appeals, catalogue, deadlines, forms, notify, states
from portal.applications.models import Application, CaseEvent, Decision
from portal.applications.states import CaseError
from portal.journal.models import Organization, Person

MAX_DRAFTS = 5


# The municipality in `case_office`, made once (an alias of a mapped class costs about a
# millisecond to build; issue 22).
_MUNICIPALITY = Organization.__table__.alias()


def case_office(person=None) -> Organization:
    """Return the case office that receives a person's applications: that of the municipality
    the person is registered as living in (helse- og omsorgstjenesteloven § 3-1: the
    municipality of residence provides the services).

    A person registered in no municipality of the portal applies to the case office of the
    portal's first municipality, as everyone did before the portal had several.
    """
    municipality = _MUNICIPALITY.c
    offices = (select(Organization).join(_MUNICIPALITY, Organization.part_of_id == municipality.id)
               .where(Organization.kind == "case_office", municipality.kind == "municipality")
               .order_by(Organization.id).limit(1))
    office = None
    if person is not None and person.municipality_id is not None:
        office = db.session.scalar(offices.where(municipality.id == person.municipality_id))
    office = office or db.session.scalar(offices)
    if office is None:
        raise CaseError(_("The municipality cannot receive applications in the portal right "
                          "now. Call the municipality's switchboard."))
    return office


def start_draft(scope, actor, *, now: datetime) -> Application:
    """Start a new draft application for the scope's person, made by the actor."""
    subject = scope.subject
    drafts = db.session.scalar(select(func.count()).select_from(Application).where(
        Application.person_id == subject.id, Application.state == "draft"))
    if drafts >= MAX_DRAFTS:
        raise CaseError(_("There are already {count} unfinished applications. Finish or delete "
                          "one of them first.").format(count=drafts))
    application = Application(person_id=subject.id, submitted_by_id=actor.id,
                              unit_id=case_office(subject).id, state="draft", services=[],
                              form_data={}, created_at=now)
    db.session.add(application)
    db.session.flush()
    return application


def office_of(application: Application) -> Organization:
    """Return the office handling an application."""
    return db.session.get(Organization, application.unit_id)


def for_person(scope) -> list[Application]:
    """Return the scope's applications, drafts and newest cases first."""
    return scope.rows(scope.select(Application).order_by(
        (Application.state == "draft").desc(), Application.submitted_at.desc(),
        Application.id.desc()))


def prefill(step: str, subject) -> dict:
    """Return what the register already knows for a step not yet filled in."""
    if step == "applicant":
        return {"phone": subject.phone or "", "email": subject.email or "", "interpreter": "no",
                "contact_by": "sms"}
    if step == "gp":
        return {"office": subject.gp_unit.name if subject.gp_unit else ""}
    return {}


def save_step(application: Application, step: str, answers: dict) -> None:
    """Keep what was typed into a step of a draft, valid or not, so nothing is lost."""
    if application.state != "draft":
        raise states.ForbiddenTransition(application.state, "submitted")
    # A new dict, so that the JSON column is seen as changed.
    application.form_data = {**(application.form_data or {}), step: answers}
    if step == "services":
        application.services = [c for c in catalogue.CODES if c in answers.get("services", [])]
    db.session.flush()


def incomplete_steps(application: Application, *, on_behalf: bool) -> list[str]:
    """Return the steps whose saved answers are missing or would not pass the form's rules."""
    missing = []
    for step in forms.STEP_NAMES:
        answers = (application.form_data or {}).get(step)
        form = answers is not None and forms.make(
            step, formdata=forms.formdata_of(answers), on_behalf=on_behalf, csrf=False)
        if not form or not form.validate():
            missing.append(step)
    return missing


def move(application: Application, event: str, *, actor, now: datetime,
         note: str | None = None, **values) -> CaseEvent:
    """Apply one event of the state table and record it on the timeline.

    The state is changed with a conditional UPDATE, so that two people acting on the same
    case at once (or a double click) cannot both move it: the second is told to reload.
    """
    resume = None
    if event == "info_given":
        resume = states.replay(k for k, in db.session.execute(
            select(CaseEvent.kind).where(CaseEvent.application_id == application.id)
            .order_by(CaseEvent.at, CaseEvent.id)))[1]
    new = states.next_state(application.state, event, resume=resume)
    result = db.session.execute(
        update(Application)
        .where(Application.id == application.id, Application.state == application.state)
        .values(state=new, **values).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.rollback()
        raise CaseError(_("Someone else changed the case at the same time. Reload the page "
                          "and try again."))
    for name, value in {"state": new, **values}.items():
        set_committed_value(application, name, value)  # what the row now holds
    row = CaseEvent(application_id=application.id, kind=event,
                    actor_id=actor.id if actor is not None else None, at=now, note=note)
    db.session.add(row)
    return row


def submit(application: Application, *, actor, on_behalf: dict, now: datetime) -> Application:
    """Send a complete draft: give it a case number, record it, and send a confirmation.

    The case number is the year and the application's own id, so two applications sent
    at the same moment can never get the same number.
    """
    if application.state != "draft":
        raise states.ForbiddenTransition(application.state, "submitted")
    if incomplete_steps(application, on_behalf=on_behalf["basis"] != "self"):
        raise CaseError(_("Some parts of the application are not complete. Fill them in "
                          "and send again."))
    number = f"{now.astimezone(clock.OSLO).year}/{application.id:06d}"
    application.form_data = {**application.form_data, "behalf": on_behalf}
    db.session.flush()
    move(application, "submitted", actor=actor, now=now, case_number=number,
         submitted_at=now, submitted_by_id=actor.id, interim_due_at=deadlines.interim_due(now))
    notify.tell(application, notify.RECEIVED, now)
    return application


def delete_draft(application: Application) -> None:
    """Delete a draft that was never sent (a sent application is withdrawn instead)."""
    if application.state != "draft":
        raise CaseError(_("A sent application cannot be deleted. You can withdraw it."))
    db.session.delete(application)
    db.session.flush()


def answer(application: Application, *, actor, text: str, now: datetime) -> None:
    """Record the applicant's answer to the case office's question; the case goes on."""
    move(application, "info_given", actor=actor, now=now, note=text.strip())


def decisions(application: Application) -> list[Decision]:
    """Return the decisions in a case, oldest first (after an appeal there may be two), with
    their services, in one query."""
    return list(db.session.scalars(select(Decision).where(
        Decision.application_id == application.id).options(joinedload(Decision.services))
        .order_by(Decision.decided_at, Decision.id)).unique())


def appeal_window(application: Application, now: datetime) -> dict | None:
    """Return where the case's decision is appealed and by when, and whether that has passed.

    A decision whose services go to different bodies has a deadline for each; an appeal is
    late only when the last of them has passed.
    """
    if application.state not in states.APPEALABLE:
        return None
    decision = decisions(application)[-1]
    routes = appeals.routes(application, decision)
    last_day = max(route.last_day for route in routes)
    return {"decision": decision, "routes": routes, "last_day": last_day,
            "late": now >= deadlines.closes_at(last_day),
            "to": appeals.appeal_to(application, decision)}


def letter(application: Application, decision: Decision) -> dict:
    """Return what a decision letter shows besides the decision: who, where, the deadline."""
    later = [d for d in decisions(application) if d.id > decision.id]
    return {"officer": db.session.get(Person, decision.decided_by_id),
            "unit": office_of(application),
            "routes": appeals.routes(application, decision),
            "replaced_by": later[0] if later else None}


def appeal(application: Application, *, actor, reasons: str, late_reason: str | None,
           now: datetime) -> None:
    """Appeal the decision; after the deadline the appeal must say why it is late."""
    window = appeal_window(application, now)
    if window is None:
        raise states.ForbiddenTransition(application.state, "appealed")
    if window["late"] and not (late_reason or "").strip():
        raise CaseError(_("The deadline has passed. Write why the appeal comes late."))
    move(application, "appealed", actor=actor, now=now, note=reasons.strip())
    if window["late"]:
        move(application, "late_reason", actor=actor, now=now, note=late_reason.strip())
    notify.tell(application, notify.APPEAL_RECEIVED, now)


def withdraw(application: Application, *, actor, reason: str | None, now: datetime) -> None:
    """Withdraw an application that has not been decided."""
    move(application, "withdrawn", actor=actor, now=now, note=(reason or "").strip() or None)


def confirmation(application: Application, now: datetime) -> list[tuple]:
    """Return (person, channel, address) of whom the receipt of a sent application goes to."""
    notice = db.session.scalar(select(notices.Notice).where(
        notices.Notice.kind == notify.RECEIVED.code, notices.Notice.resource_id == application.id,
        notices.Notice.resource == Application.__tablename__))
    return notices.preview(notice, now) if notice is not None else []
