"""A synthetic citizen's journal as plain rows: visits, lab results, vaccinations, messages."""

import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from portal.clock import OSLO
from portal.journal.entries import Observation
from portal.prescriptions.rules import valid_to
from portal.results import ranges
from portal.results import services as results
from portal.results.catalogue import HEAD_CIRCUMFERENCE, HEIGHT, LOINC, NLK, TESTS, WEIGHT, LabTest
from portal.workdays import add_working_days, answer_due, is_working_day

from .builders import at
from .population_data import (
    ADULT_REASONS,
    CHILD_REASONS,
    CHRONIC,
    CRP_QUICK,
    GROWTH,
    PANELS,
    PSA,
    TOPICS,
    TYPICAL,
    VACCINES,
    Chronic,
)

CRITICAL_SHARE = 0.003
RELEASE_COMMENT = "Legen har gått gjennom svaret. Ring legekontoret om du har spørsmål."
THANKS = "Takk for svar!"
# Every observation row has every column, because one executemany takes one set of keys.
_OBSERVATION = dict.fromkeys(c.key for c in Observation.__table__.columns if c.key != "id")


@dataclass(frozen=True)
class Refs:
    """The ids of the units and staff the journals point to."""

    gp_office: int
    health_station: int | None  # None where the health station is not in the portal
    lab: int
    gp: int  # the GP's practitioner id, who orders tests
    gp_person: int  # ... and his person id, who writes the answers
    nurse: int | None
    answer_days: int
    answered_in_time: float  # the share of questions the GP office answers by the promise


@dataclass
class Rows:
    """Rows waiting to be inserted; visits carry their observations, threads their messages."""

    visits: list[tuple[dict, list[dict]]] = field(default_factory=list)
    conditions: list[dict] = field(default_factory=list)
    medications: list[dict] = field(default_factory=list)
    prescriptions: list[dict] = field(default_factory=list)
    immunizations: list[dict] = field(default_factory=list)
    threads: list[tuple[dict, list[dict], datetime | None]] = field(default_factory=list)


def add_journal(rows: Rows, rng: random.Random, person_id: int, person: dict, today: date,
                refs: Refs) -> None:
    """Draw a person's journal, up to yesterday, and add it to the rows."""
    _Journal(rows, rng, person_id, refs, today).draw(
        person["birth_date"], male=int(person["national_id"][8]) % 2 == 1
    )


class _Journal:
    """One person's journal being drawn, with everything the drawing needs at hand."""

    def __init__(self, rows: Rows, rng: random.Random, person_id: int, refs: Refs, today: date):
        self.rows, self.rng, self.person_id, self.refs = rows, rng, person_id, refs
        self.last = today - timedelta(days=1)
        self.now = at(today, 0)  # nothing is released or answered later than this

    def draw(self, born: date, *, male: bool) -> None:
        """Draw childhood, a long-term condition, GP visits and messages."""
        rng, last = self.rng, self.last
        if born >= last:
            return
        self.born, self.sex = born, "male" if male else "female"
        age = (last - born).days / 365.25
        since = max(born, last - timedelta(days=rng.randint(365, 8 * 365)))
        if age < 18 and self.refs.health_station is not None:
            self.childhood(born, male, max(born, last - timedelta(days=8 * 365)))
        chronic = next((c for c in CHRONIC if age >= c.min_age and rng.random() < c.share), None)
        if chronic:
            self.chronic(chronic, since)
        years = (last - since).days / 365.25
        for i in range(max(1, round(years * rng.uniform(0.5, 1.5 + age / 30)))):
            # The first visit always has results, so that everyone has some.
            panels = self.panels(age, male) if i == 0 or rng.random() < 0.35 else []
            reason = rng.choice(CHILD_REASONS if age < 16 else ADULT_REASONS)
            self.visit(_day(rng, since, last), reason, panels)
        if age >= 16:
            for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
                self.thread(_day(rng, since, last))

    def childhood(self, born: date, male: bool, first: date) -> None:
        """Add health station visits with growth measurements, and the vaccinations."""
        rng, refs = self.rng, self.refs
        size = rng.gauss(1.0, 0.04) * (1.015 if male else 1.0)
        for days, height, weight, head in GROWTH:
            day = born + timedelta(days=days + rng.randint(0, 10))
            if not first <= day <= self.last:
                continue
            when = at(day, rng.randint(8, 14), rng.choice((0, 30)))
            measured = ((HEIGHT, round(height * size * rng.gauss(1, 0.01), 1)),
                        (WEIGHT, round(weight * size**2 * rng.gauss(1, 0.05), 1)))
            # The head follows the child's size, with no draw of its own: the same seed gives
            # the same population as before it was measured.
            if head is not None:
                measured += ((HEAD_CIRCUMFERENCE, round(head * size**0.7, 1)),)
            self.rows.visits.append((
                self.encounter(refs.health_station, refs.nurse, "visit", when, 45,
                               "Helsestasjonskonsultasjon"),
                [{**_OBSERVATION, "person_id": self.person_id, "category": "vital-signs",
                  "code_system": LOINC, "code": code, "loinc": code, "display": display,
                  "value_quantity": value, "unit": unit, "status": "final",
                  "release_category": 1, "released_at": when, "effective_at": when,
                  "issued_at": when, "performer_unit_id": refs.health_station,
                  "confidential": False}
                 for (code, display, unit), value in measured],
            ))
        for code, display, dose, months in VACCINES:
            day = born + timedelta(days=int(months * 30.4) + rng.randint(0, 21))
            if first <= day <= self.last and rng.random() < 0.96:
                self.rows.immunizations.append({
                    "person_id": self.person_id, "vaccine_code": code, "display": display,
                    "dose_number": dose, "occurred_on": day, "unit_id": refs.health_station,
                    "performer_id": refs.nurse,
                })

    def chronic(self, chronic: Chronic, since: date) -> None:
        """Add a long-term condition, its medicine, and a control with tests every half year."""
        rng, refs = self.rng, self.refs
        onset = since - timedelta(days=rng.randint(0, 3 * 365))
        code, display = chronic.condition
        medication, atc, dosage = chronic.medication
        self.rows.conditions.append({
            "person_id": self.person_id, "code_system": "ICD-10", "code": code,
            "display": display, "status": "active", "onset_date": onset, "abatement_date": None,
            "unit_id": refs.gp_office, "recorder_id": refs.gp, "confidential": False,
        })
        self.rows.medications.append({
            "person_id": self.person_id, "medication": medication, "atc_code": atc,
            "dosage": dosage, "reason": display, "status": "active", "start_date": onset,
            "end_date": None, "unit_id": refs.gp_office, "prescriber_id": refs.gp,
        })
        self.prescription(medication, atc, dosage, since)
        day = self.last - timedelta(days=rng.randint(0, 120))
        while day - timedelta(days=14) >= since:
            self.visit(_day(rng, day - timedelta(days=14), day), chronic.reason,
                       [chronic.tests], chronic.typical)
            day -= timedelta(days=182)

    def prescription(self, medication: str, atc: str, dosage: str, since: date) -> None:
        """Add the e-prescription of a long-term medicine: renewed within the last year (one
        in twelve has lapsed), four dispensings of three months, some collected."""
        rng, refs = self.rng, self.refs
        issued = max(since, self.last - timedelta(days=rng.randint(0, 365 + 30)))
        name, _, strength = medication.partition(" ")
        left = rng.randint(0, 4)
        self.rows.prescriptions.append({
            "person_id": self.person_id, "medication": name, "strength": strength,
            "atc_code": atc, "dosage": dosage, "amount": "100 tabletter", "dispensings": 4,
            "dispensings_left": left, "prescription_group": "C", "multidose": False,
            "issued_on": issued, "valid_to": valid_to(issued),
            "last_dispensed_on": (min(issued + timedelta(days=91 * (3 - left)), self.last)
                                  if left < 4 else None),
            "unit_id": refs.gp_office, "prescriber_id": refs.gp, "renewed_by_id": None,
        })

    def visit(self, day: date, reason: str, panels: list[tuple[str, ...]],
              typical: dict | None = None) -> None:
        """Add a GP office visit, with the results of the tests taken there."""
        rng, refs = self.rng, self.refs
        kind = rng.choices(("visit", "phone", "video"), (75, 15, 10))[0]
        when = at(day, rng.randint(8, 14), rng.choice((0, 20, 40)))
        taken = when + timedelta(minutes=10)
        results = [
            self.result(TESTS[code], taken, refs.gp_office if panel == CRP_QUICK else refs.lab,
                        (typical or {}).get(code) or TYPICAL[code])
            for panel in panels for code in panel
        ]
        self.rows.visits.append((self.encounter(refs.gp_office, refs.gp, kind, when,
                                                15 if kind == "phone" else 20, reason), results))

    def encounter(self, unit_id, practitioner_id, kind, when, minutes, reason) -> dict:
        """Return an encounter row."""
        return {
            "person_id": self.person_id, "unit_id": unit_id, "practitioner_id": practitioner_id,
            "kind": kind, "start_at": when, "end_at": when + timedelta(minutes=minutes),
            "reason": reason, "confidential": False,
        }

    def panels(self, age: float, male: bool) -> list[tuple[str, ...]]:
        """Choose the tests taken at a visit."""
        rng = self.rng
        if age < 16:
            return [rng.choice((CRP_QUICK, PANELS[0]))]
        panels = rng.sample(PANELS, rng.choice((1, 1, 2)))
        if male and age >= 50 and rng.random() < 0.3:
            panels.append(PSA)
        return panels

    def result(self, test: LabTest, taken: datetime, performer_id: int,
               typical: tuple[float, float]) -> dict:
        """Return a lab result row, released as its release category says."""
        rng = self.rng
        value = _value(rng, test, *typical)
        # The lab sends the range for the person's sex and age on the day (ranges.py).
        band = ranges.band_for(test.npu, self.sex, self.born, taken.astimezone(OSLO).date())
        low, high = (band.low, band.high) if band else (None, None)
        interpretation = _interpretation(test, value, low, high)
        category = results.category_on_arrival(
            rng.choices((1, 2, 3), (90, 8, 2))[0], critical=interpretation in ("LL", "HH"),
            shared=False)
        issued = taken + timedelta(hours=rng.randint(1, 8))
        released = issued
        if category == 2:  # shared by the doctor, or released by itself after 14 days
            released += timedelta(days=rng.randint(1, 14))
        elif category == 3:  # shared only by the doctor, often after talking to the patient
            released += timedelta(days=rng.randint(2, 10))
        if released > self.now:
            released = None
        return {
            **_OBSERVATION, "person_id": self.person_id, "category": "laboratory",
            "code_system": NLK, "code": test.npu, "loinc": test.loinc, "display": test.display,
            "value_quantity": value, "unit": test.unit, "ref_low": low, "ref_high": high,
            "critical_low": test.critical_low, "critical_high": test.critical_high,
            "interpretation": interpretation,
            "status": "final", "release_category": category, "released_at": released,
            "release_comment": RELEASE_COMMENT if category == 3 and released else None,
            "effective_at": taken, "issued_at": issued, "performer_unit_id": performer_id,
            "ordered_by_id": self.refs.gp, "confidential": False,
        }

    def thread(self, day: date) -> None:
        """Add a thread with the GP office: a question, mostly an answer, sometimes thanks.

        A citizen's message that finds nobody owing an answer starts the office's clock, and
        keeps the moment it promised (DOMAIN.md, "Secure messages"; as add_message does): the
        question, and a thanks after the answer, which the office closes rather than answers.
        """
        rng, refs, person_id = self.rng, self.refs, self.person_id
        subject, question, answer = rng.choice(TOPICS)
        asked = at(day, rng.randint(7, 21), rng.randint(0, 59))
        due = answer_due(asked, refs.answer_days)
        messages = [_message(person_id, "citizen", question, asked, due)]
        answered = answered_at(rng, asked, due, refs.answered_in_time)
        if answered < self.now:
            messages.append(_message(refs.gp_person, "staff", answer, answered))
            thanked = answered + timedelta(hours=rng.randint(1, 30))
            if rng.random() < 0.3 and thanked < self.now:
                messages.append(_message(person_id, "citizen", THANKS, thanked,
                                         answer_due(thanked, refs.answer_days)))
        last = messages[-1]["created_at"]
        read = last if messages[-1]["author_role"] == "citizen" else (
            last + timedelta(hours=rng.randint(1, 72)))
        closed = len(messages) > 1 and self.now - last > timedelta(days=14)
        # A due time marks a thread waiting for the office: the person wrote last, still open.
        waiting = messages[-1]["author_role"] == "citizen" and not closed
        self.rows.threads.append(({
            "person_id": person_id, "unit_id": refs.gp_office, "subject": subject,
            "status": "closed" if closed else "open",
            "assigned_to_id": refs.gp if len(messages) > 1 else None,
            "created_by_id": person_id, "created_at": asked, "last_message_at": last,
            "answer_due_at": messages[-1]["answer_due_at"] if waiting else None,
        }, messages, read if read < self.now else None))


def answered_at(rng: random.Random, asked: datetime, due: datetime,
                in_time: float) -> datetime:
    """Draw when the office answers: mostly in office hours by the promise, each working day
    half as likely as the one before, an hour after the question at the earliest; else a
    few working days late."""
    first, last = asked.astimezone(OSLO).date(), due.astimezone(OSLO).date()
    if rng.random() >= in_time:
        late = add_working_days(last, rng.choice((1, 1, 1, 2, 2, 3, 5)))
        return at(late, rng.randint(8, 15), rng.randint(0, 59))
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    days = [day for day in days if is_working_day(day)]
    for _ in range(4):
        day = rng.choices(days, [2.0 ** -n for n in range(len(days))])[0]
        answered = at(day, rng.randint(8, 15), rng.randint(0, 59))
        if answered >= asked + timedelta(hours=1):
            return answered
    return at(last, rng.randint(8, 15), rng.randint(0, 59))


def _message(author_id: int, role: str, body: str, when: datetime,
             due: datetime | None = None) -> dict:
    """Return a message row, without its thread; `due` when it started the office's clock."""
    return {"author_id": author_id, "author_role": role, "body": body, "created_at": when,
            "answer_due_at": due}


def _value(rng: random.Random, test: LabTest, median: float, spread: float) -> float:
    """Draw a value around its typical median; now and then a critical one."""
    critical = [limit * factor for limit, factor in
                ((test.critical_low, 0.9), (test.critical_high, 1.1)) if limit]
    if critical and rng.random() < CRITICAL_SHARE:
        return round(rng.choice(critical), test.decimals)
    return round(rng.lognormvariate(math.log(median), spread), test.decimals)


def _interpretation(test: LabTest, value: float, low: float | None, high: float | None) -> str:
    """Flag a value against the test's critical limits and the person's reference range."""
    if test.critical_low is not None and value <= test.critical_low:
        return "LL"
    if test.critical_high is not None and value >= test.critical_high:
        return "HH"
    if low is not None and value < low:
        return "L"
    if high is not None and value > high:
        return "H"
    return "N"


def _day(rng: random.Random, first: date, last: date) -> date:
    """Draw a day from first to last, a working day where a few tries find one."""
    for _ in range(5):
        day = first + timedelta(days=rng.randint(0, (last - first).days))
        if day.weekday() < 5:
            break
    return day
