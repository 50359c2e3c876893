"""The kinds of personal data the access decision speaks of, and the two verbs."""

from enum import StrEnum


class Area(StrEnum):
    """The kinds of personal data and actions the portal has."""

    PROFILE = "profile"
    RESULTS = "results"
    NOTES = "notes"
    DOCUMENTS = "documents"
    MEDICATIONS = "medications"
    PROBLEMS = "problems"
    VACCINATIONS = "vaccinations"
    GROWTH = "growth"
    CARE_PLANS = "care_plans"
    APPOINTMENTS = "appointments"
    MESSAGES = "messages"
    APPLICATIONS = "applications"
    ACCESS_LOG = "access_log"


class Verb(StrEnum):
    """Looking, or doing something (booking, writing, applying)."""

    VIEW = "view"
    ACT = "act"
