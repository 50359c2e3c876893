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
from sqlalchemy.orm import joinedload, selectinload

from portal import db, workdays
from portal.journal.entries import CarePlan, Encounter, Immunization
from portal.journal.models import Organization, Person
from portal.messages import attachments
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


def care_teams(scope) -> list[Organization]:
    """Return the care teams the scope's person has a relationship with, by name.

    The GP office the person is listed with, and every team that has seen, vaccinated or
    planned care for them, as far as the reader may see those rows: a confidential visit
    (the youth health station) counts only for readers who may see it, so a parent is never
    told of it, not even by a team's name.
    """
    person = scope.subject
    units = union(*(select(model.unit_id).where(*scope.where(model))
                    for model in (Encounter, CarePlan, Immunization))).subquery()
    related = Organization.id.in_(select(units.c[0]))
    if person.gp_unit_id is not None:
        related = or_(related, Organization.id == person.gp_unit_id)
    # Read through the scope: the teams come from the person's journal, so a read by
    # someone acting for them is logged (issue 14, item 8).
    return [team for team, in scope.execute(
        select(Organization).where(related, Organization.kind.in_(TEAM_KINDS))
        .order_by(Organization.name))]


def author_role(actor: Person, subject: Person) -> str:
    """Return how a message is signed: by the person, or by someone on their behalf."""
    return "citizen" if actor.id == subject.id else "representative"


def start_thread(scope, unit_id: int, *, actor: Person, title: str, body: str,
                 uploads: list, folder: Path, now: datetime) -> Thread:
    """Start a thread with a care team of the scope's person, with its first message."""
    subject = scope.subject
    team = next((t for t in care_teams(scope) if t.id == unit_id), None)
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
                folder: Path, now: datetime) -> Message:
    """Add a message with its attachments to the transaction, and move the thread's clocks.

    The files are written first; if the transaction is rolled back, they are removed again.
    """
    body = _checked_body(body, uploads)
    keys: list[str] = []
    db.on_rollback(lambda: attachments.discard(folder, keys))
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
        # Kept on the message too, for the insight dashboard: the thread's clock stops at
        # the answer, the promise it was held to must not.
        message.answer_due_at = thread.answer_due_at
    db.session.flush()
    return message


def _unread(reader: Person, read):
    """Return the condition for messages the reader has not seen (by others, after reading)."""
    return (Message.author_id != reader.id) & or_(read.c.read_at.is_(None),
                                                   Message.created_at > read.c.read_at)


def threads_of(scope, reader: Person, *, page: int = 1) -> ThreadPage:
    """Return a page of the scope's threads with unread counts for the reader, in two queries."""
    total = scope.count(Thread)
    page = max(1, min(page, -(-total // PAGE_SIZE) or 1))
    read = ThreadRead.__table__.alias("reader_read")
    unread = (select(func.count(Message.id))
              .where(Message.thread_id == Thread.id, _unread(reader, read))
              .correlate(Thread, read).scalar_subquery())
    rows = scope.execute(
        select(Thread, unread)
        .outerjoin(read, (read.c.thread_id == Thread.id) & (read.c.person_id == reader.id))
        .where(*scope.where(Thread))
        .options(joinedload(Thread.unit))
        .order_by(Thread.last_message_at.desc(), Thread.id.desc())
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE))
    return ThreadPage([ThreadRow(t, n) for t, n in rows], page, total)


def unread_total(scope, reader: Person) -> int:
    """Return how many messages in the scope's threads the reader has not seen."""
    return db.session.scalar(select(unread_question(scope, reader)))


def unread_question(scope, reader: Person):
    """Return the count of the reader's unread messages in the scope's threads, as a scalar
    subquery to ask with others (the home page's card)."""
    read = ThreadRead.__table__.alias("reader_read")
    return (select(func.count(Message.id)).join(Thread, Thread.id == Message.thread_id)
            .outerjoin(read, (read.c.thread_id == Thread.id) & (read.c.person_id == reader.id))
            .where(*scope.where(Thread), _unread(reader, read)).scalar_subquery())


def thread_loads() -> tuple:
    """Return the loader options that show a thread page in a fixed number of queries."""
    return (joinedload(Thread.unit), joinedload(Thread.person),
            selectinload(Thread.messages).joinedload(Message.author),
            selectinload(Thread.messages).selectinload(Message.attachments))


def last_read(thread: Thread, reader: Person) -> datetime | None:
    """Return when the reader last read the thread, without marking it read."""
    return db.session.scalar(select(ThreadRead.read_at).where(
        ThreadRead.thread_id == thread.id, ThreadRead.person_id == reader.id))


def read_then_mark(thread: Thread, reader: Person, now: datetime) -> datetime | None:
    """Return when the reader last read the thread, and record that it is now.

    One statement that inserts or moves the time forward: the same reader opening the
    thread in two tabs at once marks it once, with no error (the request commits it).
    """
    previous = last_read(thread, reader)
    db.upsert(ThreadRead, {"thread_id": thread.id, "person_id": reader.id}, {"read_at": now},
              only_if=ThreadRead.read_at < now)
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
