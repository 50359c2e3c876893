"""The CapabilityStatement: exactly what the read API serves, and nothing it does not."""

from portal.fhir import search
from portal.fhir.kinds import KINDS

_TYPES = {"patient": "reference", "date": "date", "category": "token", "code": "token",
          "_count": "number", "_offset": "number", "_sort": "string", "_format": "string"}


def _params(kind) -> list[dict]:
    """Return the search parameters a type takes."""
    return [{"name": name, "type": _TYPES[name]} for name in search.allowed(kind)]


def statement(base: str) -> dict:
    """Return the CapabilityStatement of the API at a base address."""
    types = [{"type": "Patient", "interaction": [{"code": "read"}, {"code": "search-type"}]}]
    types += [{"type": kind.name, "interaction": [{"code": "read"}, {"code": "search-type"}],
               "searchParam": _params(kind)} for kind in KINDS.values()]
    return {
        "resourceType": "CapabilityStatement", "status": "active", "date": "2026-12-01",
        "kind": "instance", "fhirVersion": "4.0.1", "format": ["application/fhir+json"],
        "software": {"name": "Citizen health portal"},
        "implementation": {"description": "The citizen's journal, read-only", "url": base},
        "rest": [{"mode": "server",
                  "documentation": "Authenticated by the portal's login session; "
                                   "SMART on FHIR tokens are not supported yet.",
                  "resource": types}],
    }
