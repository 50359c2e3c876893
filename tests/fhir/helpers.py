"""Helpers for the FHIR tests: validation with the R4B models, and the truth from the scopes."""

from fhir.resources.R4B import get_fhir_model_class

from portal.access import Actor, Refusal, open_scope
from portal.fhir.kinds import KINDS

FHIR_JSON = "application/fhir+json"


def valid(resource: dict) -> dict:
    """Validate a resource (a Bundle with its entries too) with the R4B models; return it."""
    get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    for entry in resource.get("entry", []):
        valid(entry["resource"])
    return resource


def fhir(response, status: int = 200) -> dict:
    """Assert an API answer's status and content type, and return its JSON, validated."""
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True))
    assert response.mimetype == FHIR_JSON
    return valid(response.get_json(force=True))


def ids(bundle: dict, resource_type: str | None = None) -> list[int]:
    """Return the ids of a Bundle's resources (of one type)."""
    return [int(e["resource"]["id"]) for e in bundle.get("entry", [])
            if resource_type in (None, e["resource"]["resourceType"])]


def seen(reader, subject, kind_name: str) -> set[int]:
    """Return the ids the access decision lets a reader see of a kind: the pages' truth."""
    kind = KINDS[kind_name]
    found = set()
    for area in kind.areas:
        try:
            scope = open_scope(Actor(reader), subject, area)
        except Refusal:
            continue
        found |= {row.id for row in scope.rows(scope.select(kind.model))}
    return found
