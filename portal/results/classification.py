"""Flags for lab results: FHIR R4 Observation.interpretation and the colour it is shown in.

DOMAIN.md, "Lab results": green is N or inside the reference range; amber is L, H or A;
red is LL, HH or AA (critical). Where the lab sent no interpretation it is computed from the
reference range and critical limits; with no range the result is "not assessed" (neutral).
The range is the one the lab sent, else the catalogue's for the person's sex and age
(`ranges.py`). Where the lab's word and the range disagree, the lab's word wins and the page says so.
Ranges are inclusive (a value on the limit is inside) unless the lab wrote "< x" or "> x".
"""

from dataclasses import dataclass

from portal.results import ranges

INTERPRETATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
COLOURS = {"N": "green", "L": "amber", "H": "amber", "A": "amber",
           "LL": "red", "HH": "red", "AA": "red", None: "neutral"}
NEGATIVE = {"negativ", "negative", "neg", "ikke påvist", "ikkje påvist", "not detected"}
POSITIVE = {"positiv", "positive", "pos", "påvist", "detected"}


@dataclass(frozen=True)
class Flag:
    """The interpretation shown for a result, and what the range alone would say."""

    code: str | None
    computed: str | None
    from_lab: bool

    @property
    def colour(self) -> str:
        """Return green, amber, red or neutral."""
        return COLOURS[self.code]

    @property
    def lab_disagrees(self) -> bool:
        """Tell whether the lab's interpretation differs from what the range says."""
        return self.from_lab and self.computed is not None and self.computed != self.code

    @property
    def critical(self) -> bool:
        """Tell whether the result is critical (LL, HH or AA), which calls for action today."""
        return self.colour == "red"

    @property
    def abnormal(self) -> bool:
        """Tell whether the result lies outside the normal."""
        return self.code not in ("N", None)


def from_range(value: float, *, low=None, high=None, critical_low=None, critical_high=None,
               ref_text: str | None = None) -> str | None:
    """Compute the interpretation of a number from its range and critical limits."""
    text = (ref_text or "").strip()
    below_only, above_only = text.startswith("<"), text.startswith(">")
    if critical_low is not None and value < critical_low:
        return "LL"
    if critical_high is not None and value > critical_high:
        return "HH"
    if low is None and high is None:
        return None
    if low is not None and (value <= low if above_only else value < low):
        return "L"
    if high is not None and (value >= high if below_only else value > high):
        return "H"
    return "N"


def from_text(value: str, ref_text: str | None = None) -> str | None:
    """Compute the interpretation of a qualitative result such as positive or negative."""
    answer = " ".join(value.lower().split())
    if ref_text:
        return "N" if answer == " ".join(ref_text.lower().split()) else "A"
    if answer in NEGATIVE:
        return "N"
    if answer in POSITIVE:
        return "A"
    return None


def classify(*, value_quantity=None, value_string=None, low=None, high=None, critical_low=None,
             critical_high=None, ref_text=None, lab_code=None) -> Flag:
    """Return the flag for a result: the lab's interpretation if given, else the computed one."""
    if value_quantity is not None:
        computed = from_range(value_quantity, low=low, high=high, critical_low=critical_low,
                              critical_high=critical_high, ref_text=ref_text)
    elif value_string:
        computed = from_text(value_string, ref_text)
    else:
        computed = None
    if lab_code in COLOURS and lab_code is not None:
        return Flag(lab_code, computed, from_lab=True)
    return Flag(computed, computed, from_lab=False)


def of(observation, reference: ranges.Reference | None = None) -> Flag:
    """Return the flag of a stored result, judged by its range (the lab's, else the catalogue's)."""
    reference = reference or ranges.of(observation)
    return classify(value_quantity=observation.value_quantity,
                    value_string=observation.value_string, low=reference.low,
                    high=reference.high, critical_low=observation.critical_low,
                    critical_high=observation.critical_high, ref_text=reference.text,
                    lab_code=observation.interpretation)
