"""Secure messages for citizens: whom one may write to, threads, messages and read markers.

Rules (DOMAIN.md, "Secure messages"): a citizen, or a representative allowed to
communicate, writes to a care team they have a relationship with; the team promises an
answer within its working days. `Thread.answer_due_at` is set when a citizen's message
arrives on a thread that is not already waiting, and cleared when the team answers or
closes the thread: a thread with a due time is one waiting for the team.
"""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import func, or_, select, union
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from portal import db
from portal.journal.entries import CarePlan, Encounter, Immunization
from portal.journal.models import Organization, Person
from portal.messages import attachments, workdays
from portal.messages.models import Attachment, Message, Thread, ThreadRead

TEAM_KINDS = ("gp_office", "health_station", "youth_health_station", "home_care")
SUBJECT_MAX = 150
BODY_MAX = 5000
PAGE_SIZE = 20


class MessageError(Exception):
    """A message that cannot be sent or an action that cannot be done; the message says why."""


@dataclass(frozen=True)
class ThreadRow:
    """A thread in a citizen's list, with how many messages the reader has not seen."""

    thread: Thread
    unread: int


@dataclass(frozen=True)
class ThreadPage:
    """One page of a person's threads, latest activity first."""

    rows: list[ThreadRow]
    page: int
    total: int

    @property
    def pages(self) -> int:
        """Return the number of pages."""
        return max(1, -(-self.total // PAGE_SIZE))


def care_teams(person: Person, *, include_confidential: bool) -> list[Organization]:
    """Return the care teams a person has a relationship with, from the journal, by name.

    The GP office the person is listed with, and every team that has seen, vaccinated or
    planned care for them. A confidential visit (the youth health station) counts only
    when the reader may see it: a parent is never told of it, not even by a team's name.
    """
    visits = select(Encounter.unit_id).where(Encounter.person_id == person.id)
    if not include_confidential:
        visits = visits.where(Encounter.confidential.is_(False))
    units = union(
        visits,
        select(CarePlan.unit_id).where(CarePlan.person_id == person.id),
        select(Immunization.unit_id).where(Immunization.person_id == person.id),
    ).subquery()
    related = Organization.id.in_(select(units.c[0]))
    if person.gp_unit_id is not None:
        related = or_(related, Organization.id == person.gp_unit_id)
    return list(db.session.scalars(
        select(Organization).where(related, Organization.kind.in_(TEAM_KINDS))
        .order_by(Organization.name)))


def author_role(actor: Person, subject: Person) -> str:
    """Return how a message is signed: by the person, or by someone on their behalf."""
    return "citizen" if actor.id == subject.id else "representative"


def start_thread(subject: Person, unit_id: int, *, actor: Person, title: str, body: str,
                 uploads: list, folder: Path, now: datetime,
                 include_confidential: bool) -> Thread:
    """Start a thread with a care team of the subject's, with its first message."""
    team = next((t for t in care_teams(subject, include_confidential=include_confidential)
                 if t.id == unit_id), None)
    if team is None:
        raise MessageError(_("You can only write to a care team that {name} has a relationship "
                             "with. Choose one of the teams in the list.").format(name=subject.name))
    title = " ".join((title or "").split())
    if not title:
        raise MessageError(_("Write a subject."))
    _checked_body(body, uploads)  # before the thread exists, so a refusal leaves nothing behind
    thread = Thread(person_id=subject.id, unit_id=team.id, subject=title[:SUBJECT_MAX],
                    status="open", created_by_id=actor.id, created_at=now, last_message_at=now)
    thread.unit = team
    db.session.add(thread)
    add_message(thread, actor, author_role(actor, subject), body, uploads, folder, now)
    return thread


def reply(thread: Thread, *, actor: Person, body: str, uploads: list, folder: Path,
          now: datetime) -> Message:
    """Add a citizen's (or representative's) message to an open thread."""
    if thread.status != "open":
        raise MessageError(_("This conversation is closed. Write a new message if you need "
                             "more help."))
    return add_message(thread, actor, author_role(actor, thread.person), body, uploads, folder,
                       now)


def _checked_body(body: str | None, uploads: list) -> str:
    """Return the message text trimmed, or refuse an empty or over-long one, or too many files."""
    body = (body or "").strip()
    if not body:
        raise MessageError(_("Write a message."))
    if len(body) > BODY_MAX:
        raise MessageError(_("The message can be at most {n} characters.").format(n=BODY_MAX))
    if len(uploads) > attachments.MAX_FILES:
        raise MessageError(_("You can attach at most {n} files.").format(n=attachments.MAX_FILES))
    return body


def add_message(thread: Thread, author: Person, role: str, body: str, uploads: list,
                folder: Path, now: datetime, *, also=None) -> Message:
    """Save a message with its attachments in one transaction, and move the thread's clocks.

    `also` is called before the commit, for what belongs to the same transaction (notices).
    """
    body = _checked_body(body, uploads)
    keys = []
    try:
        message = Message(thread=thread, author_id=author.id, author_role=role, body=body,
                          created_at=now)
        for upload in uploads:
            keys.append(attachments.store(upload, folder))
            message.attachments.append(Attachment(
                filename=upload.filename, content_type=upload.content_type,
                size_bytes=len(upload.data), sha256=upload.sha256, storage_key=keys[-1]))
        db.session.add(message)
        thread.last_message_at = now
        if role == "staff":
            thread.answer_due_at = None
        elif thread.answer_due_at is None and thread.unit.answer_days:
            # The first unanswered message starts the team's clock; later ones do not move it.
            thread.answer_due_at = workdays.answer_due(now, thread.unit.answer_days)
        if also is not None:
            also()
        db.session.commit()
    except Exception:
        db.session.rollback()
        attachments.discard(folder, keys)
        raise
    return message


def threads_of(subject: Person, reader: Person, *, page: int = 1) -> ThreadPage:
    """Return a page of the subject's threads with unread counts for the reader, in two queries."""
    total = db.session.scalar(select(func.count()).select_from(Thread)
                              .where(Thread.person_id == subject.id))
    page = max(1, min(page, -(-total // PAGE_SIZE) or 1))
    read = ThreadRead.__table__.alias("reader_read")
    unread = (select(func.count(Message.id))
              .where(Message.thread_id == Thread.id, Message.author_id != reader.id,
                     or_(read.c.read_at.is_(None), Message.created_at > read.c.read_at))
              .correlate(Thread, read).scalar_subquery())
    rows = db.session.execute(
        select(Thread, unread)
        .outerjoin(read, (read.c.thread_id == Thread.id) & (read.c.person_id == reader.id))
        .where(Thread.person_id == subject.id)
        .options(joinedload(Thread.unit))
        .order_by(Thread.last_message_at.desc(), Thread.id.desc())
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    return ThreadPage([ThreadRow(t, n) for t, n in rows], page, total)


def unread_total(subject: Person, reader: Person) -> int:
    """Return how many messages in the subject's threads the reader has not seen."""
    return db.session.scalar(
        select(func.count(Message.id)).join(Thread, Thread.id == Message.thread_id)
        .outerjoin(ThreadRead, (ThreadRead.thread_id == Thread.id)
                   & (ThreadRead.person_id == reader.id))
        .where(Thread.person_id == subject.id, Message.author_id != reader.id,
               or_(ThreadRead.read_at.is_(None), Message.created_at > ThreadRead.read_at)))


def thread_of(subject: Person, thread_id: int) -> Thread | None:
    """Return one of the subject's threads with its messages, or None (also for others')."""
    return db.session.scalar(
        select(Thread).where(Thread.id == thread_id, Thread.person_id == subject.id)
        .options(*thread_loads()))


def thread_loads() -> tuple:
    """Return the loader options that show a thread page in a fixed number of queries."""
    return (joinedload(Thread.unit), joinedload(Thread.person),
            selectinload(Thread.messages).joinedload(Message.author),
            selectinload(Thread.messages).selectinload(Message.attachments))


def _read_row(thread: Thread, reader: Person) -> ThreadRead | None:
    """Return the reader's read marker of a thread, if any."""
    return db.session.scalar(select(ThreadRead).where(ThreadRead.thread_id == thread.id,
                                                      ThreadRead.person_id == reader.id))


def last_read(thread: Thread, reader: Person) -> datetime | None:
    """Return when the reader last read the thread, without marking it read."""
    row = _read_row(thread, reader)
    return row.read_at if row else None


def read_then_mark(thread: Thread, reader: Person, now: datetime) -> datetime | None:
    """Return when the reader last read the thread, and record that it is now."""
    row = _read_row(thread, reader)
    previous = row.read_at if row else None
    if row is None:
        db.session.add(ThreadRead(thread_id=thread.id, person_id=reader.id, read_at=now))
    else:
        row.read_at = max(now, row.read_at)
    try:
        db.session.commit()
    except IntegrityError:
        # The same reader opened the thread in another tab at the same moment: it is marked.
        db.session.rollback()
    return previous


def is_new(message: Message, reader: Person, previous_read: datetime | None) -> bool:
    """Tell whether a message is new to the reader: by someone else, after their last read."""
    return message.author_id != reader.id and (previous_read is None
                                               or message.created_at > previous_read)


def is_overdue(thread: Thread, now: datetime) -> bool:
    """Tell whether the team has passed its promised answer time on an open thread."""
    return thread.status == "open" and thread.answer_due_at is not None \
        and thread.answer_due_at < now


def attachment_in(thread: Thread, attachment_id: int) -> Attachment | None:
    """Return an attachment of one of the thread's messages, or None."""
    return db.session.scalar(
        select(Attachment).join(Message, Message.id == Attachment.message_id)
        .where(Attachment.id == attachment_id, Message.thread_id == thread.id))
