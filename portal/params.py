"""Numbers in addresses and query strings, within what the database holds.

An id in a URL or a page number beyond the database's integers is a tampered address: it
finds nothing (404), or the first page, never an error from the database (issue 14).
"""

from werkzeug.routing import IntegerConverter

LARGEST = 2**31 - 1  # the largest value of the database's integer columns (PostgreSQL)


class BoundedInt(IntegerConverter):
    """`<int:...>` in a route: a whole number the database can hold, else the route is not hit."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", LARGEST)
        super().__init__(url_map, *args, **kwargs)


def number(values, name: str, default: int | None = None, *, low: int = 0) -> int | None:
    """Return a whole number from a request's values, or the default for anything else."""
    raw = values.get(name, "")
    if not raw.isascii() or not raw.isdigit():
        return default
    value = int(raw)
    return value if low <= value <= LARGEST else default


def numbers(values, name: str) -> list[int]:
    """Return the whole numbers a request's values hold under a name, leaving out the rest."""
    return [int(v) for v in values.getlist(name)
            if v.isascii() and v.isdigit() and int(v) <= LARGEST]


def init_app(app):
    """Bound the ids that routes take."""
    app.url_map.converters["int"] = BoundedInt
