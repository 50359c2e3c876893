"""The frame around every page: navigation, the person logged in, languages, the banner."""

from urllib.parse import urlencode

from flask import current_app, g, request, url_for
from flask_babel import lazy_gettext as _l

from portal import assets
from portal.auth import sessions

# Every area of the portal, in the order the menu shows them. An area appears once its
# feature's blueprint is registered, so the menu never links to a page that is not there.
CITIZEN_AREAS = (
    ("home.index", _l("Home")),
    ("results.index", _l("Test results")),
    ("records.index", _l("My journal")),
    ("appointments.index", _l("Appointments")),
    ("messages.index", _l("Messages")),
    ("applications.index", _l("Applications")),
    ("representation.index", _l("Act for others")),
    ("access_log.index", _l("Who has seen my data")),
)
STAFF_AREAS = (
    ("staff.index", _l("Staff workspace")),
    ("staff_results.index", _l("Results to share")),
    ("staff_messages.index", _l("Team inbox")),
    ("staff_applications.index", _l("Applications")),
    ("staff_appointments.index", _l("Appointments")),
)
LANGUAGE_NAMES = {"nb": "Norsk bokmål", "nn": "Norsk nynorsk", "en": "English"}


def _areas(areas) -> list[dict]:
    """Return the menu entries whose pages exist, marking the one being shown."""
    known = current_app.view_functions
    here = (request.endpoint or "").split(".")[0]
    return [
        {"url": url_for(endpoint), "label": label, "current": endpoint.split(".")[0] == here}
        for endpoint, label in areas
        if endpoint in known
    ]


def _language_links() -> list[dict]:
    """Return a link per language to the same page, with its other arguments kept."""
    args = request.args.to_dict(flat=False)
    links = []
    for code in current_app.config["LANGUAGES"]:
        args["lang"] = [code]
        query = urlencode([(k, v) for k, values in args.items() for v in values])
        links.append({"code": code, "name": LANGUAGE_NAMES[code], "url": f"{request.path}?{query}",
                      "current": code == g.get("lang")})
    return links


def _context() -> dict:
    """Give every template the frame's data."""
    login = g.get("login")
    areas = []
    if login is not None:
        areas = _areas(STAFF_AREAS if login.is_staff else CITIZEN_AREAS)
    subject = g.get("subject")
    return {
        "nav_areas": areas,
        "languages": _language_links(),
        "stylesheets": [url_for("static", filename=name) for name in assets.STYLESHEETS],
        "login": login,
        "actor": g.get("actor"),
        "acting_for": subject if login and subject is not None and subject != g.actor else None,
        "lang": g.get("lang", "nb"),
        # The warning in the header: when the session ends if the person does nothing more.
        "session_ends_at": sessions.expires_at(login) if login else None,
    }


def init_app(app):
    """Register the frame's template context."""
    app.context_processor(_context)
