"""Core bulk inserts for the synthetic population: one executemany per table and chunk."""

from sqlalchemy import insert


def insert_rows(session, model, rows: list[dict]) -> None:
    """Insert rows into the model's table in one executemany."""
    if rows:
        session.execute(insert(model.__table__), rows)


def insert_returning_ids(session, model, rows: list[dict]) -> list[int]:
    """Insert rows into the model's table and return their new ids, in the rows' order."""
    if not rows:
        return []
    table = model.__table__
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(session.execute(statement, rows).scalars())
