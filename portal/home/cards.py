"""Cards on the home page. Features register a function that returns a card or None."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Card:
    """One card on the home page: a heading, a short text and where to go for more."""

    heading: str
    text: str
    url: str
    link_text: str
    highlight: bool = False


CardProvider = Callable[[object, object], Card | None]
_providers: list[CardProvider] = []


def register(provider: CardProvider) -> CardProvider:
    """Add a card provider; it gets (actor, subject) and returns a card or None."""
    _providers.append(provider)
    return provider


def cards_for(actor, subject) -> list[Card]:
    """Return the cards with something to show for this person."""
    return [card for provider in _providers if (card := provider(actor, subject)) is not None]
