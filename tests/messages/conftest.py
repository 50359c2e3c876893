"""Messages tests: attachments go to a folder of the test's own, never to instance/."""

import pytest
from sqlalchemy import select

from portal import db
from portal.journal.models import Organization, Person, Practitioner
from portal.messages.models import Thread

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 40


@pytest.fixture(autouse=True)
def uploads(app, tmp_path, monkeypatch):
    """Point the upload folder at a temporary folder for the test."""
    folder = tmp_path / "uploads"
    monkeypatch.setitem(app.config, "PORTAL_UPLOAD_FOLDER", str(folder))
    return folder


@pytest.fixture
def in_request(app, db_session):
    """Run a test of the services inside a request, as the views call them (links need one)."""
    with app.test_request_context("/?lang=en"):
        yield


def person(session, number: str) -> Person:
    """Return a persona by national identity number."""
    return session.scalar(select(Person).where(Person.national_id == number))


def unit(session, code: str) -> Organization:
    """Return a unit by code."""
    return session.scalar(select(Organization).where(Organization.code == code))


def practitioner_in(person_id: int, unit_id: int) -> Practitioner | None:
    """Return a person's active role in a unit, or None."""
    return db.session.scalar(select(Practitioner).where(
        Practitioner.person_id == person_id, Practitioner.unit_id == unit_id,
        Practitioner.active.is_(True)))


def thread_titled(session, subject: str) -> Thread | None:
    """Return the thread with a subject."""
    return session.scalar(select(Thread).where(Thread.subject == subject))


def log_out(client, from_page: str = "/home") -> None:
    """Log out through the form in the frame."""
    client.post_form("/auth/logout", {}, from_page=from_page)
