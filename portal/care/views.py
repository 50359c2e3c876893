"""The person's home care: the coming week's visits and the last month's (issue 18)."""

from flask import Blueprint, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from portal import access, clock, features
from portal.care import services
from portal.care.areas import HOME_CARE
from portal.home.cards import Card, Probe
from portal.i18n import format_day

bp = Blueprint("care", __name__, url_prefix="/home-care")

SERVICE_NAMES = {"home_nursing": _l("Home nursing"),
                 "practical_assistance": _l("Practical assistance")}
STATUS_NAMES = {"planned": _l("Planned"), "done": _l("Done"),
                "cancelled": _l("Cancelled"), "unregistered": _l("Not yet registered")}


@bp.get("/")
@login_required
def index():
    """Show the visit plans, the coming week's visits and the last 30 days' visits."""
    scope = access.scope(HOME_CARE)
    today = clock.today()
    coming, past = services.visits(scope, today)
    return render_template("care/index.html", plans=services.plans(scope, today),
                           coming=coming, past=past, service_names=SERVICE_NAMES,
                           status_names=STATUS_NAMES, coming_days=services.COMING_DAYS,
                           past_days=services.PAST_DAYS)


def _ask(scope, _actor, when) -> dict:
    """Ask for the next planned home-care visit of the coming week."""
    return services.next_visit_questions(scope, when)


def _show(_scope, _actor, _subject, answers) -> Card | None:
    """Return a card with the next home-care visit, when one is planned this week."""
    if answers["starts_at"] is None:
        return None
    return Card(heading=_("Home care"),
                text=_("Next visit: {service}, {when}.").format(
                    service=SERVICE_NAMES[answers["service"]],
                    when=format_day(answers["starts_at"], "datetime")),
                url=url_for("care.index"), link_text=_("See the visits"))


NEXT_VISIT = Probe(HOME_CARE, _ask, _show)


def init_app(app):
    """Declare home care to the access decision; add the page and the home card."""
    features.install(app, areas=(HOME_CARE,), blueprints=(bp,), cards=(NEXT_VISIT,))
