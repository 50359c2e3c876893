"""Small builders for demo journal entries, shared by the personas and the population."""

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from portal.journal import entries as e
from portal.results import ranges, services
from portal.results.catalogue import HEAD_CIRCUMFERENCE, HEIGHT, LOINC, NLK, TESTS, WEIGHT

OSLO = ZoneInfo("Europe/Oslo")


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """Return a moment on a day, given in Oslo time, as UTC."""
    return datetime.combine(day, time(hour, minute), OSLO).astimezone(UTC)


def lab(person, npu: str, value: float | str, when: datetime, unit_org, *, ordered_by=None,
        interpretation=None, release_category: int = 1, status: str = "final",
        comment=None, encounter=None, ref_text=None, lab_range: bool = True, shared_by=None,
        shared_comment=None) -> e.Observation:
    """Build a lab result from the catalogue's test, filed as an arriving result is.

    The lab sends the range for the person's sex and age, as Norwegian laboratories do,
    unless `lab_range` is False (then the portal's catalogue gives it). A doctor who shared
    it (`shared_by`) releases it with a comment; otherwise `results.services.receive` holds a
    critical result for a clinician (DOMAIN.md, "Lab results").
    """
    test = TESTS[npu]
    numeric = isinstance(value, int | float)
    band = ranges.band_for(npu, person.sex, person.birth_date, when.astimezone(OSLO).date())
    sent = band if lab_range and band and numeric else None
    released = when + timedelta(hours=6) if release_category == 1 or shared_by else None
    return services.receive(e.Observation(
        person=person, encounter=encounter, category="laboratory", code_system=NLK, code=npu,
        loinc=test.loinc, display=test.display,
        value_quantity=float(value) if numeric else None,
        value_string=None if numeric else value, unit=test.unit,
        ref_low=sent.low if sent else None, ref_high=sent.high if sent else None,
        ref_text=ref_text, critical_low=test.critical_low, critical_high=test.critical_high,
        interpretation=interpretation, status=status, release_category=release_category,
        released_at=released, released_by=shared_by, release_comment=shared_comment,
        effective_at=when, issued_at=when + timedelta(hours=5),
        performer_unit=unit_org, ordered_by=ordered_by, comment=comment,
    ))


def growth(person, day: date, height_cm: float, weight_kg: float, unit_org, encounter,
           head_cm: float | None = None):
    """Build a height and a weight measurement from one visit, and the head's if measured."""
    measured = ((HEIGHT, height_cm), (WEIGHT, weight_kg), (HEAD_CIRCUMFERENCE, head_cm))
    return [
        e.Observation(
            person=person, encounter=encounter, category="vital-signs", code_system=LOINC,
            code=code, loinc=code, display=display, value_quantity=value, unit=unit,
            status="final", release_category=1, released_at=at(day, 12), effective_at=at(day),
            performer_unit=unit_org,
        )
        for (code, display, unit), value in measured if value is not None
    ]


def jitter(rng: random.Random, centre: float, spread: float, decimals: int = 1) -> float:
    """Return a plausible value near a centre, reproducibly."""
    return round(rng.uniform(centre - spread, centre + spread), decimals)
