"""THE access decision: may this actor do this action on this person's data?

Every view that shows or changes personal data asks `check()` (or `require()`), and nothing
else decides. The foundation knows one rule, that a person may see and do everything with
their own data at the highest assurance level; representation, staff purpose and assurance
steps are added here, and only here, by the features that need them.
"""

from dataclasses import dataclass
from enum import StrEnum

from flask import abort, g


class Action(StrEnum):
    """What someone may want to do with a person's data."""

    VIEW_PROFILE = "view_profile"
    VIEW_RESULTS = "view_results"
    VIEW_RECORDS = "view_records"
    VIEW_APPOINTMENTS = "view_appointments"
    BOOK_APPOINTMENTS = "book_appointments"
    VIEW_MESSAGES = "view_messages"
    SEND_MESSAGES = "send_messages"
    VIEW_APPLICATIONS = "view_applications"
    SUBMIT_APPLICATIONS = "submit_applications"
    VIEW_ACCESS_LOG = "view_access_log"


@dataclass(frozen=True)
class Decision:
    """The answer: allowed or not, and in which role the actor acts."""

    allowed: bool
    role: str | None = None  # "self", "parent", "representative" or "staff"

    def __bool__(self) -> bool:
        return self.allowed


DENY = Decision(False)


def check(actor, subject, action: Action, *, login=None) -> Decision:
    """Decide whether actor may do action on subject's data."""
    if actor is None or subject is None:
        return DENY
    if login is not None and login.is_staff:
        return DENY
    if actor.id == subject.id:
        return Decision(True, "self")
    return DENY


def require(action: Action) -> Decision:
    """Check the request's actor and subject, or answer 404 so that nothing is revealed."""
    decision = check(g.get("actor"), g.get("subject"), action, login=g.get("login"))
    if not decision:
        abort(404)
    return decision
