"""The leak walk: every route, with the person's real ids, as every kind of outsider (issue 12).

DOMAIN.md, "Children 12-15": entries marked confidential and what young people do in
confidence are never shown to a parent, "and nothing derived from them may hint at them: not
a unit's name in a filter, not a count, not a clash with a hidden appointment". The same holds
for every reader the decision refuses something: a parent of a child in each age group, the
holder of each level of power of attorney, a stranger, and staff of another unit.

For each pair the test asks the database (not the pages) which of the person's rows the
decision hides from the reader, turns them into markers (their texts, the names of units
that wrote only hidden rows, links to their ids, the times of hidden appointments), and then
opens every route of the portal with the person's real ids, hidden ones first. No marker may
appear in any answer, no answer may be a 500, and a POST at a hidden row is refused.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal import db
from portal.access import Actor, Power, Refusal, Verb, open_scope, registry
from portal.access.loaders import staff_scope
from portal.applications.models import Application, Decision
from portal.appointments import labels, listing
from portal.appointments.areas import APPOINTMENTS, bookable_unit_kinds
from portal.appointments.models import Appointment, Slot, VisitType, WaitlistEntry
from portal.care.models import HomeCareVisit, VisitPlan
from portal.fhir.kinds import KINDS
from portal.journal.entries import (
    CarePlan,
    Condition,
    DocumentEntry,
    Encounter,
    Immunization,
    MedicationStatement,
    Observation,
)
from portal.journal.models import Organization, Person, Practitioner
from portal.messages.areas import MESSAGES
from portal.messages.models import Attachment, Message, Thread
from portal.representation.models import PowerOfAttorney
from tests.client import ANNE, EMMA, INGRID, JONAS, KARI, LIV, NILS, OLA, PER, SARA, persona

# The words each kind of row shows, which must not appear where the row is hidden.
TEXTS = {
    DocumentEntry: ("title", "body"),
    Condition: ("display",),
    MedicationStatement: ("medication",),
    CarePlan: ("title", "description"),
    Appointment: ("reason",),
    Thread: ("subject",),
    Application: ("case_number",),
    Observation: ("comment",),
}
# Where each kind of row is shown at its own address (a link to a hidden one is a leak).
LINKS = {
    DocumentEntry: ("/records/documents/{id}",),
    Observation: ("/results/{id}", "/staff/results/{id}"),
    Appointment: ("/appointments/{id}", "/staff/appointments/{id}"),
    Thread: ("/messages/{id}", "/staff/messages/{id}"),
    Application: ("/applications/{id}", "/staff/applications/{id}"),
}
# The unit that wrote each kind of row.
UNIT = {
    DocumentEntry: "unit_id", Condition: "unit_id", MedicationStatement: "unit_id",
    CarePlan: "unit_id", Immunization: "unit_id", Encounter: "unit_id", Thread: "unit_id",
    Observation: "performer_unit_id", Application: "unit_id",
    HomeCareVisit: "team_id", VisitPlan: "team_id",
}
# Rows the messages area reads only for the names of the teams one may write to.
UNIT_ONLY = {(MESSAGES, Encounter), (MESSAGES, CarePlan), (MESSAGES, Immunization)}
# Routes the walk leaves alone: logging in and out, and choosing whom to act for.
SKIP = {"static", "representation.act", "representation.act_as_self"}
SKIP_PREFIX = ("auth.",)


@dataclass(frozen=True)
class Pair:
    """A reader, how they log in, and whose data the walk tries to reach."""

    name: str
    reader: str
    role: str
    subject: str
    acts_for: bool = True
    power: str | None = None

    def __str__(self) -> str:
        return self.name


PAIRS = [
    Pair("parent of a child of 7", KARI, "citizen", EMMA),
    Pair("parent of a 14-year-old", KARI, "citizen", JONAS),
    Pair("parent of a 16-year-old", KARI, "citizen", SARA, acts_for=False),
    *[Pair(f"{level} power of attorney", INGRID, "citizen", OLA, power=level) for level in Power],
    Pair("a stranger", LIV, "citizen", OLA, acts_for=False),
    Pair("staff of the health station", ANNE, "staff", OLA, acts_for=False),
    Pair("staff of the case office", PER, "staff", JONAS, acts_for=False),
    Pair("staff of the GP office", NILS, "staff", JONAS, acts_for=False),
]


def _add_confidential(session, person: Person, unit_code: str, now) -> None:
    """Give a person what confidence hides: a note, a problem, a hidden appointment, a thread."""
    unit = session.scalar(select(Organization).where(Organization.code == unit_code))
    session.add_all([
        DocumentEntry(person_id=person.id, kind="note", title="Fortrolig samtale om rus",
                      body="Ønsker ikke at foreldre informeres om samtalen.", unit_id=unit.id,
                      written_at=now - timedelta(days=3), confidential=True),
        Condition(person_id=person.id, code_system="ICD-10", code="A56.0",
                  display="Klamydiainfeksjon (fortrolig)", unit_id=unit.id, confidential=True,
                  onset_date=(now - timedelta(days=3)).date()),
    ])


def _hidden_booking(session, jonas: Person, now) -> Appointment:
    """Book Jonas a talk at the youth health station himself, in confidence.

    At the same time as a free GP appointment for children, which his mother may book for
    him: trying to book it must not tell her when or where he is.
    """
    kind = session.scalar(select(VisitType).where(VisitType.code == "hfu-samtale"))
    child = session.scalar(select(VisitType).where(VisitType.code == "legetime-barn"))
    free = session.scalars(select(Slot).where(
        Slot.visit_type_id == child.id, Slot.start_at > now + timedelta(days=2),
        Slot.id.not_in(listing.active_slot_ids())).order_by(Slot.start_at)).first()
    begins = free.start_at + timedelta(minutes=10)  # overlapping, at a time of its own
    slot = Slot(unit_id=kind.unit_id, visit_type_id=kind.id, start_at=begins,
                end_at=begins + timedelta(minutes=kind.duration_minutes))
    session.add(slot)
    session.flush()
    row = Appointment(slot_id=slot.id, person_id=jonas.id, booked_by_id=jonas.id, channel="self",
                      status="booked", start_at=slot.start_at, end_at=slot.end_at,
                      reason="Lurer på om jeg har klamydia, ikke si det til mamma",
                      created_at=now)
    session.add(row)
    thread = Thread(person_id=jonas.id, unit_id=kind.unit_id, subject="Spørsmål om prevensjon",
                    created_by_id=jonas.id, created_at=now, last_message_at=now)
    thread.messages = [Message(author_id=jonas.id, author_role="citizen", created_at=now,
                               body="Kan jeg komme uten at foreldrene mine får vite det?")]
    session.add(thread)
    session.flush()
    return row


@pytest.fixture
def confidential(db_session):
    """Add to the demo what the walk must keep hidden, beyond what the personas have."""
    now = db.utcnow()
    _add_confidential(db_session, persona(EMMA), "helsestasjon-orland", now)
    _add_confidential(db_session, persona(OLA), "orland-legekontor", now)
    _add_confidential(db_session, persona(JONAS), "helsestasjon-ungdom", now)
    _hidden_booking(db_session, persona(JONAS), now)
    db_session.commit()


def _reader(pair: Pair) -> Actor:
    """Return the reader as the access decision sees them."""
    person = persona(pair.reader)
    if pair.role == "staff":
        unit_id = db.session.scalar(select(Practitioner.unit_id).where(
            Practitioner.person_id == person.id))
        return Actor(person, role="staff", unit_id=unit_id)
    return Actor(person)


def _ids(model, conditions) -> set[int]:
    """Return the ids of a table's rows matching conditions."""
    return set(db.session.scalars(select(model.id).where(*conditions)))


def _seen(actor: Actor, subject: Person, area, rows) -> set[int]:
    """Return the ids of the subject's rows of an area's table that the reader may see."""
    try:
        if actor.is_staff:
            scope = staff_scope(actor, area)
            if rows.staff is None:
                return set()
            return _ids(rows.model, [*scope.where(rows.model), rows.owner == subject.id])
        scope = open_scope(actor, subject, area, Verb.VIEW)
    except Refusal:
        return set()
    return _ids(rows.model, scope.where(rows.model))


@dataclass
class Split:
    """The subject's rows of each table: those the reader may see, and those hidden."""

    visible: dict
    hidden: dict
    unit_visible: dict

    def hidden_ids(self, model) -> list[int]:
        """Return the hidden rows of a table, oldest first."""
        return sorted(self.hidden.get(model, ()))

    def visible_ids(self, model) -> list[int]:
        """Return the visible rows of a table, oldest first."""
        return sorted(self.visible.get(model, ()))


def split(actor: Actor, subject: Person) -> Split:
    """Ask the database which of the subject's rows the decision hides from the reader."""
    everything, visible, unit_visible = {}, {}, {}
    for area in registry.areas():
        for rows in area.rows:
            mine = _ids(rows.model, [rows.owner == subject.id])
            everything.setdefault(rows.model, set()).update(mine)
            seen = _seen(actor, subject, area, rows) & mine
            unit_visible.setdefault(rows.model, set()).update(seen)
            if (area, rows.model) not in UNIT_ONLY:
                visible.setdefault(rows.model, set()).update(seen)
    hidden = {model: ids - visible.get(model, set()) for model, ids in everything.items()}
    return Split(visible, hidden, unit_visible)


def _words(model, ids) -> set[str]:
    """Return the distinctive words of rows: their texts, cut to a line."""
    found = set()
    for row in db.session.scalars(select(model).where(model.id.in_(ids))):
        for column in TEXTS.get(model, ()):
            value = (getattr(row, column) or "").strip()
            if len(value) >= 6:
                found.add(value.splitlines()[0][:60])
    return found


def _units(model, ids) -> set[int]:
    """Return the units that wrote rows."""
    if model is Appointment:
        return set(db.session.scalars(select(Slot.unit_id).join(
            Appointment, Appointment.slot_id == Slot.id).where(Appointment.id.in_(ids))))
    column = UNIT.get(model)
    return set(db.session.scalars(select(getattr(model, column)).where(model.id.in_(ids)))) \
        if column else set()


def _public_units(actor: Actor, subject: Person) -> set[int]:
    """Return units a page may name for reasons of their own: the GP, where one can book."""
    known = {subject.gp_unit_id}
    if actor.is_staff:
        known |= set(db.session.scalars(select(Practitioner.unit_id).where(
            Practitioner.person_id == actor.person.id)))
    try:
        scope = open_scope(actor, subject, APPOINTMENTS, Verb.ACT)
    except Refusal:
        return known
    return known | {vt.unit_id for vt in listing.bookable_visit_types(
        subject, unit_kinds=bookable_unit_kinds(scope.decision), today=scope.now.date())}


def markers(actor: Actor, subject: Person, parts: Split) -> dict[str, set[str]]:
    """Return what must not appear: hidden texts, names of units, links, appointment times."""
    shown_words = set().union(*(_words(m, ids) for m, ids in parts.visible.items()))
    words = set().union(*(_words(m, ids) for m, ids in parts.hidden.items())) - shown_words
    unit_hidden = {m: ids - parts.unit_visible.get(m, set()) for m, ids in parts.hidden.items()}
    named = set().union(*(_units(m, ids) for m, ids in parts.unit_visible.items()))
    units = set().union(*(_units(m, ids) for m, ids in unit_hidden.items())) - named \
        - _public_units(actor, subject)
    links = {pattern.format(id=i) for model, patterns in LINKS.items()
             for i in parts.hidden_ids(model) for pattern in patterns}
    times = {labels.moment_text(a.start_at, "en") for a in db.session.scalars(
        select(Appointment).where(Appointment.id.in_(parts.hidden_ids(Appointment)),
                                  Appointment.status != "cancelled"))}
    return {"text": words, "unit": {db.session.get(Organization, u).name for u in units if u},
            "link": links, "time": times}


def _free_slots_clashing(appointment_ids) -> list[int]:
    """Return free slots that overlap hidden appointments (to try booking a clash)."""
    found = []
    for appointment in db.session.scalars(select(Appointment).where(
            Appointment.id.in_(appointment_ids), Appointment.status == "booked")):
        found += db.session.scalars(select(Slot.id).where(
            Slot.start_at < appointment.end_at, Slot.end_at > appointment.start_at,
            Slot.id.not_in(listing.active_slot_ids())).limit(2))
    return found


def id_choices(subject: Person, parts: Split) -> dict[str, list]:
    """Return the ids to try for each URL argument: hidden ones first, then one visible."""
    def pick(model) -> list[int]:
        return parts.hidden_ids(model) + parts.visible_ids(model)[:1]

    attachments = [(m.thread_id, a.id) for a, m in db.session.execute(
        select(Attachment, Message).join(Message, Message.id == Attachment.message_id)
        .join(Thread, Thread.id == Message.thread_id).where(Thread.person_id == subject.id))]
    decisions = [(d.application_id, d.id) for d in db.session.scalars(
        select(Decision).join(Application, Application.id == Decision.application_id)
        .where(Application.person_id == subject.id))]
    slots = _free_slots_clashing(parts.hidden_ids(Appointment))
    any_slot = db.session.scalar(select(Slot.id).where(
        Slot.start_at > db.utcnow(), Slot.id.not_in(listing.active_slot_ids())).limit(1))
    return {
        "document_id": pick(DocumentEntry), "observation_id": pick(Observation),
        "appointment_id": pick(Appointment), "thread_id": pick(Thread),
        "application_id": pick(Application), "entry_id": pick(WaitlistEntry),
        "slot_id": slots + [any_slot], "visit_type_id": list(db.session.scalars(
            select(VisitType.id).order_by(VisitType.id))),
        "power_id": list(db.session.scalars(select(PowerOfAttorney.id).where(
            PowerOfAttorney.grantor_id == subject.id))),
        "schedule_id": [1], "step": ["applicant"],
        # The FHIR API: each resource type's search, and the person's Patient.
        "type_name": list(KINDS), "person_id": [subject.id],
        ("thread_id", "attachment_id"): attachments,
        ("application_id", "decision_id"): decisions,
        ("appointment_id", "slot_id"): [(a, s) for a in pick(Appointment)[:2]
                                        for s in (slots + [any_slot])[:2]],
    }


# The table behind each id in a URL.
MODELS = {"document_id": DocumentEntry, "observation_id": Observation,
          "appointment_id": Appointment, "thread_id": Thread, "application_id": Application,
          "entry_id": WaitlistEntry}


def is_hidden(args: dict, parts: Split) -> bool:
    """Tell whether a URL's ids name a row hidden from the reader."""
    return any(args[name] in parts.hidden.get(model, ())
               for name, model in MODELS.items() if name in args)


def urls(app, choices) -> list[tuple[str, str, str, dict]]:
    """Return (endpoint, method, url, ids) for every route and every id to try."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIP or rule.endpoint.startswith(SKIP_PREFIX):
            continue
        names = tuple(sorted(rule.arguments))
        if not names:
            sets = [{}]
        elif len(names) == 1:
            sets = [{names[0]: v} for v in choices.get(names[0], [])]
        else:
            key = next((k for k in choices if isinstance(k, tuple) and set(k) == set(names)),
                       None)
            sets = [dict(zip(key, v, strict=True)) for v in choices.get(key, [])] if key else []
        for args in sets:
            url = rule.build(args, append_unknown=False)[1]
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                found.append((rule.endpoint, method, url, args))
    return found


def _leaks(body: str, found: dict[str, set[str]], asked: str) -> list[str]:
    """Return the markers an answer shows (a link to the address asked for tells nothing)."""
    leaks = [f"{kind}: {m}" for kind in ("text", "unit", "time") for m in found[kind] if m in body]
    hrefs = set(re.findall(r'(?:href|action)="([^"?#]+)', body)) - {asked}
    leaks += [f"link: {h}" for h in hrefs
              if any(h == link or h.startswith(link + "/") for link in found["link"])]
    return leaks


@pytest.mark.parametrize("pair", PAIRS, ids=str)
def test_nothing_hidden_shows_on_any_route(app, client, db_session, confidential, pair):
    """Rule: what the decision hides never shows: no text, unit, count, link or time of it."""
    subject = persona(pair.subject)
    if pair.power:
        power = db_session.scalar(select(PowerOfAttorney).where(
            PowerOfAttorney.grantor_id == subject.id))
        power.level = pair.power
        db_session.commit()
    actor = _reader(pair)
    parts = split(actor, subject)
    with app.test_request_context("/?lang=en"):
        found = markers(actor, subject, parts)
        if not pair.acts_for and not actor.is_staff:
            # The reader's own journal (the FHIR download gives all of it) names the units
            # that wrote it: that tells nothing of the person the walk tries to reach.
            own = split(actor, actor.person)
            found["unit"] -= {db.session.get(Organization, u).name for u in set().union(
                *(_units(m, ids) for m, ids in own.visible.items())) if u}
    assert any(parts.hidden.values()), "the walk needs hidden rows to look for"
    assert found["link"], "the walk needs markers to look for"
    client.login_as(pair.reader, pair.role)
    if pair.acts_for:
        client.act_for(pair.subject)
    token = client.csrf_token("/staff/" if pair.role == "staff" else "/home")
    problems, asked = [], 0
    for endpoint, method, url, args in urls(app, id_choices(subject, parts)):
        if method == "POST" and not is_hidden(args, parts):
            continue  # only refusals are tried: a POST at a row one may see would change it
        response = client.open(url + "?lang=en", method=method, data={"csrf_token": token})
        body = response.get_data(as_text=True) if response.mimetype.startswith("text") \
            or response.mimetype.endswith("json") else ""
        if response.status_code >= 500:
            problems.append((endpoint, method, url, response.status_code))
        if method == "POST" and response.status_code not in (400, 403, 404):
            problems.append((endpoint, method, url, "a POST at a hidden row was not refused",
                             response.status_code))
        problems += [(endpoint, method, url, leak) for leak in _leaks(body, found, url)]
        asked += 1
    print(f"{pair}: {asked} answers; markers {({k: len(v) for k, v in found.items()})}")
    assert problems == []


def test_the_walk_sees_the_youth_health_station_as_hidden_from_a_parent(app, db_session,
                                                                         confidential):
    """The walk's own premise: Kari acting for Jonas has the youth station as a unit marker."""
    actor, jonas = Actor(persona(KARI)), persona(JONAS)
    with app.test_request_context("/?lang=en"):
        found = markers(actor, jonas, split(actor, jonas))
    assert "Helsestasjon for ungdom" in found["unit"]
    assert "Fortrolig samtale om rus" in found["text"]
    assert any(t for t in found["time"])  # his own booking at the youth station
