"""Cards on the home page, each asked in two steps so that the page asks the database once.

A feature registers a `Probe`: its area, `ask`, which returns named scalar questions built
from the reader's scope of that area (how many unread messages, the id of the next
appointment), and `show`, which turns the answers into a card or None. The home page opens
the scopes of every card for every person on it (the subject, and each person the actor may
act for), asks all the questions in one statement, and then lets each probe make its card. A probe
that needs more to say something reads it only when there is something to show: in its
`load`, once for everyone on the page (the next appointments with their unit and visit
type), or in `show` (issue 22: counts and "is there anything new" as single aggregate
queries, at most 6 statements for the page).

A probe reads only through the scope the access decision gives the reader, so a card is
built from the rows the decision returns; a read of someone else's data is noted for their
access log only when the card is shown. A refused area asks nothing.

Features register their cards from their own init_app (`features.install(cards=...)`), in
the order create_app lists the features, which is the order the home page shows them.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from portal import access, db


@dataclass
class Card:
    """One card on the home page: a heading, a short text and where to go for more.

    `action_url` and `action_text` are a button for something to do now (join a video
    consultation); the page shows it only on the subject's own page, not in another
    person's row.
    """

    heading: str
    text: str
    url: str
    link_text: str
    highlight: bool = False
    action_url: str | None = None
    action_text: str | None = None


@dataclass(frozen=True)
class Probe:
    """A feature's home card: the questions it asks of a scope, and the card its answers make.

    `ask(scope, actor)` returns named scalar SQL expressions built from the scope (see
    `Scope.how_many` and `Scope.first_of`); `show(scope, actor, subject, answers)` returns
    a card or None. `load`, where given, is called once with every person's (scope,
    answers) before the cards are made, to read in one query what they need besides the
    answers (the next appointment of each person on the page), adding it to the answers.
    """

    area: access.Area
    ask: Callable[[access.Scope, object], dict]
    show: Callable[[access.Scope, object, object, dict], Card | None]
    load: Callable[[list[tuple[access.Scope, dict]]], None] | None = None


def register(app, probe: Probe) -> None:
    """Add a card's probe to an app."""
    probes = app.extensions.setdefault("home_cards", [])
    if probe not in probes:
        probes.append(probe)


def cards_for(actor, subjects: Sequence) -> dict[int, list[Card]]:
    """Return the cards with something to show for each person, by person id, asking the
    database once for all of them."""
    asked, columns = [], []
    for subject in subjects:
        for probe in current_app.extensions.get("home_cards", ()):
            scope = access.peek(probe.area, subject=subject)
            if scope is None:
                continue
            labels = {}
            for name, question in probe.ask(scope, actor).items():
                labels[name] = f"q{len(columns)}"
                columns.append(question.label(labels[name]))
            asked.append((subject, probe, scope, labels))
    row = db.session.execute(select(*columns)).one()._mapping if columns else {}
    answers = [{name: row[label] for name, label in labels.items()}
               for _subject, _probe, _scope, labels in asked]
    for probe in current_app.extensions.get("home_cards", ()):
        if probe.load is not None:
            probe.load([(scope, answer)
                        for (_subject, each, scope, _labels), answer
                        in zip(asked, answers, strict=True) if each is probe])
    found: dict[int, list[Card]] = {subject.id: [] for subject in subjects}
    for (subject, probe, scope, _labels), answer in zip(asked, answers, strict=True):
        card = probe.show(scope, actor, subject, answer)
        if card is not None:
            scope.note()  # the card tells something of the person's data
            found[subject.id].append(card)
    return found
