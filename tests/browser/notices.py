"""The live server's notices: run the sending job on its database, as a timer would, and read
what it sent (on SQLite or PostgreSQL, as the live server runs)."""

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[2]


def database_url(tmp_path_factory) -> str:
    """Return the live server's database URL."""
    folder = next(tmp_path_factory.getbasetemp().glob("live-server*"))
    return (folder / "database_url").read_text()


def query(tmp_path_factory, sql: str, **params) -> list[tuple]:
    """Run a statement on the live server's database and return its rows."""
    engine = create_engine(database_url(tmp_path_factory))
    try:
        with engine.begin() as connection:
            result = connection.execute(text(sql), params)
            return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        engine.dispose()


def send(tmp_path_factory) -> None:
    """Run `flask jobs send-notices` on the live server's database (e-mail and SMS to the log)."""
    env = {**os.environ, "DATABASE_URL": database_url(tmp_path_factory), "PORTAL_SMTP_HOST": ""}
    subprocess.run([sys.executable, "-m", "flask", "--app", "app", "jobs", "send-notices"],
                   cwd=ROOT, env=env, check=True, capture_output=True)


def last_ids(tmp_path_factory) -> tuple[int, int]:
    """Return the newest notice and delivery ids, to tell later ones apart."""
    return query(tmp_path_factory,
                 "SELECT (SELECT coalesce(max(id), 0) FROM notice), "
                 "(SELECT coalesce(max(id), 0) FROM notice_delivery)")[0]


def delivered(tmp_path_factory, national_id: str, after: int = 0) -> list[tuple]:
    """Return (channel, address, subject, body) sent to a person, after a delivery id."""
    return query(tmp_path_factory,
                 "SELECT channel, address, subject, body FROM notice_delivery JOIN person "
                 "ON person.id = notice_delivery.person_id WHERE notice_delivery.id > :after "
                 "AND person.national_id = :pid AND status = 'sent' ORDER BY notice_delivery.id",
                 after=after, pid=national_id)


def forget(tmp_path_factory, after_notice: int) -> None:
    """Remove the notices (and, with them, their deliveries) made after a notice id."""
    query(tmp_path_factory, "DELETE FROM notice_delivery WHERE notice_id > :after",
          after=after_notice)
    query(tmp_path_factory, "DELETE FROM notice WHERE id > :after", after=after_notice)
