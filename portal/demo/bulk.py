"""Bulk inserts for the synthetic population: one executemany per table and chunk, or on
PostgreSQL one COPY (issue 22: 100,000 citizens in reasonable time; an executemany there
waits for the server row by row)."""

from sqlalchemy import insert, text


def insert_rows(session, model, rows: list[dict]) -> None:
    """Insert rows into the model's table at once."""
    if not rows:
        return
    if _copies(session):
        _copy(session, model.__table__, rows)
    else:
        session.execute(insert(model.__table__), rows)


def insert_returning_ids(session, model, rows: list[dict]) -> list[int]:
    """Insert rows into the model's table and return their new ids, in the rows' order."""
    if not rows:
        return []
    table = model.__table__
    if _copies(session):
        # The ids are taken from the table's sequence first, so the COPY can carry them.
        ids = list(session.scalars(text(
            "SELECT nextval(pg_get_serial_sequence(:name, 'id')) FROM generate_series(1, :n)"),
            {"name": table.name, "n": len(rows)}))
        _copy(session, table, [{**row, "id": new} for row, new in zip(rows, ids, strict=True)])
        return ids
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(session.execute(statement, rows).scalars())


def _copies(session) -> bool:
    """Tell whether the session's database takes COPY (PostgreSQL through psycopg)."""
    return session.get_bind().dialect.name == "postgresql"


def _copy(session, table, rows: list[dict]) -> None:
    """COPY rows into a table: the values through the columns' own bind processing (time
    zones, JSON), and the columns' Python defaults where a row leaves them out, as an
    INSERT would."""
    dialect = session.get_bind().dialect
    given = list(rows[0])  # the rows of one call have the same keys, as for an executemany
    defaulted = [column for column in table.columns
                 if column.name not in given and column.default is not None
                 and not column.primary_key]
    names = given + [column.name for column in defaulted]
    processors = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
                  for name in names]
    quote = dialect.identifier_preparer.quote
    statement = (f"COPY {quote(table.name)} ({', '.join(quote(name) for name in names)}) "
                 "FROM STDIN")
    cursor = session.connection().connection.driver_connection.cursor()
    with cursor, cursor.copy(statement) as copy:
        for row in rows:
            values = [row.get(name) for name in given]
            values += [_default(column) for column in defaulted]
            copy.write_row([process(value) if process else value
                            for process, value in zip(processors, values, strict=True)])


def _default(column):
    """Return a column's Python default, as an INSERT would fill it in."""
    default = column.default
    if default.is_callable:
        return default.arg(None)
    return default.arg
