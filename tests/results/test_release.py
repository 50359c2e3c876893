"""Release of results (DOMAIN.md, "Lab results": HelsaMi's four categories)."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from portal.journal.entries import Observation
from portal.journal.models import Person
from portal.results import services
from tests.client import ANNE, KARI, NILS, OLA, PER, text_of


def pid(session, number):
    return session.scalar(select(Person.id).where(Person.national_id == number))


def obs(session, number, code):
    return session.scalar(select(Observation).where(
        Observation.person_id == pid(session, number), Observation.code == code))


def test_category_2_is_released_after_14_days_and_only_once(db_session):
    vitamin_d = obs(db_session, KARI, "NPU10267")
    issued = vitamin_d.issued_at
    assert services.release_due(issued + timedelta(days=13, hours=23)) == 0
    assert services.release_due(issued + timedelta(days=14)) == 1
    assert services.release_due(issued + timedelta(days=15)) == 0
    db_session.expire_all()
    assert db_session.get(Observation, vitamin_d.id).released_at == issued + timedelta(days=14)


def test_categories_3_and_4_are_never_released_by_the_job(db_session):
    later = datetime.now(UTC) + timedelta(days=365)
    services.release_due(later)
    assert obs(db_session, OLA, "NPU08669").released_at is None  # category 3
    assert obs(db_session, KARI, "HFE-GENTEST").released_at is None  # category 4


def test_the_job_is_safe_on_two_hosts_at_once(app):
    """Two connections run the job together: each result is released exactly once."""
    from sqlalchemy.orm import Session

    from portal import db

    engine = app.extensions["engine"]
    with Session(engine) as setup:
        ids = [o.id for o in setup.scalars(select(Observation).where(
            Observation.release_category == 2, Observation.released_at.is_(None)))]
    assert ids
    when = datetime.now(UTC) + timedelta(days=30)
    counts, errors = [], []
    barrier = threading.Barrier(2)

    def host():
        try:
            session = db.session
            session.configure(bind=engine)
            barrier.wait()
            counts.append(services.release_due(when))
            session.commit()  # the job commits (flask jobs release-results)
        except Exception as exc:  # report, the assertion below fails
            errors.append(exc)
        finally:
            db.session.remove()

    threads = [threading.Thread(target=host) for _ in range(2)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors and sorted(counts)[-1] >= 1 and sum(counts) == len(ids)
    finally:
        with Session(engine) as cleanup:  # leave the shared database as the seed made it
            for row in cleanup.scalars(select(Observation).where(Observation.id.in_(ids))):
                row.released_at = None
            cleanup.commit()


def test_nils_shares_olas_category_3_result_with_a_comment(client, db_session):
    psa = obs(db_session, OLA, "NPU08669")
    client.login_as(NILS, "staff")
    page = client.get_page("/staff/results/?lang=en")
    assert "Ola Hansen" in text_of(page) and "PSA" in text_of(page)
    comment = "Litt forhøyet. Vi tar ny prøve om tre måneder."
    # Category 3 (issue 16, item 3): first a preview of what Ola will see; nothing is shared.
    preview = client.post_form(f"/staff/results/{psa.id}?lang=en", {"comment": comment},
                               status=200)
    assert "What Ola Hansen will see" in preview.get_data(as_text=True)
    assert db_session.get(Observation, psa.id).released_at is None
    # A comment changed after the preview is previewed again, not shared.
    client.post_form(f"/staff/results/{psa.id}?lang=en", {"comment": comment + " Hilsen",
                                                           "previewed": comment, "confirm": "1"},
                     status=200)
    assert db_session.get(Observation, psa.id).released_at is None
    client.post_form(f"/staff/results/{psa.id}", {"comment": comment, "previewed": comment,
                                                  "confirm": "1"})
    shared = db_session.get(Observation, psa.id)
    assert shared.released_at is not None and shared.released_by.person.national_id == NILS
    client.post_form("/auth/logout", {}, from_page="/staff/")
    client.login_as(OLA)
    page = client.get_page(f"/results/{psa.id}?lang=en")
    assert "Litt forhøyet. Vi tar ny prøve om tre måneder. – Nils Eide" in text_of(page)


def test_a_serious_result_is_never_shared_without_a_word(client, db_session):
    """DOMAIN.md, "Lab results", category 3 (serious findings): a clinician shares it with a
    comment for the person, even when the form is posted with "confirm" (issue 16, item 3)."""
    psa = obs(db_session, OLA, "NPU08669")
    client.login_as(NILS, "staff")
    page = client.post_form(f"/staff/results/{psa.id}?lang=en",
                            {"comment": "   ", "previewed": "   ", "confirm": "1"}, status=400)
    assert "A serious result needs a comment" in page.get_data(as_text=True)
    assert db_session.get(Observation, psa.id).released_at is None


def test_a_signed_comment_is_not_signed_twice():
    """The doctor's name follows the comment once (issue 16, item 3: "Hilsen Nils Eide –
    Nils Eide")."""
    assert services.signature("Litt forhøyet. Hilsen Nils Eide", "Nils Eide") is None
    assert services.signature("Litt forhøyet.", "Nils Eide") == "Nils Eide"
    assert services.signature(None, "Nils Eide") is None


def test_nils_reading_the_worklist_is_in_olas_access_log(client, db_session):
    from portal.audit import AccessLogEntry

    client.login_as(NILS, "staff")
    client.get_page("/staff/results/")
    entry = db_session.scalar(select(AccessLogEntry).where(
        AccessLogEntry.subject_id == pid(db_session, OLA)))
    assert entry.actor_role == "staff" and entry.unit.code == "orland-legekontor"


@pytest.mark.parametrize("staff", [ANNE, PER])
def test_staff_of_other_units_cannot_open_or_share(client, db_session, staff):
    psa = obs(db_session, OLA, "NPU08669")
    client.login_as(staff, "staff")
    assert "No results are waiting" in text_of(client.get_page("/staff/results/?lang=en"))
    assert client.get(f"/staff/results/{psa.id}").status_code == 404
    token = client.csrf_token("/staff/")
    assert client.post(f"/staff/results/{psa.id}", data={"csrf_token": token}).status_code == 404
    assert db_session.get(Observation, psa.id).released_at is None


def test_a_citizen_cannot_reach_the_staff_worklist(client):
    client.login_as(OLA)
    assert client.get("/staff/results/").status_code == 403


def test_a_too_long_comment_is_refused_and_nothing_is_shared(client, db_session):
    psa = obs(db_session, OLA, "NPU08669")
    client.login_as(NILS, "staff")
    response = client.post_form(f"/staff/results/{psa.id}?lang=en", {"comment": "x" * 2001},
                                status=400)
    assert "at most 2000 characters" in response.get_data(as_text=True)
    assert db_session.get(Observation, psa.id).released_at is None


def test_category_1_cannot_be_shared_again(client, db_session):
    hba1c = obs(db_session, OLA, "NPU27300")
    client.login_as(NILS, "staff")
    assert client.get(f"/staff/results/{hba1c.id}").status_code == 404
