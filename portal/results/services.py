"""Reading and releasing lab results, within what the access decision allows.

Release (DOMAIN.md, "Lab results", HelsaMi's four categories): 1 at once; 2 when the
clinician shares it or after 14 days; 3 only when a clinician shares it; 4 never.
A result is visible once it has a release time that has passed and is not in category 4.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import joinedload, raiseload

from portal import db
from portal.clock import OSLO
from portal.journal.entries import Observation
from portal.journal.models import DOCTOR_ROLES, Person, Practitioner
from portal.results import classification
from portal.results.models import ResultsSeen

PAGE_SIZE = 50
TREND_LIMIT = 60
AUTO_RELEASE_AFTER = timedelta(days=14)


class ResultError(Exception):
    """A request about results that cannot be done; the message says why."""


@dataclass(frozen=True)
class ResultPage:
    """One page of results, newest first; with when the reader last looked (None if never)
    and how many of all the scope's results were released since."""

    rows: list[Observation]
    page: int
    total: int
    seen: datetime | None = None
    new: int = 0

    @property
    def pages(self) -> int:
        """Return the number of pages."""
        return max(1, -(-self.total // PAGE_SIZE))


def _period(conditions: list, start: date | None, end: date | None) -> list:
    """Add a period of Oslo dates (inclusive) to the conditions."""
    if start:
        conditions.append(Observation.effective_at >= datetime.combine(start, time(), OSLO))
    if end:
        conditions.append(Observation.effective_at < datetime.combine(end + timedelta(days=1), time(), OSLO))
    return conditions


def _shown():
    """Return the loader options that show a result with its source and who ordered it."""
    return (joinedload(Observation.performer_unit),
            joinedload(Observation.ordered_by).joinedload(Practitioner.person),
            joinedload(Observation.released_by).joinedload(Practitioner.person))


def _listed():
    """Return the loader options of a list of results: a list shows no lab, orderer or sharer
    (the page of one result does), so none is read, and touching one is an error, not a query
    per row (issue 22: lists read only what they show)."""
    return (raiseload(Observation.performer_unit), raiseload(Observation.ordered_by),
            raiseload(Observation.released_by))


def page_of_results(scope, viewer: Person, *, code: str | None = None,
                    start: date | None = None, end: date | None = None,
                    page: int = 1) -> ResultPage:
    """Return a page of the scope's results, newest sample first, in two queries whatever the
    count: the first asks how many match, when the viewer last looked and how many have been
    released since, together; the second reads the page."""
    conditions = _period([], start, end)
    if code:
        conditions.append(Observation.code == code)
    total, seen, new = db.session.execute(select(
        scope.how_many(Observation, *conditions), seen_question(viewer, scope.subject),
        new_question(scope, viewer))).one()
    page = max(1, page)
    rows = scope.rows(
        scope.select(Observation, *conditions).options(*_listed())
        .order_by(Observation.effective_at.desc(), Observation.id.desc())
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE))
    return ResultPage(rows, page, total, seen, new)


def tests_taken(scope) -> list[tuple[str, str]]:
    """Return the (code, name) of every test the scope has results of, by name."""
    rows = scope.execute(select(Observation.code, func.min(Observation.display))
                         .where(*scope.where(Observation)).group_by(Observation.code))
    return sorted(((code, name) for code, name in rows), key=lambda r: r[1].casefold())


LATEST_TREND = 12  # the newest values per test drawn in a row's small trend line


def latest_per_test(scope) -> list[list[Observation]]:
    """Return each test's newest results (up to LATEST_TREND), oldest first, one list per test.

    One query whatever the number of tests: a window numbers each test's results from the
    newest, and only the newest few of each are read (issue 19, item 4).
    """
    newest_first = func.row_number().over(
        partition_by=Observation.code,
        order_by=(Observation.effective_at.desc(), Observation.id.desc())).label("n")
    numbered = (scope.select(Observation).with_only_columns(Observation.id, newest_first)
                .where(Observation.status != "cancelled").subquery())
    rows = scope.rows(
        scope.select(Observation).join(numbered, numbered.c.id == Observation.id)
        .where(numbered.c.n <= LATEST_TREND).options(*_listed())
        .order_by(Observation.code, Observation.effective_at, Observation.id))
    tests: dict[str, list[Observation]] = {}
    for row in rows:
        tests.setdefault(row.code, []).append(row)
    return list(tests.values())


def result_in(scope, observation_id: int) -> Observation:
    """Return one result of the scope with its source, or raise access.NotFound."""
    return scope.get(Observation, observation_id, options=_shown())


def trend(scope, code: str) -> tuple[list[Observation], int]:
    """Return the newest results of one test, oldest first for the chart, and how many exist."""
    conditions = [Observation.code == code, Observation.value_quantity.is_not(None),
                  Observation.status != "cancelled"]
    total = scope.count(Observation, *conditions)
    newest = scope.rows(scope.select(Observation, *conditions)
                        .order_by(Observation.effective_at.desc()).limit(TREND_LIMIT))
    return list(reversed(newest)), total


def seen_question(viewer: Person, subject: Person):
    """Return when the viewer last opened the subject's results, as a scalar subquery."""
    return select(ResultsSeen.seen_at).where(
        ResultsSeen.viewer_id == viewer.id, ResultsSeen.subject_id == subject.id
    ).scalar_subquery()


def new_question(scope, viewer: Person):
    """Return the count of the scope's results released since the viewer last looked (all of
    them if never), as a scalar subquery to ask with others (the home page's card)."""
    seen = seen_question(viewer, scope.subject)
    return scope.how_many(Observation, or_(seen.is_(None), Observation.released_at > seen))


def mark_seen(viewer: Person, subject: Person, page: ResultPage, now: datetime) -> None:
    """Record that the viewer has now opened the subject's results (the page's `seen` and
    `new` say what the last look was).

    The mark is written only when it changes what counts as new: on the first visit, and
    when results have been released since the last. A visit that shows nothing new writes
    nothing (issue 22: no write on a GET that changes nothing). One statement inserts or
    moves the time forward, so two tabs opened at once both succeed (the request commits it).
    """
    if page.seen is not None and not page.new:
        return
    db.upsert(ResultsSeen, {"viewer_id": viewer.id, "subject_id": subject.id},
              {"seen_at": now}, only_if=ResultsSeen.seen_at < now)


def category_on_arrival(category: int, *, critical: bool, shared: bool) -> int:
    """Return the release category an arriving result is filed in.

    DOMAIN.md, "Lab results": a critical result is held for a clinician to share (category 2)
    unless the lab or the GP has already shared it; other categories stay as the lab sent them.
    """
    return 2 if critical and category == 1 and not shared else category


def receive(observation: Observation) -> Observation:
    """File an arriving lab result: hold a critical one for a clinician unless it is shared."""
    shared = observation.released_by is not None or observation.released_by_id is not None
    category = category_on_arrival(observation.release_category,
                                   critical=classification.of(observation).critical, shared=shared)
    if category != observation.release_category:
        observation.release_category = category
        observation.released_at = None
    return observation


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
    return result.rowcount


def may_share(practitioner: Practitioner) -> bool:
    """Tell whether a practitioner may share results held back (doctors only)."""
    return practitioner is not None and practitioner.role in DOCTOR_ROLES


HELD_BACK = (Observation.release_category.in_((2, 3)),)


def awaiting_release(scope, *, limit: int = 100) -> list[Observation]:
    """Return the held-back results (categories 2 and 3) a GP office's scope reaches."""
    return scope.rows(
        scope.select(Observation, *HELD_BACK, Observation.released_at.is_(None),
                     Observation.status != "cancelled")
        .options(joinedload(Observation.person))
        .order_by(Observation.release_category.desc(), Observation.effective_at)
        .limit(limit))


class NeedsConfirmation(ResultError):
    """A serious result (category 3) is shared only after the doctor has seen the preview."""


def share(observation: Observation, practitioner: Practitioner, comment: str, now: datetime,
          *, confirmed: bool = False) -> None:
    """Share a held-back result with the person, with the doctor's comment.

    A serious finding (category 3) is never shared without a word: it needs a comment for
    the person and the doctor's confirmation after a preview of what the person will see
    (DOMAIN.md, "Lab results", release category 3; issue 16, item 3).
    """
    if not may_share(practitioner):
        raise ResultError(_("Only a doctor can share results that are held back."))
    if observation.release_category not in (2, 3):
        raise ResultError(_("This result cannot be shared in the portal."))
    if observation.released_at is not None:
        raise ResultError(_("This result has already been shared."))
    comment = comment.strip()
    if observation.release_category == 3:
        if not comment:
            raise ResultError(_("A serious result needs a comment for the person: what it "
                                "means for them and what happens next."))
        if not confirmed:
            raise NeedsConfirmation(_("Check what the person will see, then confirm."))
    observation.released_at = now
    observation.released_by_id = practitioner.id
    observation.release_comment = comment or None
    db.session.flush()


def signature(comment: str | None, name: str | None) -> str | None:
    """Return the name to sign a comment with, or None where the comment is signed already."""
    if not comment or not name:
        return None
    return None if name.casefold() in comment.casefold() else name
