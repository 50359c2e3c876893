"""The facts the access decision needs about relations between people, and its tables.

Kept apart from portal/access.py so that the decision reads as the rules, and the
queries behind them stay here.
"""

from datetime import date, datetime

from sqlalchemy import or_, select

from portal import clock, db
from portal.applications.models import Application
from portal.appointments.models import Appointment
from portal.areas import Area
from portal.messages.models import Thread
from portal.representation.models import ParentalResponsibility, PowerOfAttorney, YouthShare
from portal.results.models import GpListing


def _areas(*names: str) -> frozenset[Area]:
    """Return the access areas with these names."""
    return frozenset(Area(n) for n in names)


ALL_AREAS = _areas("profile", "results", "notes", "documents", "medications", "problems",
                   "vaccinations", "growth", "care_plans", "appointments", "messages",
                   "applications", "access_log")

# Powers of attorney: (areas covered, whether the holder may act, not only look).
# Full: everything. Standard: all but notes and documents. Read: what Standard covers,
# view only. Communicate: messages and appointments only (DOMAIN.md, "Adults (fullmakt)").
POWER_LEVELS = {
    "full": (ALL_AREAS, True),
    "standard": (ALL_AREAS - _areas("notes", "documents"), True),
    "read": (ALL_AREAS - _areas("notes", "documents"), False),
    "communicate": (_areas("profile", "messages", "appointments"), True),
}

# Parents of a child of 12-15 still see and book appointments at the GP office and the
# health station, see vaccinations and municipal (not hospital) results and growth, and
# follow municipal applications; never notes, documents, prescriptions or messages.
PARENT_12_15 = _areas("profile", "appointments", "vaccinations", "applications", "results",
                      "growth")
PARENT_12_15_MAY_ACT = _areas("appointments", "applications")
PARENT_12_15_UNIT_KINDS = frozenset({"gp_office", "health_station"})

# What a young person of 12-15 may choose to share with a parent, by category.
SHARE_AREAS = {
    "hospital_results": _areas("results"),
    "notes_documents": _areas("notes", "documents"),
    "medications": _areas("medications"),
    "problems_plans": _areas("problems", "care_plans"),
}

# What a staff member's purpose opens, by the kind of purpose.
STAFF_PURPOSE_AREAS = {
    Thread: _areas("profile", "messages"),
    Application: _areas("profile", "applications"),
    Appointment: _areas("profile", "appointments"),
    GpListing: _areas("profile", "results"),
}

MIN_AGE_TO_GRANT = 16
MIN_AGE_TO_HOLD = 18


def is_parent_at_address(parent, child) -> bool:
    """Tell whether parent has parental responsibility for child and shares its address."""
    if parent.address_key is None or parent.address_key != child.address_key:
        return False
    return db.session.scalar(
        select(ParentalResponsibility.id).where(
            ParentalResponsibility.parent_id == parent.id,
            ParentalResponsibility.child_id == child.id,
        )
    ) is not None


def active_power(grantor, grantee, *, now: datetime) -> PowerOfAttorney | None:
    """Return the power of attorney in force from grantor to grantee at a moment, if any."""
    return db.session.scalar(
        select(PowerOfAttorney).where(
            PowerOfAttorney.grantor_id == grantor.id,
            PowerOfAttorney.grantee_id == grantee.id,
            PowerOfAttorney.created_at <= now,
            or_(PowerOfAttorney.revoked_at.is_(None), PowerOfAttorney.revoked_at > now),
        )
    )


def may_hold_power(grantor, grantee, on: date) -> bool:
    """Tell whether the two are old enough for a power of attorney on a date (16 and 18)."""
    return (clock.age_on(grantor.birth_date, on) >= MIN_AGE_TO_GRANT
            and clock.age_on(grantee.birth_date, on) >= MIN_AGE_TO_HOLD)


def shared_categories(child, parent) -> frozenset[str]:
    """Return what the child has chosen to share with this parent now."""
    return frozenset(db.session.scalars(
        select(YouthShare.category).where(
            YouthShare.child_id == child.id,
            YouthShare.parent_id == parent.id,
            YouthShare.revoked_at.is_(None),
        )
    ))


def related_ids(person) -> set[int]:
    """Return the ids of children and power-of-attorney grantors of a person (unfiltered)."""
    children = select(ParentalResponsibility.child_id).where(
        ParentalResponsibility.parent_id == person.id)
    grantors = select(PowerOfAttorney.grantor_id).where(
        PowerOfAttorney.grantee_id == person.id, PowerOfAttorney.revoked_at.is_(None))
    return set(db.session.scalars(children)) | set(db.session.scalars(grantors))
