"""Import FHIR R4 Bundles into the journal (issue 17, item 4).

A service: it takes a parsed Bundle and a session, flushes and never commits, and returns
what it added, what it found already there and what it skipped and why. Each resource keeps
its identity (fhir_source), so importing the same Bundle again adds nothing. Patients are
found by a Norwegian identity number where they carry one; others (Synthea's carry US
identifiers only) get a synthetic number derived from their own identity, found again next
time through the same link.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.fhir import codes, mapping
from portal.fhir.models import ImportedResource
from portal.fhir.reading import ImportFailed, Index, bundle_key, day, source_key
from portal.journal.entries import Encounter, Observation
from portal.journal.models import Organization, Person
from portal.journal.national_id import InvalidNationalId, parse, with_check_digits
from portal.results import services as results

IMPORT_UNIT = "fhir-import"
IMPORT_UNIT_NAME = "Importert journal (FHIR)"
# Encounters first, so that the rows written at a visit can point to it.
ORDER = ("Patient", "Encounter")


@dataclass
class Report:
    """What an import did, by resource type."""

    added: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)  # (resource type, reason) -> count

    def lines(self) -> list[str]:
        """Return the report as lines of text, one per resource type and reason."""
        types = sorted(set(self.added) | set(self.unchanged))
        lines = [f"{t}: {self.added[t]} added, {self.unchanged[t]} already there"
                 for t in types]
        lines += [f"{t}: {n} skipped ({reason})"
                  for (t, reason), n in sorted(self.skipped.items())]
        return lines


def _rank(resource_type: str) -> int:
    """Return where a resource type comes in the import: people, visits, then the rest."""
    return ORDER.index(resource_type) if resource_type in ORDER else len(ORDER)


def import_unit(session) -> Organization:
    """Return the unit imported rows are filed under, made on first use."""
    unit = session.scalar(select(Organization).where(Organization.code == IMPORT_UNIT))
    if unit is None:
        unit = Organization(code=IMPORT_UNIT, name=IMPORT_UNIT_NAME, kind="laboratory")
        session.add(unit)
        session.flush()
    return unit


def import_bundle(session, bundle: dict, *, report: Report | None = None) -> Report:
    """Import one parsed Bundle in a savepoint: all of it, or (on an error) none of it."""
    report = report or Report()
    with session.begin_nested():
        _Import(session, bundle, report).run()
    return report


class _Import:
    """One Bundle's import: its index, the people found and the rows made."""

    def __init__(self, session, bundle: dict, report: Report):
        """Prepare the import of a bundle."""
        self.session, self.report, self.index = session, report, Index(bundle)
        self.unit = import_unit(session)
        namespace = bundle_key(bundle)
        self.entries = sorted(
            ((source_key(e, namespace), e["resource"]) for e in bundle.get("entry", [])),
            key=lambda item: _rank(item[1]["resourceType"]))
        self.keys = {id(r): key for key, r in self.entries}
        self.rows: dict[int, object] = {}  # id(resource) -> its row (Person, Encounter, ...)
        self.linked = {(link.resource_type, link.source_key): link for link in session.scalars(
            select(ImportedResource).where(ImportedResource.source_key.in_(
                [key for key, _ in self.entries])))}

    def run(self) -> None:
        """Import every entry in order, counting each."""
        for key, resource in self.entries:
            kind = resource["resourceType"]
            try:
                self._one(kind, key, resource)
            except mapping.Skip as skip:
                self.report.skipped[kind, str(skip)] += 1
            except (AttributeError, KeyError, TypeError, ValueError, IntegrityError) as exc:
                # Leaving the savepoint undoes the file's rows: all of a file, or none of it.
                raise ImportFailed(f"{kind} {key} is malformed: {exc}") from exc
        self.session.flush()

    def _one(self, kind: str, key: str, resource: dict) -> None:
        """Import one resource, or raise Skip."""
        if kind != "Patient" and kind not in mapping.MAPPERS:
            raise mapping.Skip("resource type not imported")
        link = self.linked.get((kind, key))
        if link is not None:
            if kind in ORDER:  # only people and visits are pointed to by later rows
                model = Person if kind == "Patient" else mapping.MODELS[kind]
                self.rows[id(resource)] = self.session.get(model, link.row_id)
            self.report.unchanged[kind] += 1
            return
        if kind == "Patient":
            row = person = self._patient(resource)
        else:
            person = self._subject(resource)
            row = mapping.MAPPERS[kind](resource, index=self.index)
            self._file(row, person, resource)
        self.session.add(row)
        self.session.flush()
        self.session.add(ImportedResource(resource_type=kind, source_key=key,
                                          row_table=row.__tablename__, row_id=row.id,
                                          person_id=person.id))
        self.rows[id(resource)] = row
        self.report.added[kind] += 1

    def _subject(self, resource: dict) -> Person:
        """Return the person a resource is about, imported from the same bundle."""
        patient = self.index.resolve(resource.get("subject") or resource.get("patient"))
        person = self.rows.get(id(patient)) if patient is not None else None
        if person is None:
            raise mapping.Skip("patient not in the bundle")
        return person

    def _file(self, row, person: Person, resource: dict) -> None:
        """Give a row its person, unit and visit; release a result as the portal's rules say."""
        row.person = person
        encounter = self.rows.get(id(self.index.resolve(resource.get("encounter") or
                                                        resource.get("context"))))
        if isinstance(row, Observation):
            row.performer_unit_id = self.unit.id
            row.release_category = 1
            row.released_at = row.issued_at or row.effective_at
            results.receive(row)
        else:
            row.unit_id = self.unit.id
        if isinstance(encounter, Encounter) and hasattr(row, "encounter_id"):
            row.encounter_id = encounter.id

    def _patient(self, resource: dict) -> Person:
        """Return the person a Patient is: by Norwegian number, else a new one (or raise Skip)."""
        number = next((i.get("value") for i in resource.get("identifier", [])
                       if i.get("system") in (codes.FODSELSNUMMER, codes.D_NUMBER)), None)
        if number:
            try:
                number = parse(number).value
            except InvalidNationalId:
                raise mapping.Skip("Norwegian identity number not valid") from None
            known = self.session.scalar(select(Person).where(Person.national_id == number))
            if known is not None:
                return known
        born = day(resource.get("birthDate"))
        if born is None or born.year < 1900:
            raise mapping.Skip("no birth date the register can hold")
        name = next(iter(resource.get("name") or []), {})
        sex = resource.get("gender") if resource.get("gender") in ("female", "male") else None
        return Person(
            national_id=number or self._synthetic_number(resource, born, sex),
            given_name=" ".join(name.get("given") or [])[:100] or "Ukjent",
            family_name=(name.get("family") or name.get("text") or "Ukjent")[:100],
            birth_date=born, registered_sex=sex)

    def _synthetic_number(self, resource: dict, born: date, sex: str | None) -> str:
        """Derive a synthetic identity number (month + 80) from the resource's own id.

        The same resource gives the same number; the sex digit follows the gender given.
        """
        seed = int(hashlib.sha256(self.keys[id(resource)].encode()).hexdigest(), 16)
        first = 500 if born.year >= 2000 else 0  # the individual number tells the century
        for step in range(250):
            individual = first + 2 * ((seed + step) % 250) + (sex == "male")
            number = with_check_digits(
                f"{born:%d}{born.month + 80}{born:%y}{individual:03d}")
            if (number and parse(number).birth_date == born and self.session.scalar(
                    select(Person.id).where(Person.national_id == number)) is None):
                return number
        raise mapping.Skip("no synthetic identity number left for this birth date")
