"""Test results for citizens: the list, a page per result with its trend."""

from dataclasses import dataclass
from datetime import date, datetime

from flask import Blueprint, g, render_template, request
from flask_babel import format_date
from flask_login import login_required

from portal import access, charts, clock, features, params
from portal.representation import rules
from portal.results import cards, labels, names, rangebar, services, staff_views
from portal.results.areas import PURPOSES, RESULTS
from portal.results.explanations import EXPLANATIONS
from portal.results.forms import ResultFilterForm
from portal.results.labels import STATUS, SYMBOLS, WORDS
from portal.results.shown import Shown

bp = Blueprint("results", __name__, url_prefix="/results")
bp.add_app_template_global(labels.value_of)
bp.add_app_template_global(labels.range_of)


def _context() -> dict:
    """Return the words and symbols templates need for flags."""
    return {"words": WORDS, "symbols": SYMBOLS, "status_words": STATUS}


@bp.get("/")
@login_required
def index():
    """List results newest first, grouped by sample date, with a "new" marker and filters."""
    scope = access.scope(RESULTS)
    form = ResultFilterForm(request.args, tests=sorted(
        ((code, names.test_name(code, lab_name)) for code, lab_name in services.tests_taken(scope)),
        key=lambda test: test[1].casefold()))
    valid = form.validate()
    page = services.page_of_results(
        scope, g.actor, code=(form.test.data or None) if valid else None,
        start=form.start.data if valid else None, end=form.end.data if valid else None,
        page=params.number(request.args, "page", 1))
    services.mark_seen(g.actor, g.subject, page, scope.now)
    seen = page.seen
    shown = [Shown.of(r, new=seen is not None and r.released_at > seen) for r in page.rows]
    return render_template("results/index.html", form=form, page=page, shown=shown,
                           parent_of_young=_parent_of_young(scope),
                           filtered=bool(request.args.get("test") or request.args.get("start")
                                         or request.args.get("end")),
                           **_context()), 200 if valid else 400


@dataclass(frozen=True)
class Latest:
    """A test's row in the latest-per-test view."""

    shown: Shown
    values: list[float]
    since: datetime
    trend: charts.Sparkline | None


@bp.get("/latest")
@login_required
def latest():
    """Show one row per test: the latest result, its flag, a small trend and the date.

    Critical results come first, then other abnormal ones, then the rest by name (issue 19,
    item 4).
    """
    scope = access.scope(RESULTS)
    rows = []
    for results in services.latest_per_test(scope):
        newest = Shown.of(results[-1])
        measured = [r for r in results if r.value_quantity is not None]
        numbers = [r.value_quantity for r in measured]
        rows.append(Latest(newest, numbers, (measured or results)[0].effective_at,
                           charts.sparkline(numbers) if len(numbers) > 1 else None))
    rows.sort(key=lambda r: (not r.shown.flag.critical, not r.shown.flag.abnormal,
                             r.shown.name.casefold()))
    return render_template("results/latest.html", rows=rows,
                           parent_of_young=_parent_of_young(scope), **_context())


@bp.get("/<int:observation_id>")
@login_required
def detail(observation_id: int):
    """Show one result: value, range bar, source, status, comment, explanation and trend."""
    scope = access.scope(RESULTS)
    row = services.result_in(scope, observation_id)
    result = Shown.of(row)
    earlier, total = services.trend(scope, row.code)
    trend_rows = [Shown.of(r) for r in earlier]
    return render_template(
        "results/detail.html", result=result, bar=rangebar.layout(
            row.value_quantity, result.reference.low, result.reference.high, row.critical_low,
            row.critical_high),
        explanation=EXPLANATIONS.get(row.code), trend=_trend_chart(trend_rows, result),
        trend_rows=trend_rows, trend_total=total, **_context())


def _parent_of_young(scope) -> bool:
    """Tell whether the reader is a parent of a 12-15-year-old, who sees only some results.

    The page then says so plainly (issue 16, item 6), whether or not anything is hidden.
    """
    return (scope.decision.role is access.Role.PARENT
            and rules.aged_12_to_15(g.subject, clock.today()))


def _trend_chart(rows: list[Shown], result: Shown) -> charts.Chart | None:
    """Lay out the trend of one test over time, with its reference band as the green zone."""
    if len(rows) < 2:
        return None
    first, last = rows[0].day, rows[-1].day
    if (last - first).days > 400:
        marks = [date(y, 1, 1) for y in range(first.year + 1, last.year + 1)]
        pattern = "y"
    else:
        months = [date(first.year + (first.month + i) // 12, (first.month + i) % 12 + 1, 1)
                  for i in range(0, 13)]
        marks = [m for m in months if m <= last] or [first]
        pattern = "MMM y"
    limit = 2 * charts.MAX_X_LABELS if pattern == "y" else charts.MAX_X_LABELS
    marks = marks[:: -(-len(marks) // limit)]
    labels = {(m - first).days: format_date(m, pattern) for m in marks}
    series = [((s.day - first).days, s.row.value_quantity, s) for s in rows]
    return charts.line_chart(series, x_ticks=list(labels), x_label=lambda t: labels.get(t, ""),
                             band=(result.reference.low, result.reference.high))


def init_app(app):
    """Declare the results area and the GP listing purpose; add the pages, the home card and shortcut."""
    features.install(app, areas=(RESULTS,), purposes=PURPOSES,
                     blueprints=(bp, staff_views.bp), cards=(cards.NEW_RESULTS,),
                     shortcuts=(cards.SHORTCUT,))
    app.add_template_filter(names.of, "test_name")
