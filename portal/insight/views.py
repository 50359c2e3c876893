"""`/insight/`: the municipality's dashboard for its leaders, with a CSV per indicator."""

from datetime import timedelta
from functools import wraps

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal import access, clock, errors, features
from portal.care.models import TARGETS
from portal.insight import charts, figures, services
from portal.insight.base import DEFAULT_PERIOD, PERIODS, Period
from portal.insight.forms import TargetsForm
from portal.staff.views import staff_required

bp = Blueprint("insight", __name__, url_prefix="/insight")

PERIOD_NAMES = {"3": _l("The last 3 months"), "6": _l("The last 6 months"),
                "12": _l("The last 12 months"), "24": _l("The last 24 months")}
SECTION_NAMES = {"use": _l("Use of the portal"), "care": _l("Care"),
                 "work": _l("The services' work")}


def leader_required(view):
    """Let only a leader logged in to a municipality through; everyone else gets 403."""

    @wraps(view)
    @staff_required
    def wrapped(*args, **kwargs):
        municipality = services.leader_municipality(g.login)
        if municipality is None:
            abort(403)
        return view(municipality, *args, **kwargs)

    return wrapped


def _period() -> tuple[str, Period] | None:
    """Return the period asked for (the default when none is), or None if it is not offered."""
    key = request.args.get("period", DEFAULT_PERIOD)
    if key not in PERIODS:
        return None
    return key, Period.months_back(PERIODS[key], clock.today())


def _bad_period():
    """Answer a period that is not offered with a page that says so."""
    return errors.render_error(400, _("Choose one of the periods offered."))


@features.once_per_request
def may_read_insight() -> bool:
    """Tell whether the login may read the dashboard (for the staff workspace's link)."""
    return services.leader_municipality(g.get("login")) is not None


@bp.get("/")
@access.public  # aggregates only, with groups under 5 people suppressed
@leader_required
def index(municipality):
    """Show every indicator for the leader's municipality over the chosen period."""
    chosen = _period()
    if chosen is None:
        return _bad_period()
    key, period = chosen
    found = {i.code: i for i in services.dashboard(municipality, period)}
    layouts = {code: (charts.columns if i.chart == "columns" else charts.bars)(i.points)
               for code, i in found.items()}
    return render_template(
        "insight/index.html", municipality=municipality, period=period, period_key=key,
        period_names=PERIOD_NAMES, sections=[(SECTION_NAMES[name], [found[c] for c in codes])
                                             for name, codes in services.SECTIONS],
        layouts=layouts, one_day=timedelta(days=1), computed_at=figures.computed_at(),
        fewer_than_5=_("fewer than 5"))  # written in many cells: translated once


@bp.get("/<code>.csv")
@access.public
@leader_required
def download(municipality, code: str):
    """Download one indicator's table as CSV, suppressed the same way as on the page."""
    if code not in services.CODES:
        abort(404)
    chosen = _period()
    if chosen is None:
        return _bad_period()
    key, period = chosen
    found = services.indicator(code, municipality, period)
    body = services.csv_text(found, municipality, period, services.csv_value)
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{code}-{municipality.code}-{key}m.csv"'})


@bp.route("/targets", methods=["GET", "POST"])
@access.public
@leader_required
def targets(municipality):
    """Set the targets the dashboard compares the municipality's stays and occupancy with."""
    form = TargetsForm(data=services.targets(municipality))
    if form.validate_on_submit():
        services.set_targets(municipality, {code: form[code].data for code in TARGETS})
        flash(_("The targets are saved."), "success")
        return redirect(url_for(".index", _anchor="stays"))
    status = 400 if form.errors else 200
    return render_template("insight/targets.html", form=form, municipality=municipality), status


def init_app(app):
    """Add the dashboard's pages, and tell the staff workspace who may read them."""
    app.register_blueprint(bp)

    app.add_template_global(may_read_insight)
