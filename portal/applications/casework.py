"""The case officer's work: receive, ask, assess, decide, reconsider; the list; interim replies.

Each step is one event of the state table (states.py), written through services.move(), so
the applicant's timeline shows it at once.
"""

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import String, case, cast, func, or_, select, update
from sqlalchemy.orm import joinedload

from portal import db
from portal.applications import appeals, deadlines, decisions, notify, services, states
from portal.applications.decisions import Terms
from portal.applications.models import Application, CaseEvent, Decision
from portal.applications.services import move
from portal.applications.states import AWAITING_DECISION, CaseError
from portal.care import services as care
from portal.clock import OSLO

PAGE_SIZE = 25
# The officer's default list: every case waiting for the municipality.
WAITING = (*AWAITING_DECISION, "appealed")


def receive(application: Application, *, officer, now: datetime) -> None:
    """Register that the case office has received the application."""
    move(application, "received", actor=officer, now=now)


def request_info(application: Application, *, officer, question: str, now: datetime) -> None:
    """Ask the applicant for more information; the case waits for the answer."""
    move(application, "info_requested", actor=officer, now=now, note=question.strip())
    notify.tell(application, notify.NEWS, now)


def assess(application: Application, *, officer, visit_at: datetime | None, notes: str | None,
           now: datetime) -> None:
    """Register the assessment: a planned home visit, notes, or both.

    The visit already planned for the same moment is not planned again (issue 16, item 7:
    notes written after the visit, with the form's date still in it, added a second one).
    """
    notes = (notes or "").strip() or None
    if visit_at is None and notes is None:
        raise CaseError(_("Give the date of the home visit, or write notes, or both."))
    if visit_at is not None and _planned_visit(application) != visit_at.isoformat():
        move(application, "visit_planned", actor=officer, now=now, note=visit_at.isoformat())
    if notes is not None:
        move(application, "assessed", actor=officer, now=now, note=notes)


def _planned_visit(application: Application) -> str | None:
    """Return the moment of the latest planned home visit, as written on the timeline."""
    return db.session.scalar(
        select(CaseEvent.note).where(CaseEvent.application_id == application.id,
                                     CaseEvent.kind == "visit_planned")
        .order_by(CaseEvent.at.desc(), CaseEvent.id.desc()).limit(1))


def interim_reply(application: Application, *, officer, reason: str, expected_on: date,
                  now: datetime) -> CaseEvent:
    """Tell the applicant why the case takes time and when to expect a decision (fvl § 11 a)."""
    reason = (reason or "").strip()
    if not reason:
        raise CaseError(_("Write why the case takes time."))
    if expected_on is None or expected_on <= now.astimezone(OSLO).date():
        raise CaseError(_("The expected date of the decision must be in the future."))
    event = move(application, "interim_reply", actor=officer, now=now, note=reason,
                 interim_reply_at=now, decision_expected_on=expected_on)
    event.expected_on = expected_on
    notify.tell(application, notify.INTERIM, now, expected=expected_on)
    return event


def overdue(now: datetime):
    """Return the SQL condition of an overdue case: the one rule behind the workspace's count
    and the case list's mark (forvaltningsloven § 11 a).

    A case waiting for a decision is overdue when the month for an interim reply is over and
    no date has been promised (the job's automatic notice promises none), or when the date
    last promised has passed.
    """
    return Application.state.in_(AWAITING_DECISION) & or_(
        Application.decision_expected_on.is_(None) & (Application.interim_due_at <= now),
        Application.decision_expected_on < now.astimezone(OSLO).date())


def overdue_among(ids, now: datetime) -> set[int]:
    """Return which of some cases (already read through the access layer) are overdue."""
    return set(db.session.scalars(select(Application.id).where(Application.id.in_(ids),
                                                               overdue(now))))


def decide(application: Application, *, officer, parts: list[Terms], reasons: str,
           now: datetime) -> Decision:
    """Decide the application, one part per service, with reasons; the applicant reads the letter."""
    decision = decisions.build(application, officer=officer, parts=parts, reasons=reasons, now=now)
    move(application, "decided", actor=officer, now=now)
    db.session.add(decision)
    care.deliver(application, decision, today=now.astimezone(OSLO).date())
    notify.tell(application, notify.NEWS, now)
    return decision


def reverse(application: Application, *, officer, parts: list[Terms], reasons: str,
            now: datetime, rest: str | None = None) -> Decision:
    """Change the decision after an appeal, in the applicant's favour, with a new decision.

    Keeping the decision is not a reversal: the appeal then goes to the appeal body
    (forvaltningsloven § 33). An appeal upheld only in part is both at once: the new decision,
    and the rest of the appeal sent on with the municipality's assessment of it (rest).
    """
    decision = decisions.build(application, officer=officer, parts=parts, reasons=reasons, now=now)
    previous = services.decisions(application)[-1]
    if not decisions.in_favour(decision, previous):
        raise CaseError(_("A new decision must change the decision in the applicant's favour, "
                          "and no service may get a worse outcome. To keep the decision, send "
                          "the appeal to {to} instead.").format(
            to=appeals.appeal_to(application, previous)))
    rest = (rest or "").strip() or None
    move(application, "partly_reversed" if rest else "reversed", actor=officer, now=now,
         note=rest)
    db.session.add(decision)
    care.deliver(application, decision, today=now.astimezone(OSLO).date())
    notify.tell(application, notify.NEWS, now)
    return decision


def forward(application: Application, *, officer, note: str, now: datetime) -> None:
    """Send the appeal to the appeal body, with the municipality's view of it."""
    if not (note or "").strip():
        raise CaseError(_("Write the municipality's assessment of the appeal, which is sent "
                          "with the case to {to}.").format(
            to=appeals.appeal_to(application, services.decisions(application)[-1])))
    move(application, "forwarded", actor=officer, now=now, note=note.strip())
    notify.tell(application, notify.NEWS, now)


@dataclass(frozen=True)
class CasePage:
    """One page of the case list."""

    rows: list[Application]
    page: int
    total: int

    @property
    def pages(self) -> int:
        """Return the number of pages."""
        return max(1, -(-self.total // PAGE_SIZE))


def case_page(scope, *, state: str | None, service: str | None, page: int = 1) -> CasePage:
    """Return a page of the office's cases, waiting ones oldest first; drafts are never shown."""
    conditions = []
    if state in (None, "", "waiting"):
        conditions.append(Application.state.in_(WAITING))
        order = (Application.submitted_at, Application.id)
    else:
        if state != "all":
            conditions.append(Application.state == state)
        order = (Application.submitted_at.desc(), Application.id.desc())
    if service:
        # The codes are stored as a JSON list; a quoted code matches one element exactly,
        # in the same way on SQLite and PostgreSQL.
        conditions.append(cast(Application.services, String).like(f'%"{service}"%'))
    total = scope.count(Application, *conditions)
    page = max(1, min(page, -(-total // PAGE_SIZE) or 1))
    rows = scope.rows(scope.select(Application, *conditions)
                      .options(joinedload(Application.person))
                      .order_by(*order).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE))
    return CasePage(rows, page, total)


def workspace_counts(unit_id: int, now: datetime) -> dict[str, int]:
    """Count what waits for the case office: new, waiting for a decision, over a month,
    appeals; in one statement over the office's cases that wait (not the decided ones)."""
    def number(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    row = db.session.execute(select(
        number(Application.state == "submitted"),
        number(Application.state.in_(AWAITING_DECISION)),
        number(overdue(now)),
        number(Application.state == "appealed"),
    ).where(Application.unit_id == unit_id,
            Application.state.in_((*AWAITING_DECISION, "appealed")))).one()
    return dict(zip(("new", "waiting", "overdue", "appeals"), (int(n) for n in row),
                    strict=True))


def send_interim_replies(now: datetime) -> int:
    """Send an automatic interim notice to every case without an interim reply after 21 days.

    It says honestly that the case takes longer and promises no date (forvaltningsloven
    § 11 a asks the case officer for the reason and the date; the case stays overdue until
    they give one). Safe to run again and on several hosts at once: each case is claimed by
    a conditional UPDATE of interim_reply_at, so exactly one run sends its notice, and never
    twice; one transaction per case. The notice is written in each recipient's language.
    """
    candidates = db.session.scalars(
        select(Application.id).where(
            Application.state.in_(AWAITING_DECISION), Application.interim_reply_at.is_(None),
            Application.submitted_at <= now - deadlines.AUTOMATIC_INTERIM_AFTER)).all()
    db.session.commit()  # end the read, so each claim below starts a transaction of its own
    sent = 0
    for application_id in candidates:
        claimed = db.session.execute(
            update(Application)
            .where(Application.id == application_id, Application.interim_reply_at.is_(None),
                   Application.state.in_(AWAITING_DECISION))
            .values(interim_reply_at=now).execution_options(synchronize_session=False))
        if claimed.rowcount != 1:
            db.session.rollback()
            continue
        application = db.session.get(Application, application_id, populate_existing=True)
        move(application, "interim_reply", actor=None, now=now)
        notify.tell(application, notify.INTERIM_AUTOMATIC, now)
        db.session.commit()
        sent += 1
    return sent


def may_act(application: Application, event: str) -> bool:
    """Tell whether the case's state allows an event now (to show only the forms that apply)."""
    return states.allowed(application.state, event)
