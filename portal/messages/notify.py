"""Notices of a new answer, by e-mail or SMS, with no health information.

DOMAIN.md, "Secure messages": the notice says only that there is a new message. It names
neither the team (a team's name can tell what someone is treated for) nor the person. The
person is told, and so is a parent or holder of a power of attorney who wrote in the
thread, while they may still read the person's messages when the notice is sent.
"""

from datetime import datetime

from flask import url_for
from flask_babel import lazy_gettext as _l

from portal import notices
from portal.messages.areas import MESSAGES
from portal.messages.models import Thread

ANSWERED = notices.Kind(
    "message_answered", MESSAGES, _l("You have a new message in the health portal"),
    own=_l("You have a new message in the health portal. Log in to read it: {url}"),
    other=_l("You have a new message in the health portal. Log in to read it: {url}"),
    links=("url",))
KINDS = (ANSWERED,)


def answered(thread: Thread, now: datetime) -> notices.Notice:
    """Queue the notice of a new answer in a thread (the caller commits)."""
    writers = [m.author_id for m in thread.messages if m.author_role == "representative"]
    return notices.queue(ANSWERED, thread.person, now=now, about=thread, candidates=writers,
                         params={"url": url_for("messages.index")})
