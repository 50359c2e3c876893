"""The results card on the home page: how many results have come since the last look."""

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from portal import access, db
from portal.areas import Area
from portal.home.cards import Card, register
from portal.journal.entries import Observation
from portal.results import services


@register
def results_card(actor, subject) -> Card | None:
    """Return a card counting results released since the reader last opened the list."""
    decision = access.decide(Area.RESULTS, step_up=False)
    if not decision:
        return None
    now = db.utcnow()
    seen = services.last_seen(actor, subject)
    conditions = services.visible(subject, decision, now)
    if seen is not None:
        conditions.append(Observation.released_at > seen)
    count = db.session.scalar(select(func.count()).select_from(Observation).where(*conditions))
    if not count:
        return None
    access.log_read(decision, Area.RESULTS, what="results")
    return Card(
        heading=_("Test results"),
        text=ngettext("%(num)d new result since you last looked.",
                      "%(num)d new results since you last looked.", count)
        if seen is not None else ngettext("%(num)d result.", "%(num)d results.", count),
        url=url_for("results.index"), link_text=_("See your test results"), highlight=True)
