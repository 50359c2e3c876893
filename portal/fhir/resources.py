"""The journal's rows as FHIR R4 resources: pure functions from a row to a JSON dict.

Ids are the rows' own, so a resource keeps its id between reads. Sources (the unit and the
practitioner) are given as references by display, for the portal serves no Organization or
Practitioner resources yet. Nothing here decides who may see a row: the callers get their
rows from the access layer.
"""

import base64

from portal import clock
from portal.fhir import codes
from portal.journal import national_id
from portal.results import classification, ranges

OBSERVATION_STATUS = {"registered": "registered", "preliminary": "preliminary",
                      "final": "final", "amended": "amended", "corrected": "corrected",
                      "cancelled": "cancelled"}
APPOINTMENT_STATUS = {"booked": "booked", "cancelled": "cancelled", "attended": "fulfilled",
                      "no_show": "noshow"}
DOCUMENT_TYPES = {"visit_summary": "Visit summary", "note": "Clinical note", "letter": "Letter",
                  "discharge_summary": "Discharge summary"}


def _patient_ref(person_id: int) -> dict:
    """Return a reference to the Patient a row belongs to."""
    return {"reference": f"Patient/{person_id}"}


def _source(unit, practitioner=None) -> dict:
    """Return a reference by display to who wrote a row: the practitioner, else the unit."""
    if practitioner is not None:
        return {"display": f"{practitioner.person.name}, {unit.name}"}
    return {"display": unit.name}


def patient(person) -> dict:
    """Return a person as a FHIR Patient, identified by the national identity or D-number."""
    try:
        d_number = national_id.parse(person.national_id).d_number
    except national_id.InvalidNationalId:
        d_number = False
    resource = {
        "resourceType": "Patient", "id": str(person.id),
        "identifier": [{"use": "official",
                        "system": codes.D_NUMBER if d_number else codes.FODSELSNUMMER,
                        "value": person.national_id}],
        "name": [{"use": "official", "family": person.family_name,
                  "given": person.given_name.split(), "text": person.name}],
        "birthDate": codes.day(person.birth_date),
    }
    if person.registered_sex:
        resource["gender"] = person.registered_sex
    telecom = [{"system": s, "value": v} for s, v in (("phone", person.phone),
                                                      ("email", person.email)) if v]
    if telecom:
        resource["telecom"] = telecom
    if person.street:
        resource["address"] = [{"use": "home", "line": [person.street],
                                "postalCode": person.postcode, "city": person.city,
                                "country": "NO"}]
    return resource


def _quantity(value: float | None, unit: str | None) -> dict:
    """Return a Quantity in UCUM where the unit has a UCUM code, else with its text alone."""
    quantity = {}
    if value is not None:
        quantity["value"] = value
    if unit:
        quantity["unit"] = unit
        if (code := codes.ucum(unit)) is not None:
            quantity.update(system=codes.UCUM, code=code)
    return quantity


def _observation_code(row) -> dict:
    """Return the test's code in the journal's system, with LOINC beside an NLK code."""
    coding = [{"system": codes.system(row.code_system), "code": row.code, "display": row.display}]
    if row.loinc and row.loinc != row.code:
        coding.append({"system": codes.LOINC, "code": row.loinc})
    return {"coding": coding, "text": row.display}


def observation(row) -> dict:
    """Return a lab result or a measurement as a FHIR Observation."""
    resource = {
        "resourceType": "Observation", "id": str(row.id),
        "status": OBSERVATION_STATUS[row.status],
        "category": [{"coding": [{"system": codes.OBSERVATION_CATEGORY, "code": row.category}]}],
        "code": _observation_code(row),
        "subject": _patient_ref(row.person_id),
        "effectiveDateTime": codes.instant(row.effective_at),
        "performer": [_source(row.performer_unit)],
    }
    if row.issued_at is not None:
        resource["issued"] = codes.instant(row.issued_at)
    if row.value_quantity is not None:
        resource["valueQuantity"] = _quantity(row.value_quantity, row.unit)
    elif row.value_string:
        resource["valueString"] = row.value_string
    if row.status == "cancelled" and "valueQuantity" not in resource and "valueString" not in resource:
        resource["dataAbsentReason"] = {"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/data-absent-reason",
            "code": "not-performed"}]}
    reference = ranges.of(row)
    if reference.known:
        bound = {k: _quantity(v, row.unit) for k, v in (("low", reference.low),
                                                        ("high", reference.high)) if v is not None}
        if reference.text:
            bound["text"] = reference.text
        resource["referenceRange"] = [bound]
    flag = classification.of(row, reference)
    if flag.code is not None:
        resource["interpretation"] = [{"coding": [{"system": codes.INTERPRETATION,
                                                   "code": flag.code}]}]
    notes = [text for text in (row.comment, row.release_comment) if text]
    if notes:
        resource["note"] = [{"text": text} for text in notes]
    return resource


def condition(row) -> dict:
    """Return a problem on the problem list as a FHIR Condition."""
    resource = {
        "resourceType": "Condition", "id": str(row.id),
        "clinicalStatus": {"coding": [{"system": codes.CONDITION_CLINICAL, "code": row.status}]},
        "category": [{"coding": [{"system": codes.CONDITION_CATEGORY,
                                  "code": "problem-list-item"}]}],
        "code": {"coding": [{"system": codes.system(row.code_system), "code": row.code,
                             "display": row.display}], "text": row.display},
        "subject": _patient_ref(row.person_id),
        "recorder": _source(row.unit, row.recorder),
    }
    if row.onset_date is not None:
        resource["onsetDateTime"] = codes.day(row.onset_date)
    if row.abatement_date is not None:
        resource["abatementDateTime"] = codes.day(row.abatement_date)
    return resource


def medication_statement(row) -> dict:
    """Return a medicine on the list as a FHIR MedicationStatement."""
    medicine = {"text": row.medication}
    if row.atc_code:
        medicine["coding"] = [{"system": codes.ATC, "code": row.atc_code}]
    period = {"start": codes.day(row.start_date)}
    if row.end_date is not None:
        period["end"] = codes.day(row.end_date)
    resource = {
        "resourceType": "MedicationStatement", "id": str(row.id),
        "status": row.status, "medicationCodeableConcept": medicine,
        "subject": _patient_ref(row.person_id), "effectivePeriod": period,
        "informationSource": _source(row.unit, row.prescriber),
        "dosage": [{"text": row.dosage}],
    }
    if row.reason:
        resource["reasonCode"] = [{"text": row.reason}]
    return resource


def medication_request(row) -> dict:
    """Return an e-prescription as a FHIR MedicationRequest: active while it can be
    dispensed (valid, not renewed), else completed; the validity and reiterations in the
    dispense request."""
    medicine = {"text": f"{row.medication} {row.strength}".strip()}
    if row.atc_code:
        medicine["coding"] = [{"system": codes.ATC, "code": row.atc_code}]
    active = row.renewed_by_id is None and row.valid_to >= clock.today()
    resource = {
        "resourceType": "MedicationRequest", "id": str(row.id),
        "status": "active" if active else "completed", "intent": "order",
        "medicationCodeableConcept": medicine, "subject": _patient_ref(row.person_id),
        "authoredOn": codes.day(row.issued_on),
        "requester": _source(row.unit, row.prescriber),
        "dosageInstruction": [{"text": row.dosage}],
        "dispenseRequest": {
            "validityPeriod": {"start": codes.day(row.issued_on), "end": codes.day(row.valid_to)},
            "numberOfRepeatsAllowed": row.dispensings - 1,
        },
        "note": [{"text": row.amount}],
    }
    if row.multidose:
        resource["note"].append({"text": "Multidose"})
    return resource


def questionnaire_response(row) -> dict:
    """Return answers to a questionnaire as a FHIR QuestionnaireResponse (texts in bokmål, the
    journal's language), with the score where the instrument has one."""
    definition = row.questionnaire.definition
    answers = row.answers or {}
    items = []
    for section in definition["item"]:
        for item in section["item"]:
            value = answers.get(item["linkId"])
            if item["type"] == "display" or value in (None, [], ""):
                continue
            values = value if isinstance(value, list) else [value]
            if item["type"] == "choice":
                shown = {o["valueCoding"]["code"]: o["valueCoding"]["display"]["nb"]
                         for o in item["answerOption"]}
                answer = [{"valueCoding": {"code": v, "display": shown[v]}} for v in values]
            elif item["type"] == "integer":
                answer = [{"valueInteger": v} for v in values]
            elif item["type"] == "date":
                answer = [{"valueDate": v} for v in values]
            else:
                answer = [{"valueString": v} for v in values]
            items.append({"linkId": item["linkId"], "text": item["text"]["nb"], "answer": answer})
    if row.score is not None:
        items.append({"linkId": "score", "text": "Poengsum",
                      "answer": [{"valueInteger": row.score}]})
    resource = {
        "resourceType": "QuestionnaireResponse", "id": str(row.id),
        "questionnaire": f"{definition['url']}|{definition['version']}",
        "status": {"completed": "completed", "withdrawn": "stopped"}.get(row.status,
                                                                         "in-progress"),
        "subject": _patient_ref(row.person_id),
        "authored": codes.instant(row.completed_at or row.updated_at or row.created_at),
        "source": _patient_ref(row.answered_by_id or row.person_id),
    }
    if items:
        resource["item"] = items
    return resource


def immunization(row) -> dict:
    """Return a vaccination given as a FHIR Immunization."""
    resource = {
        "resourceType": "Immunization", "id": str(row.id), "status": "completed",
        "vaccineCode": {"coding": [{"system": codes.ATC, "code": row.vaccine_code}],
                        "text": row.display},
        "patient": _patient_ref(row.person_id),
        "occurrenceDateTime": codes.day(row.occurred_on),
        "performer": [{"actor": _source(row.unit, row.performer)}],
    }
    if row.dose_number is not None:
        resource["protocolApplied"] = [{"doseNumberPositiveInt": row.dose_number}]
    return resource


def care_plan(row) -> dict:
    """Return a care or treatment plan as a FHIR CarePlan."""
    period = {"start": codes.day(row.start_date)}
    if row.end_date is not None:
        period["end"] = codes.day(row.end_date)
    resource = {
        "resourceType": "CarePlan", "id": str(row.id), "status": row.status, "intent": "plan",
        "title": row.title, "description": row.description,
        "subject": _patient_ref(row.person_id), "period": period,
        "author": _source(row.unit),
    }
    if row.created_at is not None:
        resource["created"] = codes.instant(row.created_at)
    return resource


def document_reference(row) -> dict:
    """Return a visit summary, note or letter as a FHIR DocumentReference, text included."""
    return {
        "resourceType": "DocumentReference", "id": str(row.id), "status": "current",
        "type": {"text": DOCUMENT_TYPES[row.kind]},
        "subject": _patient_ref(row.person_id),
        "date": codes.instant(row.written_at),
        "author": [_source(row.unit, row.author)],
        "custodian": {"display": row.unit.name},
        "description": row.title,
        "content": [{"attachment": {
            "contentType": "text/plain; charset=utf-8", "title": row.title,
            "url": f"Binary/{row.id}",
            "data": base64.b64encode(row.body.encode()).decode("ascii")}}],
    }


def binary(row) -> dict:
    """Return a document's text as a FHIR Binary (the content of its DocumentReference)."""
    return {"resourceType": "Binary", "id": str(row.id),
            "contentType": "text/plain; charset=utf-8",
            "data": base64.b64encode(row.body.encode()).decode("ascii")}


def appointment(row) -> dict:
    """Return a booked, cancelled or past appointment as a FHIR Appointment."""
    slot = row.slot
    resource = {
        "resourceType": "Appointment", "id": str(row.id),
        "status": APPOINTMENT_STATUS[row.status],
        "serviceType": [{"text": slot.visit_type.name_nb}],
        "description": f"{slot.visit_type.name_nb}, {slot.unit.name}",
        "start": codes.instant(row.start_at), "end": codes.instant(row.end_at),
        "participant": [{"actor": {**_patient_ref(row.person_id), "display": row.person.name},
                         "status": "accepted"}],
    }
    if row.created_at is not None:
        resource["created"] = codes.instant(row.created_at)
    if row.reason:
        resource["comment"] = row.reason
    return resource
