"""The FHIR R4 read API under /fhir/: the journal as resources, for the logged-in reader.

Who asks is found in one place, `_who_asks`: an app's SMART access token (the person who
consented, reading through the app, for the one patient chosen at launch, within the token's
scope), or else the portal's login session. Every row comes from the access layer, as on
the pages: a Patient only for the reader or someone they may act for, rows only through each
area's scope, and reads by others, and every read by an app, noted for the access log.
"""

from urllib.parse import urlencode

from flask import Blueprint, Response, g, request
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from portal import access, db, links
from portal.fhir import bundles, capability, resources, search
from portal.fhir.kinds import CATEGORY_AREAS, KINDS
from portal.journal.models import Person
from portal.smart import scopes, tokens
from portal.smart import views as smart

bp = Blueprint("fhir", __name__, url_prefix="/fhir")


_OPEN = ("fhir.metadata", "fhir.unknown")


def _actor():
    """Return who asks (from the token or the login), or None."""
    return access.current_actor()


@bp.before_request
def _who_asks():
    """Read an app's bearer token, if the request carries one; answer 401 to a bad token, and
    to a request with neither a token nor a login (not a redirect to the login page).

    With a token, the login cookie counts for nothing: the app reads as the person who
    consented, for the patient of the token.
    """
    if request.endpoint in _OPEN:
        return None
    try:
        token = tokens.from_header(request.headers.get("Authorization"), bundles.base_url())
    except tokens.InvalidToken:
        return bundles.outcome(401, "login", "The access token is invalid, expired or revoked",
                               headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
    if token is not None:
        g.token, g.token_actor = token, tokens.actor(token)
        g.login, g.subject = None, token.connection.patient
    if _actor() is None:
        return bundles.outcome(401, "login", "Log in, or send an access token",
                               headers={"WWW-Authenticate": "Bearer"})
    return None


class InsufficientScope(Exception):
    """The app's token does not cover what it asked for."""


def _permit(type_name: str, interaction: str) -> None:
    """Refuse a type the token's scope does not let the app read or search (403)."""
    token = g.get("token")
    if token is not None and not scopes.allows(token.scope, type_name, interaction):
        access.decided()
        raise InsufficientScope()


@bp.errorhandler(InsufficientScope)
def _insufficient_scope(_exc):
    """Answer 403 with what SMART calls insufficient_scope."""
    return bundles.outcome(403, "forbidden", "The access token's scope does not cover this",
                           headers={"WWW-Authenticate": 'Bearer error="insufficient_scope"'})


@bp.errorhandler(access.StepUp)
def _step_up(_exc):
    """Refuse health data to a login below the high assurance level (no redirect here)."""
    return bundles.outcome(403, "forbidden", "Health data needs a login at idporten-loa-high")


@bp.errorhandler(access.Refusal)
def _refused(_exc):
    """Answer every other refusal as not found: the same whether or not the row exists."""
    return bundles.outcome(404, "not-found", "Resource not found")


@bp.errorhandler(search.BadParameter)
def _bad_parameter(exc):
    """Answer a search the API cannot honour with 400 and what was wrong."""
    return bundles.outcome(400, "invalid", str(exc))


@bp.errorhandler(HTTPException)
def _http_error(exc):
    """Answer HTTP errors of the API as OperationOutcomes."""
    return bundles.outcome(exc.code or 500, "not-supported" if exc.code == 405 else "processing",
                           exc.description or exc.name)


@bp.get("/metadata")
@access.public
def metadata():
    """Describe what the API serves (a CapabilityStatement)."""
    return bundles.answer(capability.statement(bundles.base_url(), smart.oauth_uris()))


def _person(person_id: int) -> Person:
    """Return a person the reader may see the details of: themselves or whom they act for;
    with a token, only the patient the app was launched for."""
    person = db.session.get(Person, person_id)
    token = g.get("token")
    if person is None or (token is not None and person_id != token.connection.patient_id):
        access.decided()
        raise access.NotFound()
    return access.scope(access.PROFILE, subject=person).subject


@bp.get("/Patient/<int:person_id>")
def patient(person_id: int):
    """Return one Patient: the reader or someone they may act for, else 404."""
    _permit("Patient", "read")
    return bundles.answer(resources.patient(_person(person_id)))


@bp.get("/Patient/<int:person_id>/$everything")
def everything(person_id: int):
    """Return the patient and every resource of theirs the reader may see (and, with a
    token, that its scope covers), as one searchset Bundle."""
    _permit("Patient", "read")
    subject = _person(person_id)
    found = [resources.patient(subject)]
    token = g.get("token")
    for kind in KINDS.values():
        if token is not None and not scopes.allows(token.scope, kind.name, "search"):
            continue
        for scope in _scopes(kind, subject, kind.areas):
            found += [kind.to_fhir(r) for r in scope.rows(scope.select(kind.model))]
    return bundles.answer(bundles.searchset(found, total=len(found), self_url=_page_url(),
                                            next_url=None, base=bundles.base_url()))


@bp.get("/Binary/<int:document_id>")
def binary(document_id: int):
    """Return a document's content (the attachment of a DocumentReference): as a Binary
    resource when FHIR JSON is asked for, else as the text itself."""
    _permit("DocumentReference", "read")
    row = _row(KINDS["DocumentReference"], document_id)
    if request.accept_mimetypes.best_match(
            ["text/plain", bundles.FHIR_JSON, "application/json"]) == "text/plain":
        return Response(row.body, content_type="text/plain; charset=utf-8",
                        headers={"Cache-Control": "no-store"})
    return bundles.answer(resources.binary(row))


@bp.get("/Patient")
def patients():
    """Return the reader's subject, and whom else the reader may act for, as a searchset;
    with a token, the patient the app was launched for."""
    _permit("Patient", "search")
    found = [g.subject] if g.get("subject") is not None else []
    if g.get("token") is None:
        found += [p for p in access.people_to_act_for(_actor().person) if p not in found]
    people = [access.scope(access.PROFILE, subject=p).subject for p in found]
    access.decided()
    return bundles.answer(bundles.searchset([resources.patient(p) for p in people],
                                            total=len(people), self_url=_page_url(),
                                            next_url=None, base=bundles.base_url()))


def _kind(type_name: str):
    """Return a resource type the API serves, or answer 404."""
    kind = KINDS.get(type_name)
    if kind is None:
        access.decided()
        raise access.NotFound()
    return kind


def _areas(kind, categories: tuple[str, ...]) -> tuple:
    """Return the areas a search reads: for Observation, only those of the categories asked."""
    if kind.name == "Observation" and categories:
        return tuple(CATEGORY_AREAS[c] for c in categories)
    return kind.areas


def _scopes(kind, subject, areas) -> list:
    """Return the scopes of the areas the reader may see of the subject; ask for step-up."""
    found = []
    for area in areas:
        try:
            found.append(access.scope(area, subject=subject))
        except access.StepUp:
            raise
        except access.Refusal:
            continue
    return found


def _page_url(offset: int | None = None) -> str:
    """Return this search's address, as asked or at another offset (from PORTAL_BASE_URL)."""
    here = links.external(request.endpoint, **(request.view_args or {}))
    if offset is None:
        query = request.query_string.decode()
        return f"{here}?{query}" if query else here
    pairs = [(k, v) for k, v in request.args.items(multi=True) if k != "_offset"]
    return f"{here}?{urlencode([*pairs, ('_offset', offset)])}"


@bp.get("/<type_name>")
def search_type(type_name: str):
    """Search a patient's resources of a type: a searchset Bundle, paged by offset."""
    kind = _kind(type_name)
    _permit(kind.name, "search")
    asked = search.parse(kind, request.args)
    subject = _person(asked.patient_id) if asked.patient_id is not None else g.subject
    rows = []
    for scope in _scopes(kind, subject, _areas(kind, asked.categories)):
        rows += scope.rows(scope.select(kind.model, *asked.conditions))
    rows.sort(key=lambda r: (getattr(r, kind.date.key) is not None,
                             getattr(r, kind.date.key) or 0, r.id), reverse=asked.newest_first)
    page = rows[asked.offset:asked.offset + asked.count]
    following = asked.offset + asked.count
    return bundles.answer(bundles.searchset(
        [kind.to_fhir(r) for r in page], total=len(rows), self_url=_page_url(),
        next_url=_page_url(following) if following < len(rows) else None, base=bundles.base_url()))


@bp.get("/<type_name>/<int:resource_id>")
def read(type_name: str, resource_id: int):
    """Return one resource, if it is a row the reader may see, else 404."""
    kind = _kind(type_name)
    _permit(kind.name, "read")
    return bundles.answer(kind.to_fhir(_row(kind, resource_id)))


def _row(kind, resource_id: int):
    """Return one row of a type through the areas it is read in (noting the read), else
    raise NotFound: the same whether it does not exist or may not be seen."""
    owner = db.session.scalar(select(kind.model.person_id).where(kind.model.id == resource_id))
    if owner is None:
        access.decided()
        raise access.NotFound()
    subject = _person(owner)
    for scope in _scopes(kind, subject, kind.areas):
        try:
            return scope.get(kind.model, resource_id)
        except access.NotFound:
            continue
    raise access.NotFound()


@bp.get("/<path:rest>")
@access.public
def unknown(rest: str):
    """Answer any other address under /fhir/ with a 404 OperationOutcome."""
    return bundles.outcome(404, "not-found", "Unknown resource or operation")


def init_app(app):
    """Add the FHIR API (its answers are JSON for apps, not pages: no CSRF forms)."""
    app.register_blueprint(bp)
