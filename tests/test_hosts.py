"""Links from the configured base URL, and requests only for trusted hosts (issue 14, item 6).

A forged Host header must not put another site's address in a citizen's calendar file or
notice: links that leave the portal are made from PORTAL_BASE_URL, and where it is set,
requests naming any other host are refused.
"""

from icalendar import Calendar
from sqlalchemy import select

from portal.appointments.models import Appointment
from portal.journal.models import Person
from tests.client import KARI


def test_a_calendar_file_links_to_the_portal_whatever_the_host_header(client, db_session):
    kari = db_session.scalar(select(Person).where(Person.national_id == KARI))
    mine = db_session.scalar(select(Appointment.id).where(Appointment.person_id == kari.id))
    client.login_as(KARI)
    session = client.get_cookie("portal_session")
    client.set_cookie("portal_session", session.value, domain="evil.example")
    response = client.get(f"/appointments/{mine}/calendar.ics",
                          headers={"Host": "evil.example"})
    assert response.status_code == 200
    event = Calendar.from_ical(response.data).walk("VEVENT")[0]
    assert str(event["URL"]).startswith("http://127.0.0.1:5000/appointments/")
    assert b"evil.example" not in response.data


def test_requests_for_another_host_are_refused_where_the_base_url_is_set(
        database_url_for_tests, monkeypatch, other_app):
    monkeypatch.setenv("PORTAL_BASE_URL", "https://helse.orland.kommune.no")
    app = other_app(DATABASE_URL=database_url_for_tests)
    assert app.config["TRUSTED_HOSTS"] == ["helse.orland.kommune.no"]
    with app.test_client() as other:
        assert other.get("/", headers={"Host": "evil.example"}).status_code == 400
        assert other.get("/", headers={"Host": "helse.orland.kommune.no"}).status_code == 200
