"""Reading and releasing lab results, within what the access decision allows.

Release (DOMAIN.md, "Lab results", HelsaMi's four categories): 1 at once; 2 when the
clinician shares it or after 14 days; 3 only when a clinician shares it; 4 never.
A result is visible once it has a release time that has passed and is not in category 4.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import joinedload

from portal import db
from portal.clock import OSLO
from portal.journal.entries import Observation
from portal.journal.models import Organization, Person, Practitioner
from portal.results.models import ResultsSeen

PAGE_SIZE = 50
TREND_LIMIT = 60
AUTO_RELEASE_AFTER = timedelta(days=14)
SHARING_ROLES = ("gp", "physician")


class ResultError(Exception):
    """A request about results that cannot be done; the message says why."""


@dataclass(frozen=True)
class ResultPage:
    """One page of results, newest first."""

    rows: list[Observation]
    page: int
    total: int

    @property
    def pages(self) -> int:
        """Return the number of pages."""
        return max(1, -(-self.total // PAGE_SIZE))


def _hospital_units():
    """Return a subquery of the ids of hospital units (the hospital and its parts)."""
    hospitals = select(Organization.id).where(Organization.kind == "hospital")
    return select(Organization.id).where(
        or_(Organization.kind == "hospital", Organization.part_of_id.in_(hospitals)))


def visible(subject, decision, now: datetime) -> list:
    """Return the conditions for the subject's lab results that the reader may see now."""
    conditions = [
        Observation.person_id == subject.id,
        Observation.category == "laboratory",
        Observation.release_category != 4,
        Observation.released_at.is_not(None),
        Observation.released_at <= now,
    ]
    if not decision.include_confidential:
        conditions.append(Observation.confidential.is_(False))
    if not decision.include_hospital:
        conditions.append(Observation.performer_unit_id.not_in(_hospital_units()))
    return conditions


def _period(conditions: list, start: date | None, end: date | None) -> list:
    """Add a period of Oslo dates (inclusive) to the conditions."""
    if start:
        conditions.append(Observation.effective_at >= datetime.combine(start, time(), OSLO))
    if end:
        conditions.append(Observation.effective_at < datetime.combine(end + timedelta(days=1), time(), OSLO))
    return conditions


def page_of_results(subject, decision, *, now: datetime, code: str | None = None,
                    start: date | None = None, end: date | None = None, page: int = 1) -> ResultPage:
    """Return a page of visible results, newest sample first, in two queries whatever the count."""
    conditions = _period(visible(subject, decision, now), start, end)
    if code:
        conditions.append(Observation.code == code)
    total = db.session.scalar(select(func.count()).select_from(Observation).where(*conditions))
    page = max(1, page)
    rows = db.session.scalars(
        select(Observation).where(*conditions)
        .options(joinedload(Observation.performer_unit),
                 joinedload(Observation.ordered_by).joinedload(Practitioner.person))
        .order_by(Observation.effective_at.desc(), Observation.id.desc())
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).unique().all()
    return ResultPage(list(rows), page, total)


def tests_taken(subject, decision, now: datetime) -> list[tuple[str, str]]:
    """Return the (code, name) of every test the reader may see results of, by name."""
    rows = db.session.execute(
        select(Observation.code, func.min(Observation.display))
        .where(*visible(subject, decision, now)).group_by(Observation.code)
    ).all()
    return sorted(((code, name) for code, name in rows), key=lambda r: r[1].casefold())


def result_for(subject, decision, observation_id: int, now: datetime) -> Observation | None:
    """Return one visible result of the subject, or None."""
    return db.session.scalar(
        select(Observation).where(Observation.id == observation_id,
                                  *visible(subject, decision, now))
        .options(joinedload(Observation.performer_unit),
                 joinedload(Observation.ordered_by).joinedload(Practitioner.person),
                 joinedload(Observation.released_by).joinedload(Practitioner.person)))


def trend(subject, decision, code: str, now: datetime) -> tuple[list[Observation], int]:
    """Return the newest results of one test, oldest first for the chart, and how many exist."""
    conditions = [*visible(subject, decision, now), Observation.code == code,
                  Observation.value_quantity.is_not(None), Observation.status != "cancelled"]
    total = db.session.scalar(select(func.count()).select_from(Observation).where(*conditions))
    newest = db.session.scalars(
        select(Observation).where(*conditions)
        .order_by(Observation.effective_at.desc()).limit(TREND_LIMIT)).all()
    return list(reversed(newest)), total


def _seen(viewer: Person, subject: Person) -> ResultsSeen | None:
    """Return the row saying when the viewer last opened the subject's results."""
    return db.session.scalar(select(ResultsSeen).where(ResultsSeen.viewer_id == viewer.id,
                                                       ResultsSeen.subject_id == subject.id))


def last_seen(viewer: Person, subject: Person) -> datetime | None:
    """Return when the viewer last opened the subject's results, or None if never."""
    row = _seen(viewer, subject)
    return row.seen_at if row else None


def last_seen_then_mark(viewer: Person, subject: Person, now: datetime) -> datetime | None:
    """Return when the viewer last opened the subject's results, and record that it is now."""
    row = _seen(viewer, subject)
    previous = row.seen_at if row else None
    if row is None:
        db.session.add(ResultsSeen(viewer_id=viewer.id, subject_id=subject.id, seen_at=now))
    else:
        row.seen_at = now
    db.session.commit()
    return previous


def release_due(now: datetime) -> int:
    """Release category 2 results issued 14 days ago or more; return how many were released.

    One UPDATE that touches only unreleased rows: running it twice, or on two hosts at the
    same time, releases each result once and changes nothing the second time.
    """
    result = db.session.execute(
        update(Observation)
        .where(Observation.release_category == 2, Observation.released_at.is_(None),
               Observation.status != "cancelled",
               Observation.issued_at <= now - AUTO_RELEASE_AFTER)
        .values(released_at=now)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount


def may_share(practitioner: Practitioner) -> bool:
    """Tell whether a practitioner may share results held back (doctors only)."""
    return practitioner is not None and practitioner.role in SHARING_ROLES


def awaiting_release(unit_id: int, *, limit: int = 100) -> list[Observation]:
    """Return held-back results (categories 2 and 3) of the patients listed at a GP office."""
    return list(db.session.scalars(
        select(Observation).join(Person, Person.id == Observation.person_id)
        .where(Person.gp_unit_id == unit_id, Observation.release_category.in_((2, 3)),
               Observation.released_at.is_(None), Observation.status != "cancelled")
        .options(joinedload(Observation.person))
        .order_by(Observation.release_category.desc(), Observation.effective_at)
        .limit(limit)))


def share(observation: Observation, practitioner: Practitioner, comment: str, now: datetime) -> None:
    """Share a held-back result with the person, with the doctor's comment."""
    from flask_babel import gettext as _

    if not may_share(practitioner):
        raise ResultError(_("Only a doctor can share results that are held back."))
    if observation.release_category not in (2, 3):
        raise ResultError(_("This result cannot be shared in the portal."))
    if observation.released_at is not None:
        raise ResultError(_("This result has already been shared."))
    observation.released_at = now
    observation.released_by_id = practitioner.id
    observation.release_comment = comment.strip() or None
    db.session.commit()
