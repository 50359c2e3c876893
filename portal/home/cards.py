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
from sqlalchemy import Date, bindparam, select

from portal import access, clock, db


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

    `ask(scope, actor, when)` returns named scalar SQL expressions built from the scope (see
    `Scope.how_many` and `Scope.first_of`), the reader and the moment (`clock.Moment`). The
    questions are built once per shape of the page with placeholders for the people and the
    moment, so `ask` must take every value from these three: the scope's person and the
    reader stand in with only an id, and a bound computed from the moment (today plus 30
    days) is asked for with `when.derived`. `show(scope, actor, subject, answers)` returns
    a card or None. `load`, where given, is called once with every person's (scope,
    answers) before the cards are made, to read in one query what they need besides the
    answers (the next appointment of each person on the page), adding it to the answers.
    """

    area: access.Area
    ask: Callable[[access.Scope, object, clock.Moment], dict]
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
    when = clock.Moment(db.utcnow(), clock.today())
    asked = [(index, subject, probe, scope)
             for index, subject in enumerate(subjects)
             for probe in current_app.extensions.get("home_cards", ())
             if (scope := access.peek(probe.area, subject=subject)) is not None]
    answers = _answers(actor, subjects, asked, when)
    for probe in current_app.extensions.get("home_cards", ()):
        if probe.load is not None:
            probe.load([(scope, answer) for (_index, _subject, each, scope), answer
                        in zip(asked, answers, strict=True) if each is probe])
    found: dict[int, list[Card]] = {subject.id: [] for subject in subjects}
    for (_index, subject, probe, scope), answer in zip(asked, answers, strict=True):
        card = probe.show(scope, actor, subject, answer)
        if card is not None:
            scope.note()  # the card tells something of the person's data
            found[subject.id].append(card)
    return found


def _answers(actor, subjects: Sequence, asked: list, when: clock.Moment) -> list[dict]:
    """Ask every probe's questions of every open scope in one SELECT; return the answers.

    The SELECT is built once per shape of the page (which probes are asked of which person,
    and how each decision narrows its rows) with placeholders for the people and the moment,
    and kept: building SQLAlchemy expressions costs more than running them (issue 22).
    """
    probes = current_app.extensions.get("home_cards", ())
    shape = tuple((index, probes.index(probe), scope.decision.include_confidential,
                   scope.decision.restricted, scope.actor.is_staff)
                  for index, _subject, probe, scope in asked)
    if not shape:
        return []
    kept = current_app.extensions.setdefault("home_questions", {})
    prepared = kept.get(shape)
    if prepared is None:
        if len(kept) >= _KEPT:
            kept.clear()  # start over rather than walk a dict other threads may change
        prepared = kept[shape] = _prepare(asked)
    statement, labels, derived = prepared
    values = {"actor": actor.id, "now": when.now, "today": when.today,
              **{f"person{index}": subject.id for index, subject in enumerate(subjects)},
              **{name: compute(when) for name, compute in derived.items()}}
    row = db.session.execute(statement, values).one()._mapping
    return [{name: row[label] for name, label in each.items()} for each in labels]


# How many shapes an app keeps: a page has a handful in practice (one per mix of decisions
# among the people one acts for), so a few hundred is ample.
_KEPT = 256


class _Placeholder:
    """A person in a question built once: only the id, as a bound parameter."""

    def __init__(self, key: str):
        self.id = bindparam(key)


class _PlaceholderMoment(clock.Moment):
    """The moment as bound parameters, noting the bounds the questions derive from it."""

    def __init__(self):
        super().__init__(bindparam("now", type_=db.UTCDateTime()),
                         bindparam("today", type_=Date()))
        object.__setattr__(self, "wanted", {})

    def derived(self, name: str, compute):
        """Return a placeholder for a bound, computed from each request's moment when asked."""
        self.wanted[name] = compute
        return bindparam(name)


def _prepare(asked: list) -> tuple:
    """Build the one SELECT of a page's shape: its statement, each probe's labels, and the
    bounds derived from the moment."""
    when, actor = _PlaceholderMoment(), _Placeholder("actor")
    columns, labels = [], []
    for index, _subject, probe, scope in asked:
        standing_in = access.Scope(scope.decision, scope.actor, _Placeholder(f"person{index}"),
                                   now=when.now)
        named = {}
        for name, question in probe.ask(standing_in, actor, when).items():
            named[name] = f"q{len(columns)}"
            columns.append(question.label(named[name]))
        labels.append(named)
    return select(*columns), labels, when.wanted
