"""Notices of a new answer, by e-mail or SMS through the outbox, with no health information.

DOMAIN.md, "Secure messages": the notice says only that there is a new message. It names
neither the team (a team's name can tell what someone is treated for) nor the person.
"""

from datetime import date, datetime

from flask_babel import force_locale
from flask_babel import gettext as _

from portal import access, db
from portal.areas import Area
from portal.journal.models import Person
from portal.messages.models import Thread
from portal.outbox import OutboxMessage


def recipients(thread: Thread, *, on: date, now: datetime) -> list[Person]:
    """Return who is told of a new answer: the person, and those who wrote for them.

    A parent or holder of a power of attorney who wrote in the thread is told too, while
    they may still read the person's messages (a child who has turned 12 since is not).
    """
    people = [thread.person]
    writers = {m.author_id: m.author for m in thread.messages if m.author_role == "representative"}
    for writer in writers.values():
        if access.check(access.Actor(writer), thread.person, Area.MESSAGES, on=on, now=now):
            people.append(writer)
    return [p for p in people if p.email or p.phone]


def notice(person: Person, url: str, now: datetime, locale: str = "nb") -> OutboxMessage:
    """Build the notice to one person: e-mail where we have an address, otherwise SMS."""
    # The text does not depend on who sends it: the portal's default language, not the
    # staff member's, until people can choose the language of their notices.
    with force_locale(locale):
        subject = _("You have a new message in the health portal")
        body = _("You have a new message in the health portal. Log in to read it: {url}\n\n"
                 "This is an automatic notice; replies to it are not read.").format(url=url)
    channel, recipient = ("email", person.email) if person.email else ("sms", person.phone)
    return OutboxMessage(person_id=person.id, channel=channel, recipient=recipient,
                         subject=subject, body=body, created_at=now)


def queue_notices(thread: Thread, *, url: str, on: date, now: datetime,
                  locale: str = "nb") -> list[tuple[Person, OutboxMessage]]:
    """Queue a notice of a new answer to each recipient (the caller commits)."""
    notices = [(person, notice(person, url, now, locale))
               for person in recipients(thread, on=on, now=now)]
    db.session.add_all(n for _, n in notices)
    return notices
