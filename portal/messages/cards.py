"""The home page's card for unread messages in the subject's conversations."""

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from portal.access import Verb
from portal.home.cards import Card, Probe
from portal.home.shortcuts import Shortcut
from portal.messages import services
from portal.messages.areas import MESSAGES

SHORTCUT = Shortcut("messages.new", _l("Write a message"), MESSAGES, Verb.ACT)


def _ask(scope, actor, _when) -> dict:
    """Ask how many messages in the subject's conversations the reader has not seen."""
    return {"unread": services.unread_question(scope, actor)}


def _show(_scope, actor, subject, answers) -> Card | None:
    """Return a card when the reader has unread messages in the subject's conversations.

    The home page asks for each person the reader acts for too, so a parent at home still
    hears that the health station has answered on their child's behalf.
    """
    count = answers["unread"]
    if not count:
        return None
    if subject.id == actor.id:
        text = ngettext("You have %(num)d unread message.",
                        "You have %(num)d unread messages.", count)
    else:
        text = ngettext("There is %(num)d unread message for %(name)s.",
                        "There are %(num)d unread messages for %(name)s.", count,
                        name=subject.name)
    return Card(heading=_("Messages"), text=text, url=url_for("messages.index"),
                link_text=_("Read the messages"), highlight=True)


UNREAD_MESSAGES = Probe(MESSAGES, _ask, _show)
