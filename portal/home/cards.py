"""Cards on the home page. Each feature registers a function that returns a card or None.

A provider gets (actor, subject) and answers for that subject: the home page asks it for
the person the page is about, and again for each person the actor may act for (the rows
under "People you act for"). A provider reads only through `access.peek(AREA,
subject=subject)`, so a card is built from the rows the access decision returns, and a read
of someone else's data is noted for their access log only when the card found something.

Features register their cards from their own init_app (`features.install(cards=...)`), in
the order create_app lists the features, which is the order the home page shows them.
A feature that brings new kinds of data adds its card the same way: prescriptions running
out, for instance, belong in a `prescriptions` feature's own `cards.py`, registered from its
init_app, once there are prescriptions to read; the home page needs no change for it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app


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


CardProvider = Callable[[object, object], Card | None]


def register(app, provider: CardProvider) -> None:
    """Add a card provider to an app; it gets (actor, subject) and returns a card or None."""
    providers = app.extensions.setdefault("home_cards", [])
    if provider not in providers:
        providers.append(provider)


def cards_for(actor, subject) -> list[Card]:
    """Return the cards with something to show for this person."""
    return [card for provider in current_app.extensions.get("home_cards", ())
            if (card := provider(actor, subject)) is not None]
