"""The database: engine, declarative Base, a session per request, and the unit of work.

Services add and flush; they never commit. A request commits once, at its end (see
portal/access/web.py); a job commits once per item it claims. Where two transactions may
race (two people booking one time, one reader in two tabs), `transaction()` commits the
work at once and runs it again when the database refuses it for the race alone.
"""

import logging
import random
import time
from datetime import UTC, datetime

from flask import g, has_request_context, request
from sqlalchemy import DateTime, MetaData, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session, sessionmaker
from sqlalchemy.types import TypeDecorator

log = logging.getLogger(__name__)

# Named constraints, so that Alembic migrations are the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class of every model."""

    metadata = MetaData(naming_convention=NAMING)


class UTCDateTime(TypeDecorator):
    """A moment in time, stored as UTC and always returned timezone-aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:  # SQLite keeps no zone: what we stored was UTC
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    """Return the current time in UTC."""
    return datetime.now(UTC)


_factory = sessionmaker(expire_on_commit=False)
session = scoped_session(_factory)


def kept(key: tuple, compute):
    """Return an answer kept for the rest of a reading request: asked of the database once.

    A page asks the same question many times (the access decision about the same people for
    every card; the staff workspace each feature's numbers in its notice and again to know
    whether anything waits). A GET or HEAD changes nothing, so an answer holds until the
    session writes, when every kept answer is forgotten; a request that may change something
    (a POST revoking a power of attorney) always asks (issue 22).
    """
    if not has_request_context() or request.method not in ("GET", "HEAD"):
        return compute()
    answers = g.setdefault("kept_answers", {})
    if key not in answers:
        answers[key] = compute()
    return answers[key]


@event.listens_for(Session, "after_flush")
def _forget_kept(*_args) -> None:
    """Forget the answers a request has kept: the session has written something."""
    if has_request_context():
        g.pop("kept_answers", None)


def on_rollback(undo) -> None:
    """Run undo if the current transaction is rolled back (files written for rows, say)."""
    session.info.setdefault("on_rollback", []).append(undo)


@event.listens_for(_factory, "after_commit")
def _committed(done_session) -> None:
    """Forget the undo steps of a transaction that committed."""
    done_session.info.pop("on_rollback", None)


@event.listens_for(_factory, "after_soft_rollback")
def _rolled_back(done_session, previous) -> None:
    """Undo what a rolled-back transaction left outside the database.

    A savepoint rolled back inside a transaction undoes nothing yet: the steps wait for the
    transaction itself (the rows they belong to may still commit).
    """
    if previous.nested:
        return
    for undo in done_session.info.pop("on_rollback", []):
        try:
            undo()
        except Exception:  # an undo step must not hide the failure that caused the rollback
            log.exception("An undo step after a rollback failed")


class Busy(Exception):
    """The database kept refusing the work for races with others; try again in a moment."""


def is_race(exc: Exception) -> bool:
    """Tell whether the database refused only because another transaction came first.

    SQLite answers "database is locked" at once, without waiting, when a transaction that
    has read wants to write while another one writes (waiting could not help: its snapshot
    is out of date); PostgreSQL may end one of two transactions that wait for each other
    (serialization failure, deadlock). Both are safe to run again from the start.
    """
    orig = getattr(exc, "orig", None)
    if getattr(orig, "sqlstate", None) in ("40001", "40P01"):
        return True
    return "database is locked" in str(orig) or "database table is locked" in str(orig)


def transaction(work, *, retry: int = 7, unique_races: bool = False):
    """Run work and commit it now; roll back on any failure, and run it again after a race.

    A race is a serialisation failure, a deadlock or SQLite's lock (see `is_race`), and,
    with `unique_races`, a unique key taken by a transaction that committed first (work
    that reads before it writes then finds the other's row). After `retry` more tries the
    race is reported as Busy.
    """
    for attempt in range(retry + 1):
        try:
            result = work()
            session.commit()
            return result
        except (OperationalError, IntegrityError) as exc:
            session.rollback()
            raced = is_race(exc) or (unique_races and isinstance(exc, IntegrityError))
            if not raced:
                raise
            if attempt == retry:
                raise Busy() from exc
            log.info("Race on attempt %d; trying again", attempt + 1)
            # Waiting a little, by chance, keeps those who collided from colliding again.
            time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
        except BaseException:
            session.rollback()
            raise
    raise AssertionError("unreachable")  # pragma: no cover


def upsert(model, keys: dict, values: dict, *, only_if=None) -> None:
    """Insert a row, or update the one with the same unique keys, in one statement (no race).

    `only_if` is a condition on the existing row for the update (e.g. only move forward).
    """
    dialect = session.get_bind().dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)
    statement = insert.values(**keys, **values).on_conflict_do_update(
        index_elements=list(keys), set_=values, where=only_if)
    session.execute(statement)


def make_engine(url: str, *, savepoints: bool = False):
    """Create an engine; SQLite gets foreign keys, WAL and a busy timeout.

    On SQLite, pysqlite begins a transaction only at the first write, so a request that reads
    and then writes waits for the write lock instead of failing when another request wrote in
    between (WAL snapshots cannot be upgraded). That breaks SAVEPOINTs, which the tests'
    rolled-back transactions need: `savepoints=True` lets SQLAlchemy begin transactions itself.
    """
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            if savepoints:
                dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        if savepoints:
            @event.listens_for(engine, "begin")
            def _sqlite_begin(connection):
                connection.exec_driver_sql("BEGIN")

        return engine
    return create_engine(url, pool_pre_ping=True)


def init_app(app):
    """Bind the session to the app's database and end it after every request."""
    engine = make_engine(app.config["DATABASE_URL"],
                         savepoints=app.config.get("SQLITE_SAVEPOINTS", False))
    app.extensions["engine"] = engine
    session.configure(bind=engine)

    @app.teardown_appcontext
    def _remove_session(_exc):
        session.remove()
