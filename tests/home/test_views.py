"""The home page: what is new and due for the person and for each person they act for
(issue 19, item 3), shortcuts to the common tasks, and a helpful empty state.

The rules checked are DOMAIN.md's "Representation" (children 0-11, 12-15, from 16, powers of
attorney) and "Access log" (every read by a representative is logged; a refusal never is).
"""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from portal import clock, db
from portal.appointments.models import Appointment
from portal.audit import AccessLogEntry
from portal.representation.models import PowerOfAttorney
from tests import factories as make
from tests.appointments import builders as b
from tests.client import EMMA, INGRID, JONAS, KARI, LIV, OLA, SARA, persona, text_of

SHORTCUTS = {"/appointments/book": "Book an appointment", "/messages/new": "Write a message",
             "/results/": "See test results", "/applications/": "Apply for services",
             "/prescriptions/": "Renew a prescription"}


def rows(page) -> dict:
    """Return the rows of people one acts for, by the person's name."""
    return {text_of(li.find("h3")): li for li in page.select(".home-person")}


def shortcuts(page) -> dict:
    """Return the shortcuts on the page, as {url: words}."""
    return {a["href"]: text_of(a) for a in page.select(".shortcut-list a")}


def test_kari_sees_a_results_card_until_she_has_looked(client):
    client.login_as(KARI)
    card = client.get_page("/home?lang=en").select_one(".card-grid .ds-card")
    assert "Test results" in text_of(card) and card.find("a", href="/results/")
    client.get_page("/results/")
    page = client.get_page("/home?lang=en")
    assert "Test results" not in text_of(page.select_one(".card-grid") or page.new_tag("p"))


def test_kari_has_a_row_per_child_with_what_each_age_rule_allows(client):
    """Rule: children 0-11 (everything), 12-15 (what the unit booked; no results), from 16
    (nothing, and the row says so)."""
    client.login_as(KARI)
    found = rows(client.get_page("/home?lang=en"))
    assert list(found) == ["Emma Nordmann", "Jonas Nordmann", "Sara Nordmann"]
    emma, jonas, sara = found.values()

    assert "Under 12, you see and do everything for Emma" in text_of(emma)
    assert "Vaccination at Helsestasjon Ørland" in text_of(emma)  # her next appointment
    assert "Test results" in text_of(emma)  # her CRP result
    assert emma.find("input", attrs={"name": "person_id", "value": str(persona(EMMA).id)})

    assert "From 12 you see less" in text_of(jonas)
    assert "GP appointment for a child at Ørland legekontor" in text_of(jonas)
    assert "Test results" not in text_of(jonas)  # his hospital result is hidden at 12-15
    assert "Messages" not in text_of(jonas)
    assert text_of(jonas.find("button")) == "Act for Jonas Nordmann"

    assert "From 16" in text_of(sara) and "no longer see Sara's journal" in text_of(sara)
    assert sara.find("form") is None and sara.find("dl") is None


def test_acting_for_a_child_starts_from_the_row(client):
    """The row's button is the representation page's switch: a POST with its CSRF token."""
    client.login_as(KARI)
    page = client.get_page("/home?lang=en")
    form = rows(page)["Emma Nordmann"].find("form")
    assert form["action"] == "/representation/act" and form["method"] == "post"
    response = client.post("/representation/act", data={
        "csrf_token": form.find("input", attrs={"name": "csrf_token"})["value"],
        "person_id": form.find("input", attrs={"name": "person_id"})["value"]})
    assert response.location == "/home"
    page = client.get_page("/home?lang=en")
    assert text_of(page.find("h1")) == "Emma Nordmann's page"
    assert not page.select(".home-person")  # the page is about Emma only
    assert "What you can do for Emma" in text_of(page)
    assert "Next appointment" in text_of(page.select_one(".card-grid"))


def test_jonas_s_own_youth_booking_never_shows_on_kari_s_home_page(client, db_session):
    """Rule (children 12-15): parents never see what the young person books, nor a notice of it."""
    jonas = persona(JONAS)
    kind = b.visit_type(make.unit("helsestasjon-ungdom"), min_age=13, max_age=20,
                        name="Samtale i fortrolighet")
    slot = b.slot(kind, db.utcnow() + timedelta(days=1))  # sooner than his GP appointment
    db_session.add(Appointment(slot_id=slot.id, person_id=jonas.id, booked_by_id=jonas.id,
                               channel="self", status="booked", start_at=slot.start_at,
                               end_at=slot.end_at, reason="Ikke si det til mamma",
                               created_at=db.utcnow()))
    db_session.commit()
    client.login_as(KARI)
    page = client.get_page("/home?lang=en")
    body = text_of(page)
    for secret in ("Samtale i fortrolighet", "Helsestasjon for ungdom", "Ikke si det til mamma"):
        assert secret not in body
    assert "GP appointment for a child" in text_of(rows(page)["Jonas Nordmann"])


def test_ingrid_sees_a_row_for_ola_through_the_power_of_attorney(client):
    """Rule (fullmakt): a Full power of attorney covers everything of Ola's."""
    client.login_as(INGRID)
    ola = rows(client.get_page("/home?lang=en"))["Ola Hansen"]
    assert "Power of attorney: Full" in text_of(ola)
    assert "1 application is being handled." in text_of(ola)
    assert "Test results" in text_of(ola)
    assert text_of(ola.find("button")) == "Act for Ola Hansen"


def test_a_communicate_power_shows_no_results_in_the_row(client, db_session):
    """Rule (fullmakt): Communicate is messages and appointments only."""
    grantor = make.person(date(1950, 1, 1), given="Arne", family="Fullmaktsgiver")
    make.power(grantor, persona(LIV), "communicate", created_at=datetime(2025, 1, 1, tzinfo=UTC))
    db_session.commit()
    client.login_as(LIV)
    row = rows(client.get_page("/home?lang=en"))["Arne Fullmaktsgiver"]
    assert "Power of attorney: Communicate" in text_of(row)
    assert "Nothing new that you can see right now." in text_of(row)


@pytest.mark.parametrize(("years", "rule"), [(11, "child"), (12, "young"), (15, "young"),
                                             (16, "of_age")])
def test_the_row_follows_the_age_rule_on_today_s_date(client, db_session, years, rule):
    """Rule: age on the request's date in Oslo; a child who turns 12 or 16 today moves today."""
    today = clock.today()
    kari = persona(KARI)
    child = make.person(today.replace(year=today.year - years), given="Alder",
                        family="Nordmann", street=kari.street, postcode=kari.postcode)
    make.parent_of(kari, child)
    db_session.commit()
    client.login_as(KARI)
    row = rows(client.get_page("/home?lang=en"))["Alder Nordmann"]
    assert row["data-rule"] == rule
    assert (row.find("form") is None) == (rule == "of_age")


def test_liv_gets_an_empty_state_that_shows_what_she_can_do(client):
    client.login_as(LIV)
    page = client.get_page("/home?lang=en")
    assert "Hello, Liv" in text_of(page.find("h1"))
    assert "Nothing new right now" in text_of(page)
    assert "Until then you can book an appointment" in text_of(page)
    assert shortcuts(page) == SHORTCUTS
    assert not page.select(".home-person")
    assert page.find("a", href="/representation/")


def test_shortcuts_follow_the_access_decision(client):
    """Rule (children 12-15): parents book at the GP office and health station, but neither
    write on the young person's behalf nor see results."""
    client.login_as(KARI)
    client.act_for(JONAS)
    assert shortcuts(client.get_page("/home?lang=en")) == {
        "/appointments/book": "Book an appointment", "/applications/": "Apply for services"}


def test_the_join_button_shows_from_15_minutes_before_a_video_visit(client, db_session):
    """Rule (appointments): video visits show a join button from 15 minutes before the start."""
    liv = persona(LIV)
    kind = b.visit_type(make.unit("orland-legekontor"), mode="video", name="Videokonsultasjon")
    now = db.utcnow()
    soon = b.slot(kind, now + timedelta(minutes=10))
    db_session.add(Appointment(slot_id=soon.id, person_id=liv.id, booked_by_id=liv.id,
                               channel="self", status="booked", start_at=soon.start_at,
                               end_at=soon.end_at, video_room="rom-liv-soon", created_at=now))
    db_session.commit()
    client.login_as(LIV)
    card = client.get_page("/home?lang=en").select_one(".card-grid .ds-card")
    join = card.find("a", string="Join the video consultation")
    assert join is not None and join["href"].endswith("rom-liv-soon")
    appointment = db_session.scalar(select(Appointment).where(Appointment.slot_id == soon.id))
    appointment.start_at = soon.start_at = now + timedelta(minutes=20)
    appointment.end_at = soon.end_at = now + timedelta(minutes=50)
    db_session.commit()
    card = client.get_page("/home?lang=en").select_one(".card-grid .ds-card")
    assert "Next appointment" in text_of(card) and card.find("a", string="Join the video consultation") is None


def _log(db_session) -> set[tuple]:
    """Return the access log as (actor, role, subject, what) tuples."""
    return {(e.actor_id, e.actor_role, e.subject_id, e.what)
            for e in db_session.scalars(select(AccessLogEntry))}


def test_reads_of_a_child_s_data_from_the_home_page_are_logged_as_the_pages_do(client, db_session):
    """Rule (access log): a representative's read is logged, in the person's log, as the
    page of that area logs it; nothing for Sara (refused at 16), nothing of Kari's own."""
    kari, emma, jonas, sara = (persona(n).id for n in (KARI, EMMA, JONAS, SARA))
    client.login_as(KARI)
    client.get_page("/home")
    from_home = _log(db_session)
    assert from_home == {(kari, "parent", emma, "appointments"), (kari, "parent", emma, "results"),
                         (kari, "parent", jonas, "appointments")}
    assert not any(subject in (kari, sara) for _, _, subject, _ in from_home)
    client.act_for(EMMA)
    client.get_page("/appointments/")
    client.get_page("/results/")
    assert _log(db_session) == from_home  # the pages log the same reads the same way


def test_nothing_is_logged_for_a_row_with_nothing_to_show(client, db_session):
    """A card that finds nothing shows nothing, so nothing was seen (issue 19, item 3)."""
    client.login_as(INGRID)
    power = db_session.scalar(select(PowerOfAttorney))
    power.level = "communicate"
    db_session.commit()
    client.get_page("/home")
    whats = {e.what for e in db_session.scalars(select(AccessLogEntry))
             if e.subject_id == persona(OLA).id}
    assert whats <= {"appointments", "messages"}
