"""The frame around every page: navigation, the person logged in, languages, the banner."""

from urllib.parse import urlencode

from flask import current_app, g, request, url_for
from flask_babel import lazy_gettext as _l

from portal import assets, bundle
from portal.access import registry, web
from portal.auth import sessions

# Every area of the portal, in the order the menu shows them. An area appears once its
# feature's blueprint is registered, so the menu never links to a page that is not there;
# while acting for someone, an entry whose access area the decision refuses for that person
# is left out (issue 16, item 6), so the menu never leads to a refusal.
CITIZEN_AREAS = (
    ("home.index", _l("Home"), None),
    ("results.index", _l("Test results"), "results"),
    ("records.index", _l("My journal"), None),
    ("prescriptions.index", _l("Prescriptions"), "prescriptions"),
    ("appointments.index", _l("Appointments"), "appointments"),
    ("questionnaires.index", _l("Questionnaires"), "questionnaires"),
    ("messages.index", _l("Messages"), "messages"),
    ("applications.index", _l("Applications"), "applications"),
    ("representation.index", _l("Act for others"), None),
    ("access_log.index", _l("Who has seen my data"), "access_log"),
)
# Staff see the entries for what their unit does (issue 16, item 8): a GP office shares
# results, a case office handles applications, the teams that citizens write to have an
# inbox, and the units with appointments a day list.
STAFF_AREAS = (
    ("staff.index", _l("Staff workspace"), None),
    ("staff_results.index", _l("Results to share"), ("gp_office",)),
    ("staff_prescriptions.index", _l("Renewal requests"), ("gp_office",)),
    ("staff_messages.index", _l("Team inbox"),
     ("gp_office", "health_station", "youth_health_station", "home_care")),
    ("staff_applications.index", _l("Applications"), ("case_office",)),
    ("staff_appointments.index", _l("Appointments"),
     ("gp_office", "health_station", "youth_health_station")),
    ("staff_questionnaires.send", _l("Send a questionnaire"),
     ("gp_office", "health_station", "youth_health_station")),
    ("insight.index", _l("Insight"), ("municipality",)),
)
LANGUAGE_NAMES = {"nb": "Norsk bokmål", "nn": "Norsk nynorsk", "en": "English"}


def _open(code: str | None, acting_for) -> bool:
    """Tell whether a menu entry leads somewhere for the person the pages are about."""
    if code is None or acting_for is None:
        return True
    area = registry.area(code)
    return area is None or web.leads_somewhere(area)


def _areas(areas, keep, kept_as=None) -> list[dict]:
    """Return the menu entries whose pages exist and lead somewhere, marking the one shown.

    A menu that depends only on who looks (`kept_as`: a citizen on their own pages, staff of
    a kind of unit) is made once per language and page area and kept: its links and words
    are the same for everyone (a menu while acting for someone asks the decision each time).
    """
    here = (request.endpoint or "").split(".")[0]
    key = (kept_as, here, g.get("lang"), request.script_root) if kept_as else None
    kept = current_app.extensions.setdefault("menus", {})
    if key in kept:
        return kept[key]
    known = current_app.view_functions
    made = [
        {"url": url_for(endpoint), "label": str(label), "current": endpoint.split(".")[0] == here}
        for endpoint, label, condition in areas
        if endpoint in known and keep(condition)
    ]
    if key is not None:
        kept[key] = made
    return made


def _for_unit(unit):
    """Return a test of a staff menu entry's unit kinds against the unit logged in to."""
    return lambda kinds: kinds is None or (unit is not None and unit.kind in kinds)


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
    subject = g.get("subject")
    acting_for = subject if login and subject is not None and subject != g.actor else None
    areas = []
    if login is not None:
        areas = (_areas(STAFF_AREAS, _for_unit(login.unit),
                        kept_as=("staff", login.unit.kind if login.unit else None))
                 if login.is_staff
                 else _areas(CITIZEN_AREAS, lambda code: _open(code, acting_for),
                             kept_as="citizen" if acting_for is None else None))
    return {
        "nav_areas": areas,
        "languages": _language_links(),
        "assets": bundle.current(),
        "fonts": assets.FONTS,
        "login": login,
        "actor": g.get("actor"),
        "acting_for": acting_for,
        "lang": g.get("lang", "nb"),
        # The warning in the header: when the session ends if the person does nothing more.
        "session_ends_at": sessions.expires_at(login) if login else None,
    }


def init_app(app):
    """Register the frame's template context."""
    app.context_processor(_context)
