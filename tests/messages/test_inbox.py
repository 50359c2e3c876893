"""The team inbox as functions: take, answer, hand on, close, and the notices (DOMAIN.md, "Secure messages")."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from portal.messages import inbox, notify, services
from portal.messages.models import Thread
from portal.outbox import OutboxMessage
from tests import factories as make
from tests.client import ANNE, EMMA, INGRID, JONAS, KARI, NILS, OLA
from tests.messages.conftest import person, unit

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 23)


def practitioner(session, number, code):
    return inbox.practitioner_in(person(session, number).id, unit(session, code).id)


def question(session, subject_number, writer_number, code="helsestasjon-orland", now=NOW):
    return services.start_thread(person(session, subject_number), unit(session, code).id,
                                 actor=person(session, writer_number), title="Spørsmål",
                                 body="Hei", uploads=[], folder=None, now=now,
                                 include_confidential=True)


def answer(session, thread, who, now=NOW + timedelta(hours=1)):
    return inbox.answer(thread, who, "Svar fra teamet", [], folder=None,
                        url="https://portal.example/messages/", on=TODAY, now=now)


def test_two_nurses_take_the_same_thread_and_one_wins(db_session):
    """Taking is first come, first served: the loser is told who has it, nothing changes."""
    anne = practitioner(db_session, ANNE, "helsestasjon-orland")
    colleague = make.staff_in(make.person(date(1990, 1, 1), given="Berit", family="Aune"),
                              "helsestasjon-orland")
    thread = question(db_session, EMMA, KARI)
    # Anne's request takes it in the database while the colleague's copy still shows it free.
    db_session.execute(update(Thread).where(Thread.id == thread.id).values(assigned_to_id=anne.id)
                       .execution_options(synchronize_session=False))
    assert thread.assigned_to_id is None
    with pytest.raises(services.MessageError, match="Anne Berg has already taken"):
        inbox.take(thread, colleague)
    assert thread.assigned_to_id == anne.id
    inbox.take(thread, anne)  # taking one's own thread again changes nothing
    assert thread.assigned_to_id == anne.id


def test_staff_of_another_unit_cannot_work_on_the_thread(db_session):
    nils = practitioner(db_session, NILS, "orland-legekontor")
    thread = question(db_session, EMMA, KARI)
    for action in (lambda: inbox.take(thread, nils), lambda: answer(db_session, thread, nils),
                   lambda: inbox.close(thread, nils), lambda: inbox.take(thread, None)):
        with pytest.raises(services.MessageError, match="not registered as staff in this unit"):
            action()
    assert thread.assigned_to_id is None and thread.status == "open"


def test_hand_on_only_to_an_active_colleague_of_the_same_unit(db_session):
    anne = practitioner(db_session, ANNE, "helsestasjon-orland")
    nils = practitioner(db_session, NILS, "orland-legekontor")
    berit = make.staff_in(make.person(date(1990, 1, 1), given="Berit"), "helsestasjon-orland")
    thread = question(db_session, EMMA, KARI)
    inbox.take(thread, anne)
    for wrong in (nils.id, None, 999999):
        with pytest.raises(services.MessageError, match="Choose a colleague in Helsestasjon Ørland"):
            inbox.hand_on(thread, anne, wrong)
    assert thread.assigned_to_id == anne.id
    berit.active = False
    with pytest.raises(services.MessageError):
        inbox.hand_on(thread, anne, berit.id)
    berit.active = True
    assert inbox.hand_on(thread, anne, berit.id) == berit and thread.assigned_to_id == berit.id


def test_an_answer_takes_an_unassigned_thread_and_notifies_person_and_writer(db_session):
    """Rule: notices by e-mail or SMS carry no health information: "You have a new message"."""
    anne = practitioner(db_session, ANNE, "helsestasjon-orland")
    thread = question(db_session, EMMA, KARI)
    notices = answer(db_session, thread, anne)
    assert thread.assigned_to_id == anne.id and thread.answer_due_at is None
    emma, kari = person(db_session, EMMA), person(db_session, KARI)
    assert [(p.id, n.channel, n.recipient) for p, n in notices] == [
        (emma.id, "email", emma.email), (kari.id, "email", kari.email)]
    rows = db_session.scalars(select(OutboxMessage).where(
        OutboxMessage.person_id.in_([emma.id, kari.id]))).all()
    assert len(rows) == 2
    for row in rows:
        text = f"{row.subject} {row.body}"
        assert "new message" in text.lower() or "ny melding" in text.lower()
        for secret in ("Spørsmål", "Svar fra teamet", "Hei", "Helsestasjon", "Emma", "Kari"):
            assert secret not in text


def test_the_notice_goes_by_sms_without_an_email_and_nowhere_without_either(db_session):
    ingrid, ola = person(db_session, INGRID), person(db_session, OLA)
    worker = make.staff_in(make.person(date(1980, 1, 1)), "hjemmetjenesten-orland",
                           "home_care_worker")
    thread = question(db_session, OLA, INGRID, "hjemmetjenesten-orland")
    ola.email, ingrid.email, ingrid.phone = None, None, None
    notices = answer(db_session, thread, worker)
    assert [(p.id, n.channel, n.recipient) for p, n in notices] == [(ola.id, "sms", ola.phone)]


def test_a_parent_who_wrote_before_the_child_turned_12_is_no_longer_told(db_session):
    """Rule: parents cannot message for children of 12-15; a child who turns 12 moves on today."""
    anne = practitioner(db_session, ANNE, "helsestasjon-orland")
    kari, jonas = person(db_session, KARI), person(db_session, JONAS)
    thread = question(db_session, EMMA, KARI)
    thread.person_id, thread.person = jonas.id, jonas  # as if Kari wrote when Jonas was 11
    recipients = notify.recipients(thread, on=TODAY, now=NOW)
    assert [p.id for p in recipients] == [jonas.id]
    assert kari.id not in [p.id for p, _ in answer(db_session, thread, anne)]


def test_close_and_reopen(db_session):
    anne = practitioner(db_session, ANNE, "helsestasjon-orland")
    thread = question(db_session, EMMA, KARI)
    inbox.close(thread, anne)
    assert (thread.status, thread.answer_due_at) == ("closed", None)
    with pytest.raises(services.MessageError, match="closed"):
        answer(db_session, thread, anne)
    inbox.reopen(thread, anne, NOW + timedelta(days=1))
    # The person wrote last, so the team's clock starts again from the reopening.
    assert thread.status == "open"
    assert thread.answer_due_at == datetime(2026, 11, 27, 15, 0, tzinfo=UTC)


def test_counts_per_tab_and_overdue(db_session):
    anne = practitioner(db_session, ANNE, "helsestasjon-orland")
    station = unit(db_session, "helsestasjon-orland").id
    before = inbox.counts(station, anne.id, NOW)
    late = question(db_session, EMMA, KARI, now=NOW - timedelta(days=10))
    mine = question(db_session, EMMA, KARI)
    inbox.take(mine, anne)
    done = question(db_session, EMMA, KARI)
    inbox.close(done, anne)
    after = inbox.counts(station, anne.id, NOW)
    assert {k: after[k] - before[k] for k in after} == {
        "unassigned": 1, "mine": 1, "open": 2, "closed": 1, "overdue": 1, "waiting": 2}
    assert services.is_overdue(late, NOW)
    assert inbox.summary(unit(db_session, "forvaltning-orland"), NOW) is None


def test_the_synthetic_population_gives_a_due_time_only_to_threads_waiting_for_the_office(
        db_session):
    """The population's threads follow the same rule as the portal's: due time = waiting."""
    from portal.demo import population

    population.add(db_session, 60, seed=3, today=TODAY)
    gp = unit(db_session, "orland-legekontor").id
    threads = db_session.scalars(select(Thread).where(Thread.unit_id == gp)).all()
    assert threads
    for thread in threads:
        waiting = thread.status == "open" and thread.messages[-1].author_role == "citizen"
        assert (thread.answer_due_at is not None) is waiting, thread.id
