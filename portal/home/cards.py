"""Cards on the home page. Each feature registers a function that returns a card or None.

Features register their cards from their own init_app, in the order create_app lists the
features, which is the order the home page shows them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app


@dataclass
class Card:
    """One card on the home page: a heading, a short text and where to go for more."""

    heading: str
    text: str
    url: str
    link_text: str
    highlight: bool = False


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
