"""FHIR R4 resources as journal rows: each mapper returns a row, or the reason it is skipped.

The inverse of resources.py, for what the journal can hold; anything else is skipped with a
reason the import report prints.
"""

import base64
import binascii

from portal.fhir import codes
from portal.fhir.reading import coding, day, moment, narrative, text_of
from portal.journal.entries import (
    INTERPRETATIONS,
    OBSERVATION_STATUSES,
    CarePlan,
    Condition,
    DocumentEntry,
    Encounter,
    Immunization,
    MedicationStatement,
    Observation,
)
from portal.results.catalogue import LOINC, NLK

SNOMED = "http://snomed.info/sct"
# The code systems the journal holds, by URI, as the journal names them.
OBSERVATION_SYSTEMS = {LOINC: "LOINC", NLK: "NLK"}
CONDITION_SYSTEMS = {SNOMED: SNOMED, codes.SYSTEMS["ICD-10"]: "ICD-10",
                     codes.SYSTEMS["ICPC-2"]: "ICPC-2", "http://hl7.org/fhir/sid/icd-10": "ICD-10"}
ENCOUNTER_KINDS = {"AMB": "visit", "EMER": "visit", "FLD": "visit", "IMP": "admission",
                   "ACUTE": "admission", "NONAC": "admission", "SS": "admission",
                   "HH": "home_visit", "VR": "video"}
CONDITION_STATUS = {"active": "active", "recurrence": "active", "relapse": "active",
                    "inactive": "resolved", "remission": "resolved", "resolved": "resolved"}
MEDICATION_STATUS = {"active": "active", "completed": "stopped", "stopped": "stopped",
                     "on-hold": "stopped", "intended": "active"}
CARE_PLAN_STATUS = {"draft": "draft", "active": "active", "completed": "completed",
                    "revoked": "revoked"}
DISCHARGE_SUMMARY = "18842-5"


class Skip(Exception):
    """A resource the journal cannot hold; the message is the reason."""


def _cut(text: str | None, length: int = 200) -> str | None:
    """Return text cut to the column's length."""
    return text[:length] if text else text


def encounter(r: dict, **_) -> Encounter:
    """Return an Encounter as a visit, admission, video or home visit."""
    kind = ENCOUNTER_KINDS.get((r.get("class") or {}).get("code"))
    if kind is None:
        raise Skip(f"encounter class not held: {(r.get('class') or {}).get('code')}")
    period = r.get("period") or {}
    if not moment(period.get("start")):
        raise Skip("no start time")
    reason = text_of((r.get("reasonCode") or [None])[0]) or text_of((r.get("type") or [None])[0])
    return Encounter(kind=kind, start_at=moment(period["start"]),
                     end_at=moment(period.get("end")), reason=_cut(reason))


def observation(r: dict, **_) -> Observation:
    """Return a lab result or a vital sign with its value, range and interpretation."""
    if r.get("status") not in OBSERVATION_STATUSES:
        raise Skip(f"status not held: {r.get('status')}")
    categories = [c.get("code") for k in r.get("category", []) for c in k.get("coding", [])]
    category = next((c for c in categories if c in ("laboratory", "vital-signs")), None)
    if category is None:
        raise Skip(f"category not held: {', '.join(filter(None, categories)) or 'none'}")
    code = coding(r.get("code"), tuple(OBSERVATION_SYSTEMS))
    if code is None:
        raise Skip("code system not held")
    quantity = r.get("valueQuantity") or {}
    value, text = quantity.get("value"), r.get("valueString")
    if value is None and not text and r["status"] != "cancelled":
        raise Skip("no value (components not held)" if r.get("component") else "no value")
    effective = moment(r.get("effectiveDateTime") or (r.get("effectivePeriod") or {}).get("start")
                       or r.get("issued"))
    if effective is None:
        raise Skip("no effective time")
    reference = (r.get("referenceRange") or [{}])[0]
    flag = coding((r.get("interpretation") or [None])[0])
    system = OBSERVATION_SYSTEMS[code["system"]]
    return Observation(
        category=category, code_system=system, code=code["code"][:40],
        loinc=code["code"][:20] if system == "LOINC" else None,
        display=_cut(text_of(r["code"]) or code["code"]),
        value_quantity=float(value) if value is not None else None, value_string=_cut(text),
        unit=_cut(quantity.get("unit") or quantity.get("code"), 40),
        ref_low=(reference.get("low") or {}).get("value"),
        ref_high=(reference.get("high") or {}).get("value"),
        ref_text=_cut(reference.get("text"), 100),
        interpretation=flag["code"] if flag and flag["code"] in INTERPRETATIONS else None,
        status=r["status"], effective_at=effective, issued_at=moment(r.get("issued")),
        comment="\n".join(n["text"] for n in r.get("note", []) if n.get("text")) or None)


def condition(r: dict, **_) -> Condition:
    """Return a problem on the problem list."""
    code = coding(r.get("code"), tuple(CONDITION_SYSTEMS))
    if code is None:
        raise Skip("code system not held")
    status = CONDITION_STATUS.get((coding(r.get("clinicalStatus")) or {}).get("code"), "active")
    return Condition(code_system=CONDITION_SYSTEMS[code["system"]], code=code["code"][:20],
                     display=_cut(text_of(r["code"]) or code["code"]), status=status,
                     onset_date=day(r.get("onsetDateTime")),
                     abatement_date=day(r.get("abatementDateTime")))


def medication(r: dict, *, index, **_) -> MedicationStatement:
    """Return a MedicationRequest or MedicationStatement as a medicine on the list."""
    status = MEDICATION_STATUS.get(r.get("status"))
    if status is None:
        raise Skip(f"status not held: {r.get('status')}")
    concept = r.get("medicationCodeableConcept") or (
        index.resolve(r.get("medicationReference")) or {}).get("code")
    name = text_of(concept) or (r.get("medicationReference") or {}).get("display")
    if not name:
        raise Skip("medicine not named")
    period = r.get("effectivePeriod") or {}
    start = day(r.get("authoredOn") or period.get("start") or r.get("effectiveDateTime")
                or r.get("dateAsserted"))
    if start is None:
        raise Skip("no start date")
    dosage = (r.get("dosageInstruction") or r.get("dosage") or [{}])[0]
    atc = coding(concept, (codes.ATC,))
    return MedicationStatement(
        medication=_cut(name), atc_code=atc["code"][:10] if atc else None,
        dosage=_cut(dosage.get("text") or ""), status=status, start_date=start,
        end_date=day(period.get("end")),
        reason=_cut(text_of((r.get("reasonCode") or [None])[0])))


def immunization(r: dict, **_) -> Immunization:
    """Return a vaccination given, where its vaccine is coded in ATC as the journal holds it."""
    if r.get("status") != "completed":
        raise Skip(f"status not held: {r.get('status')}")
    code = coding(r.get("vaccineCode"), (codes.ATC,))
    if code is None:
        raise Skip("code system not held (vaccines are held in ATC)")
    occurred = day(r.get("occurrenceDateTime"))
    if occurred is None:
        raise Skip("no date")
    dose = (r.get("protocolApplied") or [{}])[0].get("doseNumberPositiveInt")
    return Immunization(vaccine_code=code["code"][:20],
                        display=_cut(text_of(r["vaccineCode"]) or code["code"]),
                        dose_number=dose, occurred_on=occurred)


def care_plan(r: dict, **_) -> CarePlan:
    """Return a care or treatment plan."""
    status = CARE_PLAN_STATUS.get(r.get("status"))
    if status is None:
        raise Skip(f"status not held: {r.get('status')}")
    start = day((r.get("period") or {}).get("start") or r.get("created"))
    if start is None:
        raise Skip("no start date")
    title = r.get("title") or next(filter(None, map(text_of, r.get("category", []))), None)
    activities = [text_of((a.get("detail") or {}).get("code"))
                  for a in r.get("activity", [])]
    description = r.get("description") or "\n".join(filter(None, activities)) or narrative(
        (r.get("text") or {}).get("div"))
    return CarePlan(title=_cut(title or "Care plan"), description=description, status=status,
                    start_date=start, end_date=day((r.get("period") or {}).get("end")))


def document_reference(r: dict, **_) -> DocumentEntry:
    """Return a document whose content is plain text held in the resource."""
    for content in r.get("content", []):
        attachment = content.get("attachment") or {}
        if attachment.get("data") and attachment.get("contentType", "").startswith("text/"):
            try:
                body = base64.b64decode(attachment["data"]).decode()
            except (binascii.Error, UnicodeDecodeError):
                raise Skip("content not readable as text") from None
            break
    else:
        raise Skip("no text content in the resource")
    written = moment(r.get("date"))
    if written is None:
        raise Skip("no date")
    title = r.get("description") or attachment.get("title") or text_of(r.get("type"))
    return DocumentEntry(kind="note", title=_cut(title or "Document"), body=body,
                         written_at=written)


def composition(r: dict, **_) -> DocumentEntry:
    """Return a document's Composition with its sections' text."""
    sections = [s for s in r.get("section", []) if (s.get("text") or {}).get("div")]
    if not sections:
        raise Skip("no section text")
    written = moment(r.get("date"))
    if written is None:
        raise Skip("no date")
    body = "\n\n".join(f"{s.get('title', '')}\n{narrative(s['text']['div'])}".strip()
                       for s in sections)
    kind = "discharge_summary" if coding(r.get("type"), (LOINC,)) and coding(
        r.get("type"), (LOINC,))["code"] == DISCHARGE_SUMMARY else "note"
    return DocumentEntry(kind=kind, title=_cut(r.get("title") or "Document"), body=body,
                         written_at=written)


MAPPERS = {"Encounter": encounter, "Observation": observation, "Condition": condition,
           "MedicationRequest": medication, "MedicationStatement": medication,
           "Immunization": immunization, "CarePlan": care_plan,
           "DocumentReference": document_reference, "Composition": composition}
MODELS = {"Encounter": Encounter, "Observation": Observation, "Condition": Condition,
          "MedicationRequest": MedicationStatement, "MedicationStatement": MedicationStatement,
          "Immunization": Immunization, "CarePlan": CarePlan, "DocumentReference": DocumentEntry,
          "Composition": DocumentEntry}
