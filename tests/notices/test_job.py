"""The notices job: recipients decided when sent, in their language, over real SMTP (issue 12).

DOMAIN.md, "Secure messages": notifications by e-mail or SMS carry no health information.
Issue 12, item 5: recipients are decided through the access decision when the notice is
sent; each notice is in the recipient's language; the job sends e-mail through SMTP with
retries and backoff, marks each delivery sent or failed, and is safe on several hosts. The
SMTP server here is a real one (aiosmtpd) on loopback, started by the tests.
"""

import logging
import socket
import threading
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from portal import db, notices
from portal.applications import notify
from portal.applications.models import Application
from portal.journal.models import Person
from portal.notices import Delivery, Notice, send_due
from portal.notices.job import MAX_ATTEMPTS, pause
from portal.notices.senders import LogSender, SmtpSender, from_config
from portal.representation.models import PowerOfAttorney
from tests.client import INGRID, OLA, persona

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


class Inbox:
    """An aiosmtpd handler that keeps what it receives, or refuses it for a while."""

    def __init__(self):
        self.received: list = []
        self.refuse = 0  # how many more deliveries to refuse with a temporary error
        self.lock = threading.Lock()

    async def handle_DATA(self, _server, _session, envelope):  # noqa: N802 (aiosmtpd's name)
        with self.lock:
            if self.refuse:
                self.refuse -= 1
                return "451 4.3.0 Try again later"
            self.received.append((envelope.rcpt_tos, message_from_bytes(
                envelope.content, policy=policy.default)))
        return "250 OK"


def _free_port() -> int:
    """Return a loopback port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp():
    """Start a real SMTP server on loopback; yield (its inbox, a sender that uses it)."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield inbox, SmtpSender("127.0.0.1", controller.port, sender="helseportal@example.no")
    finally:
        controller.stop()


@pytest.fixture
def case(app, db_session):
    """Ola's application, which Ingrid sent with her power of attorney (in an app context,
    which the job needs, kept for the whole test so its session lives as long)."""
    with app.app_context():
        yield db_session.scalar(select(Application).where(
            Application.person_id == persona(OLA).id, Application.state != "draft"))


def _queue(app, case, kind=notify.NEWS):
    """Queue a notice about Ola's case, as a case officer's step would, and commit it."""
    notice = notify.tell(case, kind, NOW)
    db.session.commit()
    return notice


def _run(app, when, senders):
    """Run the job at a moment."""
    return send_due(when, senders)


def test_e_mail_goes_through_smtp_and_sms_to_the_gateway(app, db_session, case, smtp, caplog):
    """Ingrid applied for Ola: she gets e-mail over SMTP, Ola an SMS at his chosen number."""
    inbox, mail = smtp
    _queue(app, case)
    with caplog.at_level(logging.INFO, logger="portal.notices.senders"):
        report = _run(app, NOW, {"email": mail, "sms": LogSender("SMS")})
    assert (report.expanded, report.sent) == (1, 2)
    (recipients, message), = inbox.received
    assert recipients == [persona(INGRID).email]
    assert message["Subject"] == "Nytt i saken din"
    body = message.get_content()
    assert case.case_number in body and "helseportalen" in body
    for secret in ("trygghetsalarm", "Safety alarm", "Ola", "Hansen"):  # no health information
        assert secret not in body and secret not in message["Subject"]
    assert f"SMS to {case.form_data['applicant']['phone']}" in caplog.text
    statuses = {d.person_id: (d.channel, d.status) for d in db_session.scalars(select(Delivery))}
    assert statuses == {persona(INGRID).id: ("email", "sent"), persona(OLA).id: ("sms", "sent")}


def test_each_notice_is_written_in_the_recipients_own_language(app, db_session, case, smtp):
    """Rule: a notice is in the recipient's language (a stored preference, default bokmål)."""
    inbox, mail = smtp
    persona(INGRID).language = "en"
    db_session.flush()
    _queue(app, case)
    _run(app, NOW, {"email": mail, "sms": LogSender("SMS")})
    (_rcpt, message), = inbox.received
    assert message["Subject"] == "News in your case"
    assert "Log in to the health portal" in message.get_content()
    ola = db_session.scalar(select(Delivery).where(Delivery.person_id == persona(OLA).id))
    assert (ola.language, ola.subject) == ("nb", "Nytt i saken din")


def test_a_power_revoked_before_sending_means_no_notice(app, db_session, case, smtp):
    """Rule: recipients are decided when the notice is sent; a revoked holder is told nothing."""
    inbox, mail = smtp
    _queue(app, case)
    power = db_session.scalar(select(PowerOfAttorney).where(
        PowerOfAttorney.grantee_id == persona(INGRID).id))
    power.revoked_at = NOW - timedelta(minutes=1)
    db_session.flush()
    _run(app, NOW, {"email": mail, "sms": LogSender("SMS")})
    assert inbox.received == []
    assert [d.person_id for d in db_session.scalars(select(Delivery))] == [persona(OLA).id]


def test_a_power_revoked_between_deciding_and_sending_withdraws_the_delivery(app, db_session,
                                                                             case, smtp):
    """The decision is asked again at each attempt: a delivery waiting to be retried is
    withdrawn when access has ended meanwhile."""
    inbox, mail = smtp
    inbox.refuse = 1
    _queue(app, case)
    _run(app, NOW, {"email": mail, "sms": LogSender("SMS")})
    ingrid = db_session.scalar(select(Delivery).where(Delivery.person_id == persona(INGRID).id))
    assert (ingrid.status, ingrid.attempts) == ("pending", 1)
    db_session.scalar(select(PowerOfAttorney).where(
        PowerOfAttorney.grantee_id == persona(INGRID).id)).revoked_at = NOW + timedelta(minutes=1)
    db_session.flush()
    report = _run(app, NOW + timedelta(minutes=2), {"email": mail, "sms": LogSender("SMS")})
    db_session.refresh(ingrid)
    assert (report.withdrawn, ingrid.status, inbox.received) == (1, "withdrawn", [])


def test_a_refused_e_mail_is_tried_again_later_and_at_last_marked_failed(app, db_session, case,
                                                                        smtp):
    """Retries with a growing pause (1, 4, 16, 64 minutes); after five attempts: failed."""
    inbox, mail = smtp
    inbox.refuse = MAX_ATTEMPTS
    _queue(app, case)
    senders = {"email": mail, "sms": LogSender("SMS")}
    when = NOW
    for attempt in range(1, MAX_ATTEMPTS + 1):
        _run(app, when, senders)
        delivery = db_session.scalar(select(Delivery).where(
            Delivery.person_id == persona(INGRID).id))
        db_session.refresh(delivery)
        assert delivery.attempts == attempt and "451" in delivery.last_error
        if attempt < MAX_ATTEMPTS:
            assert delivery.status == "pending"
            assert delivery.next_attempt_at == when + pause(attempt)
            # Not tried again before its time.
            assert _run(app, delivery.next_attempt_at - timedelta(seconds=1), senders).retried == 0
            when = delivery.next_attempt_at
    assert delivery.status == "failed" and inbox.received == []
    assert [pause(n) for n in range(1, MAX_ATTEMPTS)] == [
        timedelta(minutes=m) for m in (1, 4, 16, 64)]


def test_a_server_that_is_down_is_tried_again_and_the_mail_arrives_when_it_is_up(
        app, db_session, case, smtp):
    """A refused connection is a temporary failure: the next run, with the server up, sends."""
    inbox, mail = smtp
    _queue(app, case)
    down = SmtpSender("127.0.0.1", _free_port(), sender="helseportal@example.no", timeout=2)
    report = _run(app, NOW, {"email": down, "sms": LogSender("SMS")})
    assert (report.sent, report.retried) == (1, 1)  # the SMS went; the e-mail waits
    report = _run(app, NOW + pause(1), {"email": mail, "sms": LogSender("SMS")})
    assert report.sent == 1 and len(inbox.received) == 1


def test_running_the_job_again_sends_nothing_twice(app, db_session, case, smtp):
    inbox, mail = smtp
    _queue(app, case)
    senders = {"email": mail, "sms": LogSender("SMS")}
    _run(app, NOW, senders)
    again = _run(app, NOW + timedelta(hours=1), senders)
    assert (again.expanded, again.sent, len(inbox.received)) == (0, 0, 1)


def test_the_command_line_job_uses_the_smtp_settings(app, db_session, case, smtp):
    """`flask jobs send-notices` sends through the SMTP server the settings name."""
    inbox, mail = smtp
    _queue(app, case)
    db_session.commit()
    app.config.update(PORTAL_SMTP_HOST="127.0.0.1", PORTAL_SMTP_PORT=mail.port)
    try:
        result = app.test_cli_runner().invoke(args=["jobs", "send-notices"])
        assert isinstance(from_config(app.config)["email"], SmtpSender)
    finally:
        app.config.update(PORTAL_SMTP_HOST=None, PORTAL_SMTP_PORT=25)
    assert result.exit_code == 0, result.output
    assert "1 new; sent 2" in result.output
    assert [r for r, _m in inbox.received] == [[persona(INGRID).email]]


def test_two_hosts_running_the_job_at_once_send_each_delivery_once(app, smtp):
    """Each notice and each delivery is claimed by one host (a conditional UPDATE)."""
    inbox, mail = smtp
    engine = app.extensions["engine"]
    with Session(engine) as session:
        ola = session.scalar(select(Person).where(Person.national_id == OLA))
        case = session.scalar(select(Application).where(
            Application.person_id == ola.id, Application.state != "draft"))
        first = session.scalar(select(Notice.id).order_by(Notice.id.desc()).limit(1)) or 0
        for _ in range(10):
            session.add(Notice(person_id=ola.id, kind=notify.NEWS.code, area="applications",
                               resource="application", resource_id=case.id,
                               params={"case": case.case_number},
                               candidates=[case.submitted_by_id], contacts={}, created_at=NOW))
        session.commit()
    reports, barrier = [], threading.Barrier(2)

    def host():
        with app.app_context():
            try:
                barrier.wait()
                reports.append(send_due(NOW, {"email": mail, "sms": LogSender("SMS")}))
            except Exception as exc:  # the assertion below reports it
                reports.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=host) for _ in range(2)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert all(isinstance(r, notices.Report) for r in reports), reports
        assert sum(r.expanded for r in reports) == 10
        assert sum(r.sent for r in reports) == 20  # Ola and Ingrid, each once per notice
        assert len(inbox.received) == 20
    finally:
        with Session(engine) as session:  # leave the shared database as the seed made it
            session.execute(delete(Notice).where(Notice.id > first))
            session.commit()
