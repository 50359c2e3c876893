"""The team inbox as functions: take, answer, hand on, close, and the notices (DOMAIN.md, "Secure messages")."""

from datetime import UTC, date, datetime, timedelta

import pytest
from flask import current_app
from sqlalchemy import select, update

from portal import notices
from portal.access import Actor, Verb, open_scope
from portal.access.loaders import staff_scope
from portal.messages import inbox, services
from portal.messages.areas import MESSAGES
from portal.messages.models import Thread
from portal.representation.models import PowerOfAttorney
from tests import factories as make
from tests.client import ANNE, EMMA, INGRID, JONAS, KARI, NILS, OLA
from tests.messages.conftest import person, practitioner_in, unit
from tests.notices import queued, send

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 23)
SECRETS = ("Spørsmål", "Svar fra teamet", "Hei", "Helsestasjon", "Hjemmetjenesten",
           "legekontor", "Emma", "Kari", "Ola", "Ingrid", "Nordmann")


def practitioner(session, number, code):
    return practitioner_in(person(session, number).id, unit(session, code).id)


def question(session, subject_number, writer_number, code="helsestasjon-orland", now=NOW):
    writer = person(session, writer_number)
    return services.start_thread(make.scope(writer, person(session, subject_number), MESSAGES),
                                 unit(session, code).id, actor=writer, title="Spørsmål",
                                 body="Hei", uploads=[], folder=None, now=now)


def answer(session, thread, who, now=NOW + timedelta(hours=1)):
    return inbox.answer(thread, who, "Svar fra teamet", [], folder=None, now=now)


def told(notice, now) -> list[tuple]:
    """Return (person id, channel, address) of whom the notice would go to if sent now."""
    return [(p.id, channel, address) for p, channel, address in notices.preview(notice, now)]


def sent(notice, now) -> list:
    """Run the sending job at a moment and return the notice's deliveries it sent."""
    return [d for d in send(now) if d.notice_id == notice.id]


def assert_no_health_information(delivery) -> None:
    """Rule: notices carry no health information: "You have a new message", a link, nothing more."""
    text = f"{delivery.subject} {delivery.body}"
    assert "new message" in text.lower() or "ny melding" in text.lower()
    assert current_app.config["PORTAL_BASE_URL"] + "/messages/" in delivery.body
    for secret in SECRETS:
        assert secret not in text, secret


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


def test_staff_of_another_unit_cannot_work_on_the_thread(db_session, in_request):
    nils = practitioner(db_session, NILS, "orland-legekontor")
    thread = question(db_session, EMMA, KARI)
    for action in (lambda: inbox.take(thread, nils), lambda: answer(db_session, thread, nils),
                   lambda: inbox.close(thread, nils), lambda: inbox.take(thread, None)):
        with pytest.raises(services.MessageError, match="not registered as staff in this unit"):
            action()
    assert thread.assigned_to_id is None and thread.status == "open"
    assert queued(kind="message_answered", person_id=thread.person_id) == []


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


def test_an_answer_takes_an_unassigned_thread_and_notifies_person_and_writer(db_session,
                                                                            in_request):
    """Rule: notices by e-mail or SMS carry no health information: "You have a new message"."""
    anne = practitioner(db_session, ANNE, "helsestasjon-orland")
    thread = question(db_session, EMMA, KARI)
    notice = answer(db_session, thread, anne)
    assert thread.assigned_to_id == anne.id and thread.answer_due_at is None
    emma, kari = person(db_session, EMMA), person(db_session, KARI)
    assert queued(kind="message_answered", person_id=emma.id) == [notice]
    assert (notice.area, notice.resource, notice.resource_id) == ("messages", "thread", thread.id)
    assert told(notice, NOW) == [(emma.id, "email", emma.email), (kari.id, "email", kari.email)]
    kari.language = "en"  # each is told in their own language
    deliveries = sent(notice, NOW + timedelta(hours=2))
    assert [(d.person_id, d.channel, d.address, d.language) for d in deliveries] == [
        (emma.id, "email", emma.email, "nb"), (kari.id, "email", kari.email, "en")]
    nb, en = deliveries
    assert nb.subject == "Du har en ny melding i helseportalen"
    assert en.subject == "You have a new message in the health portal"
    for delivery in deliveries:
        assert_no_health_information(delivery)
    assert sent(notice, NOW + timedelta(hours=3)) == []  # each is told once


@pytest.mark.parametrize(("language", "subject", "body"), [
    ("nb", "Du har en ny melding i helseportalen",
     "Du har en ny melding i helseportalen. Logg inn for å lese meldingen: "),
    ("nn", "Du har ei ny melding i helseportalen", "Du har ei ny melding i helseportalen."),
    ("en", "You have a new message in the health portal",
     "You have a new message in the health portal. Log in to read it: "),
])
def test_the_notice_is_written_wholly_in_the_recipients_language(db_session, in_request,
                                                                 language, subject, body):
    """Each recipient reads the whole notice, not only its subject, in their own language."""
    anne = practitioner(db_session, ANNE, "helsestasjon-orland")
    thread = question(db_session, EMMA, KARI)
    emma = person(db_session, EMMA)
    emma.language = language
    notice = answer(db_session, thread, anne)
    delivery = next(d for d in sent(notice, NOW + timedelta(hours=2)) if d.person_id == emma.id)
    assert (delivery.language, delivery.subject) == (language, subject)
    assert delivery.body.startswith(body), delivery.body
    assert_no_health_information(delivery)


def test_the_notice_goes_by_sms_without_an_email_and_nowhere_without_either(db_session,
                                                                            in_request):
    ingrid, ola = person(db_session, INGRID), person(db_session, OLA)
    worker = make.staff_in(make.person(date(1980, 1, 1)), "hjemmetjenesten-orland",
                           "home_care_worker")
    thread = question(db_session, OLA, INGRID, "hjemmetjenesten-orland")
    ola.email, ingrid.email, ingrid.phone = None, None, None
    notice = answer(db_session, thread, worker)
    assert notice.candidates == [ingrid.id]  # she wrote, but has no address to be told at
    assert told(notice, NOW) == [(ola.id, "sms", ola.phone)]
    deliveries = sent(notice, NOW + timedelta(hours=2))
    assert [(d.person_id, d.channel, d.address) for d in deliveries] == [
        (ola.id, "sms", ola.phone)]
    assert_no_health_information(deliveries[0])
    ola.phone = None
    later = answer(db_session, thread, worker, NOW + timedelta(hours=3))
    assert told(later, NOW) == [] and sent(later, NOW + timedelta(hours=4)) == []


def test_whom_to_tell_is_decided_when_the_notice_is_sent(db_session, in_request):
    """A power of attorney revoked after the answer but before the sending: she is not told."""
    ingrid, ola = person(db_session, INGRID), person(db_session, OLA)
    worker = make.staff_in(make.person(date(1980, 1, 1)), "hjemmetjenesten-orland",
                           "home_care_worker")
    thread = question(db_session, OLA, INGRID, "hjemmetjenesten-orland")
    notice = answer(db_session, thread, worker)
    assert told(notice, NOW) == [(ola.id, "email", ola.email), (ingrid.id, "email", ingrid.email)]
    power = db_session.scalar(select(PowerOfAttorney).where(
        PowerOfAttorney.grantor_id == ola.id, PowerOfAttorney.grantee_id == ingrid.id))
    power.revoked_at = NOW + timedelta(hours=2)  # Ola takes it back before the job runs
    deliveries = sent(notice, NOW + timedelta(hours=3))
    assert [(d.person_id, d.channel) for d in deliveries] == [(ola.id, "email")]


def test_a_parent_who_wrote_before_the_child_turned_12_is_no_longer_told(db_session,
                                                                         in_request):
    """Rule: parents cannot message for children of 12-15; a child who turns 12 moves on today."""
    anne = practitioner(db_session, ANNE, "helsestasjon-orland")
    kari = person(db_session, KARI)
    child = make.person(date(2014, 11, 24), given="Mia", street=kari.street,
                        postcode=kari.postcode)  # 11 on NOW's day, 12 the day after
    child.gp_unit_id, child.email = unit(db_session, "helsestasjon-orland").id, "mia@example.no"
    make.parent_of(kari, child)
    scope = open_scope(Actor(kari), child, MESSAGES, Verb.ACT, on=TODAY, now=NOW)
    thread = services.start_thread(scope, unit(db_session, "helsestasjon-orland").id,
                                   actor=kari, title="Spørsmål", body="Hei", uploads=[],
                                   folder=None, now=NOW)
    notice = answer(db_session, thread, anne)
    assert notice.candidates == [kari.id]
    # Sent the same day, the notice would reach her; the day after, the child is 12.
    assert told(notice, NOW + timedelta(hours=2)) == [(child.id, "email", child.email),
                                                      (kari.id, "email", kari.email)]
    deliveries = sent(notice, NOW + timedelta(days=1))
    assert [d.person_id for d in deliveries] == [child.id]
    # Jonas (14): his parent is not told either, even were she among those who wrote.
    jonas = person(db_session, JONAS)
    thread.person_id, thread.person = jonas.id, jonas
    later = answer(db_session, thread, anne, NOW + timedelta(days=1, hours=1))
    assert later.person_id == jonas.id and kari.id in later.candidates
    assert kari.id not in [p for p, _c, _a in told(later, NOW + timedelta(days=1, hours=2))]
    assert kari.id not in [d.person_id for d in sent(later, NOW + timedelta(days=1, hours=2))]


def test_close_and_reopen(db_session, in_request):
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


def test_a_page_of_the_inbox_holds_the_units_threads_only(db_session):
    """Rule: staff see their own unit's threads only; the page comes through the team's scope."""
    anne = practitioner(db_session, ANNE, "helsestasjon-orland")
    mine = question(db_session, EMMA, KARI)
    other = question(db_session, KARI, KARI, "orland-legekontor")
    scope = staff_scope(Actor(anne.person, role="staff", unit_id=anne.unit_id), MESSAGES)
    total = inbox.counts(anne.unit_id, anne.id, NOW)["unassigned"]
    page = inbox.page_of(scope, "unassigned", anne.id, total=total)
    ids = [t.id for t, _assigned in page.rows]
    assert mine.id in ids and other.id not in ids
    assert {t.unit_id for t, _assigned in page.rows} == {anne.unit_id}


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
