"""The one state table of a renewal request, tested exhaustively (issue 20, item 4), as the
applications' states are: every event in every state is allowed exactly where the table
says, leads where it says, and is refused with a clear message everywhere else."""

import pytest

from portal.prescriptions import states
from portal.prescriptions.models import REQUEST_STATES

EXPECTED = {
    ("sent", "renew"): "renewed",
    ("sent", "decline"): "declined",
    ("sent", "ask_booking"): "book_appointment",
}


@pytest.mark.parametrize("state", REQUEST_STATES)
@pytest.mark.parametrize("event", states.EVENTS)
def test_every_event_in_every_state(app, state, event):
    expected = EXPECTED.get((state, event))
    assert states.allowed(state, event) is (expected is not None)
    if expected is None:
        with app.test_request_context("/?lang=en"), pytest.raises(states.ForbiddenTransition) as raised:
            states.next_state(state, event)
        assert "answered already" in str(raised.value)
    else:
        assert states.next_state(state, event) == expected


def test_the_table_names_only_known_states_and_every_state_has_words():
    for moves in states.TRANSITIONS.values():
        assert set(moves) | set(moves.values()) <= set(REQUEST_STATES)
    assert set(states.STATE_NAMES) == set(REQUEST_STATES)
    assert states.OPEN == ("sent",)


def test_an_unknown_event_is_refused(app):
    with app.test_request_context("/?lang=en"), pytest.raises(states.ForbiddenTransition):
        states.next_state("sent", "approve")
