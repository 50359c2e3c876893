"""The national childhood immunisation programme (barnevaksinasjonsprogrammet), simplified.

Each dose is offered at an age; a child's record is matched against it to show what has
been given and what is due. Codes are ATC codes for the vaccine groups.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from portal.clock import age_on


@dataclass(frozen=True)
class Dose:
    """One dose of the programme: the vaccine, its dose number and the age it is offered."""

    atc_codes: tuple[str, ...]
    name: str
    dose: int
    months: int
    when: object  # lazily translated age, e.g. "3 months"


PROGRAMME = (
    Dose(("J07BH01", "J07BH02"), "Rotavirus", 1, 1, _l("6 weeks")),
    Dose(("J07BH01", "J07BH02"), "Rotavirus", 2, 3, _l("3 months")),
    Dose(("J07CA09",), "DTP-IPV-Hib-HepB", 1, 3, _l("3 months")),
    Dose(("J07AL02",), "Pneumokokk", 1, 3, _l("3 months")),
    Dose(("J07CA09",), "DTP-IPV-Hib-HepB", 2, 5, _l("5 months")),
    Dose(("J07AL02",), "Pneumokokk", 2, 5, _l("5 months")),
    Dose(("J07CA09",), "DTP-IPV-Hib-HepB", 3, 12, _l("12 months")),
    Dose(("J07AL02",), "Pneumokokk", 3, 12, _l("12 months")),
    Dose(("J07BD52",), "MMR", 1, 15, _l("15 months")),
    Dose(("J07CA02",), "DTP-IPV", 4, 7 * 12, _l("7 years (2nd grade)")),
    Dose(("J07BD52",), "MMR", 2, 11 * 12, _l("11 years (6th grade)")),
    Dose(("J07BM03",), "HPV", 1, 12 * 12, _l("12 years (7th grade)")),
    Dose(("J07CA01", "J07CA02"), "dTP-IPV", 5, 15 * 12, _l("15 years (10th grade)")),
)
PROGRAMME_ENDS_AT = 17


@dataclass(frozen=True)
class DoseStatus:
    """A dose of the programme and where the child stands with it."""

    dose: Dose
    given_on: date | None
    due: bool  # offered at the child's age by now, and not given


def _months(birth: date, on: date) -> int:
    """Return whole months of age on a date."""
    months = (on.year - birth.year) * 12 + on.month - birth.month
    return months - 1 if on.day < birth.day else months


def status(birth_date: date, immunizations, on: date) -> list[DoseStatus] | None:
    """Match a child's vaccinations against the programme; None for adults."""
    if age_on(birth_date, on) >= PROGRAMME_ENDS_AT:
        return None
    given = {}
    for shot in immunizations:
        for dose in PROGRAMME:
            if shot.vaccine_code in dose.atc_codes and (shot.dose_number or 1) == dose.dose:
                given.setdefault(dose, shot.occurred_on)
    age_months = _months(birth_date, on)
    return [DoseStatus(d, given.get(d), d not in given and age_months >= d.months)
            for d in PROGRAMME]
