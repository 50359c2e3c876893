"""Alembic environment: the portal's metadata, on the URL the portal is configured with."""

from alembic import context
from sqlalchemy import pool

from portal import models  # noqa: F401  (registers every table)
from portal.db import Base, make_engine

config = context.config
url = config.get_main_option("sqlalchemy.url")


def run_offline() -> None:
    """Write SQL for the migrations without a connection."""
    context.configure(url=url, target_metadata=Base.metadata, literal_binds=True,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    """Run the migrations on a connection (given by the caller, or made here)."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(url) if url.startswith("sqlite") else None
    if engine is None:
        from sqlalchemy import create_engine

        engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


def _run(connection) -> None:
    """Configure the context on a connection and run the migrations in one transaction.

    On SQLite, foreign keys are off while the migrations run, as Alembic's batch mode needs:
    it rebuilds a table by copying it and dropping the old one, which other tables' keys
    refer to. They are checked once the migrations are done, and switched on again.
    """
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        if connection.in_transaction():
            connection.commit()
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()
        if sqlite:
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"the migrations broke foreign keys: {broken[:5]}")
    if connection.in_transaction():
        connection.commit()
    if sqlite:
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")


if context.is_offline_mode():
    run_offline()
else:
    run_online()
