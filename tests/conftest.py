"""Fixtures: one migrated database per run, a rolled-back transaction per test, clients."""

import os
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from portal import assets, create_app, db, migrate, translations
from portal.config import normalise_url
from portal.demo import seed
from tests.client import PortalClient

TEST_DATABASE_ENV = "TEST_DATABASE_URL"
pytest_plugins = ["tests.oidc.fixtures"]


def _fresh_database(url: str) -> str:
    """Return a URL to an empty database: a new SQLite file, or a PostgreSQL schema reset."""
    if url.startswith("postgresql"):
        engine = db.make_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        return url
    folder = Path(tempfile.mkdtemp(prefix="portal-test-"))
    return f"sqlite:///{folder / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def seeded_on():
    """Return the day the demo data is dated from: today in Oslo when the run began.

    A test that compares the demo's dates with today takes this day, not `clock.today()`:
    a run may cross midnight in Oslo, and the demo was dated the day before.
    """
    return seed_today()


@pytest.fixture(scope="session")
def database_url_for_tests(seeded_on) -> str:
    """Migrate an empty test database with Alembic and load the personas once.

    SQLite in a temporary folder by default; TEST_DATABASE_URL points the run at PostgreSQL
    (its public schema is dropped and made anew).
    """
    raw = os.environ.get(TEST_DATABASE_ENV)
    url = _fresh_database(normalise_url(raw) if raw else "sqlite")
    migrate.upgrade(url)
    engine = db.make_engine(url)
    with Session(engine) as session:
        seed.load(session, seeded_on)
        session.commit()
    engine.dispose()
    return url


def seed_today():
    """Return the date the demo data is dated from (today in Oslo)."""
    from portal.clock import today

    return today()


@pytest.fixture(scope="session")
def app(database_url_for_tests):
    """Create the app once, on the test database, with the test login on.

    Pages link to the stylesheet built from the npm packages, so they are installed first,
    as `flask setup` does (a fresh clone has none).
    """
    assets.install()
    translations.compile_catalogues()
    return create_app({
        "DATABASE_URL": database_url_for_tests,
        "TESTING": True,
        "PORTAL_TEST_LOGIN": True,
        "SECRET_KEY": "test-secret",
        "RATELIMIT_ENABLED": False,
        "SQLITE_SAVEPOINTS": True,  # each test's transaction is rolled back with SAVEPOINTs
    })


@pytest.fixture
def db_session(app):
    """Run the test in a transaction that is rolled back afterwards, whatever it commits."""
    engine = app.extensions["engine"]
    connection = engine.connect()
    outer = connection.begin()
    db.session.remove()
    db.session.configure(bind=connection, join_transaction_mode="create_savepoint")
    yield db.session
    db.session.remove()
    outer.rollback()
    connection.close()
    db.session.configure(bind=engine, join_transaction_mode="conditional_savepoint")


@pytest.fixture
def client(app, db_session) -> PortalClient:
    """A browser-like test client that knows about forms and the test login."""
    app.test_client_class = PortalClient
    with app.test_client() as test_client:
        yield test_client


@pytest.fixture
def other_app(app):
    """Return a builder of another app (other settings); the test database's binding comes back.

    create_app() binds the module-level session to its own engine: afterwards the session is
    bound to the suite's engine again, and the other engines are closed.
    """
    made = []

    def build(**overrides):
        made.append(create_app({"SECRET_KEY": "other", "RATELIMIT_ENABLED": False,
                                **overrides}))
        return made[-1]

    yield build
    db.session.remove()
    db.session.configure(bind=app.extensions["engine"])
    for other in made:
        other.extensions["engine"].dispose()
