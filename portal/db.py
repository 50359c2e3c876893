"""The database: engine, declarative Base, a session per request."""

from datetime import UTC, datetime

from sqlalchemy import DateTime, MetaData, create_engine, event
from sqlalchemy.orm import DeclarativeBase, scoped_session, sessionmaker
from sqlalchemy.types import TypeDecorator

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


session = scoped_session(sessionmaker(expire_on_commit=False))


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
