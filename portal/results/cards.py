"""The results card on the home page: how many results have come since the last look."""

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from portal import access
from portal.home.cards import Card
from portal.home.shortcuts import Shortcut
from portal.results import services
from portal.results.areas import RESULTS

SHORTCUT = Shortcut("results.index", _l("See test results"), RESULTS)


def results_card(actor, subject) -> Card | None:
    """Return a card counting the subject's results released since the reader last looked."""
    scope = access.peek(RESULTS, subject=subject)
    if scope is None:
        return None
    seen = services.last_seen(actor, subject)
    count = services.new_since(scope, seen)
    if not count:
        return None
    return Card(
        heading=_("Test results"),
        text=ngettext("%(num)d new result since you last looked.",
                      "%(num)d new results since you last looked.", count)
        if seen is not None else ngettext("%(num)d result you have not looked at yet.",
                                          "%(num)d results you have not looked at yet.", count),
        url=url_for("results.index"), highlight=True,
        link_text=_("See your test results") if subject.id == actor.id
        else _("See {name}'s test results").format(name=subject.given_name))
