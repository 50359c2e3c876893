"""The home page's card for unread messages in the subject's conversations."""

from flask import g, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from portal import access
from portal.access import Verb
from portal.home.cards import Card
from portal.home.shortcuts import Shortcut
from portal.messages import services
from portal.messages.areas import MESSAGES

SHORTCUT = Shortcut("messages.new", _l("Write a message"), MESSAGES, Verb.ACT)


def unread_messages(actor, subject) -> Card | None:
    """Return a card when the reader has unread messages in the subject's conversations.

    The home page asks for each person the reader acts for too, so a parent at home still
    hears that the health station has answered on their child's behalf.
    """
    login = g.get("login")
    if login is None or login.is_staff or subject is None:
        return None
    scope = access.peek(MESSAGES, subject=subject)
    if scope is None:
        return None
    count = services.unread_total(scope, actor)
    if not count:
        return None
    scope.note()  # the count tells something of the person's messages
    if subject.id == actor.id:
        text = ngettext("You have %(num)d unread message.",
                        "You have %(num)d unread messages.", count)
    else:
        text = ngettext("There is %(num)d unread message for %(name)s.",
                        "There are %(num)d unread messages for %(name)s.", count,
                        name=subject.name)
    return Card(heading=_("Messages"), text=text, url=url_for("messages.index"),
                link_text=_("Read the messages"), highlight=True)
