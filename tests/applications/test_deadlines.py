"""Deadlines with frozen time: the appeal deadlines and the interim reply.

DOMAIN.md, "Applications for municipal services": appeal within 4 weeks of when the decision
reached the person (pbrl § 7-5), 3 weeks to the municipal appeals board (forvaltningsloven
§ 29), moved past weekends and public holidays (forvaltningsloven § 30, domstolloven § 149);
if no decision within one month, the applicant gets an interim reply (forvaltningsloven § 11a).
"""

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from portal import db
from portal.applications import casework, deadlines, services
from portal.applications.models import Application, CaseEvent
from portal.applications.states import CaseError
from portal.clock import OSLO
from portal.journal.models import Organization, Person
from portal.notices import Notice
from tests.applications.conftest import person
from tests.client import LIV
from tests.notices import queued, send


def oslo(*args) -> datetime:
    return datetime(*args, tzinfo=OSLO)


@pytest.mark.parametrize(("decided", "last_day"), [
    (oslo(2026, 3, 2, 14, 0), date(2026, 3, 30)),    # a Monday: four weeks later, a Monday
    (oslo(2026, 2, 28, 11, 0), date(2026, 3, 30)),   # a Saturday: the deadline moves to Monday
    (oslo(2026, 3, 1, 23, 30), date(2026, 3, 30)),   # a Sunday late in the evening, Oslo time
    (oslo(2026, 12, 31, 9, 0), date(2027, 1, 28)),   # over the new year
])
def test_the_appeal_deadline_is_four_weeks_counted_in_oslo(decided, last_day):
    assert deadlines.appeal_last_day(decided.astimezone(UTC)) == last_day


@pytest.mark.parametrize(("reached", "weeks", "last_day"), [
    # The brief's case: delivered Thursday 16 April 2026; four weeks on is Ascension Day.
    (oslo(2026, 4, 16, 12, 0), 4, date(2026, 5, 15)),
    # A Saturday four weeks on (4 April 2026) moves past Easter Monday to the Tuesday.
    (oslo(2026, 3, 7, 11, 0), 4, date(2026, 4, 7)),
    # Constitution Day (17 May) on a Monday: the Tuesday (2027).
    (oslo(2027, 4, 19, 9, 0), 4, date(2027, 5, 18)),
    # Christmas: 25 December 2026 is a Friday; Boxing Day and Sunday follow.
    (oslo(2026, 11, 27, 9, 0), 4, date(2026, 12, 28)),
    # Three weeks to the municipal appeals board: Thursday 7 May 2026 is a working day.
    (oslo(2026, 4, 16, 12, 0), 3, date(2026, 5, 7)),
    # Three weeks landing on Whit Monday 25 May 2026: the Tuesday.
    (oslo(2026, 5, 4, 8, 0), 3, date(2026, 5, 26)),
])
def test_the_appeal_deadline_moves_past_weekends_and_public_holidays(reached, weeks, last_day):
    """Forvaltningsloven § 30 and domstolloven § 149 (issue 15, item 6): a last day that is a
    public holiday moves to the next working day, counted in the portal's one calendar."""
    assert deadlines.appeal_last_day(reached.astimezone(UTC), weeks) == last_day


@pytest.mark.parametrize(("now", "late"), [
    (oslo(2026, 4, 7, 23, 59), False),   # the last minute of the last day
    (oslo(2026, 4, 8, 0, 0), True),      # the first minute after it
])
def test_the_appeal_deadline_minute_across_summer_time(request_ctx, build, now, late):
    """The decision is in winter time and the deadline in summer time; Oslo's midnight counts."""
    liv = person(LIV)
    application = build(liv, upto="decided", at=oslo(2026, 3, 10, 12, 0).astimezone(UTC))
    with time_machine.travel(now, tick=False):
        window = services.appeal_window(application, db.utcnow())
        assert (window["last_day"], window["late"]) == (date(2026, 4, 7), late)
        if late:
            with pytest.raises(CaseError, match="Write why the appeal comes late"):
                services.appeal(application, actor=liv, reasons="Jeg er uenig i vedtaket.",
                                late_reason="", now=db.utcnow())
            assert application.state == "decided"
        services.appeal(application, actor=liv, reasons="Jeg er uenig i vedtaket.",
                        late_reason="Jeg lå på sykehus." if late else None, now=db.utcnow())
    kinds = list(db.session.scalars(select(CaseEvent.kind).where(
        CaseEvent.application_id == application.id).order_by(CaseEvent.id)))
    assert kinds[-2:] == (["appealed", "late_reason"] if late else ["decided", "appealed"])
    assert application.state == "appealed"


@pytest.mark.parametrize(("sent", "due"), [
    (oslo(2026, 1, 15, 10, 0), oslo(2026, 2, 15, 10, 0)),
    (oslo(2026, 1, 31, 10, 0), oslo(2026, 2, 28, 10, 0)),   # no 31 February: the last day
    (oslo(2028, 1, 31, 10, 0), oslo(2028, 2, 29, 10, 0)),   # a leap year
    (oslo(2026, 3, 10, 9, 0), oslo(2026, 4, 10, 9, 0)),     # over the change to summer time
])
def test_an_interim_reply_is_due_one_calendar_month_after_sending(sent, due):
    assert deadlines.interim_due(sent.astimezone(UTC)) == due.astimezone(UTC)


def test_the_interim_reply_job_sends_an_honest_automatic_notice_once_around_day_21(
        request_ctx, build, app):
    """Forvaltningsloven § 11 a (issue 15, item 7): a case without an interim reply gets an
    automatic notice after 21 days, before the month is out; it says the case takes longer
    and invents no date. The job is safe to run again."""
    liv = person(LIV)
    sent = oslo(2026, 1, 31, 10, 0).astimezone(UTC)
    application = build(liv, upto="received", at=sent)
    runner = app.test_cli_runner()
    with time_machine.travel(oslo(2026, 2, 21, 9, 59), tick=False):
        assert runner.invoke(args=["jobs", "interim-replies"]).output == "Sent 0 interim replies.\n"
    with time_machine.travel(oslo(2026, 2, 21, 10, 0), tick=False):
        assert runner.invoke(args=["jobs", "interim-replies"]).output == "Sent 1 interim replies.\n"
        assert runner.invoke(args=["jobs", "interim-replies"]).output == "Sent 0 interim replies.\n"
    db.session.refresh(application)
    assert application.interim_reply_at == oslo(2026, 2, 21, 10, 0).astimezone(UTC)
    assert (application.state, application.decision_expected_on) == ("received", None)
    event = db.session.scalar(select(CaseEvent).where(CaseEvent.application_id == application.id,
                                                      CaseEvent.kind == "interim_reply"))
    assert (event.note, event.expected_on, event.actor_id) == (None, None, None)
    notices = queued(resource="application", resource_id=application.id)
    assert [n.kind for n in notices] == ["application_received", "interim_reply_automatic"]
    assert notices[1].params == {"case": application.case_number}  # no date promised
    with time_machine.travel(oslo(2026, 2, 21, 10, 5), tick=False):
        sent = [d for d in send(db.utcnow()) if d.notice_id in {n.id for n in notices}]
    receipt, interim = sent
    assert [(d.person_id, d.channel, d.address) for d in sent] == [
        (liv.id, "sms", "912 34 567")] * 2
    assert interim.subject != receipt.subject and application.case_number in interim.body
    assert not any(c.isdigit() for c in interim.body.replace(application.case_number, ""))
    assert "nursing" not in interim.body.lower() and "sykepleie" not in interim.body
    # Without a date promised, the case is overdue when the month has passed (one rule).
    office = application.unit_id
    at_month = oslo(2026, 2, 28, 10, 0).astimezone(UTC)
    assert casework.overdue_among([application.id], at_month - timedelta(days=1)) == set()
    assert casework.overdue_among([application.id], at_month) == {application.id}
    assert casework.workspace_counts(office, at_month)["overdue"] >= 1


@pytest.mark.parametrize("upto", ["decided", "draft"])
def test_decided_cases_and_drafts_get_no_interim_reply(request_ctx, build, upto):
    application = build(person(LIV), upto=upto, at=oslo(2026, 1, 5, 10, 0).astimezone(UTC))
    casework.send_interim_replies(oslo(2026, 3, 1, 12, 0).astimezone(UTC))
    db.session.refresh(application)
    assert application.interim_reply_at is None


def test_the_interim_reply_job_is_safe_on_two_hosts_at_once(app):
    """Two connections run the job together: the reply is sent exactly once."""
    engine = app.extensions["engine"]
    sent = datetime(2020, 1, 6, 9, 0, tzinfo=UTC)
    with Session(engine) as setup:
        liv = setup.scalar(select(Person.id).where(Person.national_id == LIV))
        office = setup.scalar(select(Organization.id).where(
            Organization.code == "forvaltning-orland"))
        application = Application(person_id=liv, submitted_by_id=liv, unit_id=office,
                                  state="received", services=["meal_delivery"], form_data={},
                                  case_number="2020/999999", submitted_at=sent)
        setup.add(application)
        setup.commit()
        application_id = application.id
    counts, errors = [], []
    barrier = threading.Barrier(2)

    def host():
        try:
            with app.app_context():
                barrier.wait()
                counts.append(casework.send_interim_replies(sent + timedelta(days=40)))
        except Exception as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            db.session.remove()

    threads = [threading.Thread(target=host) for _ in range(2)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with Session(engine) as check:
            replies = check.scalars(select(CaseEvent.kind).where(
                CaseEvent.application_id == application_id)).all()
            told = check.scalars(select(Notice.kind).where(
                Notice.resource == "application", Notice.resource_id == application_id)).all()
        assert not errors and sorted(counts) == [0, 1] and replies == ["interim_reply"]
        assert told == ["interim_reply_automatic"]  # queued once, with the notice sent once
    finally:
        with Session(engine) as cleanup:  # leave the shared database as the seed made it
            cleanup.execute(delete(Notice).where(Notice.resource == "application",
                                                 Notice.resource_id == application_id))
            cleanup.execute(delete(CaseEvent).where(CaseEvent.application_id == application_id))
            cleanup.execute(delete(Application).where(Application.id == application_id))
            cleanup.commit()
