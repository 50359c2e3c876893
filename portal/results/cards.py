"""The results card on the home page: how many results have come since the last look."""

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from portal.home.cards import Card, Probe
from portal.home.shortcuts import Shortcut
from portal.results import services
from portal.results.areas import RESULTS

SHORTCUT = Shortcut("results.index", _l("See test results"), RESULTS)


def _ask(scope, actor, _when) -> dict:
    """Ask whether the reader has looked before, and how many results have come since."""
    return {"seen": services.seen_question(actor, scope.subject),
            "new": services.new_question(scope, actor)}


def _show(_scope, actor, subject, answers) -> Card | None:
    """Return a card counting the subject's results released since the reader last looked."""
    count = answers["new"]
    if not count:
        return None
    return Card(
        heading=_("Test results"),
        text=ngettext("%(num)d new result since you last looked.",
                      "%(num)d new results since you last looked.", count)
        if answers["seen"] is not None
        else ngettext("%(num)d result you have not looked at yet.",
                      "%(num)d results you have not looked at yet.", count),
        url=url_for("results.index"), highlight=True,
        link_text=_("See your test results") if subject.id == actor.id
        else _("See {name}'s test results").format(name=subject.given_name))


NEW_RESULTS = Probe(RESULTS, _ask, _show)
