"""Innsyn i logg (DOMAIN.md, "Access log"; issue 3, item 5)."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from portal import audit
from portal.access.loaders import Read
from portal.audit import AccessLogEntry
from portal.journal.models import Organization, Person
from tests.client import ANNE, EMMA, INGRID, KARI, OLA, text_of


def person(session, number) -> Person:
    return session.scalar(select(Person).where(Person.national_id == number))


def record(*, actor, subject, role, what, unit=None, at=None) -> AccessLogEntry:
    """Write an access-log entry as the access layer does for a read."""
    return audit.record(Read(actor.id, role, subject.id, what, None, unit.id if unit else None),
                        at=at)


def test_reads_by_a_representative_are_logged_for_the_right_person(client, db_session):
    """Rule: every read by a representative is logged with actor, role, subject, what, when."""
    client.login_as(INGRID)
    client.act_for(OLA)
    client.get_page("/access-log/")
    entry = db_session.scalar(select(AccessLogEntry).order_by(AccessLogEntry.id.desc()))
    assert (entry.actor_id, entry.subject_id, entry.actor_role, entry.what) == (
        person(db_session, INGRID).id, person(db_session, OLA).id, "representative", "access_log")
    assert entry.at.tzinfo is not None


def test_own_reads_are_not_logged(client, db_session):
    """Kari's own reads are not logged; her home page's rows for her children are (tests/home).
    Reads by her own apps are (tests/smart)."""
    client.login_as(KARI)
    client.get_page("/access-log/")
    client.get_page("/home")
    kari = person(db_session, KARI).id
    assert db_session.scalars(select(AccessLogEntry).where(
        AccessLogEntry.subject_id == kari)).all() == []


def test_the_person_reads_their_log_in_plain_language_newest_first(client, db_session):
    ola, ingrid = person(db_session, OLA), person(db_session, INGRID)
    nurse = person(db_session, ANNE)
    unit = db_session.scalar(select(Organization).where(Organization.code == "hjemmetjenesten-orland"))
    record(actor=ingrid, subject=ola, role="representative", what="results",
                 at=datetime(2026, 11, 1, 9, 0, tzinfo=UTC))
    record(actor=nurse, subject=ola, role="staff", what="medications", unit=unit,
                 at=datetime(2026, 11, 2, 13, 30, tzinfo=UTC))
    db_session.commit()
    client.login_as(OLA)
    page = client.get_page("/access-log/?lang=en")
    entries = [text_of(li) for li in page.select(".log-entry")]
    assert entries == [
        "2 November 2026, 14:30 Anne Berg, Hjemmetjenesten Ørland (as health and care staff) saw the medication list.",
        "1 November 2026, 10:00 Ingrid Hansen (with a power of attorney) saw test results.",
    ]


@pytest.mark.parametrize(("query", "expected"), [
    ("role=staff", ["medications"]),
    ("role=representative", ["results"]),
    ("start=2026-11-02", ["medications"]),
    ("end=2026-11-01", ["results"]),
    ("start=2026-11-01&end=2026-11-02", ["medications", "results"]),
])
def test_filter_by_role_and_period(client, db_session, query, expected):
    ola, ingrid, nurse = (person(db_session, n) for n in (OLA, INGRID, ANNE))
    record(actor=ingrid, subject=ola, role="representative", what="results",
                 at=datetime(2026, 11, 1, 22, 30, tzinfo=UTC))  # 23:30 in Oslo, still the 1st
    record(actor=nurse, subject=ola, role="staff", what="medications",
                 at=datetime(2026, 11, 2, 8, 0, tzinfo=UTC))
    db_session.commit()
    client.login_as(OLA)
    page = client.get_page(f"/access-log/?lang=en&{query}")
    shown = ["medications" if "medication" in text_of(li) else "results"
             for li in page.select(".log-entry")]
    assert shown == expected


def test_a_bad_filter_gets_a_message_not_an_error(client):
    client.login_as(OLA)
    page = client.get_page("/access-log/?lang=en&start=2026-11-05&end=2026-11-01", status=400)
    assert "The end date must be on or after the start date." in text_of(page)
    page = client.get_page("/access-log/?lang=en&start=yesterday", status=400)
    assert page.select_one(".ds-error-summary")


def test_a_parent_of_a_child_under_12_sees_the_childs_log(client, db_session):
    emma = person(db_session, EMMA)
    nurse = person(db_session, ANNE)
    record(actor=nurse, subject=emma, role="staff", what="growth",
                 at=datetime(2026, 11, 20, 9, 0, tzinfo=UTC))
    db_session.commit()
    client.login_as(KARI)
    client.act_for(EMMA)
    page = client.get_page("/access-log/?lang=en")
    assert "Who has seen Emma's data" in text_of(page.find("h1"))
    assert "Anne Berg (as health and care staff) saw growth measurements." in text_of(page)


def test_empty_log_explains_itself(client):
    client.login_as(KARI)
    page = client.get_page("/access-log/?lang=en")
    assert "Nobody else has read the health information here yet." in text_of(page)


def test_the_log_is_append_only_in_the_database(db_session):
    """Rule: recorded append-only (Normen); the database itself refuses change."""
    kari, emma = person(db_session, KARI), person(db_session, EMMA)
    entry = record(actor=kari, subject=emma, role="parent", what="results")
    db_session.flush()
    for statement in ("UPDATE access_log_entry SET what = 'nothing' WHERE id = :id",
                      "DELETE FROM access_log_entry WHERE id = :id"):
        with pytest.raises(DBAPIError, match="append-only"), db_session.begin_nested():
            db_session.execute(text(statement), {"id": entry.id})


def test_repeated_reads_are_one_line_per_reader_and_day_with_every_time_behind_it(client,
                                                                              db_session):
    """Issue 19, item 6 (DOMAIN.md, "Access log": everyone can see who has looked): Nils's 14
    reads of Ola's messages on one day are one line, every time kept behind it; another day,
    another role or another kind of data is a line of its own."""
    ola, nils, ingrid = (person(db_session, n) for n in (OLA, "21877500079", INGRID))
    gp = db_session.scalar(select(Organization).where(Organization.code == "orland-legekontor"))
    for minute in range(14):
        record(actor=nils, subject=ola, role="staff", what="messages", unit=gp,
               at=datetime(2026, 11, 30, 8, minute, tzinfo=UTC))
    record(actor=nils, subject=ola, role="staff", what="messages", unit=gp,
           at=datetime(2026, 11, 29, 8, 0, tzinfo=UTC))
    record(actor=ingrid, subject=ola, role="representative", what="messages",
           at=datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
    db_session.commit()
    client.login_as(OLA)
    page = client.get_page("/access-log/?lang=en")
    lines = [li for li in page.select(".log-entry")]
    assert len(lines) == 3
    assert text_of(page.select_one("[role=status]")) == "16 reads"
    grouped = next(li for li in lines if "14 times" in text_of(li))
    assert ("Nils Eide, Ørland legekontor (as health and care staff) saw messages 14 times on "
            "30 November 2026.") in text_of(grouped)
    assert len(grouped.select("details li")) == 14
    # Filter by the person who read.
    page = client.get_page(f"/access-log/?lang=en&reader={ingrid.id}")
    assert [text_of(li) for li in page.select(".log-entry")] == [
        "30 November 2026, 10:00 Ingrid Hansen (with a power of attorney) saw messages."]
    # Someone who never read (a tampered id) is refused with a message, not an error.
    page = client.get_page("/access-log/?lang=en&reader=999999", status=400)
    assert page.select_one(".ds-error-summary")
    for hostile in ("%20", "99999999999999999999999", "%C2%B2"):  # found by test_hostile
        assert client.get(f"/access-log/?lang=en&reader={hostile}").status_code in (200, 400)
