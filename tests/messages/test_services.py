"""The rules of secure messages as functions (DOMAIN.md, "Secure messages"; pbrl §§ 4-3, 4-4)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from portal.messages import services
from portal.messages.models import Message, Thread, ThreadRead
from tests import factories as make
from tests.client import ANNE, EMMA, INGRID, JONAS, KARI, LIV, NILS, OLA
from tests.messages.conftest import person, unit

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def names(teams):
    return [t.name for t in teams]


@pytest.mark.parametrize(("number", "confidential", "teams"), [
    (KARI, True, ["Ørland legekontor"]),
    (EMMA, False, ["Helsestasjon Ørland", "Ørland legekontor"]),
    (OLA, False, ["Hjemmetjenesten Ørland", "Ørland legekontor"]),
    (JONAS, True, ["Helsestasjon for ungdom", "Helsestasjon Ørland", "Ørland legekontor"]),
    (LIV, True, ["Ørland legekontor"]),
    (ANNE, True, []),  # staff have no GP in the demo and no journal: nobody to write to
])
def test_care_teams_come_from_the_journal(db_session, number, confidential, teams):
    """Rule: write to a care team one has a relationship with: GP office, health station, home care."""
    found = services.care_teams(person(db_session, number), include_confidential=confidential)
    assert names(found) == teams


def test_a_confidential_visit_does_not_reveal_the_youth_health_station(db_session):
    """Rule: entries confidential for the child are never shown to parents, not even by a team's name."""
    jonas = person(db_session, JONAS)
    assert "Helsestasjon for ungdom" not in names(
        services.care_teams(jonas, include_confidential=False))


def test_the_hospital_and_the_lab_are_not_care_teams_to_write_to(db_session):
    teams = services.care_teams(person(db_session, OLA), include_confidential=True)
    assert {t.kind for t in teams} <= set(services.TEAM_KINDS)


def start(session, subject, actor, code="orland-legekontor", *, now=MONDAY, body="Spørsmål",
          title="Et spørsmål"):
    return services.start_thread(subject, unit(session, code).id, actor=actor, title=title,
                                 body=body, uploads=[], folder=None, now=now,
                                 include_confidential=True)


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
    assert services.unread_total(emma, kari) == 0  # her own message
    services.add_message(thread, anne, "staff", "Svar 1", [], None, MONDAY + timedelta(hours=2))
    services.add_message(thread, anne, "staff", "Svar 2", [], None, MONDAY + timedelta(hours=3))
    assert services.unread_total(emma, kari) == 2
    page = services.threads_of(emma, kari)
    assert [(r.thread.id, r.unread) for r in page.rows if r.thread.id == thread.id] == [(thread.id, 2)]
    assert services.read_then_mark(thread, kari, MONDAY + timedelta(hours=4)) is None
    assert services.unread_total(emma, kari) == 0
    services.add_message(thread, anne, "staff", "Svar 3", [], None, MONDAY + timedelta(hours=5))
    assert services.unread_total(emma, kari) == 1
    assert services.read_then_mark(thread, kari, MONDAY + timedelta(hours=6)) == \
        MONDAY + timedelta(hours=4)
    assert db_session.scalar(select(func.count()).select_from(ThreadRead).where(
        ThreadRead.thread_id == thread.id)) == 1


def test_someone_elses_thread_is_not_found(db_session):
    kari, liv = person(db_session, KARI), person(db_session, LIV)
    thread = start(db_session, kari, kari)
    assert services.thread_of(liv, thread.id) is None
    assert services.thread_of(kari, thread.id) is thread


def test_a_unit_without_a_promise_takes_messages_without_a_due_time(db_session):
    ingrid, ola = person(db_session, INGRID), person(db_session, OLA)
    home_care = unit(db_session, "hjemmetjenesten-orland")
    home_care.answer_days = None
    thread = start(db_session, ola, ingrid, "hjemmetjenesten-orland")
    assert thread.answer_due_at is None


def test_a_child_listed_at_no_gp_and_seen_nowhere_has_no_team(db_session):
    child = make.person(date(2020, 1, 1))
    assert services.care_teams(child, include_confidential=True) == []
