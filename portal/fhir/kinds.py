"""Which FHIR resource types the journal serves, from which table, under which access areas."""

from collections.abc import Callable
from dataclasses import dataclass

from portal.appointments.areas import APPOINTMENTS
from portal.appointments.models import Appointment
from portal.fhir import resources
from portal.journal.entries import (
    CarePlan,
    Condition,
    DocumentEntry,
    Immunization,
    MedicationStatement,
    Observation,
)
from portal.prescriptions.areas import PRESCRIPTIONS
from portal.prescriptions.models import Prescription
from portal.questionnaires.areas import QUESTIONNAIRES
from portal.questionnaires.models import QuestionnaireResponse
from portal.records.areas import (
    CARE_PLANS,
    DOCUMENTS,
    GROWTH,
    MEDICATIONS,
    NOTES,
    PROBLEMS,
    VACCINATIONS,
)
from portal.results.areas import RESULTS


@dataclass(frozen=True)
class Kind:
    """A resource type: its table, the areas its rows are read through, and its mapping.

    `date` is the column that `date=` searches and `_sort=date` orders by.
    """

    name: str
    model: type
    areas: tuple
    to_fhir: Callable[[object], dict]
    date: object


KINDS = {kind.name: kind for kind in (
    Kind("Observation", Observation, (RESULTS, GROWTH), resources.observation,
         Observation.effective_at),
    Kind("Condition", Condition, (PROBLEMS,), resources.condition, Condition.onset_date),
    Kind("MedicationStatement", MedicationStatement, (MEDICATIONS,),
         resources.medication_statement, MedicationStatement.start_date),
    Kind("MedicationRequest", Prescription, (PRESCRIPTIONS,), resources.medication_request,
         Prescription.issued_on),
    Kind("QuestionnaireResponse", QuestionnaireResponse, (QUESTIONNAIRES,),
         resources.questionnaire_response, QuestionnaireResponse.created_at),
    Kind("Immunization", Immunization, (VACCINATIONS,), resources.immunization,
         Immunization.occurred_on),
    Kind("CarePlan", CarePlan, (CARE_PLANS,), resources.care_plan, CarePlan.start_date),
    Kind("DocumentReference", DocumentEntry, (NOTES, DOCUMENTS), resources.document_reference,
         DocumentEntry.written_at),
    Kind("Appointment", Appointment, (APPOINTMENTS,), resources.appointment,
         Appointment.start_at),
)}
# The area an Observation category is read through (lab results, growth measurements).
CATEGORY_AREAS = {"laboratory": RESULTS, "vital-signs": GROWTH}
