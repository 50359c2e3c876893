"""Alembic migrations create exactly the models' schema (issue 2, item 2)."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from portal.models import Base


def test_migrated_schema_matches_the_models(app):
    engine = app.extensions["engine"]
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_every_table_exists(app):
    tables = set(inspect(app.extensions["engine"]).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_constraints_live_in_the_database(db_session):
    """Constraints are in the database, not only in Python: a bad row is refused there."""
    import pytest
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), db_session.begin_nested():
        db_session.execute(text(
            "INSERT INTO person (national_id, given_name, family_name, birth_date, created_at)"
            " VALUES ('123', 'A', 'B', '2000-01-01', CURRENT_TIMESTAMP)"))


def test_migrations_go_down_and_up_again(tmp_path):
    from sqlalchemy import create_engine

    from portal import migrate

    url = f"sqlite:///{tmp_path / 'roundtrip.sqlite3'}"
    migrate.upgrade(url)
    migrate.downgrade(url, "base")
    engine = create_engine(url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    migrate.upgrade(url)
    engine = create_engine(url)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()
