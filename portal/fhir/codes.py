"""The code systems and units the journal's codes are written in, as FHIR names them."""

from datetime import UTC, date, datetime

from portal.results.catalogue import LOINC, NLK

FODSELSNUMMER = "urn:oid:2.16.578.1.12.4.1.4.1"
D_NUMBER = "urn:oid:2.16.578.1.12.4.1.4.2"
UCUM = "http://unitsofmeasure.org"
ATC = "http://www.whocc.no/atc"
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"

# The journal's own names for code systems that are not yet URIs.
SYSTEMS = {
    "NLK": NLK, "NPU": NLK, "LOINC": LOINC,
    # ICD-10 as Norway publishes it (Volven 7110).
    "ICD-10": "urn:oid:2.16.578.1.12.4.1.1.7110",
    "ICPC-2": "urn:oid:2.16.578.1.12.4.1.1.7170",
}
# Units as the labs write them, and their UCUM codes where the two differ.
_UCUM_CODES = {
    "mIU/L": "m[IU]/L", "µg/L": "ug/L", "µmol/L": "umol/L", "mL/min/1,73 m²": "mL/min/{1.73_m2}",
    "kg/m²": "kg/m2", "10^9/L": "10*9/L", "10^12/L": "10*12/L",
}
_UCUM_SAME = {"pmol/L", "mg/L", "mmol/mol", "mmol/L", "cm", "kg", "g/L", "%", "U/L", "nmol/L",
              "g", "mm[Hg]", "/min", "Cel", "mg/mmol", "fL", "pg"}


def system(name: str) -> str:
    """Return the URI of a code system the journal names (URIs pass through as they are)."""
    if name in SYSTEMS:
        return SYSTEMS[name]
    if ":" in name:
        return name
    return f"urn:portal:code-system:{name}"


def ucum(unit: str | None) -> str | None:
    """Return the UCUM code of a unit as the lab wrote it, or None where we know none."""
    if unit is None:
        return None
    if unit in _UCUM_CODES:
        return _UCUM_CODES[unit]
    return unit if unit in _UCUM_SAME else None


def instant(moment: datetime) -> str:
    """Return a moment as a FHIR dateTime with its offset (the journal keeps UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat(timespec="seconds")


def day(value: date | None) -> str | None:
    """Return a date as a FHIR date, or None."""
    return value.isoformat() if value is not None else None
