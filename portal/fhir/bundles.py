"""FHIR Bundles and OperationOutcomes, and the JSON answer that carries them."""

import json
import uuid

from flask import Response, g

from portal import db, links
from portal.fhir import codes

FHIR_JSON = "application/fhir+json"


def answer(resource: dict, status: int = 200, headers: dict | None = None) -> Response:
    """Return a resource as application/fhir+json, never cached (it holds health data)."""
    body = json.dumps(resource, ensure_ascii=False, separators=(",", ":"))
    return Response(body, status=status, content_type=f"{FHIR_JSON}; charset=utf-8",
                    headers={"Cache-Control": "no-store", **(headers or {})})


def outcome(status: int, code: str, text: str, headers: dict | None = None) -> Response:
    """Return an OperationOutcome with one issue, as the answer to a refused request.

    Like an error page, it shows none of the person's data: the request's reads are not logged.
    """
    g.error_page = True
    return answer({"resourceType": "OperationOutcome",
                   "issue": [{"severity": "error", "code": code,
                              "diagnostics": text}]}, status, headers)


def searchset(resources: list[dict], *, total: int, self_url: str, next_url: str | None,
              base: str) -> dict:
    """Return a page of search results as a searchset Bundle with its links."""
    links = [{"relation": "self", "url": self_url}]
    if next_url is not None:
        links.append({"relation": "next", "url": next_url})
    return {
        "resourceType": "Bundle", "type": "searchset", "total": total, "link": links,
        "entry": [{"fullUrl": f"{base}/{r['resourceType']}/{r['id']}", "resource": r,
                   "search": {"mode": "match"}} for r in resources],
    }


def collection(resources: list[dict], *, base: str) -> dict:
    """Return resources as a collection Bundle (an export of a journal)."""
    return {
        "resourceType": "Bundle", "type": "collection",
        "identifier": {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{uuid.uuid4()}"},
        "timestamp": codes.instant(db.utcnow()),
        "entry": [{"fullUrl": f"{base}/{r['resourceType']}/{r['id']}", "resource": r}
                  for r in resources],
    }


def base_url() -> str:
    """Return the API's base address, for fullUrl and links: from PORTAL_BASE_URL, never from
    the request's Host header (as every link the portal gives out)."""
    return links.external("fhir.metadata").rsplit("/", 1)[0]
