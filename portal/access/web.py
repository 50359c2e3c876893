"""The access layer in a request: the actor from the login, loaders bound to the request,
refusals rendered, reads logged when the page shows them, and one commit at the end.

A page that answers without having asked a loader is refused, not sent (fail closed).
At the end of a request the unit of work is settled in one place: a request that failed
or was refused is rolled back; the reads noted on the way are written to the access log
only if the answer showed them (a refusal, an error page, or a failed commit shows
nothing); then everything commits once.
"""

import logging

from flask import current_app, g, redirect, request, url_for

from portal import audit, db, errors
from portal.access import loaders
from portal.access.actor import Actor
from portal.access.areas import Area, Verb
from portal.access.loaders import Read, Scope
from portal.access.refusals import Refusal, StepUp

log = logging.getLogger(__name__)


def current_actor() -> Actor | None:
    """Return the actor of the request: from its access token (an app, through the API), else
    from its login session."""
    token_actor = g.get("token_actor")
    if token_actor is not None:
        return token_actor
    login = g.get("login")
    return Actor.from_session(login) if login is not None else None


def _reads(read: Read) -> None:
    """Keep a read until the end of the request (once per person, area and row)."""
    g.setdefault("access_reads", {})[(read.subject_id, read.what, read.resource_id)] = read


def decided() -> None:
    """Note that the request asked the access layer (it may show nothing at all)."""
    g.access_checked = True


def scope(area: Area, verb: Verb = Verb.VIEW, *, subject=None, purpose=None) -> Scope:
    """Return the scope of the request's subject (or another person, for staff) in an area."""
    decided()
    return loaders.open_scope(current_actor(), subject if subject is not None else g.subject,
                              area, verb, purpose=purpose, reads=_reads)


def scopes(*areas: Area) -> dict[Area, Scope]:
    """Return the scopes of the areas the reader may see, for a page made of several.

    An area refused only for the login's assurance level asks the person to step up; other
    refusals leave the area out.
    """
    found = {}
    for area in areas:
        try:
            found[area] = scope(area)
        except StepUp:
            raise
        except Refusal:
            continue
    return found


def allows(area: Area, verb: Verb = Verb.VIEW) -> bool:
    """Tell whether the reader may do verb in an area for the subject (to show a button)."""
    try:
        scope(area, verb)
    except Refusal:
        return False
    return True


def leads_somewhere(area: Area, verb: Verb = Verb.VIEW) -> bool:
    """Tell whether the subject's page of an area would open for the reader (for the menu,
    and for the home page's shortcuts, which also ask about acting: booking, writing).

    This does not count as the page's own decision: a view that forgot to ask the access
    layer is still caught by the fail-closed check, whatever the menu asked. A step-up
    counts as open, for the page asks for the stronger login.
    """
    try:
        loaders.open_scope(current_actor(), g.subject, area, verb)
    except StepUp:
        return True
    except Refusal:
        return False
    return True


def peek(area: Area, *, subject=None) -> Scope | None:
    """Return the scope if the decision allows it as the login stands, else None (no step-up).

    For cards and lists of several people: a refusal here shows nothing and asks nothing.
    """
    decided()
    try:
        return loaders.open_scope(current_actor(),
                                  subject if subject is not None else g.subject, area,
                                  reads=_reads, peek=True)
    except Refusal:
        return None


def staff_scope(area: Area) -> Scope:
    """Return the rows of an area that the staff member's unit has a purpose for."""
    decided()
    return loaders.staff_scope(current_actor(), area, reads=_reads)


def load(model: type, row_id: int, *, verb: Verb = Verb.VIEW, area: Area | None = None,
         where=(), options=()):
    """Return one row of the request's subject (or, for staff, of a purpose) or refuse.

    The row counts as read when it is loaded to be looked at, or shown on a page (a GET);
    a row loaded only to act on, in a POST, does not.
    """
    decided()
    read = verb is Verb.VIEW or request.method in ("GET", "HEAD")
    return loaders.load(current_actor(), g.get("subject"), model, row_id, verb=verb, area=area,
                        where=where, options=options, read=read, reads=_reads)


def staff_load(model: type, row_id: int, *, verb: Verb = Verb.VIEW, area: Area | None = None,
               where=(), options=()):
    """Return a row the staff member's unit has a purpose for, or refuse (see `load`)."""
    decided()
    read = verb is Verb.VIEW or request.method in ("GET", "HEAD")
    return loaders.load_for_staff(current_actor(), model, row_id, verb=verb, area=area,
                                  where=where, options=options, read=read, reads=_reads)


def public(view):
    """Mark a view as showing no personal data, so it needs no access decision."""
    view.shows_no_personal_data = True
    return view


def _render_refusal(exc: Refusal):
    """Show a refusal: log in again at the high level, or a page saying no in plain words."""
    if isinstance(exc, StepUp):
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?"), level="high"))
    return errors.render_error(exc.status, exc.message)


def _fail_closed(response):
    """Refuse to send a page that showed data without asking the access layer.

    OPTIONS is answered by Flask itself, with the allowed methods and no page: nothing shown.
    """
    if (not 200 <= response.status_code < 300 or request.endpoint in (None, "static")
            or request.method == "OPTIONS"):
        return response
    view = current_app.view_functions.get(request.endpoint)
    if g.get("access_checked") or getattr(view, "shows_no_personal_data", False):
        return response
    log.error("View %s answered without an access decision; refused", request.endpoint)
    g.pop("access_reads", None)
    db.session.rollback()
    body, status = errors.render_error(500)
    return current_app.make_response((body, status))


def _end_request(response):
    """Settle the request's unit of work: roll back a failure, log what was shown, commit."""
    reads = g.pop("access_reads", {})
    if response.status_code >= 400:
        db.session.rollback()  # a refused or failed request changes nothing
    if reads and response.status_code < 500 and not g.get("error_page"):
        audit.record_all(reads.values())
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.exception("The unit of work of %s %s did not commit", request.method, request.path)
        body, status = errors.render_error(500)
        return current_app.make_response((body, status))
    return response


def init_app(app):
    """Render refusals; refuse pages that skipped the decision; settle each request once."""
    app.register_error_handler(Refusal, _render_refusal)
    app.after_request(_end_request)
    app.after_request(_fail_closed)  # runs first: after_request functions run in reverse
