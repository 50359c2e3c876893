"""The access log cannot be rewritten, not even by the app's own role (issue 14, item 3).

DOMAIN.md, "Access log": every read is logged, and the log is append-only (Normen,
pasientjournalloven). Tried as an attacker would: UPDATE, DELETE, SQLite's INSERT OR REPLACE
(which deletes without firing a delete trigger), an UPSERT, and on PostgreSQL TRUNCATE and
ALTER TABLE … DISABLE TRIGGER as the app's role, which does not own the table.
"""

import os

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import DBAPIError

from portal import migrate, roles
from portal.access.loaders import Read
from portal.audit import record
from tests.client import EMMA, KARI, persona
from tests.parts import require_part

POSTGRES = os.environ.get("PORTAL_TEST_POSTGRES_URL",
                          "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _entry(db_session):
    """Add one entry to the log and return its id."""
    entry = record(Read(persona(KARI).id, "parent", persona(EMMA).id, "results", None, None))
    db_session.flush()
    return entry.id


def _upsert() -> str:
    """Return an INSERT that updates the row with the same id instead."""
    return ("INSERT INTO access_log_entry (id, at, actor_id, actor_role, subject_id, what) "
            "SELECT id, at, actor_id, actor_role, subject_id, 'nothing' FROM access_log_entry "
            "WHERE id = :id ON CONFLICT (id) DO UPDATE SET what = 'nothing'")


@pytest.mark.parametrize("statement", [
    "UPDATE access_log_entry SET what = 'nothing' WHERE id = :id",
    "DELETE FROM access_log_entry WHERE id = :id",
    "UPSERT",
    "REPLACE",
])
def test_the_database_refuses_to_change_an_entry(db_session, statement):
    entry_id = _entry(db_session)
    dialect = db_session.get_bind().dialect.name
    if statement == "UPSERT":
        statement = _upsert()
    elif statement == "REPLACE":
        if dialect != "sqlite":
            return  # PostgreSQL has no REPLACE; its UPSERT is tried above
        statement = ("INSERT OR REPLACE INTO access_log_entry "
                     "(id, at, actor_id, actor_role, subject_id, what) SELECT id, at, "
                     "actor_id, actor_role, subject_id, 'nothing' FROM access_log_entry "
                     "WHERE id = :id")
    with pytest.raises(DBAPIError, match="append-only"), db_session.begin_nested():
        db_session.execute(text(statement), {"id": entry_id})
    assert db_session.scalar(text("SELECT what FROM access_log_entry WHERE id = :id"),
                             {"id": entry_id}) == "results"


@pytest.fixture(scope="module")
def roles_database():
    """A PostgreSQL database of its own, migrated by its owner, with an app role beside it."""
    url = make_url(POSTGRES)
    server = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            connection.execute(text('DROP DATABASE IF EXISTS "portal_roles_test" WITH (FORCE)'))
            connection.execute(text('CREATE DATABASE "portal_roles_test"'))
    except Exception as exc:  # noqa: BLE001 (the part is missing: say so, below)
        server.dispose()
        require_part(False, "PostgreSQL", f"start it on 127.0.0.1:5432 ({exc.__class__.__name__})")
    server.dispose()
    owner = url.set(database="portal_roles_test").render_as_string(hide_password=False)
    migrate.upgrade(owner)
    roles.grant(owner, "portal_app_test")
    yield owner


@pytest.mark.parametrize("statement", [
    "UPDATE access_log_entry SET what = 'nothing'",
    "DELETE FROM access_log_entry",
    "TRUNCATE access_log_entry",
    "ALTER TABLE access_log_entry DISABLE TRIGGER access_log_append_only",
    "INSERT INTO access_log_entry (id, at, actor_id, actor_role, subject_id, what) "
    "VALUES (1, now(), 1, 'staff', 1, 'x') ON CONFLICT (id) DO UPDATE SET what = 'nothing'",
])
def test_the_apps_own_role_cannot_rewrite_the_log(roles_database, statement):
    """Rule: the app's role may only SELECT and INSERT the log; the owner runs migrations."""
    engine = create_engine(roles_database)
    try:
        with engine.connect() as connection:
            connection.execute(text("SET ROLE portal_app_test"))
            with pytest.raises(DBAPIError, match="permission denied|must be owner"):
                connection.execute(text(statement))
    finally:
        engine.dispose()


def test_the_apps_own_role_reads_and_adds_to_the_log(roles_database):
    engine = create_engine(roles_database)
    try:
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO person (national_id, given_name, family_name, "
                                    "birth_date, created_at) VALUES ('14838800026', 'Kari', "
                                    "'Nordmann', '1988-03-14', now())"))
        with engine.begin() as connection:
            connection.execute(text("SET ROLE portal_app_test"))
            person = connection.scalar(text("SELECT id FROM person"))
            connection.execute(text(
                "INSERT INTO access_log_entry (at, actor_id, actor_role, subject_id, what) "
                "VALUES (now(), :p, 'staff', :p, 'results')"), {"p": person})
            assert connection.scalar(text("SELECT count(*) FROM access_log_entry")) == 1
            assert connection.scalar(text("SELECT current_user")) == "portal_app_test"
    finally:
        engine.dispose()


def test_granting_again_leaves_the_app_select_and_insert_on_the_log(roles_database):
    """`flask setup` grants on every run; a second time changes nothing."""
    roles.grant(roles_database, "portal_app_test")  # a second time changes nothing
    engine = create_engine(roles_database)
    try:
        with engine.connect() as connection:
            rights = set(connection.scalars(text(
                "SELECT privilege_type FROM information_schema.role_table_grants "
                "WHERE grantee = 'portal_app_test' AND table_name = 'access_log_entry'")))
    finally:
        engine.dispose()
    assert rights == {"SELECT", "INSERT"}


def test_db_upgrade_runs_as_the_owner_and_gives_the_app_role_its_rights(roles_database,
                                                                         other_app):
    """`flask db upgrade` (and `flask setup`) migrate as DATABASE_OWNER_URL, then grant."""
    app_url = make_url(roles_database).set(username="portal_app_test")
    app = other_app(DATABASE_URL=app_url.render_as_string(hide_password=False),
                    DATABASE_OWNER_URL=roles_database)
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "The app's role portal_app_test may read and add to the access log" in result.output
