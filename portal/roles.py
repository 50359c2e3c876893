"""Two database roles on PostgreSQL: the owner runs the migrations, the app only uses the data.

The access log must not be rewritable even by the app's own role (Normen;
pasientjournalloven): the app's role may only SELECT and INSERT it, so UPDATE, DELETE,
TRUNCATE, an UPSERT and ALTER TABLE … DISABLE TRIGGER are all refused by the database. The
owner (DATABASE_OWNER_URL) creates the tables; `flask setup` then makes sure the app's role
(the user of DATABASE_URL) exists and has exactly these rights.
"""

from sqlalchemy import create_engine, make_url, text

APPEND_ONLY = ("access_log_entry",)


def app_role(url: str) -> str:
    """Return the name of the role a database URL logs in as."""
    return make_url(url).username


def grant(owner_url: str, role: str, *, password: str | None = None) -> None:
    """Create the app's role if missing, and give it the rights it needs and no more."""
    engine = create_engine(owner_url)
    quoted = '"' + role.replace('"', '""') + '"'
    try:
        with engine.begin() as connection:
            exists = connection.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :role"),
                                       {"role": role})
            if not exists:
                connection.execute(text(f"CREATE ROLE {quoted} LOGIN"
                                        + (" PASSWORD :password" if password else "")),
                                   {"password": password} if password else {})
            connection.execute(text(f"GRANT USAGE ON SCHEMA public TO {quoted}"))
            connection.execute(text(
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}"))
            connection.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public "
                                    f"TO {quoted}"))
            for table in APPEND_ONLY:
                connection.execute(text(f"REVOKE ALL ON {table} FROM {quoted}"))
                connection.execute(text(f"GRANT SELECT, INSERT ON {table} TO {quoted}"))
    finally:
        engine.dispose()
