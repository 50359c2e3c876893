"""The live server's notices: run the sending job on its database, as a timer would, and read
what it sent."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def database(tmp_path_factory) -> Path:
    """Return the live server's SQLite file."""
    return next(tmp_path_factory.getbasetemp().glob("live-server*/portal.sqlite3"))


def send(tmp_path_factory) -> None:
    """Run `flask jobs send-notices` on the live server's database (e-mail and SMS to the log)."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database(tmp_path_factory)}",
           "PORTAL_SMTP_HOST": ""}
    subprocess.run([sys.executable, "-m", "flask", "--app", "app", "jobs", "send-notices"],
                   cwd=ROOT, env=env, check=True, capture_output=True)


def last_ids(tmp_path_factory) -> tuple[int, int]:
    """Return the newest notice and delivery ids, to tell later ones apart."""
    with sqlite3.connect(database(tmp_path_factory)) as connection:
        return connection.execute(
            "SELECT (SELECT coalesce(max(id), 0) FROM notice), "
            "(SELECT coalesce(max(id), 0) FROM notice_delivery)").fetchone()


def delivered(tmp_path_factory, national_id: str, after: int = 0) -> list[tuple]:
    """Return (channel, address, subject, body) sent to a person, after a delivery id."""
    with sqlite3.connect(database(tmp_path_factory)) as connection:
        return connection.execute(
            "SELECT channel, address, subject, body FROM notice_delivery JOIN person "
            "ON person.id = notice_delivery.person_id WHERE notice_delivery.id > ? "
            "AND person.national_id = ? AND status = 'sent' ORDER BY notice_delivery.id",
            (after, national_id)).fetchall()


def forget(tmp_path_factory, after_notice: int) -> None:
    """Remove the notices (and their deliveries) made after a notice id."""
    with sqlite3.connect(database(tmp_path_factory)) as connection:
        connection.execute("PRAGMA foreign_keys=ON")
        connection.execute("DELETE FROM notice WHERE id > ?", (after_notice,))
