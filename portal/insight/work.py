"""Indicators of the services' work: appointments, messages, applications and appeals."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import Integer, and_, case, cast, distinct, func, select

from portal import db
from portal.applications.catalogue import BY_CODE
from portal.applications.models import Application, CaseEvent, Decision, ServiceDecision
from portal.appointments.models import Appointment, Slot
from portal.insight import sql
from portal.insight.base import (
    Column,
    Indicator,
    Joined,
    Period,
    Place,
    Table,
    percentile,
    row,
    share,
)
from portal.insight.figures import stored
from portal.journal import units
from portal.journal.models import Organization
from portal.messages.models import Message, Thread

CHANNELS = {"self": _l("Booked by the person"), "staff": _l("Booked by the unit")}


@stored
def _booked(place: Place, period: Period) -> list[tuple]:
    """Return (unit, channel, people, appointments) for appointments made in the period."""
    return list(db.session.execute(
        select(Organization.name, Appointment.channel,
               func.count(distinct(Appointment.person_id)), func.count())
        .join(Slot, Slot.id == Appointment.slot_id).join(Organization, Organization.id == Slot.unit_id)
        .where(Slot.unit_id.in_(place.unit_ids), Appointment.created_at >= period.start_at,
               Appointment.created_at < period.end_at)
        .group_by(Organization.name, Appointment.channel).order_by(Organization.name)).all())


def _self_share(found) -> tuple[int, float | None]:
    """Return the people and the share self-booked of (unit, channel, people, count) rows."""
    total = sum(n for *_, n in found)
    return (sum(p for _, _, p, _ in found),
            share(sum(n for _, channel, _, n in found if channel == "self"), total))


def self_booked(own: Place, portal: Place, period: Period) -> Indicator:
    """The share of appointments the people booked themselves, per unit."""
    found = _booked(own, period)
    by_unit: dict = {}
    for name, channel, people, count in found:
        by_unit.setdefault(name, []).append((name, channel, people, count))
    rows = []
    for name, parts in by_unit.items():
        people = sum(p for _, _, p, _ in parts)
        count = sum(n for *_, n in parts)
        rows.append(row(name, people, count, _self_share(parts)[1]))
    own_people, own_share = _self_share(found)
    return Indicator(
        "self-booked", _l("Appointments booked in the portal"),
        _l("Appointments made in the period, and the share of them that the person (or "
           "someone acting for them) booked in the portal rather than the unit."),
        Table((Column(_l("Unit"), "text"), Column(_l("Appointments")),
               Column(_l("Booked in the portal"), "percent")), rows),
        chart="bars", value_column=2, own=own_share if own_people >= 5 else None,
        portal=_self_share(_booked(portal, period))[1],
        headline_label=_l("Share booked in the portal"))


@stored
def _attendance(place: Place, period: Period) -> list[tuple]:
    """Return (unit, channel, people, appointments, no-shows) for appointments that were due."""
    return list(db.session.execute(
        select(Organization.name, Appointment.channel,
               func.count(distinct(Appointment.person_id)), func.count(),
               func.sum(cast(Appointment.status == "no_show", Integer)))
        .join(Slot, Slot.id == Appointment.slot_id).join(Organization, Organization.id == Slot.unit_id)
        .where(Slot.unit_id.in_(place.unit_ids), Appointment.status.in_(("attended", "no_show")),
               Appointment.start_at >= period.start_at, Appointment.start_at < period.end_at)
        .group_by(Organization.name, Appointment.channel)
        .order_by(Organization.name, Appointment.channel)).all())


def no_shows(own: Place, portal: Place, period: Period) -> Indicator:
    """The no-show rate of appointments booked by the person against those booked by the unit."""
    found = _attendance(own, period)
    rows = [row(Joined((name, CHANNELS[channel])), people, count, share(missed, count))
            for name, channel, people, count, missed in found]
    own_self = [f for f in found if f[1] == "self"]
    theirs = [f for f in _attendance(portal, period) if f[1] == "self"]
    return Indicator(
        "no-shows", _l("No-shows: booked in the portal or by the unit"),
        _l("Appointments in the period whose attendance was registered, and the share where "
           "the person did not come, for those booked in the portal and those booked by the "
           "unit."),
        Table((Column(_l("Unit and who booked"), "text"), Column(_l("Appointments")),
               Column(_l("Did not come"), "percent")), rows),
        chart="bars", value_column=2,
        own=share(sum(f[4] for f in own_self), sum(f[3] for f in own_self))
        if sum(f[2] for f in own_self) >= 5 else None,
        portal=share(sum(f[4] for f in theirs), sum(f[3] for f in theirs)),
        headline_label=_l("No-shows, booked in the portal"))


def _waits(place: Place, period: Period):
    """Return a subquery of the waits begun in the period: a citizen's message that started
    a team's clock, its promise, and the first answer from the team after it.

    The first answer is a window over each thread's messages from the wait on, so the
    messages are read once, not once per wait.
    """
    answered = func.min(case((Message.author_role == "staff", Message.created_at))).over(
        partition_by=Message.thread_id, order_by=(Message.created_at, Message.id),
        rows=(0, None))
    messages = (select(Thread.unit_id, Thread.person_id, Thread.status,
                       Message.created_at.label("asked_at"), Message.answer_due_at.label("due_at"),
                       answered.label("answered_at"))
                .join(Thread, Thread.id == Message.thread_id)
                .where(Thread.unit_id.in_(place.unit_ids), Message.created_at >= period.start_at)
                .subquery())
    return (select(messages).where(messages.c.due_at.is_not(None),
                                   messages.c.asked_at < period.end_at).subquery())


@stored
def _answer_counts(place: Place, period: Period) -> list:
    """Return rows (team, people, waits, answered in time) for the waits whose answer has
    come, or whose promise had passed when the period's last day began. A wait the team
    closed without an answer (a "thank you" needs none) is left out."""
    waits = _waits(place, period)
    in_time = func.sum(cast(and_(waits.c.answered_at.is_not(None),
                                 waits.c.answered_at <= waits.c.due_at), Integer))
    return db.session.execute(
        select(waits.c.unit_id, func.count(distinct(waits.c.person_id)), func.count(), in_time)
        .where(waits.c.answered_at.is_not(None)
               | ((waits.c.due_at < period.last_day_at) & (waits.c.status != "closed")))
        .group_by(waits.c.unit_id)).all()


def _answers(place: Place, period: Period) -> dict:
    """Return {team: (people, waits, answered in time)} (see _answer_counts)."""
    return {unit: (people, waits, int(in_time or 0))
            for unit, people, waits, in_time in _answer_counts(place, period)}


@stored
def _hour_counts(place: Place, period: Period) -> list:
    """Return rows (team, hours to the answer, how many) for the waits answered."""
    waits = _waits(place, period)
    hours = cast(func.round(sql.hours(waits.c.answered_at, waits.c.asked_at)), Integer)
    return db.session.execute(
        select(waits.c.unit_id, hours, func.count())
        .where(waits.c.answered_at.is_not(None)).group_by(waits.c.unit_id, hours)).all()


def _answer_hours(place: Place, period: Period) -> dict:
    """Return {team: [(hours to the answer, how many)]} for the waits answered."""
    found: dict = {}
    for unit, spent, count in _hour_counts(place, period):
        found.setdefault(unit, []).append((spent, count))
    return found


def messages(own: Place, portal: Place, period: Period) -> Indicator:
    """Messages answered within the working days the team promises, and how long it took."""
    answers = _answers(own, period)
    hours = _answer_hours(own, period)
    names = units.names(answers)
    rows = [row(names[unit], people, waits, share(in_time, waits),
                percentile(hours.get(unit, []), 50))
            for unit, (people, waits, in_time) in sorted(answers.items(),
                                                         key=lambda kv: names[kv[0]])]
    theirs = _answers(portal, period).values()
    own_people = sum(p for p, _, _ in answers.values())
    return Indicator(
        "messages", _l("Messages answered in time"),
        _l("Messages from citizens that started a wait for an answer in the period, and the "
           "share the team answered within the working days it promises. Messages without "
           "an answer are left out while the promise has not passed, and when the team "
           "closed the conversation as needing no answer."),
        Table((Column(_l("Team"), "text"), Column(_l("Messages")),
               Column(_l("Answered in time"), "percent"),
               Column(_l("Median time to answer, hours"), "hours")), rows),
        chart="bars", value_column=2,
        own=share(sum(t for _, _, t in answers.values()), sum(w for _, w, _ in answers.values()))
        if own_people >= 5 else None,
        portal=share(sum(t for _, _, t in theirs), sum(w for _, w, _ in theirs)),
        headline_label=_l("Answered in time"))


def _decided(place: Place, period: Period):
    """Return a subquery of the applications first decided in the period: when sent, when
    decided, and whether they had an interim reply."""
    first = (select(Decision.application_id, func.min(Decision.decided_at).label("decided_at"))
             .group_by(Decision.application_id).subquery())
    return (select(Application.id, Application.person_id, Application.submitted_at,
                   Application.interim_reply_at, first.c.decided_at)
            .join(first, first.c.application_id == Application.id)
            .where(Application.unit_id.in_(place.unit_ids),
                   first.c.decided_at >= period.start_at, first.c.decided_at < period.end_at)
            .subquery())


def _parts(place: Place, period: Period):
    """Return a subquery of the parts of the first decisions made in the period: the
    service, the application and person, the days it took, and any interim reply."""
    decided = _decided(place, period)
    days = cast(func.round(sql.moment_days(decided.c.decided_at, decided.c.submitted_at)),
                Integer)
    return (select(ServiceDecision.service, decided.c.id, decided.c.person_id,
                   days.label("days"), decided.c.interim_reply_at)
            .join(Decision, Decision.id == ServiceDecision.decision_id)
            .join(decided, and_(decided.c.id == Decision.application_id,
                                decided.c.decided_at == Decision.decided_at))
            .subquery())


@stored
def _span_counts(place: Place, period: Period) -> list:
    """Return rows (service, days from application to decision, applications)."""
    parts = _parts(place, period)
    return db.session.execute(select(parts.c.service, parts.c.days, func.count())
                              .group_by(parts.c.service, parts.c.days)).all()


@stored
def _case_counts(place: Place, period: Period) -> list:
    """Return rows (service, people, applications with an interim reply)."""
    parts = _parts(place, period)
    return db.session.execute(select(parts.c.service, func.count(distinct(parts.c.person_id)),
                                     func.count(parts.c.interim_reply_at))
                              .group_by(parts.c.service)).all()


def _processing(place: Place, period: Period) -> tuple[dict, dict]:
    """Return ({service: [(days, applications)]}, {service: (people, with an interim reply)})."""
    spans: dict = {}
    for service, spent, count in _span_counts(place, period):
        spans.setdefault(service, []).append((spent, count))
    return spans, {service: (people, interim)
                   for service, people, interim in _case_counts(place, period)}


def cases(own: Place, portal: Place, period: Period) -> Indicator:
    """Processing time per service, and the share of cases with an interim reply."""
    spans, counts = _processing(own, period)
    rows = []
    for service in (code for code in BY_CODE if code in counts):
        found = spans.get(service, [])
        people, interim = counts[service]
        applications = sum(n for _, n in found)
        rows.append(row(BY_CODE[service].name, people, applications, percentile(found, 50),
                        percentile(found, 90), share(interim, applications)))
    everything = [pair for found in spans.values() for pair in found]
    theirs = [pair for found in _processing(portal, period)[0].values() for pair in found]
    return Indicator(
        "cases", _l("Processing time of applications"),
        _l("Applications first decided in the period, per service applied for: days from the "
           "application was sent to the decision (median and 90th percentile), and the share "
           "that got an interim reply (forvaltningsloven § 11 a)."),
        Table((Column(_l("Service"), "text"), Column(_l("Applications")),
               Column(_l("Median, days"), "number"), Column(_l("90th percentile, days"), "number"),
               Column(_l("With an interim reply"), "percent")), rows),
        chart="bars", value_column=2,
        own=percentile(everything, 50) if sum(p for p, _ in counts.values()) >= 5 else None,
        portal=percentile(theirs, 50), headline_kind="number",
        headline_label=_l("Median processing time, days"))


APPEAL_OUTCOMES = (("reversed", _l("Changed by the municipality")),
                   ("partly_reversed", _l("Changed in part, the rest sent on")),
                   ("forwarded", _l("Sent to the appeal body")))


@stored
def _appeal_counts(place: Place, period: Period) -> list:
    """Return rows (kind of event, people, events) for appeals and their outcomes."""
    kinds = ("appealed", *(kind for kind, _ in APPEAL_OUTCOMES))
    return db.session.execute(
        select(CaseEvent.kind, func.count(distinct(Application.person_id)), func.count())
        .join(Application, Application.id == CaseEvent.application_id)
        .where(Application.unit_id.in_(place.unit_ids), CaseEvent.kind.in_(kinds),
               CaseEvent.at >= period.start_at, CaseEvent.at < period.end_at)
        .group_by(CaseEvent.kind)).all()


def _appeals(place: Place, period: Period) -> dict:
    """Return {kind of event: (people, events)} for appeals and their outcomes in the period."""
    return {kind: (people, count) for kind, people, count in _appeal_counts(place, period)}


def appeals(own: Place, portal: Place, period: Period) -> Indicator:
    """Appeals made in the period, and what became of the appeals reconsidered."""
    found = _appeals(own, period)
    rows = [row(label, found.get(kind, (0, 0))[0], found.get(kind, (0, 0))[1])
            for kind, label in (("appealed", _l("Appeals made")), *APPEAL_OUTCOMES)]
    decided = sum(found.get(kind, (0, 0))[1] for kind, _ in APPEAL_OUTCOMES)
    theirs = _appeals(portal, period)
    portal_decided = sum(theirs.get(kind, (0, 0))[1] for kind, _ in APPEAL_OUTCOMES)
    return Indicator(
        "appeals", _l("Appeals and their outcomes"),
        _l("Appeals against decisions made in the period, and the municipality's "
           "reconsiderations in the period: changed in the applicant's favour, changed in "
           "part, or sent on to the county governor or the appeals board."),
        Table((Column(_l("Appeals"), "text"), Column(_l("Number"))), rows),
        chart="bars", value_column=1,
        own=share(found.get("reversed", (0, 0))[1], decided)
        if sum(p for p, _ in found.values()) >= 5 else None,
        portal=share(theirs.get("reversed", (0, 0))[1], portal_decided),
        headline_label=_l("Reconsidered appeals changed by the municipality"))
