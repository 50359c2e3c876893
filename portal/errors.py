"""Translated error pages; no traceback ever reaches a user."""

import logging

from flask import current_app, g, render_template, request
from flask.globals import request_ctx
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from portal import db
from portal.extensions import login_manager

log = logging.getLogger(__name__)
RETRY_AFTER = 60  # seconds to wait before trying again when the database is unreachable


def _titles() -> dict[int, tuple[str, str]]:
    """Return the title and explanation for each status we show a page for."""
    return {
        400: (_("There was a problem with the request"),
              _("The page could not handle what was sent. Go back and try again.")),
        403: (_("You do not have access to this page"),
              _("If you think you should have access, contact the unit that treats you.")),
        404: (_("We could not find the page"),
              _("The address may be mistyped, or the page may have moved.")),
        405: (_("There was a problem with the request"),
              _("The page could not handle what was sent. Go back and try again.")),
        413: (_("The file is too large"),
              _("Files can be at most {size} MB. Make the file smaller and try again.")),
        429: (_("Too many attempts"),
              _("Please wait a minute before you try again.")),
        500: (_("Something went wrong on our side"),
              _("The error has been logged. Please try again in a little while.")),
        503: (_("The health portal is unavailable for a moment"),
              _("We cannot reach the journal right now. Please try again in a few minutes. "
                "In an emergency, call 113.")),
    }


def render_error(status: int, message: str | None = None):
    """Render the error page for a status, with an optional more specific message.

    An error page shows none of the person's data: the request's reads are not logged.
    """
    g.error_page = True
    titles = _titles()
    title, explanation = titles.get(status, titles[500])
    if status == 413:
        explanation = explanation.format(size=current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024))
    if request_ctx.url_adapter is None:
        # The request named a host this portal does not serve: no link can be made for it,
        # so the page is the message alone.
        return (f"<!doctype html><title>{escape(title)}</title><h1>{escape(title)}</h1>"
                f"<p>{escape(message or explanation)}</p>"), status
    return render_template(
        "errors/error.html", status=status, title=title, explanation=message or explanation
    ), status


def _http_error(exc: HTTPException):
    """Show an HTTP error as a translated page."""
    return render_error(exc.code or 500)


def _csrf_error(_exc: CSRFError):
    """Explain a missing or stale form token without technical words."""
    return render_error(
        400, _("The form had expired. Go back, reload the page and try again.")
    )


def _unexpected(exc: Exception):
    """Log an unexpected error and show the generic page."""
    if isinstance(exc, HTTPException):
        return _http_error(exc)
    log.exception("Unhandled error on %s %s", request.method, request.path)
    _forget_transaction()
    return render_error(InternalServerError.code)


def _database_down(exc: OperationalError | InterfaceError):
    """Show the translated "unavailable for a moment" page when the database cannot be reached.

    The page is made without the database (no login is reloaded for it), with Retry-After.
    """
    log.error("The database is unreachable on %s %s: %s", request.method, request.path, exc)
    _forget_transaction()
    g.login = g.actor = g.subject = None
    g._login_user = login_manager.anonymous_user()  # Flask-Login: do not reload the session
    body, status = render_error(503)
    return body, status, {"Retry-After": str(RETRY_AFTER)}


def _forget_transaction() -> None:
    """Roll back what the request did, even if the database has gone away meanwhile."""
    try:
        db.session.rollback()
    except (OperationalError, InterfaceError):
        db.session.invalidate()


def init_app(app):
    """Register the error handlers."""
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(OperationalError, _database_down)
    app.register_error_handler(InterfaceError, _database_down)
    app.register_error_handler(Exception, _unexpected)
