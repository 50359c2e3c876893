"""Import every model, so that the metadata (and Alembic) knows every table."""

from portal.applications.models import Application, CaseEvent, Decision
from portal.appointments.models import Appointment, Schedule, Slot, VisitType, WaitlistEntry
from portal.audit import AccessLogEntry
from portal.auth.models import LoginEvent, LoginSession
from portal.care.models import CareTarget, HomeCareVisit, Stay, VisitPlan
from portal.db import Base
from portal.fhir.models import ImportedResource
from portal.insight.models import StoredFigures
from portal.journal.entries import (
    CarePlan,
    Condition,
    DocumentEntry,
    Encounter,
    Immunization,
    MedicationStatement,
    Observation,
)
from portal.journal.models import GpListPeriod, Organization, Person, Practitioner
from portal.messages.models import Attachment, Message, Thread, ThreadRead
from portal.notices.models import Delivery, Notice
from portal.prescriptions.models import Prescription, RenewalRequest
from portal.questionnaires.models import Questionnaire, QuestionnaireResponse
from portal.representation.models import ParentalResponsibility, PowerOfAttorney, YouthShare
from portal.results.models import ResultsSeen
from portal.smart.models import App, AuthorizationCode, Connection, Token

__all__ = [
    "AccessLogEntry", "App", "StoredFigures", "CareTarget", "GpListPeriod", "HomeCareVisit", "Stay", "VisitPlan", "Application", "Appointment", "Attachment", "AuthorizationCode", "Base", "CarePlan",
    "CaseEvent", "Condition", "Connection", "Decision", "DocumentEntry", "Encounter", "Immunization", "ImportedResource",
    "LoginEvent", "LoginSession", "MedicationStatement", "Message", "Observation",
    "Delivery", "Notice", "Organization", "ParentalResponsibility", "Person", "PowerOfAttorney",
    "Practitioner", "Prescription", "Questionnaire", "QuestionnaireResponse", "RenewalRequest", "ResultsSeen", "Schedule", "Slot", "Thread", "ThreadRead", "Token", "VisitType", "WaitlistEntry", "YouthShare",
]
