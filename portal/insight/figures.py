"""The figures behind the dashboard: computed by aggregate SQL, and stored once a night.

At municipal scale the aggregates take seconds (issue 18: 100,000 citizens), so the job
`flask jobs insight-figures` computes every query of every indicator for every
municipality and period, and stores the rows it gave, keyed by the query, the place and
the period. The page reads the stored rows where they are and computes them where they
are not (a new period, or before the first night), and writes nothing. A period ends
today, so tomorrow's keys differ and yesterday's rows are left for the job to remove.

Each query of raw figures is decorated with `@stored`; it must return rows of plain
values (lists of numbers and text), which is what the store keeps.
"""

import contextlib
import hashlib
from datetime import datetime, timedelta
from decimal import Decimal
from functools import wraps

from flask import g, has_app_context
from sqlalchemy import delete, select

from portal import db
from portal.insight.models import StoredFigures

KEEP = timedelta(days=2)


def _key(query, place, period, extra) -> str:
    """Return the key of a query's rows for a place and a period."""
    where = hashlib.sha256(repr((place.unit_ids, place.municipality_ids)).encode()).hexdigest()
    return (f"{query.__module__}.{query.__qualname__}|{where[:16]}|{period.start}|{period.end}"
            f"|{'|'.join(map(str, extra))}")[:200]


def _plain(value):
    """Return a value as JSON keeps it: numbers as int or float, rows as lists."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list | tuple) or hasattr(value, "_fields"):  # a result Row too
        return [_plain(v) for v in value]
    return value


def stored(query):
    """Read a query's rows from the store where the job has put them, else compute them."""

    @wraps(query)
    def read(place, period, *extra):
        key = _key(query, place, period, extra)
        recording = g.get("insight_recording") if has_app_context() else None
        if recording is None:
            loaded = g.get("insight_loaded", {}) if has_app_context() else {}
            found = loaded.get(key) if period in loaded.get("periods", ()) else \
                db.session.execute(select(StoredFigures.rows, StoredFigures.computed_at)
                                   .where(StoredFigures.key == key)).first()
            if found is not None:
                _note(found[1])
                return found[0]
        rows = _plain(query(place, period, *extra))
        if recording is not None:
            recording[key] = rows
        else:
            _note(None)
        return rows

    return read


def load(period) -> None:
    """Read every stored row of a period at once, for a page that shows many indicators."""
    marker = f"|{period.start}|{period.end}|"
    loaded = g.setdefault("insight_loaded", {"periods": set()})
    loaded["periods"].add(period)
    for key, rows, computed in db.session.execute(
            select(StoredFigures.key, StoredFigures.rows, StoredFigures.computed_at)
            .where(StoredFigures.key.contains(marker, autoescape=True))):
        loaded[key] = (rows, computed)


def _note(computed_at: datetime | None) -> None:
    """Remember for the page when its oldest figures were computed (None: just now)."""
    if has_app_context():
        g.setdefault("insight_sources", []).append(computed_at)


def computed_at() -> datetime | None:
    """Return when the figures on the page were computed: the oldest stored, or None if any
    was computed now."""
    sources = g.get("insight_sources", [])
    if not sources or None in sources:
        return None
    return min(sources)


@contextlib.contextmanager
def recording():
    """Compute every query made inside afresh, and collect the rows to store."""
    g.insight_recording = {}
    try:
        yield g.insight_recording
    finally:
        g.pop("insight_recording", None)


def store(rows: dict[str, list], now: datetime) -> int:
    """Store the rows computed, replacing what was stored under the same keys, and remove
    rows older than two days; return how many were stored."""
    db.session.execute(delete(StoredFigures).where(
        StoredFigures.key.in_(list(rows)) | (StoredFigures.computed_at < now - KEEP)))
    db.session.add_all(StoredFigures(key=key, computed_at=now, rows=value)
                       for key, value in rows.items())
    db.session.flush()
    return len(rows)
