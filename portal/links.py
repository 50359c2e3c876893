"""Links that leave the portal (in e-mail, SMS and calendar files): made from the configured
base URL, never from a request's Host header, which a client can forge (issue 14, item 6)."""

from flask import current_app, url_for


def external(endpoint: str, **values) -> str:
    """Return the full address of a page of the portal, from PORTAL_BASE_URL."""
    return current_app.config["PORTAL_BASE_URL"] + url_for(endpoint, **values)
