"""Shortcuts on the home page to the common tasks, each shown only where it leads somewhere.

Features register theirs from their own init_app (`features.install(shortcuts=...)`), as
they do their cards. The home page shows a shortcut when the access decision would open its
page for the person the page is about: booking and writing ask to act, reading asks to look
(`access.leads_somewhere`, which decides without marking the request and reads nothing).
"""

from dataclasses import dataclass

from flask import current_app, url_for

from portal import access
from portal.access import Area, Verb


@dataclass(frozen=True)
class Shortcut:
    """A common task: the page it starts on, its words, and what the decision is asked."""

    endpoint: str
    label: object  # a lazily translated string
    area: Area
    verb: Verb = Verb.VIEW


def register(app, shortcut: Shortcut) -> None:
    """Add a shortcut to the home page of an app."""
    shortcuts = app.extensions.setdefault("home_shortcuts", [])
    if shortcut not in shortcuts:
        shortcuts.append(shortcut)


def shortcuts_for_subject() -> list[dict]:
    """Return the shortcuts that lead somewhere for the request's subject, as url and label."""
    return [{"url": url_for(s.endpoint), "label": str(s.label)}
            for s in current_app.extensions.get("home_shortcuts", ())
            if access.leads_somewhere(s.area, s.verb)]
