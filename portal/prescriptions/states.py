"""The states of a renewal request and the one table of moves between them.

A request is sent by the person (or someone acting for them); the GP office answers it once:
it renews the prescription (a new one, valid a year), declines with a reason, or asks the
person to book an appointment. Every answer ends the request; a new request may follow.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.prescriptions.models import REQUEST_STATES

STATES = REQUEST_STATES
STATE_NAMES = {
    "sent": _l("Sent to the GP office"),
    "renewed": _l("Renewed"),
    "declined": _l("Declined"),
    "book_appointment": _l("Book an appointment"),
}
# event -> {state it may happen in: state it leads to}.
TRANSITIONS: dict[str, dict[str, str]] = {
    "renew": {"sent": "renewed"},
    "decline": {"sent": "declined"},
    "ask_booking": {"sent": "book_appointment"},
}
EVENTS = tuple(TRANSITIONS)
OPEN = ("sent",)


class RequestError(Exception):
    """A request about a prescription that cannot be done; the message says why."""


class ForbiddenTransition(RequestError):
    """An answer that the state table does not allow in the request's present state."""

    def __init__(self, state: str, event: str):
        self.state, self.event = state, event
        super().__init__(_("This request has been answered already: it is “{state}”. Reload "
                           "the page to see the answer.").format(
            state=STATE_NAMES.get(state, state)))


def next_state(state: str, event: str) -> str:
    """Return the state an event leads to from a state, or raise ForbiddenTransition."""
    target = TRANSITIONS.get(event, {}).get(state)
    if target is None:
        raise ForbiddenTransition(state, event)
    return target


def allowed(state: str, event: str) -> bool:
    """Tell whether an event may happen in a state."""
    return state in TRANSITIONS.get(event, {})
