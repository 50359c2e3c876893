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
    """Configure the context on a connection and run the migrations in one transaction."""
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()
    if connection.in_transaction():
        connection.commit()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
