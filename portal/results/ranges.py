"""Reference ranges by sex and age, and which range a result is judged by.

DOMAIN.md, "Lab results": use the range the lab sent with the result; else the catalogue's
range for the person's sex and age on the day the sample was taken. Adults' ranges are the
Nordic Reference Interval Project's (NORIP: Rustad P et al., Scand J Clin Lab Invest
2004;64:271-84; haemoglobin: Nordin G et al., ibid. 2004;64:385-98), as Norwegian hospital
laboratories publish them; tests NORIP did not cover (hormones, vitamins, lipids, HbA1c,
eGFR, PSA, INR) have the adult range Norwegian laboratories commonly give. Children's ranges are CALIPER's (Colantonio DA et al., Clin Chem
2012;58:854-68) as Stavanger University Hospital's and Helse Nord-Trøndelag's laboratory
handbooks give them (ALP, ALAT), and the paediatric tables of Helse Møre og Romsdal
(haemoglobin) and Fürst (ferritin). A test without a child's range here has none for
children: the result is "not assessed" unless the lab sent one, never judged by an adult's.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from portal import clock
from portal.clock import OSLO

NORIP = "NORIP"
CALIPER = "CALIPER"
LAB_HANDBOOK = "lab handbook"
COMMON = "common"

SOURCES = {
    NORIP: _l("the Nordic reference interval project (NORIP)"),
    COMMON: _l("the range Norwegian laboratories commonly give"),
    CALIPER: _l("the children's reference intervals of the CALIPER project"),
    LAB_HANDBOOK: _l("the children's reference intervals of a Norwegian hospital laboratory"),
}


@dataclass(frozen=True)
class Age:
    """An age in whole years, months and days, compared by the calendar."""

    years: int = 0
    months: int = 0
    days: int = 0

    def reached(self, born: date) -> date:
        """Return the day a person born on a date reaches this age (clock.reached's rule)."""
        return clock.reached(born, 12 * self.years + self.months) + timedelta(days=self.days)


ADULT = Age(18)


@dataclass(frozen=True)
class Band:
    """A reference range for one group: a sex (or both), from one age up to (not including) another."""

    low: float | None
    high: float | None
    source: str
    sex: str | None = None
    from_age: Age = ADULT
    to_age: Age | None = None

    def fits(self, sex: str | None, born: date, day: date) -> bool:
        """Tell whether the band is the one for a person of a sex, born on a date, on a day."""
        if self.sex is not None and sex != self.sex:
            return False
        if day < self.from_age.reached(born):
            return False
        return self.to_age is None or day < self.to_age.reached(born)


def _adults(low, high, *, women=None, men=None, source=NORIP) -> tuple[Band, ...]:
    """Return adults' bands: one for both sexes, or (low, high) for women and for men."""
    if women is None:
        return (Band(low, high, source),)
    return (Band(*women, source, sex="female"), Band(*men, source, sex="male"))


def _ages(*bands: tuple) -> tuple[Band, ...]:
    """Return bands written as (sex, from, to, low, high, source) rows."""
    return tuple(Band(low, high, source, sex, Age(*start), Age(*end) if end else None)
                 for sex, start, end, low, high, source in bands)


F, M = "female", "male"

BANDS: dict[str, tuple[Band, ...]] = {
    "NPU03577": _adults(0.27, 4.2, source=COMMON),                                  # TSH
    "NPU03579": _adults(12, 22, source=COMMON),                                     # free T4
    "NPU19763": _ages(                                               # ferritin (Fürst)
        (F, (13,), (18,), 15, 110, LAB_HANDBOOK), (M, (13,), (18,), 15, 220, LAB_HANDBOOK),
        (F, (18,), None, 15, 200, LAB_HANDBOOK), (M, (18,), None, 20, 300, LAB_HANDBOOK)),
    "NPU19748": _ages((None, (0, 1), None, None, 5, COMMON)),  # CRP, from 1 month
    "NPU27300": _adults(20, 42, source=COMMON),                                     # HbA1c
    "NPU02192": _adults(4.0, 6.0),                                   # glucose, fasting
    "NPU03429": _adults(137, 145),                                   # sodium
    "NPU03230": _adults(3.5, 4.4),                                   # potassium
    "NPU04998": _adults(None, None, women=(45, 90), men=(60, 105))   # creatinine
    + _ages((None, (0,), (0, 0, 15), 28, 81, CALIPER), (None, (0, 0, 15), (0, 6), 9, 32, CALIPER),
            (None, (0, 6), (2,), 18, 48, CALIPER), (None, (2,), (6,), 22, 53, CALIPER),
            (F, (6,), (11,), 31, 70, CALIPER), (M, (6,), (11,), 31, 76, CALIPER),
            (F, (11,), (15,), 36, 70, CALIPER), (M, (11,), (15,), 44, 90, CALIPER),
            (F, (15,), (18,), 49, 86, CALIPER), (M, (15,), (18,), 55, 106, CALIPER)),
    "NOR25909": _adults(60, None, source=COMMON),                                   # eGFR (CKD-EPI, adults)
    "NPU01568": _adults(None, 3.0, source=COMMON),                                  # LDL cholesterol
    "NPU01567": _adults(1.0, None, source=COMMON),                                  # HDL cholesterol
    "NPU04094": _adults(None, 2.6),                                  # triglycerides
    "NPU19651": _ages(                                               # ALAT
        (None, (0,), (1,), 5, 51, CALIPER), (None, (1,), (13,), 11, 30, CALIPER),
        (F, (13,), (19,), 8, 24, CALIPER), (M, (13,), (19,), 10, 33, CALIPER),
        (F, (19,), None, 10, 45, NORIP), (M, (19,), None, 10, 70, NORIP)),
    "NOR05172": _adults(None, None, women=(11.7, 15.3), men=(13.4, 17.0))  # haemoglobin
    + _ages((None, (0, 6), (8,), 10.5, 13.1, LAB_HANDBOOK),
            (None, (8,), (12,), 11.6, 14.5, LAB_HANDBOOK),
            (F, (12,), (18,), 11.0, 15.5, LAB_HANDBOOK), (M, (12,), (18,), 12.3, 16.7, LAB_HANDBOOK)),
    "NPU02593": _adults(3.5, 10.0),                                  # leukocytes
    "NPU03568": _adults(145, 390, source=COMMON),                                   # platelets
    "NPU10267": _adults(50, 150, source=COMMON),                                    # vitamin D
    "NPU01700": _adults(150, 650, source=COMMON),                                   # vitamin B12
    "NPU02070": _adults(10, 45, source=COMMON),                                     # folate
    "NPU08669": _ages((M, (18,), None, None, 4.0, COMMON)),          # PSA (men)
    "NPU19654": _adults(None, None, women=(15, 35), men=(15, 45)),   # ASAT
    "NPU19657": _ages(                                               # GT
        (F, (18,), (40,), 10, 45, NORIP), (F, (40,), None, 10, 75, NORIP),
        (M, (18,), (40,), 10, 80, NORIP), (M, (40,), None, 15, 115, NORIP)),
    "NPU27783": _ages(                                               # ALP
        (None, (0,), (0, 0, 15), 90, 273, CALIPER), (None, (0, 0, 15), (1,), 134, 518, CALIPER),
        (None, (1,), (10,), 156, 369, CALIPER), (None, (10,), (13,), 141, 460, CALIPER),
        (F, (13,), (15,), 62, 280, CALIPER), (M, (13,), (15,), 127, 517, CALIPER),
        (F, (15,), (17,), 54, 128, CALIPER), (M, (15,), (17,), 89, 365, CALIPER),
        (F, (17,), (19,), 48, 95, CALIPER), (M, (17,), (19,), 59, 164, CALIPER),
        (None, (19,), None, 35, 105, NORIP)),
    "NPU01370": _adults(5, 25),                                      # bilirubin
    "NPU19673": _adults(36, 48),                                     # albumin
    "NPU01443": _adults(2.15, 2.51),                                 # calcium
    "NPU02647": _adults(0.71, 0.94),                                 # magnesium
    "NPU09356": _ages(                                               # urate
        (F, (18,), (50,), 155, 350, NORIP), (F, (50,), None, 155, 400, NORIP),
        (M, (18,), None, 230, 480, NORIP)),
    "NPU19656": _ages(                                               # CK
        (F, (18,), None, 35, 210, NORIP), (M, (18,), (50,), 50, 400, NORIP),
        (M, (50,), None, 40, 280, NORIP)),
    "NPU01566": _adults(None, 5.0, source=COMMON),                                  # total cholesterol
    "NPU02508": _adults(9, 34),                                      # iron
    "NPU01685": _adults(0.8, 1.2, source=COMMON),                                   # INR (without warfarin)
    "NPU01944": _adults(82, 98),                                     # MCV
}


def band_for(code: str, sex: str | None, born: date, day: date) -> Band | None:
    """Return the catalogue's band for a test, a person's sex and birth date, on a day."""
    return next((b for b in BANDS.get(code, ()) if b.fits(sex, born, day)), None)


@dataclass(frozen=True)
class Reference:
    """The range a result is judged by, and whose it is."""

    low: float | None
    high: float | None
    text: str | None
    from_lab: bool
    band: Band | None = None

    @property
    def known(self) -> bool:
        """Tell whether there is a range at all."""
        return self.low is not None or self.high is not None or bool(self.text)


NO_RANGE = Reference(None, None, None, from_lab=False)


def of(observation) -> Reference:
    """Return the range a stored result is judged by: the lab's, else the catalogue's band."""
    if observation.ref_low is not None or observation.ref_high is not None or observation.ref_text:
        return Reference(observation.ref_low, observation.ref_high, observation.ref_text,
                         from_lab=True)
    person = observation.person
    if person is None or observation.value_quantity is None:
        return NO_RANGE
    band = band_for(observation.code, person.sex, person.birth_date,
                    observation.effective_at.astimezone(OSLO).date())
    if band is None:
        return NO_RANGE
    return Reference(band.low, band.high, None, from_lab=False, band=band)


def _age_words(age: Age) -> str:
    """Return an age in words: "13 years", "6 months", "15 days"."""
    if age.days:
        return ngettext("%(num)d day", "%(num)d days", age.days)
    if age.months:
        return ngettext("%(num)d month", "%(num)d months", age.months)
    return ngettext("%(num)d year", "%(num)d years", age.years)


def whose(reference: Reference) -> str:
    """Say whose range a result is judged by: the lab's, or the catalogue's for which group."""
    if reference.from_lab:
        return _("The laboratory's reference range, sent with the result.")
    band = reference.band
    if band is None:
        return _("Neither the laboratory nor the portal's catalogue gives a reference range for "
                 "this test at this age. Your doctor assesses the result.")
    adult = band.from_age.years >= ADULT.years
    who = {("female", True): _("women"), ("male", True): _("men"), (None, True): _("adults"),
           ("female", False): _("girls"), ("male", False): _("boys"),
           (None, False): _("children")}[band.sex, adult]
    if band.to_age is None and not adult:
        who = _("everyone")
    if band.to_age is None:
        ages = _("{start} and older").format(start=_age_words(band.from_age))
    elif band.from_age == Age():
        ages = _("under {end}").format(end=_age_words(band.to_age))
    else:
        ages = _("from {start} up to {end}").format(start=_age_words(band.from_age),
                                                    end=_age_words(band.to_age))
    return _("Reference range for {who} aged {ages}, from {source}.").format(
        who=who, ages=ages, source=SOURCES[band.source])
