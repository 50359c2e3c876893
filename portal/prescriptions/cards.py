"""The home page's prescriptions card: something runs out within 30 days."""

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from portal import access, clock
from portal.home.cards import Card
from portal.home.shortcuts import Shortcut
from portal.i18n import format_day
from portal.prescriptions import services
from portal.prescriptions.areas import PRESCRIPTIONS

SHORTCUT = Shortcut("prescriptions.index", _l("Renew a prescription"), PRESCRIPTIONS,
                    verb=access.Verb.ACT)


def prescriptions_card(actor, subject) -> Card | None:
    """Return a card when a prescription of the subject runs out within 30 days."""
    scope = access.peek(PRESCRIPTIONS, subject=subject)
    if scope is None:
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
