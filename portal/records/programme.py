"""The national childhood immunisation programme (barnevaksinasjonsprogrammet), simplified.

Each dose is offered at an age and may be caught up until a latest age; a child's record is
matched against the table to say, per dose: given, due now, coming, or not registered (the
window has closed and nothing is recorded). Codes are ATC codes for the vaccine groups.

Sources (Folkehelseinstituttet, FHI):
- The programme's ages: FHI, "Barnevaksinasjonsprogrammet" (6 weeks; 3, 5, 12 and 15
  months; 2nd, 6th, 7th and 10th grade), as in Norsk barnelegeforening's Generell veileder
  i pediatri 3.19, table 1 (2025).
- Rotavirus: FHI, "Vaccine against rotavirus disease": the first dose from 6 weeks and no
  later than 12 weeks; the second at 3 months, in the programme by 16 weeks. The course must
  be completed by 24 weeks (the vaccine's SmPC, FHI's guide for health personnel); there is
  no catch-up after that, because the risk of intussusception rises with age.
- DTP-IPV-Hib-HepB and pneumococcal (PCV): catch-up in early childhood only. FHI's guides
  for health personnel give neither Hib nor pneumococcal vaccine to healthy children from
  5 years.
- MMR, the DTP-IPV booster, HPV and the 10th-grade dTP-IPV booster may be caught up later;
  this table sets no upper age for them within the ages the page shows (under 17).

Simplifications, said plainly:
- A window ends the day before the latest age is reached ("by 12 weeks" is shown as due up
  to 11 weeks and 6 days), so the page never calls a dose due that may no longer be given.
- A late starter needs fewer doses (pneumococcal: two after 12 months, one after 2 years)
  and the health station makes an individual plan; here every unrecorded dose inside its
  window is shown as due, and the plan is left to the health station.
- After 5 years the diphtheria, tetanus, whooping cough, polio and hepatitis B parts of the
  infant doses are caught up with other vaccines; the table cannot tell, so those infant
  doses are shown as "not registered", not as due.
- Minimum intervals between doses are not checked.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from flask_babel import lazy_gettext as _l

from portal.clock import age_on, reached


@dataclass(frozen=True)
class Age:
    """An age in whole months and weeks, as the programme states it."""

    months: int = 0
    weeks: int = 0

    def reached(self, birth: date) -> date:
        """Return the day a child born on a date reaches this age (clock.reached's rule)."""
        return reached(birth, self.months) + timedelta(weeks=self.weeks)


def weeks(n: int) -> Age:
    """Return an age in weeks."""
    return Age(weeks=n)


def months(n: int) -> Age:
    """Return an age in months."""
    return Age(months=n)


def years(n: int) -> Age:
    """Return an age in years."""
    return Age(months=12 * n)


@dataclass(frozen=True)
class Dose:
    """One dose: the vaccine, its dose number, the age it is offered and the latest age.

    `latest` is the age from which the dose is no longer given (no catch-up); None means
    it can be caught up at any age the page shows.
    """

    atc_codes: tuple[str, ...]
    name: str
    dose: int
    offered: Age
    latest: Age | None
    when: object  # lazily translated age, e.g. "3 months"
    until: object = None  # lazily translated latest age, e.g. "5 years"


ROTAVIRUS = ("J07BH01", "J07BH02")
DTP_IPV_HIB_HEPB = ("J07CA09",)
PCV = ("J07AL02",)
MMR = ("J07BD52",)

# dose, offered at, latest age for catch-up (exclusive)
PROGRAMME = (
    Dose(ROTAVIRUS, "Rotavirus", 1, weeks(6), weeks(12), _l("6 weeks"), _l("12 weeks")),
    Dose(ROTAVIRUS, "Rotavirus", 2, months(3), weeks(24), _l("3 months"), _l("24 weeks")),
    Dose(DTP_IPV_HIB_HEPB, "DTP-IPV-Hib-HepB", 1, months(3), years(5), _l("3 months"), _l("5 years")),
    Dose(PCV, "Pneumokokk", 1, months(3), years(5), _l("3 months"), _l("5 years")),
    Dose(DTP_IPV_HIB_HEPB, "DTP-IPV-Hib-HepB", 2, months(5), years(5), _l("5 months"), _l("5 years")),
    Dose(PCV, "Pneumokokk", 2, months(5), years(5), _l("5 months"), _l("5 years")),
    Dose(DTP_IPV_HIB_HEPB, "DTP-IPV-Hib-HepB", 3, months(12), years(5), _l("12 months"), _l("5 years")),
    Dose(PCV, "Pneumokokk", 3, months(12), years(5), _l("12 months"), _l("5 years")),
    Dose(MMR, "MMR", 1, months(15), None, _l("15 months")),
    Dose(("J07CA02",), "DTP-IPV", 4, years(7), None, _l("7 years (2nd grade)")),
    Dose(MMR, "MMR", 2, years(11), None, _l("11 years (6th grade)")),
    Dose(("J07BM03",), "HPV", 1, years(12), None, _l("12 years (7th grade)")),
    Dose(("J07CA01", "J07CA02"), "dTP-IPV", 5, years(15), None, _l("15 years (10th grade)")),
)
PROGRAMME_ENDS_AT = 17


class DoseState(StrEnum):
    """Where a child stands with a dose."""

    GIVEN = "given"
    DUE = "due"  # inside its window and not given: talk to the health station
    COMING = "coming"  # offered later
    NOT_REGISTERED = "not_registered"  # its window has closed and nothing is recorded


@dataclass(frozen=True)
class DoseStatus:
    """A dose of the programme and where the child stands with it."""

    dose: Dose
    given_on: date | None
    state: DoseState

    @property
    def due(self) -> bool:
        """Tell whether the dose should be taken now."""
        return self.state is DoseState.DUE


def state_of(dose: Dose, birth: date, on: date, given: bool) -> DoseState:
    """Return a dose's state on a date, from its window alone."""
    if given:
        return DoseState.GIVEN
    if on < dose.offered.reached(birth):
        return DoseState.COMING
    if dose.latest is not None and on >= dose.latest.reached(birth):
        return DoseState.NOT_REGISTERED
    return DoseState.DUE


def status(birth_date: date, immunizations, on: date) -> list[DoseStatus] | None:
    """Match a child's vaccinations against the programme; None for adults."""
    if age_on(birth_date, on) >= PROGRAMME_ENDS_AT:
        return None
    given = {}
    for shot in immunizations:
        for dose in PROGRAMME:
            if shot.vaccine_code in dose.atc_codes and (shot.dose_number or 1) == dose.dose:
                given.setdefault(dose, shot.occurred_on)
    states = {d: state_of(d, birth_date, on, d in given) for d in PROGRAMME}
    first = {}
    for dose in PROGRAMME:  # the table lists each vaccine's first dose before its others
        first.setdefault(dose.name, states[dose])
    for dose, state in states.items():
        # A course that can no longer start cannot go on (rotavirus: no first dose by 12 weeks).
        if state is DoseState.DUE and first[dose.name] is DoseState.NOT_REGISTERED:
            states[dose] = DoseState.NOT_REGISTERED
    return [DoseStatus(d, given.get(d), states[d]) for d in PROGRAMME]
