"""Words for appointments in the reader's language: visit type names, statuses, weekdays."""

from flask import g
from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _p

from portal.i18n import PATTERNS

STATUS = {
    "booked": _l("Booked"),
    # An appointment the person (or someone acting for them) cancelled is "avbestilt"; one
    # the unit cancelled is "avlyst" (CANCELLED_BY_UNIT). Never "kansellert", and apart from
    # a lab result's "Cancelled" by its translation context.
    "cancelled": _p("appointment", "Cancelled"),
    "attended": _l("Attended"),
    "no_show": _l("Did not come"),
}
CANCELLED_BY_UNIT = _p("appointment", "Cancelled by the unit")
STATUS_COLOURS = {"booked": "info", "cancelled": "neutral", "attended": "success",
                  "no_show": "warning"}


def status_word(appointment) -> str:
    """Return the word for an appointment's status, telling who cancelled it."""
    if appointment.status == "cancelled" and appointment.cancelled_by_unit:
        return CANCELLED_BY_UNIT
    return STATUS[appointment.status]


MODES = {"in_person": _l("In person"), "video": _l("Video")}
CHANNELS = {"self": _l("Booked in the portal"), "staff": _l("Booked by staff")}
WEEKDAYS = (_l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"), _l("Friday"),
            _l("Saturday"), _l("Sunday"))
WAITLIST = {
    "waiting": _l("Waiting"),
    "offered": _l("Offered a time"),
    "accepted": _l("Accepted"),
    "expired": _l("Offer expired"),
    "withdrawn": _l("Withdrawn"),
}


def visit_name(visit_type, lang: str | None = None) -> str:
    """Return a visit type's name in the reader's language (bokmål where none is chosen)."""
    if visit_type is None:
        return ""
    lang = lang or g.get("lang", "nb")
    return {"nn": visit_type.name_nn, "en": visit_type.name_en}.get(lang, visit_type.name_nb)


def ages(visit_type) -> str:
    """Describe a visit type's age range ("13–20 years", "16 years and over"), or ""."""
    low, high = visit_type.min_age, visit_type.max_age
    if low is not None and high is not None:
        return _("{low}–{high} years").format(low=low, high=high)
    if low is not None:
        return _("{low} years and over").format(low=low)
    if high is not None:
        return _("up to {high} years").format(high=high)
    return ""


def day_text(day, lang: str | None = None) -> str:
    """Format a date in words ("1. desember 2026") in the reader's or the given language."""
    return format_date(day, PATTERNS["long"][lang or g.get("lang", "nb")])


def moment_text(moment, lang: str | None = None) -> str:
    """Format a moment as date and Oslo time in the reader's or the given language."""
    return format_datetime(moment, PATTERNS["datetime"][lang or g.get("lang", "nb")])
