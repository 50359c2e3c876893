"""Kinds of notice, as the features declare them, and their texts in a reader's language.

A kind has a subject and a text for the person themselves and one for someone who acts
for them ("for someone you act for"), and says which of the notice's facts are moments or
dates, so that each is written in the recipient's language when the notice is sent. The
texts carry no health information: never the unit or the kind of visit (the youth health
station's name alone tells something), never the person's name.
"""

from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from flask_babel import force_locale, format_date, format_datetime
from flask_babel import gettext as _

from portal.access import Area
from portal.i18n import PATTERNS


@dataclass(frozen=True)
class Kind:
    """One kind of notice: its words, and who is told of it."""

    code: str
    area: Area  # a recipient must be allowed to see this area of the person's data
    subject: object  # lazily translated strings, filled in with the notice's facts
    own: object
    other: object
    tail: object | None = None  # what to do next, for everyone
    moments: tuple[str, ...] = ()  # facts that are moments (ISO 8601), written as date and time
    dates: tuple[str, ...] = ()  # facts that are dates
    links: tuple[str, ...] = ()  # facts that are paths in the portal, written as full links
    own_from_age: int = 0  # the person is told from this age; younger, only those acting for them
    fallback_to_person: bool = False  # with nobody else to tell, tell the person after all

    def write(self, params: dict, *, own: bool, lang: str) -> tuple[str, str]:
        """Return the subject and body for one reader, in their language."""
        with force_locale(lang):
            values = dict(params)
            for name in self.links:
                values[name] = current_app.config["PORTAL_BASE_URL"] + params[name]
            for name in self.moments:
                values[name] = format_datetime(datetime.fromisoformat(params[name]),
                                               PATTERNS["datetime"][lang])
            for name in self.dates:
                values[name] = format_date(date.fromisoformat(params[name]),
                                           PATTERNS["long"][lang])
            body = str(self.own if own else self.other).format(**values)
            if self.tail is not None:
                body += " " + str(self.tail).format(**values)
            body += "\n\n" + _("This is an automatic message; replies are not read.")
            return str(self.subject).format(**values), body


def register(app, *kinds: Kind) -> None:
    """Declare kinds of notice for an app (from the feature's init_app)."""
    known = app.extensions.setdefault("notice_kinds", {})
    for kind in kinds:
        if known.get(kind.code, kind) is not kind:
            raise ValueError(f"two kinds of notice have the code {kind.code!r}")
        known[kind.code] = kind


def kind(code: str) -> Kind:
    """Return the kind of notice with a code."""
    return current_app.extensions["notice_kinds"][code]
