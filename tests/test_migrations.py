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


def test_the_database_refuses_double_bookings_and_overlaps(db_session):
    """DOMAIN.md, "Appointments": one booking per slot; no two overlapping appointments."""
    from datetime import UTC, datetime, timedelta

    import pytest
    from sqlalchemy import select
    from sqlalchemy.exc import DBAPIError

    from portal.appointments.models import Appointment, Slot, VisitType
    from portal.journal.models import Person
    from tests.factories import unit

    station = unit("helsestasjon-orland")
    kind = VisitType(unit_id=station.id, code="test", name_nb="T", name_nn="T", name_en="T",
                     duration_minutes=30)
    db_session.add(kind)
    db_session.flush()
    start = datetime(2027, 1, 4, 9, tzinfo=UTC)
    first, second = (Slot(unit_id=station.id, visit_type_id=kind.id, start_at=start + d,
                          end_at=start + d + timedelta(minutes=30))
                     for d in (timedelta(0), timedelta(minutes=15)))
    db_session.add_all([first, second])
    db_session.flush()
    people = db_session.scalars(select(Person).order_by(Person.id).limit(2)).all()

    def book(slot, person):
        db_session.add(Appointment(slot_id=slot.id, person_id=person.id, booked_by_id=person.id,
                                   channel="self", start_at=slot.start_at, end_at=slot.end_at))
        db_session.flush()

    book(first, people[0])
    for slot, person in ((first, people[1]), (second, people[0])):  # same slot; an overlap
        with pytest.raises(DBAPIError), db_session.begin_nested():
            book(slot, person)
    book(second, people[1])  # another person may take the overlapping slot


def test_a_database_with_the_demo_can_be_reset_again_and_again(tmp_path, other_app):
    """`flask demo --reset` starts over through the migrations (README; issue 16, item 9), any
    number of times: with rows that other
    tables' keys point at, SQLite's batch mode rebuilds tables without breaking a key, and
    the database's own rules (the no-overlap triggers) are there again afterwards."""
    from sqlalchemy import create_engine, text

    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    portal_app = other_app(DATABASE_URL=url)
    runner = portal_app.test_cli_runner()
    for args in (["setup"], ["demo", "--reset"], ["demo", "--reset"]):
        with portal_app.app_context():
            result = runner.invoke(args=args)
        assert result.exit_code == 0, (result.output, result.exception)
    engine = create_engine(url)
    with engine.connect() as conn:
        triggers = set(conn.scalars(text(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'appointment'")))
        men = set(conn.scalars(text("SELECT given_name FROM person WHERE registered_sex = 'male'")))
    engine.dispose()
    assert triggers == {"appointment_no_overlap_insert", "appointment_no_overlap_update"}
    assert men == {"Jonas", "Ola", "Nils", "Per"}
