"""One notices module: e-mail and SMS about what happened, without health information.

Features declare their kinds of notice and queue a notice when something happens, in the
same unit of work as the change it is about. Whom it goes to is decided through the access
decision when it is sent (`flask jobs send-notices`), in each recipient's language.
"""

from datetime import datetime

from flask import current_app

from portal import db
from portal.notices import kinds, senders
from portal.notices.job import Report, send_due
from portal.notices.kinds import Kind, register
from portal.notices.models import Delivery, Notice
from portal.notices.recipients import contact, recipients

__all__ = ["Delivery", "Kind", "Notice", "Report", "preview", "queue", "register", "run",
           "send_due"]


def queue(kind: Kind, person, *, now: datetime, about=None, candidates=(), params=None,
          contacts=None) -> Notice:
    """Queue a notice about a person (and the row it is about), in the caller's transaction.

    `candidates` are others who might be told (who booked, who wrote, who applied); the
    access decision picks among them when the notice is sent. `params` are the facts the
    kind's text needs: plain strings, and moments and dates in ISO 8601.
    """
    notice = Notice(person_id=person.id, kind=kind.code, area=kind.area.code,
                    resource=about.__tablename__ if about is not None else None,
                    resource_id=about.id if about is not None else None,
                    params=params or {}, created_at=now,
                    candidates=[c.id if hasattr(c, "id") else c for c in candidates if c],
                    contacts={str(k): list(v) for k, v in (contacts or {}).items()})
    db.session.add(notice)
    db.session.flush()
    return notice


def preview(notice: Notice, now: datetime) -> list[tuple[object, str, str]]:
    """Return (person, channel, address) for whom the notice would go to if it were sent now."""
    return [(person, *contact(notice, person))
            for person, _own in recipients(notice, kinds.kind(notice.kind), now)]


def run(now: datetime) -> Report:
    """Send what is due with the senders in the app's settings."""
    return send_due(now, senders.from_config(current_app.config))
