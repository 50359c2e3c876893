"""The home page's prescriptions card: something runs out within 30 days."""

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from portal import access, clock
from portal.home.cards import Card, Probe
from portal.home.shortcuts import Shortcut
from portal.i18n import format_day
from portal.prescriptions import services
from portal.prescriptions.areas import PRESCRIPTIONS

SHORTCUT = Shortcut("prescriptions.index", _l("Renew a prescription"), PRESCRIPTIONS,
                    verb=access.Verb.ACT)


def _ask(scope, _actor, when) -> dict:
    """Ask whether any prescription of the subject runs out within 30 days."""
    return {"running_out": services.running_out_question(scope, when)}


def _show(scope, actor, subject, answers) -> Card | None:
    """Return a card when a prescription of the subject runs out within 30 days and may be
    asked for (the prescriptions themselves are read only then)."""
    if not answers["running_out"]:
        return None
    found = services.running_out(scope, clock.today())
    if not found:
        return None
    first = found[0]
    text = (_("{medication} runs out on {date}.").format(
        medication=first.medication, date=format_day(first.valid_to))
        if len(found) == 1 and first.dispensings_left
        else ngettext("%(num)d prescription runs out within 30 days.",
                      "%(num)d prescriptions run out within 30 days.", len(found)))
    return Card(heading=_("Prescriptions"), text=text, url=url_for("prescriptions.index"),
                highlight=True,
                link_text=_("Ask for renewal") if subject.id == actor.id
                else _("See {name}'s prescriptions").format(name=subject.given_name))


RUNNING_OUT = Probe(PRESCRIPTIONS, _ask, _show)
