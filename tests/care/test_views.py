"""`/home-care/`: the person's coming week and last month of home-care visits, through the
access decision (issue 18; DOMAIN.md, "Representation")."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal import db
from portal.audit import AccessLogEntry
from portal.care.models import HomeCareVisit
from portal.journal.models import Practitioner
from tests import factories
from tests.client import INGRID, JONAS, KARI, LIV, OLA, persona, text_of


@pytest.fixture
def visits(db_session):
    """A visit to Ola tomorrow (planned, with the employee named) and one a week ago (done)."""
    team = factories.unit("hjemmetjenesten-orland")
    worker = factories.person(date(1985, 3, 3), given="Hanne", family="Hjelpesen")
    employee = Practitioner(person_id=worker.id, unit_id=team.id, role="home_care_worker")
    db.session.add(employee)
    db.session.flush()
    now = db.utcnow()
    rows = [HomeCareVisit(person_id=persona(OLA).id, team_id=team.id, service="home_nursing",
                          starts_at=now + timedelta(days=1), minutes=30, status="planned",
                          practitioner_id=employee.id),
            HomeCareVisit(person_id=persona(OLA).id, team_id=team.id,
                          service="practical_assistance", starts_at=now - timedelta(days=7),
                          minutes=60, status="done", practitioner_id=employee.id,
                          done_minutes=55)]
    db.session.add_all(rows)
    db.session.commit()
    return rows


def test_ola_sees_the_coming_week_and_the_last_month(client, visits):
    client.login_as(OLA, lang="en")
    page = client.get_page("/home-care/")
    coming = text_of(page.find("table", attrs={"aria-labelledby": "coming"}))
    past = text_of(page.find("table", attrs={"aria-labelledby": "past"}))
    assert "Home nursing" in coming and "Hjemmetjenesten Ørland" in coming
    assert "Practical assistance" in past and "Done, 55 minutes" in past


def test_staff_names_only_where_the_municipality_shows_them(client, visits):
    client.login_as(OLA, lang="en")
    assert "Hanne Hjelpesen" not in client.get_page("/home-care/").get_text()
    factories.unit("orland").shows_staff_names = True
    db.session.commit()
    assert "Hanne Hjelpesen" in client.get_page("/home-care/").get_text()


def test_ingrid_with_a_full_power_of_attorney_sees_olas_visits_and_it_is_logged(client, visits):
    client.login_as(INGRID, lang="en")
    client.act_for(OLA)
    assert "Home nursing" in text_of(client.get_page("/home-care/"))
    logged = db.session.scalars(select(AccessLogEntry.what).where(
        AccessLogEntry.subject_id == persona(OLA).id,
        AccessLogEntry.actor_id == persona(INGRID).id)).all()
    assert "home_care" in logged


def test_a_parent_of_a_12_to_15_year_old_is_refused_unless_shared(client):
    """DOMAIN.md, "Children 12-15": care plans only where the young person shares them."""
    db.session.commit()
    client.login_as(KARI, lang="en")
    client.act_for(JONAS)
    assert client.get("/home-care/").status_code == 403
    assert db.session.scalars(select(AccessLogEntry.id).where(
        AccessLogEntry.subject_id == persona(JONAS).id,
        AccessLogEntry.actor_id == persona(KARI).id,
        AccessLogEntry.what == "home_care")).all() == []  # a refused read is no read


def test_a_person_without_home_care_sees_how_to_get_it(client):
    db.session.commit()
    client.login_as(LIV, lang="en")
    page = client.get_page("/home-care/")
    assert "No home care" in text_of(page)
    assert page.find("a", href="/applications/")


def test_the_home_card_names_the_next_visit(client, visits):
    client.login_as(OLA, lang="en")
    assert "Next visit: Home nursing" in text_of(client.get_page("/home"))


def test_the_page_needs_a_login(client):
    assert client.get("/home-care/").status_code in (302, 401)
