"""The home page's card for unread messages: one's own, and those of people one acts for."""

from flask import g, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from portal import access
from portal.home.cards import Card
from portal.messages import services
from portal.messages.areas import MESSAGES


def _unread(actor, subject) -> int:
    """Return the reader's unread messages in the subject's threads, where they may read them."""
    scope = access.peek(MESSAGES, subject=subject)
    if scope is None:
        return 0
    count = services.unread_total(scope, actor)
    if count:
        scope.note()  # the count tells something of the person's messages
    return count


def unread_messages(actor, subject) -> Card | None:
    """Return a card when there are unread messages for the subject or, at home, for others.

    A parent acting for themselves still hears that the health station has answered on
    their child's behalf: the answer to a question they asked must not go unnoticed.
    """
    login = g.get("login")
    if login is None or login.is_staff or subject is None:
        return None
    own = _unread(actor, subject)
    others = []
    if subject.id == actor.id:
        others = [(p, n) for p in access.people_to_act_for(actor) if (n := _unread(actor, p))]
    if not own and not others:
        return None
    lines = []
    if own and subject.id == actor.id:
        lines.append(ngettext("You have %(num)d unread message.",
                              "You have %(num)d unread messages.", own))
    elif own:
        lines.append(ngettext("There is %(num)d unread message for %(name)s.",
                              "There are %(num)d unread messages for %(name)s.", own,
                              name=subject.name))
    lines += [ngettext("There is %(num)d unread message for %(name)s.",
                       "There are %(num)d unread messages for %(name)s.", n, name=p.name)
              for p, n in others]
    if own:
        return Card(heading=_("Messages"), text=" ".join(lines), url=url_for("messages.index"),
                    link_text=_("Read the messages"), highlight=True)
    return Card(heading=_("Messages"), text=" ".join(lines),
                url=url_for("representation.index"),
                link_text=_("Choose whom to act for, to read them"), highlight=True)
