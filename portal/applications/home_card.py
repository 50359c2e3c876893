"""The home page's card about the subject's applications: what needs an answer, what is new."""

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from portal import db
from portal.access import Verb
from portal.applications import services
from portal.applications.areas import APPLICATIONS
from portal.applications.models import Application
from portal.applications.states import APPEALABLE, AWAITING_DECISION
from portal.home import cards
from portal.home.shortcuts import Shortcut

SHORTCUT = Shortcut("applications.index", _l("Apply for services"), APPLICATIONS, Verb.ACT)


# The states in which an application may give a card (a question from the case office is
# one of those awaiting a decision); the applications themselves are read only where the
# person has one (the appeal window needs the decision).
CARD_STATES = ("draft", *AWAITING_DECISION, "appealed", *APPEALABLE)


def _ask(scope, _actor, _when) -> dict:
    """Ask whether the subject has applications that may need a card."""
    return {"open": scope.how_many(Application, Application.state.in_(CARD_STATES))}


def _show(scope, _actor, _subject, answers):
    """Return a card about the subject's open applications, or None when there are none.

    What waits for the person comes first: a question from the case office, then a decision
    still within its appeal window, then applications being handled, then drafts not sent.
    """
    if not answers["open"]:
        return None
    applications = services.for_person(scope)
    asking = [a for a in applications if a.state == "more_info_requested"]
    now = db.utcnow()
    fresh = [a for a in applications if (w := services.appeal_window(a, now)) and not w["late"]]
    waiting = [a for a in applications if a.state in (*AWAITING_DECISION, "appealed")]
    drafts = [a for a in applications if a.state == "draft"]
    if not (asking or fresh or waiting or drafts):
        return None
    if asking:
        return cards.Card(_("The case office needs an answer"),
                          _("Answer the question in case {case}, so that the case can go on.")
                          .format(case=asking[0].case_number),
                          url_for("applications.case", application_id=asking[0].id),
                          _("Answer the case office"), highlight=True)
    if fresh:
        return cards.Card(_("A decision has come"),
                          _("There is a decision in case {case}.").format(
                              case=fresh[0].case_number),
                          url_for("applications.case", application_id=fresh[0].id),
                          _("Read the decision"), highlight=True)
    if waiting:
        return cards.Card(_("Applications"),
                          ngettext("%(num)d application is being handled.",
                                   "%(num)d applications are being handled.", len(waiting)),
                          url_for("applications.index"), _("Follow the applications"))
    return cards.Card(_("Applications"),
                      ngettext("%(num)d application is not sent yet.",
                               "%(num)d applications are not sent yet.", len(drafts)),
                      url_for("applications.index"), _("Finish the application"))


OPEN_APPLICATIONS = cards.Probe(APPLICATIONS, _ask, _show)
