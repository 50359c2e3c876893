"""The rules of secure messages as functions (DOMAIN.md, "Secure messages"; pbrl §§ 4-3, 4-4)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from portal.access import Actor, NotAllowed, NotFound, Verb
from portal.access.loaders import load
from portal.journal.entries import Encounter
from portal.messages import services
from portal.messages.areas import MESSAGES
from portal.messages.attachments import Upload
from portal.messages.models import Attachment, Message, Thread, ThreadRead
from portal.representation.models import PowerOfAttorney
from tests import factories as make
from tests.client import ANNE, EMMA, INGRID, JONAS, KARI, LIV, NILS, OLA
from tests.messages.conftest import PDF, PNG, person, unit

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
YOUTH = "Helsestasjon for ungdom"


def names(teams):
    return [t.name for t in teams]


def scope(session, reader_number, subject_number, verb=Verb.ACT):
    """Return the messages scope a citizen has of a person (themselves or one they act for)."""
    return make.scope(person(session, reader_number), person(session, subject_number), MESSAGES,
                      verb)


@pytest.mark.parametrize(("number", "reader", "teams"), [
    (KARI, KARI, ["Ørland legekontor"]),
    (EMMA, KARI, ["Helsestasjon Ørland", "Ørland legekontor"]),  # her parent
    (OLA, INGRID, ["Hjemmetjenesten Ørland", "Ørland legekontor"]),  # a power of attorney
    (JONAS, JONAS, [YOUTH, "Helsestasjon Ørland", "Ørland legekontor"]),
    (LIV, LIV, ["Ørland legekontor"]),
    (ANNE, ANNE, []),  # staff have no GP in the demo and no journal: nobody to write to
])
def test_care_teams_come_from_the_journal(db_session, number, reader, teams):
    """Rule: write to a care team one has a relationship with: GP office, health station, home care."""
    found = services.care_teams(scope(db_session, reader, number, Verb.VIEW))
    assert names(found) == teams


def test_a_confidential_visit_does_not_reveal_the_youth_health_station(db_session):
    """Rule: entries confidential for the child are never shown to parents, not even by a team's name."""
    kari, jonas, emma = (person(db_session, n) for n in (KARI, JONAS, EMMA))
    # Jonas (12-15) has a confidential visit there; his parent cannot ask for his teams at all.
    for verb in Verb:
        with pytest.raises(NotAllowed, match="Parents do not see messages for young people "
                                             "aged 12 to 15"):
            make.scope(kari, jonas, MESSAGES, verb)
    assert YOUTH in names(services.care_teams(make.scope(jonas, jonas, MESSAGES)))
    # A confidential visit counts only in a scope that includes confidential rows: the
    # person's own, never a parent's, even where the parent may read and write.
    db_session.add(Encounter(person_id=emma.id, unit_id=unit(db_session, "helsestasjon-ungdom").id,
                             kind="visit", start_at=MONDAY, confidential=True))
    db_session.flush()
    parents = make.scope(kari, emma, MESSAGES)
    assert not parents.decision.include_confidential
    assert YOUTH not in names(services.care_teams(parents))
    own = make.scope(emma, emma, MESSAGES)
    assert own.decision.include_confidential
    assert YOUTH in names(services.care_teams(own))
    with pytest.raises(services.MessageError, match="relationship"):
        services.start_thread(parents, unit(db_session, "helsestasjon-ungdom").id, actor=kari,
                              title="Et spørsmål", body="Spørsmål", uploads=[], folder=None,
                              now=MONDAY)


def test_the_hospital_and_the_lab_are_not_care_teams_to_write_to(db_session):
    teams = services.care_teams(scope(db_session, OLA, OLA))
    assert {t.kind for t in teams} <= set(services.TEAM_KINDS)


def start(session, subject, actor, code="orland-legekontor", *, now=MONDAY, body="Spørsmål",
          title="Et spørsmål", uploads=(), folder=None):
    return services.start_thread(make.scope(actor, subject, MESSAGES), unit(session, code).id,
                                 actor=actor, title=title, body=body, uploads=list(uploads),
                                 folder=folder, now=now)


def test_a_new_thread_waits_for_the_team_within_its_working_days(db_session):
    kari = person(db_session, KARI)
    thread = start(db_session, kari, kari)
    assert (thread.status, thread.person_id, thread.created_by_id) == ("open", kari.id, kari.id)
    assert thread.messages[0].author_role == "citizen"
    assert thread.answer_due_at == datetime(2026, 11, 26, 15, 0, tzinfo=UTC)  # Thu 16:00 Oslo


def test_a_parent_writes_for_a_child_as_representative(db_session):
    """Rule: every action records both the actor and the person acted for."""
    kari, emma = person(db_session, KARI), person(db_session, EMMA)
    thread = start(db_session, emma, kari, "helsestasjon-orland")
    message = thread.messages[0]
    assert (thread.person_id, thread.created_by_id) == (emma.id, kari.id)
    assert (message.author_id, message.author_role) == (kari.id, "representative")


def test_a_parent_of_a_12_to_15_year_old_and_a_read_power_cannot_write(db_session):
    """Rule: parents cannot message for children of 12-15; a Read power of attorney only looks."""
    kari, jonas = person(db_session, KARI), person(db_session, JONAS)
    ingrid, ola = person(db_session, INGRID), person(db_session, OLA)
    with pytest.raises(NotAllowed, match="Parents do not see messages"):
        start(db_session, jonas, kari, "helsestasjon-orland")
    power = db_session.scalar(select(PowerOfAttorney).where(
        PowerOfAttorney.grantor_id == ola.id, PowerOfAttorney.grantee_id == ingrid.id))
    power.level = "read"
    db_session.flush()
    assert make.scope(ingrid, ola, MESSAGES, Verb.VIEW)
    with pytest.raises(NotAllowed, match="your power of attorney is for reading only"):
        start(db_session, ola, ingrid, "hjemmetjenesten-orland")


def test_a_team_without_a_relationship_is_refused_and_nothing_saved(db_session):
    kari = person(db_session, KARI)
    before = db_session.scalar(select(func.count()).select_from(Thread))
    with pytest.raises(services.MessageError, match="relationship"):
        start(db_session, kari, kari, "helsestasjon-orland")
    with pytest.raises(services.MessageError):
        start(db_session, kari, kari, "st-olavs")
    assert db_session.scalar(select(func.count()).select_from(Thread)) == before


@pytest.mark.parametrize(("body", "words"), [("", "Write a message"), ("   \n ", "Write a message"),
                                             ("x" * 5001, "at most 5000 characters")])
def test_empty_or_over_long_text_is_refused_and_nothing_saved(db_session, body, words):
    kari = person(db_session, KARI)
    before = [db_session.scalar(select(func.count()).select_from(m)) for m in (Thread, Message)]
    with pytest.raises(services.MessageError, match=words):
        start(db_session, kari, kari, body=body)
    db_session.commit()  # a later commit in the same request must not save half a thread
    assert [db_session.scalar(select(func.count()).select_from(m))
            for m in (Thread, Message)] == before


def files_in(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_refusal_leaves_no_file_behind(db_session, uploads):
    """Rule: files are checked with the message; a message refused stores none of its files."""
    kari = person(db_session, KARI)
    pdf = Upload("brev.pdf", "application/pdf", PDF)
    before = [db_session.scalar(select(func.count()).select_from(m))
              for m in (Thread, Message, Attachment)]
    for body, files, words in (("", [pdf], "Write a message"),
                               ("x" * 5001, [pdf], "at most 5000 characters"),
                               ("Hei", [pdf] * 6, "at most 5 files")):
        with pytest.raises(services.MessageError, match=words):
            start(db_session, kari, kari, body=body, uploads=files, folder=uploads)
    thread = start(db_session, kari, kari)
    thread.status = "closed"
    with pytest.raises(services.MessageError, match="closed"):
        services.reply(thread, actor=kari, body="Hei", uploads=[pdf], folder=uploads, now=MONDAY)
    assert files_in(uploads) == []
    db_session.rollback()
    assert [db_session.scalar(select(func.count()).select_from(m))
            for m in (Thread, Message, Attachment)] == before


def test_a_rollback_after_a_message_removes_its_stored_files(db_session, uploads):
    """Unit of work: the files are written with the message; a rollback takes them away again."""
    kari = person(db_session, KARI)
    files = [Upload("brev.pdf", "application/pdf", PDF), Upload("utslett.png", "image/png", PNG)]
    thread = start(db_session, kari, kari, uploads=files, folder=uploads)
    keys = sorted(a.storage_key for a in thread.messages[0].attachments)
    assert len(keys) == 2 and files_in(uploads) == keys
    assert (uploads / keys[0]).read_bytes() in (PDF, PNG)
    db_session.rollback()
    assert files_in(uploads) == []
    assert db_session.scalar(select(func.count()).select_from(Attachment).where(
        Attachment.storage_key.in_(keys))) == 0


def test_files_of_a_committed_message_stay_after_a_later_rollback(db_session, uploads):
    """Only the transaction that wrote a file can take it back: a later rollback leaves it."""
    kari = person(db_session, KARI)
    thread = start(db_session, kari, kari, uploads=[Upload("brev.pdf", "application/pdf", PDF)],
                   folder=uploads)
    db_session.commit()
    kept = files_in(uploads)
    assert len(kept) == 1
    message = services.add_message(thread, kari, "citizen", "Og ett til", [
        Upload("utslett.png", "image/png", PNG)], uploads, MONDAY + timedelta(hours=1))
    added = message.attachments[0].storage_key
    assert files_in(uploads) == sorted([*kept, added])
    db_session.rollback()
    assert files_in(uploads) == kept
    assert (uploads / kept[0]).read_bytes() == PDF


def test_the_first_unanswered_message_sets_the_clock_and_an_answer_stops_it(db_session):
    kari, nils = person(db_session, KARI), person(db_session, NILS)
    thread = start(db_session, kari, kari)
    due = thread.answer_due_at
    services.reply(thread, actor=kari, body="Glemte å si", uploads=[], folder=None,
                   now=MONDAY + timedelta(days=1))
    assert thread.answer_due_at == due  # a second message does not move the promise
    services.add_message(thread, nils, "staff", "Svar", [], None, MONDAY + timedelta(days=2))
    assert thread.answer_due_at is None and not services.is_overdue(thread, MONDAY + timedelta(days=30))
    services.reply(thread, actor=kari, body="Oppfølging", uploads=[], folder=None,
                   now=MONDAY + timedelta(days=3))
    assert thread.answer_due_at == datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
    assert services.is_overdue(thread, datetime(2026, 12, 1, 15, 1, tzinfo=UTC))


def test_a_closed_thread_takes_no_more_messages(db_session):
    kari = person(db_session, KARI)
    thread = start(db_session, kari, kari)
    thread.status = "closed"
    with pytest.raises(services.MessageError, match="closed"):
        services.reply(thread, actor=kari, body="Hallo?", uploads=[], folder=None, now=MONDAY)


def test_unread_counts_messages_by_others_after_the_readers_last_read(db_session):
    """Unread: per reader, messages by others after that reader's read marker."""
    kari, emma, anne = person(db_session, KARI), person(db_session, EMMA), person(db_session, ANNE)
    thread = start(db_session, emma, kari, "helsestasjon-orland")
    karis = make.scope(kari, emma, MESSAGES, Verb.VIEW)
    assert services.unread_total(karis, kari) == 0  # her own message
    services.add_message(thread, anne, "staff", "Svar 1", [], None, MONDAY + timedelta(hours=2))
    services.add_message(thread, anne, "staff", "Svar 2", [], None, MONDAY + timedelta(hours=3))
    assert services.unread_total(karis, kari) == 2
    page = services.threads_of(karis, kari)
    assert [(r.thread.id, r.unread) for r in page.rows if r.thread.id == thread.id] == [(thread.id, 2)]
    assert services.read_then_mark(thread, kari, MONDAY + timedelta(hours=4)) is None
    assert services.unread_total(karis, kari) == 0
    services.add_message(thread, anne, "staff", "Svar 3", [], None, MONDAY + timedelta(hours=5))
    assert services.unread_total(karis, kari) == 1
    assert services.read_then_mark(thread, kari, MONDAY + timedelta(hours=6)) == \
        MONDAY + timedelta(hours=4)
    assert db_session.scalar(select(func.count()).select_from(ThreadRead).where(
        ThreadRead.thread_id == thread.id)) == 1


def test_a_read_marker_never_moves_back(db_session):
    """Two tabs marking one thread: the later time stays, whichever writes last."""
    kari = person(db_session, KARI)
    thread = start(db_session, kari, kari)
    services.read_then_mark(thread, kari, MONDAY + timedelta(hours=2))
    assert services.read_then_mark(thread, kari, MONDAY + timedelta(hours=1)) == \
        MONDAY + timedelta(hours=2)
    assert services.last_read(thread, kari) == MONDAY + timedelta(hours=2)


def test_someone_elses_thread_is_not_found(db_session):
    kari, liv = person(db_session, KARI), person(db_session, LIV)
    thread = start(db_session, kari, kari)
    for subject in (liv, kari):  # Liv as herself, or asking for Kari's, whom she has no relation to
        with pytest.raises(NotFound):
            load(Actor(liv), subject, Thread, thread.id, area=MESSAGES)
    assert load(Actor(kari), kari, Thread, thread.id, area=MESSAGES) is thread


def test_a_unit_without_a_promise_takes_messages_without_a_due_time(db_session):
    ingrid, ola = person(db_session, INGRID), person(db_session, OLA)
    home_care = unit(db_session, "hjemmetjenesten-orland")
    home_care.answer_days = None
    thread = start(db_session, ola, ingrid, "hjemmetjenesten-orland")
    assert thread.answer_due_at is None


def test_a_child_listed_at_no_gp_and_seen_nowhere_has_no_team(db_session):
    child = make.person(date(2020, 1, 1))
    assert services.care_teams(make.scope(child, child, MESSAGES)) == []
