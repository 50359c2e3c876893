"""The journal as one FHIR collection Bundle: what the reader may see, read area by area."""

from portal.fhir import bundles, resources
from portal.fhir.kinds import KINDS


def areas() -> tuple:
    """Return every area the export reads (each resource type's)."""
    return tuple(area for kind in KINDS.values() for area in kind.areas)


def journal(subject, scopes: dict, *, base: str) -> dict:
    """Return the subject's Patient and every row the scopes give, as a collection Bundle.

    `scopes` maps the areas the reader may see to their scopes (`access.scopes`); an area
    left out is one the decision refuses the reader, and nothing of it is read.
    """
    found = [resources.patient(subject)]
    for kind in KINDS.values():
        for area in kind.areas:
            scope = scopes.get(area)
            if scope is None:
                continue
            rows = scope.rows(scope.select(kind.model).order_by(kind.date.desc(), kind.model.id))
            found += [kind.to_fhir(row) for row in rows]
    return bundles.collection(found, base=base)

