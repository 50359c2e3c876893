"""Reading FHIR R4 JSON for the import: bundles, references, identities, times and codes."""

import json
import re
from datetime import UTC, date, datetime
from html import unescape

IMPORTED_BUNDLES = ("transaction", "collection", "document", "batch")
_TAGS = re.compile(r"<[^>]+>")


class ImportFailed(Exception):
    """A file that cannot be imported at all; the message says why, and nothing was changed."""


def parse_bundle(data: str | bytes) -> dict:
    """Return a Bundle read from JSON text, or raise ImportFailed saying what is wrong."""
    try:
        bundle = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ImportFailed(f"not JSON: {exc}") from None
    if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
        raise ImportFailed("not a FHIR Bundle (resourceType is not \"Bundle\")")
    if bundle.get("type") not in IMPORTED_BUNDLES:
        raise ImportFailed(f"a {bundle.get('type')!r} Bundle; only transaction, batch, "
                           "collection and document Bundles are imported")
    entries = bundle.get("entry", [])
    if not isinstance(entries, list) or not all(
            isinstance(e, dict) and isinstance(e.get("resource"), dict)
            and isinstance(e["resource"].get("resourceType"), str) for e in entries):
        raise ImportFailed("every entry must hold a resource with a resourceType")
    return bundle


class Index:
    """The resources of one Bundle, found by fullUrl or by "Type/id"."""

    def __init__(self, bundle: dict):
        """Index the bundle's entries."""
        self.by_ref: dict[str, dict] = {}
        for entry in bundle.get("entry", []):
            resource = entry["resource"]
            if entry.get("fullUrl"):
                self.by_ref[entry["fullUrl"]] = resource
            if resource.get("id"):
                self.by_ref[f"{resource['resourceType']}/{resource['id']}"] = resource

    def resolve(self, reference: dict | None) -> dict | None:
        """Return the resource a Reference points to within the bundle, or None."""
        ref = (reference or {}).get("reference")
        if not ref:
            return None
        if ref in self.by_ref:
            return self.by_ref[ref]
        # An absolute URL to a resource of the bundle: match its last two segments.
        return self.by_ref.get("/".join(ref.rstrip("/").split("/")[-2:]))


def source_key(entry: dict, bundle_key: str) -> str:
    """Return a resource's identity: its first identifier, else its fullUrl, else Type/id."""
    resource = entry["resource"]
    identifiers = resource.get("identifier") or []
    if isinstance(identifiers, dict):  # Composition and Bundle hold one
        identifiers = [identifiers]
    for identifier in identifiers:
        if identifier.get("value"):
            return f"{identifier.get('system', '')}|{identifier['value']}"[:300]
    if entry.get("fullUrl"):
        return entry["fullUrl"][:300]
    return f"{bundle_key}/{resource['resourceType']}/{resource.get('id', '')}"[:300]


def bundle_key(bundle: dict) -> str:
    """Return the bundle's own identity, the namespace of resources that have no other."""
    identifier = bundle.get("identifier") or {}
    return identifier.get("value") or f"Bundle/{bundle.get('id', '')}"


def moment(value: str | None) -> datetime | None:
    """Return a FHIR date or dateTime as an aware datetime (UTC where no offset is given)."""
    if not value:
        return None
    try:
        if "T" in value:
            parsed = datetime.fromisoformat(value)
        else:  # a date, a year-month or a year: its first day
            year, month, dd = ([*value.split("-"), "01", "01"])[:3]
            parsed = datetime(int(year), int(month), int(dd))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def day(value: str | None) -> date | None:
    """Return a FHIR date or dateTime as a date."""
    when = moment(value)
    return when.date() if when else None


def coding(concept: dict | None, systems: tuple[str, ...] = ()) -> dict | None:
    """Return the concept's first coding (in one of the systems, where they are given)."""
    for item in (concept or {}).get("coding", []):
        if item.get("code") and (not systems or item.get("system") in systems):
            return item
    return None


def text_of(concept: dict | None) -> str | None:
    """Return a concept's text, else its first coding's display."""
    concept = concept or {}
    if concept.get("text"):
        return concept["text"]
    return next((c["display"] for c in concept.get("coding", []) if c.get("display")), None)


def narrative(div: str | None) -> str:
    """Return the plain text of an XHTML narrative."""
    text = _TAGS.sub(" ", (div or "").replace("<br/>", "\n").replace("</p>", "\n"))
    return "\n".join(" ".join(line.split()) for line in unescape(text).splitlines()
                     if line.strip())
