"""SMART scopes: which the portal grants, and what a granted scope lets an app read.

The portal grants read access only, to the journal of the one patient chosen at launch:
`patient/<type>.rs` (SMART v2: r = read, s = search) and the v1 spelling `patient/<type>.read`,
where the type is `*` or one the API serves. A v1 `*` or a v2 permission that includes
writing is granted as its read part. `launch/patient` gives the app the patient's id in the
token response, `offline_access` a refresh token. Anything else (user/ and system/ scopes,
EHR launch, scopes with search parameters) is left out of what is granted, which the token
response's `scope` says, as OAuth allows.
"""

import re

from flask_babel import lazy_gettext as _l

from portal.fhir.kinds import KINDS

CONTEXT = ("launch/patient", "offline_access", "online_access", "openid", "fhirUser")
TYPES = ("Patient", *KINDS)
_RESOURCE = re.compile(r"^patient/(?P<type>\*|[A-Z][A-Za-z]+)\.(?P<perm>[a-z*]+)$")
_V2 = re.compile(r"^c?r?u?d?s?$")

# What each type holds, in the words of the consent and connected-apps pages.
LABELS = {
    "Patient": _l("Name, date of birth, sex and national identity number"),
    "Observation": _l("Test results and measurements"),
    "Condition": _l("Problems and diagnoses"),
    "MedicationStatement": _l("Medicines"),
    "MedicationRequest": _l("Prescriptions"),
    "QuestionnaireResponse": _l("Answers to questionnaires"),
    "Immunization": _l("Vaccinations"),
    "CarePlan": _l("Care plans"),
    "DocumentReference": _l("Notes and documents"),
    "Appointment": _l("Appointments"),
}


def _read_part(one: str) -> str | None:
    """Return the read-only form of a resource scope the portal can grant, or None."""
    found = _RESOURCE.match(one)
    if found is None or (found["type"] != "*" and found["type"] not in TYPES):
        return None
    perm = found["perm"]
    if perm in ("read", "*"):
        return f"patient/{found['type']}.read"
    if perm != "write" and _V2.match(perm):
        kept = "".join(p for p in "rs" if p in perm)
        return f"patient/{found['type']}.{kept}" if kept else None
    return None


def grantable(asked: str | None) -> str | None:
    """Return the scope the portal grants of what an app asked, in its order; None when it
    would let the app read nothing (the request is then refused as invalid_scope)."""
    granted = []
    for one in (asked or "").split():
        kept = one if one in CONTEXT else _read_part(one)
        if kept is not None and kept not in granted:
            granted.append(kept)
    if not any(one.startswith("patient/") for one in granted):
        return None
    return " ".join(granted)


def allows(scope: str, type_name: str, interaction: str) -> bool:
    """Tell whether a granted scope lets the app read ("read") or search ("search") a type."""
    letter = "r" if interaction == "read" else "s"
    for one in scope.split():
        found = _RESOURCE.match(one)
        if found is None or found["type"] not in ("*", type_name):
            continue
        if found["perm"] == "read" or letter in found["perm"]:
            return True
    return False


def readable_types(scope: str) -> list[str]:
    """Return the types a granted scope lets the app read, in the API's order."""
    return [name for name in TYPES
            if allows(scope, name, "read") or allows(scope, name, "search")]


def describe(scope: str) -> list:
    """Return what a granted scope lets an app read, in plain words."""
    return [LABELS[name] for name in readable_types(scope)]


def has(scope: str, one: str) -> bool:
    """Tell whether a granted scope holds one scope (launch/patient, offline_access…)."""
    return one in scope.split()
