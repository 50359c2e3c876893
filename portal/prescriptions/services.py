"""Prescriptions for citizens and GP offices: lists, asking for renewal, answering.

Every change of a request's state goes through `answer()`, which asks the one state table
(states.py). One open request per prescription is held by the database (a partial unique
index); the service turns a second one into a clear message.
"""

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from portal import db, notices
from portal.clock import Moment
from portal.journal.entries import MedicationStatement, Observation
from portal.journal.models import DOCTOR_ROLES
from portal.prescriptions import notify, rules, states
from portal.prescriptions.models import Prescription, RenewalRequest
from portal.prescriptions.states import RequestError

NOTE_MAX = 500
# The result a GP looks at beside a request, by the medicine's ATC code prefix: HbA1c for
# blood-glucose-lowering drugs (A10), TSH for thyroid hormones (H03A) (issue 20).
RELEVANT_RESULTS = {"A10": ("NPU27300",), "H03A": ("NPU03577",)}


@dataclass(frozen=True)
class Line:
    """A prescription as the person's page shows it: with its latest request."""

    prescription: Prescription
    request: RenewalRequest | None
    valid: bool
    runs_out: bool
    not_online: str | None  # why it cannot be asked for online

    @property
    def may_ask(self) -> bool:
        """Tell whether the page offers "ask for renewal" (no request waiting)."""
        return self.not_online is None and (self.request is None
                                            or self.request.state not in states.OPEN)


def lines(scope, today: date) -> list[Line]:
    """Return the scope's person's prescriptions in force or expired (not those replaced by a
    renewal), valid ones first and soonest to run out first, each with its latest request.

    One query: each prescription is joined to its newest request in the scope, which a
    subquery correlated on the prescription picks (issue 22: at most 6 statements a page).
    """
    newest = (select(RenewalRequest.id)
              .where(RenewalRequest.prescription_id == Prescription.id,
                     *scope.where(RenewalRequest))
              .order_by(RenewalRequest.created_at.desc(), RenewalRequest.id.desc())
              .limit(1).correlate(Prescription).scalar_subquery())
    found = scope.execute(
        select(Prescription, RenewalRequest)
        .outerjoin(RenewalRequest, RenewalRequest.id == newest)
        .where(*scope.where(Prescription), Prescription.renewed_by_id.is_(None))
        .order_by(Prescription.valid_to, Prescription.id))
    made = [Line(p, request, rules.is_valid(p, today), rules.runs_out(p, today),
                 rules.not_online(p)) for p, request in found]
    return sorted(made, key=lambda line: not line.valid)


def answered_renewals(scope) -> dict[int, RenewalRequest]:
    """Return the renewed requests by their new prescription's id, to show where a renewed
    prescription came from."""
    found = scope.rows(scope.select(RenewalRequest, RenewalRequest.state == "renewed"))
    return {r.new_prescription_id: r for r in found}


def running_out_question(scope, when: Moment):
    """Return the count of the scope's prescriptions in force that run out within 30 days,
    as a scalar subquery for the home page: where it is 0, `running_out` finds none either
    (it also leaves out those that cannot be asked for online or have a request waiting)."""
    runs_out_by = when.derived("runs_out_by",
                               lambda moment: moment.today + rules.RUNS_OUT_WITHIN)
    return scope.how_many(Prescription, Prescription.renewed_by_id.is_(None),
                          Prescription.valid_to >= when.today,
                          or_(Prescription.dispensings_left == 0,
                              Prescription.valid_to <= runs_out_by))


def running_out(scope, today: date) -> list[Prescription]:
    """Return the prescriptions in use that run out within 30 days and may be asked for,
    with no request waiting (the home page's card)."""
    return [line.prescription for line in lines(scope, today)
            if line.prescription.valid_to >= today and line.runs_out and line.may_ask]


def ask(scope, prescription: Prescription, *, actor, note: str | None,
        now: datetime) -> RenewalRequest:
    """Send a request to renew a prescription to the person's GP office, or raise
    RequestError with the reason."""
    reason = rules.not_online(prescription)
    if reason is not None:
        raise RequestError(str(rules.NOT_ONLINE[reason]))
    if prescription.renewed_by_id is not None:
        raise RequestError(_("This prescription has been renewed already: see the new one."))
    person = scope.subject
    if person.gp_unit_id is None:
        raise RequestError(_("There is no GP office registered for {name}, so the request "
                             "has nowhere to go. Contact the GP office by phone.").format(
            name=person.name))
    note = " ".join((note or "").split())
    if len(note) > NOTE_MAX:
        raise RequestError(_("The note can be at most {count} characters.").format(
            count=NOTE_MAX))
    request = RenewalRequest(prescription_id=prescription.id, person_id=person.id,
                             unit_id=person.gp_unit_id, requested_by_id=actor.id,
                             note=note or None, state="sent", created_at=now)
    db.session.add(request)
    try:
        db.session.flush()
    except IntegrityError as exc:
        db.session.rollback()
        raise RequestError(_("A request to renew this prescription has been sent already. "
                             "You will be told when the GP office has answered.")) from exc
    return request


def queue(scope) -> list[RenewalRequest]:
    """Return the GP office's open requests, oldest first."""
    return scope.rows(scope.select(RenewalRequest, RenewalRequest.state == "sent")
                      .order_by(RenewalRequest.created_at, RenewalRequest.id))


def waiting_at(unit_id: int) -> int:
    """Return how many requests wait for a GP office (a number only, for the workspace)."""
    return db.session.scalar(select(func.count()).select_from(RenewalRequest).where(
        RenewalRequest.unit_id == unit_id, RenewalRequest.state == "sent"))


def may_renew(practitioner) -> bool:
    """Tell whether a practitioner may renew a prescription (doctors: they prescribe);
    others at the GP office may decline or ask for an appointment."""
    return practitioner is not None and practitioner.role in DOCTOR_ROLES


def renewed_copy(old: Prescription, practitioner, today: date) -> Prescription:
    """Return a new prescription of the same medicine, valid a year from today."""
    dispensings = rules.dispensings_for(old.prescription_group, old.dispensings)
    return Prescription(
        person_id=old.person_id, medication=old.medication, strength=old.strength,
        atc_code=old.atc_code, dosage=old.dosage, amount=old.amount,
        dispensings=dispensings, dispensings_left=dispensings,
        prescription_group=old.prescription_group, multidose=old.multidose,
        issued_on=today, valid_to=rules.valid_to(today), unit_id=practitioner.unit_id,
        prescriber_id=practitioner.id)


def answer(request: RenewalRequest, event: str, *, practitioner, now: datetime,
           today: date, reason: str | None = None) -> RenewalRequest:
    """Answer a request (renew, decline with a reason, or ask for an appointment) and queue
    the notice that there is an answer; raise RequestError if it cannot be done."""
    target = states.next_state(request.state, event)
    if event == "renew" and not may_renew(practitioner):
        raise RequestError(_("Only a doctor can renew a prescription. You can ask the person "
                             "to book an appointment, or leave the request to a doctor."))
    reason = " ".join((reason or "").split()) or None
    if event == "decline" and reason is None:
        raise RequestError(_("Write why the prescription is not renewed: the person reads it."))
    if reason is not None and len(reason) > NOTE_MAX:
        raise RequestError(_("The reason can be at most {count} characters.").format(
            count=NOTE_MAX))
    if event == "renew":
        old = request.prescription
        new = renewed_copy(old, practitioner, today)
        db.session.add(new)
        db.session.flush()
        old.renewed_by_id = new.id
        request.new_prescription_id = new.id
    request.state, request.reason = target, reason if event != "renew" else None
    request.decided_at, request.decided_by_id = now, practitioner.id
    notices.queue(notify.ANSWERED, request.person, now=now, about=request,
                  candidates=[request.requested_by_id], params={"link": "/prescriptions/"})
    return request


def current_medicines(scope) -> list[MedicationStatement]:
    """Return the person's active medicines, for the GP beside a request."""
    return scope.rows(scope.select(MedicationStatement, MedicationStatement.status == "active")
                      .order_by(MedicationStatement.medication))


def result_codes(prescription: Prescription) -> tuple[str, ...]:
    """Return the lab codes relevant to a prescription's medicine."""
    atc = prescription.atc_code or ""
    return next((codes for prefix, codes in RELEVANT_RESULTS.items()
                 if atc.startswith(prefix)), ())


def latest_results(scope, prescription: Prescription) -> list[Observation]:
    """Return the newest result of each code relevant to the medicine, for the GP."""
    found = []
    for code in result_codes(prescription):
        row = scope.first(scope.select(Observation, Observation.code == code)
                          .order_by(Observation.effective_at.desc()))
        if row is not None:
            found.append(row)
    return found
