"""Questionnaires: loading them from the repository, sending them, answering a section at a
time with a draft kept, and completing them with their score.

The rules of issue 21 as plain functions. A response goes to the unit that sent it; it is
answered by the person or by someone the access decision lets act for them (never a parent
for a young person's own youth form: it is confidential).
"""

from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from portal import db
from portal.questionnaires import definitions, scoring
from portal.questionnaires.definitions import TEXT_MAX, Definition, Item
from portal.questionnaires.models import Questionnaire, QuestionnaireResponse


class AnswerError(Exception):
    """Answers that cannot be saved; the message says why."""


def sync(session) -> int:
    """Load every questionnaire file whose version is not in the database yet; return how
    many were added (running it again adds nothing)."""
    added = 0
    for code, definition in definitions.from_files().items():
        exists = session.scalar(select(Questionnaire.id).where(
            Questionnaire.code == code, Questionnaire.version == definition.version))
        if exists is None:
            session.add(Questionnaire(code=code, version=definition.version,
                                      definition=definition.data))
            added += 1
    session.flush()
    return added


def current(code: str) -> Questionnaire | None:
    """Return the newest loaded version of a questionnaire, or None."""
    return db.session.scalar(select(Questionnaire).where(Questionnaire.code == code)
                             .order_by(Questionnaire.id.desc()).limit(1))


# Checked definitions by (code, version): a loaded version never changes, so it is checked
# once per process, not on every page that shows it.
_checked: dict[tuple[str, str], Definition] = {}


def definition_of(response: QuestionnaireResponse) -> Definition:
    """Return the definition a response was sent with (its version, not today's file)."""
    questionnaire = response.questionnaire
    key = (questionnaire.code, questionnaire.version)
    if key not in _checked:
        _checked[key] = definitions.check(questionnaire.definition)
    return _checked[key]


def send(person, code: str, *, unit_id: int, now: datetime, due_at: datetime | None = None,
         appointment=None, sent_by=None) -> QuestionnaireResponse | None:
    """Send a questionnaire to a person from a unit (within the caller's transaction)."""
    questionnaire = current(code)
    if questionnaire is None:
        return None
    response = QuestionnaireResponse(
        questionnaire_id=questionnaire.id, person_id=person.id, unit_id=unit_id,
        appointment_id=appointment.id if appointment is not None else None,
        sent_by_id=sent_by.id if sent_by is not None else None, status="sent",
        confidential=bool(questionnaire.definition.get("private_to_young")),
        answers={}, flags=[], due_at=due_at, created_at=now)
    db.session.add(response)
    db.session.flush()
    return response


def for_booking(appointment, *, now: datetime, replacing=None) -> None:
    """Send the visit type's questionnaire with a new booking, due before it; a moved
    appointment keeps the questionnaire (and its answers) of the one it replaces."""
    if replacing is not None:
        moved = db.session.scalars(select(QuestionnaireResponse).where(
            QuestionnaireResponse.appointment_id == replacing.id)).all()
        for response in moved:
            response.appointment_id, response.due_at = appointment.id, appointment.start_at
        if moved:
            return
    code = appointment.slot.visit_type.questionnaire_code
    if code:
        send(appointment.person, code, unit_id=appointment.slot.unit_id, now=now,
             due_at=appointment.start_at, appointment=appointment)


def withdraw_for(appointment) -> None:
    """Withdraw the unanswered questionnaires of a cancelled appointment."""
    for response in db.session.scalars(select(QuestionnaireResponse).where(
            QuestionnaireResponse.appointment_id == appointment.id,
            QuestionnaireResponse.status.in_(("sent", "in-progress")))):
        response.status = "withdrawn"


def waiting_questions(scope) -> dict:
    """Return how many questionnaires the person has to answer, and the id and due date of
    the one due soonest, as scalar subqueries to ask with others (the home page's card)."""
    waiting = QuestionnaireResponse.status.in_(QuestionnaireResponse.OPEN)
    order = (QuestionnaireResponse.due_at.is_(None),
             func.coalesce(QuestionnaireResponse.due_at, QuestionnaireResponse.created_at))
    return {"waiting": scope.how_many(QuestionnaireResponse, waiting),
            "first_id": scope.first_of(QuestionnaireResponse.id, QuestionnaireResponse, waiting,
                                       order_by=order),
            "first_due": scope.first_of(QuestionnaireResponse.due_at, QuestionnaireResponse,
                                        waiting, order_by=order)}


def for_person(scope) -> tuple[list, list]:
    """Return the person's questionnaires to answer (soonest due first) and answered ones
    (newest first)."""
    rows = scope.rows(scope.select(QuestionnaireResponse,
                                   QuestionnaireResponse.status != "withdrawn")
                      .order_by(QuestionnaireResponse.created_at.desc()))
    waiting = sorted((r for r in rows if r.is_open),
                     key=lambda r: (r.due_at is None, r.due_at or r.created_at))
    return waiting, [r for r in rows if r.status == "completed"]


def _value(item: Item, raw: list[str]):
    """Return an answer from what a form sent for an item, or raise AnswerError."""
    given = [v.strip() for v in raw if v is not None and v.strip()]
    if item.type == "choice":
        if any(v not in item.codes for v in given):
            raise AnswerError(_("Choose one of the answers given."))
        if item.repeats:
            return sorted(set(given), key=item.codes.index) or None
        if len(given) > 1:
            raise AnswerError(_("Choose one answer."))
        return given[0] if given else None
    value = given[0] if given else None
    if value is None:
        return None
    if item.type == "integer":
        try:
            number = int(value)
        except ValueError as exc:
            raise AnswerError(_("Write a whole number.")) from exc
        low, high = item.data.get("minValue"), item.data.get("maxValue")
        if (low is not None and number < low) or (high is not None and number > high):
            raise AnswerError(_("Write a number from {low} to {high}.").format(
                low=low, high=high))
        return number
    if item.type == "date":
        try:
            day = date.fromisoformat(value)
        except ValueError as exc:
            raise AnswerError(_("Write the date as year-month-day, e.g. 2026-03-14.")) from exc
        if not date(1900, 1, 1) <= day <= date(2100, 12, 31):
            raise AnswerError(_("Write a date between 1900 and 2100."))
        return day.isoformat()
    limit = item.data.get("maxLength", TEXT_MAX)
    if len(value) > limit:
        raise AnswerError(_("At most {n} characters.").format(n=limit))
    return value


def read_section(definition: Definition, index: int, form, earlier: dict) -> tuple[dict, dict]:
    """Return the section's answers from a form, and the messages of items answered wrongly
    or left empty where required (only items that apply, given the answers)."""
    answers, errors = {}, {}
    for item in definition.section_items(index):
        if item.type == "display":
            continue
        try:
            value = _value(item, form.getlist(item.link_id))
        except AnswerError as exc:
            errors[item.link_id] = str(exc)
            continue
        if value is not None:
            answers[item.link_id] = value
    known = {**earlier, **answers}
    for item in definition.section_items(index):
        if item.type == "display":
            continue
        if not item.enabled(known):
            answers.pop(item.link_id, None)
            errors.pop(item.link_id, None)
        elif item.required and item.link_id not in answers and item.link_id not in errors:
            errors[item.link_id] = _("Answer this question.")
    return answers, errors


def save_section(response: QuestionnaireResponse, index: int, answers: dict, *, by,
                 now: datetime) -> None:
    """Keep a section's answers in the draft (answers of items no longer applying go)."""
    if not response.is_open:
        raise AnswerError(_("This questionnaire is answered already, or no longer asked."))
    definition = definition_of(response)
    kept = {k: v for k, v in (response.answers or {}).items()
            if k not in {i.link_id for i in definition.section_items(index)}}
    merged = {**kept, **answers}
    applying = {i.link_id for i in definition.items() if i.enabled(merged)}
    response.answers = {k: v for k, v in merged.items() if k in applying}
    response.status, response.updated_at, response.answered_by_id = "in-progress", now, by.id


def first_missing(response: QuestionnaireResponse) -> int | None:
    """Return the first section with a required question unanswered, or None."""
    definition = definition_of(response)
    answers = response.answers or {}
    for index in range(len(definition.sections)):
        for item in definition.section_items(index):
            if item.required and item.type != "display" and item.enabled(answers) \
                    and item.link_id not in answers:
                return index
    return None


def complete(response: QuestionnaireResponse, *, by, now: datetime) -> None:
    """Send the answers: score them and mark the response completed, or raise AnswerError."""
    if not response.is_open:
        raise AnswerError(_("This questionnaire is answered already, or no longer asked."))
    if response.status == "sent" or first_missing(response) is not None:
        raise AnswerError(_("Some questions are not answered yet."))
    result = scoring.score(definition_of(response), response.answers or {})
    response.score = result.total if result else None
    response.flags = list(result.flags) if result else []
    response.status, response.completed_at, response.answered_by_id = "completed", now, by.id


def answered_for(scope, appointment_ids: list[int]) -> dict[int, QuestionnaireResponse]:
    """Return the completed responses of a unit's appointments, by appointment id (for the
    day list; reading the answers themselves is one click away, and logged)."""
    if not appointment_ids:
        return {}
    rows = scope.rows(scope.select(QuestionnaireResponse,
                                   QuestionnaireResponse.appointment_id.in_(appointment_ids)))
    return {r.appointment_id: r for r in rows}
