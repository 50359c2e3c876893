"""The home page's rows for the people one acts for: who, the rule that applies, what is new.

A row per person the access decision lets the actor act for (children under 16 with the
parent at their address, and powers of attorney in force), with the cards the features give
for that person, asked as the actor (the home page asks `cards.cards_for` for everyone on
it at once): each card reads through the scope the decision gives that reader, so it holds
only what the decision returns, and a read is noted for the person's access log only when
a card is shown. Children of 16 and 17 get a row too, saying why there is nothing in it
(DOMAIN.md, "From 16"): nothing of theirs is asked for, so nothing of theirs is read or
logged.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from portal import access
from portal.home.cards import Card
from portal.representation import rules, services


class Rule(StrEnum):
    """Which rule of DOMAIN.md's "Representation" the row is under."""

    CHILD = "child"  # 0-11: the parent sees and does everything
    YOUNG = "young"  # 12-15: appointments the units booked, vaccinations, growth, applications
    OF_AGE = "of_age"  # 16 and 17: parents see nothing
    POWER = "power"  # a power of attorney, at its level


@dataclass
class PersonRow:
    """One person on the actor's home page, and what the actor may see of them there."""

    person: object
    rule: Rule
    age: int | None = None
    level: str | None = None
    cards: list[Card] = field(default_factory=list)

    @property
    def may_act(self) -> bool:
        """Tell whether the row offers to act for the person (not from 16)."""
        return self.rule is not Rule.OF_AGE


def rows_for(actor, *, on: date, now: datetime) -> list[PersonRow]:
    """Return a row per person the actor acts for, then one per child of 16 or 17."""
    rows = []
    for person in access.people_to_act_for(actor, on):
        kind, detail = services.relation_to(actor, person, on=on, now=now)
        if kind == "power":
            row = PersonRow(person, Rule.POWER, level=detail)
        else:
            young = rules.aged_12_to_15(person, on)
            row = PersonRow(person, Rule.YOUNG if young else Rule.CHILD, age=detail)
        rows.append(row)
    rows += [PersonRow(child, Rule.OF_AGE, age=age)
             for child, age in services.children_of_age(actor, on=on)]
    return rows
