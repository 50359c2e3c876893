"""Scores and flags: the sum of the chosen options' scores, and the flags the instrument
names (for the EPDS, a total of 12 or more, and any answer above 0 to item 10 about
self-harm; Cox, Holden and Sagovsky 1987)."""

from dataclasses import dataclass

from portal.questionnaires.definitions import Definition


@dataclass(frozen=True)
class Score:
    """A scored answer: the total, out of what, and the flags raised (their reasons)."""

    total: int
    maximum: int
    flags: tuple[str, ...]


def score(definition: Definition, answers: dict) -> Score | None:
    """Return the score of complete answers, or None for a questionnaire without scoring."""
    scoring = definition.scoring
    if scoring is None:
        return None
    item_scores = {}
    for item in definition.items():
        if item.type == "choice" and not item.repeats and item.link_id in answers:
            value = item.score_of(answers[item.link_id])
            if value is not None:
                item_scores[item.link_id] = value
    total = sum(item_scores.values())
    def raised(flag: dict) -> bool:
        value = total if flag["kind"] == "total_at_least" else item_scores.get(flag["linkId"], 0)
        return value >= flag["value"]

    flags = tuple(flag["reason"] for flag in scoring.get("flags", []) if raised(flag))
    return Score(total, scoring["max"], flags)
