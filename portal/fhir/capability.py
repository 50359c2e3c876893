"""The CapabilityStatement: exactly what the read API serves, and nothing it does not."""

from portal.fhir import search
from portal.fhir.kinds import KINDS

_TYPES = {"patient": "reference", "date": "date", "category": "token", "code": "token",
          "_count": "number", "_offset": "number", "_sort": "string", "_format": "string"}


def _params(kind) -> list[dict]:
    """Return the search parameters a type takes."""
    return [{"name": name, "type": _TYPES[name]} for name in search.allowed(kind)]


def _security(oauth: dict) -> dict:
    """Return how apps get access: SMART on FHIR, with the authorization server's addresses
    (the oauth-uris extension, which clients such as fhirclient read)."""
    return {
        "service": [{"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/restful-security-service",
            "code": "SMART-on-FHIR"}], "text": "SMART App Launch (standalone), OAuth 2.0"}],
        "extension": [{
            "url": "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris",
            "extension": [{"url": name, "valueUri": uri} for name, uri in oauth.items()]}],
        "description": "Apps registered with the portal read one patient's journal with the "
                       "person's consent, as that person may on the portal's pages; the "
                       "portal's login session is accepted too.",
    }


def statement(base: str, oauth: dict) -> dict:
    """Return the CapabilityStatement of the API at a base address, and its OAuth addresses
    (authorize, token, revoke, manage)."""
    types = [{"type": "Patient", "interaction": [{"code": "read"}, {"code": "search-type"}],
              "operation": [{"name": "everything", "definition":
                             "http://hl7.org/fhir/OperationDefinition/Patient-everything"}]}]
    types += [{"type": kind.name, "interaction": [{"code": "read"}, {"code": "search-type"}],
               "searchParam": _params(kind)} for kind in KINDS.values()]
    # A DocumentReference's content, read as text or as a Binary resource.
    types.append({"type": "Binary", "interaction": [{"code": "read"}]})
    return {
        "resourceType": "CapabilityStatement", "status": "active", "date": "2026-12-01",
        "kind": "instance", "fhirVersion": "4.0.1", "format": ["application/fhir+json"],
        "software": {"name": "Citizen health portal"},
        "implementation": {"description": "The citizen's journal, read-only", "url": base},
        "rest": [{"mode": "server", "security": _security(oauth), "resource": types}],
    }
