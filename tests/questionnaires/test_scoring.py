"""EPDS scoring against the published scoring (Cox, Holden and Sagovsky 1987; issue 21):
items 1, 2 and 4 score 0-3 from the first answer to the last; items 3 and 5-10 are
reverse-scored (3-0); the total is 0-30; a total of 12 or more is flagged, and so is any
answer above 0 to item 10 ("The thought of harming myself has occurred to me")."""

import pytest

from portal.questionnaires import definitions
from portal.questionnaires.scoring import score

EPDS = definitions.from_files()["epds"]
FORWARD = (1, 2, 4)
CODES = ("a", "b", "c", "d")  # the answers in the order the scale prints them


def answers(**by_item) -> dict:
    """Return EPDS answers: every item at its zero-scoring answer unless given."""
    found = {}
    for n in range(1, 11):
        zero = "a" if n in FORWARD else "d"
        found[f"epds-{n}"] = by_item.get(f"q{n}", zero)
    return found


@pytest.mark.parametrize("item", range(1, 11))
@pytest.mark.parametrize("position", range(4))
def test_each_answer_scores_as_published(item, position):
    expected = position if item in FORWARD else 3 - position
    result = score(EPDS, answers(**{f"q{item}": CODES[position]}))
    assert result.total == expected


def test_the_least_and_the_most():
    assert score(EPDS, answers()).total == 0
    worst = {f"q{n}": ("d" if n in FORWARD else "a") for n in range(1, 11)}
    result = score(EPDS, answers(**worst))
    assert (result.total, result.maximum) == (30, 30)
    assert set(result.flags) == {"total", "self_harm"}


def test_twelve_is_flagged_eleven_is_not():
    eleven = answers(q1="d", q2="d", q3="a", q4="c")  # 3 + 3 + 3 + 2
    assert score(EPDS, eleven).total == 11 and score(EPDS, eleven).flags == ()
    twelve = answers(q1="d", q2="d", q3="a", q4="d")
    assert score(EPDS, twelve).total == 12 and score(EPDS, twelve).flags == ("total",)


@pytest.mark.parametrize("code, flagged", [("a", True), ("b", True), ("c", True), ("d", False)])
def test_any_positive_answer_to_item_10_is_flagged_whatever_the_total(code, flagged):
    result = score(EPDS, answers(q10=code))
    assert ("self_harm" in result.flags) is flagged
    assert result.total < 12


def test_a_form_without_scoring_has_no_score():
    assert score(definitions.from_files()["before-visit"], {}) is None
