"""The state table of an application (DOMAIN.md, "Applications for municipal services").

Every pair of state and event is tried: the allowed moves lead where the rule says, and
every other move is refused with a domain error (issue 7, item 6).
"""

import itertools

import pytest

from portal.applications import states
from portal.applications.models import APPLICATION_STATES
from portal.applications.states import ForbiddenTransition, next_state

OPEN = ("submitted", "received", "more_info_requested", "under_assessment")

# The rule, written out independently of the table it checks.
ALLOWED = {
    ("draft", "submitted"): "submitted",                      # sending gives a case number
    ("submitted", "received"): "received",
    ("received", "info_requested"): "more_info_requested",    # more information can be asked for
    ("under_assessment", "info_requested"): "more_info_requested",
    ("received", "visit_planned"): "under_assessment",        # assessment, often a home visit
    ("under_assessment", "visit_planned"): "under_assessment",
    ("received", "assessed"): "under_assessment",
    ("under_assessment", "assessed"): "under_assessment",
    ("under_assessment", "decided"): "decided",               # granted, partly granted, refused
    ("decided", "appealed"): "appealed",                      # appeal within 4 weeks
    ("reconsidered", "appealed"): "appealed",                 # a new decision is appealable too
    ("appealed", "late_reason"): "appealed",
    ("appealed", "reversed"): "reconsidered",                 # first reconsidered by the municipality
    ("appealed", "forwarded"): "forwarded",                   # then sent to Statsforvalteren
    # Issue 15, item 6: an appeal upheld in part gets a new decision, and the rest of it goes
    # on to the appeal body (forvaltningsloven § 33): the case is forwarded.
    ("appealed", "partly_reversed"): "forwarded",
    **{(state, "interim_reply"): state for state in OPEN},    # no decision within a month
    **{(state, "withdrawn"): "withdrawn" for state in OPEN},
}
RESUMING = {("more_info_requested", "info_given")}  # back to where the question found the case
PAIRS = list(itertools.product(APPLICATION_STATES, states.EVENTS))


def test_the_table_speaks_only_of_the_models_states():
    targets = {t for moves in states.TRANSITIONS.values() for t in moves.values()}
    sources = {s for moves in states.TRANSITIONS.values() for s in moves}
    assert sources <= set(APPLICATION_STATES)
    assert targets - {states.RESUME} <= set(APPLICATION_STATES)
    assert set(states.STATES) == set(APPLICATION_STATES)


@pytest.mark.parametrize(("state", "event"), PAIRS, ids=[f"{s}-{e}" for s, e in PAIRS])
def test_every_state_and_event(state, event):
    """Allowed moves go where the rule says; every other move raises ForbiddenTransition."""
    if (state, event) in ALLOWED:
        assert next_state(state, event) == ALLOWED[state, event]
        assert states.allowed(state, event)
    elif (state, event) in RESUMING:
        for back in ("received", "under_assessment"):
            assert next_state(state, event, resume=back) == back
        assert states.allowed(state, event)
    else:
        with pytest.raises(ForbiddenTransition) as refused:
            next_state(state, event)
        assert (refused.value.state, refused.value.event) == (state, event)
        assert not states.allowed(state, event)


@pytest.mark.parametrize("resume", [None, "draft", "submitted", "decided", "more_info_requested"])
def test_an_answer_cannot_jump_anywhere(resume):
    with pytest.raises(ForbiddenTransition):
        next_state("more_info_requested", "info_given", resume=resume)


def test_an_unknown_event_is_refused():
    with pytest.raises(ForbiddenTransition):
        next_state("submitted", "approved")


def test_the_message_names_the_state_in_words():
    with pytest.raises(ForbiddenTransition, match="“Decided”"):
        next_state("decided", "received")


@pytest.mark.parametrize(("kinds", "state", "paused"), [
    ([], "draft", None),
    (["submitted", "received", "visit_planned"], "under_assessment", None),
    (["submitted", "received", "info_requested"], "more_info_requested", "received"),
    (["submitted", "received", "info_requested", "info_given"], "received", "received"),
    (["submitted", "received", "assessed", "info_requested", "interim_reply", "info_given"],
     "under_assessment", "under_assessment"),
    (["submitted", "received", "assessed", "decided", "appealed", "late_reason", "reversed",
      "appealed", "forwarded"], "forwarded", None),
    (["submitted", "received", "assessed", "decided", "appealed", "partly_reversed"],
     "forwarded", None),
])
def test_the_state_can_be_replayed_from_the_timeline(kinds, state, paused):
    assert states.replay(kinds) == (state, paused)


def test_a_timeline_with_a_forbidden_step_does_not_replay():
    with pytest.raises(ForbiddenTransition):
        states.replay(["submitted", "decided"])
