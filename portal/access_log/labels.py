"""Plain words for what was read and in which role, for the access log page."""

from flask_babel import lazy_gettext as _l

WHAT = {
    "profile": _l("personal details"),
    "results": _l("test results"),
    "notes": _l("visit summaries and notes"),
    "documents": _l("letters and documents"),
    "medications": _l("the medication list"),
    "problems": _l("the problem list"),
    "vaccinations": _l("vaccinations"),
    "growth": _l("growth measurements"),
    "care_plans": _l("care plans"),
    "appointments": _l("appointments"),
    "messages": _l("messages"),
    "applications": _l("applications"),
    "access_log": _l("the access log"),
}
ROLE = {
    "parent": _l("as a parent"),
    "representative": _l("with a power of attorney"),
    "staff": _l("as health and care staff"),
}
