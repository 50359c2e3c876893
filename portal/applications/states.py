"""The states of an application and the one table of moves between them.

DOMAIN.md, "Applications for municipal services": submitted → received → under assessment
(often a home visit) → decision; more information can be requested from the applicant; an
interim reply as soon as it is clear the case takes time (at the latest within a month);
appeal within 4 weeks (3 to the municipal appeals board), reconsidered by the municipality,
then sent to the appeal body. An appeal upheld only in part is one event (partly_reversed):
the new decision is made and the rest of the appeal goes on, so the case is forwarded. Every
move is an event, and every event is written to the timeline (CaseEvent.kind is the event's
name), so the state can always be replayed from the timeline.
"""

from collections.abc import Iterable

from flask_babel import gettext as _

from portal.applications.labels import STATE_NAMES
from portal.applications.models import APPLICATION_STATES

STATES = APPLICATION_STATES
# Waiting for the municipality's decision: interim replies apply (fvl § 11 a), and the
# applicant may withdraw.
AWAITING_DECISION = ("submitted", "received", "more_info_requested", "under_assessment")
# A decision stands and may be appealed.
APPEALABLE = ("decided", "reconsidered")
RESUME = "resume"  # an answer takes the case back to where it was when the question came
RESUMABLE = ("received", "under_assessment")

# event -> {state it may happen in: state it leads to}. Events that do not change the state
# (an interim reply, a further assessment note) are listed as moves to the same state.
TRANSITIONS: dict[str, dict[str, str]] = {
    "submitted": {"draft": "submitted"},
    "received": {"submitted": "received"},
    "info_requested": {"received": "more_info_requested",
                       "under_assessment": "more_info_requested"},
    "info_given": {"more_info_requested": RESUME},
    "visit_planned": {"received": "under_assessment", "under_assessment": "under_assessment"},
    "assessed": {"received": "under_assessment", "under_assessment": "under_assessment"},
    "interim_reply": {state: state for state in AWAITING_DECISION},
    "decided": {"under_assessment": "decided"},
    "appealed": {state: "appealed" for state in APPEALABLE},
    "late_reason": {"appealed": "appealed"},
    "reversed": {"appealed": "reconsidered"},
    "partly_reversed": {"appealed": "forwarded"},
    "forwarded": {"appealed": "forwarded"},
    "withdrawn": {state: "withdrawn" for state in AWAITING_DECISION},
}
EVENTS = tuple(TRANSITIONS)


class CaseError(Exception):
    """A request about an application that cannot be done; the message says why."""


class ForbiddenTransition(CaseError):
    """An event that the state table does not allow in the case's present state."""

    def __init__(self, state: str, event: str):
        self.state, self.event = state, event
        super().__init__(_("This cannot be done now: the case is “{state}”. Reload the page "
                           "to see what has happened.").format(
            state=STATE_NAMES.get(state, state)))


def next_state(state: str, event: str, *, resume: str | None = None) -> str:
    """Return the state an event leads to from a state, or raise ForbiddenTransition.

    An answer to a request for information (info_given) goes back to the state the case
    was in when the question was asked; the caller passes it as resume.
    """
    target = TRANSITIONS.get(event, {}).get(state)
    if target is None:
        raise ForbiddenTransition(state, event)
    if target == RESUME:
        if resume not in RESUMABLE:
            raise ForbiddenTransition(state, event)
        return resume
    return target


def allowed(state: str, event: str) -> bool:
    """Tell whether an event may happen in a state."""
    return state in TRANSITIONS.get(event, {})


def replay(kinds: Iterable[str]) -> tuple[str, str | None]:
    """Replay a timeline of events from draft: return the state, and where a question paused it."""
    state, paused = "draft", None
    for kind in kinds:
        if kind == "info_requested":
            paused = state
        state = next_state(state, kind, resume=paused)
    return state, paused
