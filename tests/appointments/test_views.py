"""Appointments as citizens and their representatives see them, through the test client."""

from datetime import timedelta

import pytest
import time_machine
from icalendar import Calendar
from sqlalchemy import select

from portal.appointments import services
from portal.appointments.models import Appointment, Slot, VisitType
from portal.audit import AccessLogEntry
from portal.journal.models import Person
from portal.representation.models import PowerOfAttorney
from tests import factories as make
from tests import notices
from tests.appointments import builders as b
from tests.client import EMMA, INGRID, JONAS, KARI, LIV, NILS, OLA, text_of

NOW = b.oslo(2027, 2, 22, 12)
VISIT = b.oslo(2027, 3, 1, 9)


@pytest.fixture
def frozen():
    """Stop the clock at noon on Monday 22 February 2027 in Oslo."""
    with time_machine.travel(NOW, tick=False):
        yield NOW


def book(app, slot, number: str, channel: str = "self", **kwargs) -> Appointment:
    """Book directly through the service, as if done earlier, in a request context of its own:
    by the person, or by the GP for the unit (channel "staff"), committed as a page does."""
    with app.test_request_context("/"):
        person = b.persona(number)
        by = b.persona(NILS) if channel == "staff" else person
        return b.book(slot, person, by=by, channel=channel, **kwargs)


def sent(app, now) -> list:
    """Run the notices job (outside any request, as `flask jobs send-notices`); return what it sent."""
    with app.app_context():
        return notices.send(now)


def kind_at(code: str, db_session, **kwargs):
    """Add a kind of appointment at a unit with four slots from the visit, and commit."""
    kind = b.visit_type(make.unit(code), **kwargs)
    slots = b.slots(kind, VISIT, 4)
    db_session.commit()
    return kind, slots


def test_kari_books_reschedules_and_cancels_for_emma(app, client, db_session, frozen):
    """Issue 5 "done when": Kari, acting for Emma, books, moves and cancels."""
    kind, slots = kind_at("helsestasjon-orland", db_session, min_age=6, max_age=15,
                          name="Samtale for skolebarn")
    client.login_as(KARI)
    client.act_for(EMMA)
    page = client.get_page("/appointments/book?lang=en")
    assert "Samtale for skolebarn (en)" in text_of(page)
    times = client.get_page(f"/appointments/book/{kind.id}?start=2027-03-01&lang=en")
    assert times.find("a", href=f"/appointments/book/slot/{slots[0].id}")
    response = client.post_form(f"/appointments/book/slot/{slots[0].id}",
                                {"reason": "Vondt i magen"})
    booked = db_session.scalar(select(Appointment).where(Appointment.slot_id == slots[0].id))
    assert response.location == f"/appointments/{booked.id}"
    emma, kari = b.persona(EMMA), b.persona(KARI)
    assert (booked.person_id, booked.booked_by_id, booked.channel) == (emma.id, kari.id, "self")
    detail = text_of(client.get_page(f"/appointments/{booked.id}?lang=en"))
    assert "1 March 2027, 09:00" in detail and "Vondt i magen" in detail
    response = client.post_form(f"/appointments/{booked.id}/reschedule/{slots[2].id}", {},
                                from_page=f"/appointments/{booked.id}/reschedule/{slots[2].id}")
    moved = db_session.scalar(select(Appointment).where(Appointment.slot_id == slots[2].id))
    assert response.location == f"/appointments/{moved.id}"
    assert db_session.get(Appointment, booked.id).status == "cancelled"
    client.post_form(f"/appointments/{moved.id}/cancel", {})
    assert db_session.get(Appointment, moved.id).status == "cancelled"
    assert [n.kind for n in notices.queued(person_id=emma.id, created_at=NOW)] == [
        "appointment_booked", "appointment_moved", "appointment_cancelled"]
    told = sent(app, NOW)
    # Emma is 7: her parent is told, "for someone you act for", and nothing of the visit
    assert [(d.person_id, d.channel, d.address, d.language) for d in told] == [
        (kari.id, "email", kari.email, "nb")] * 3  # booked, moved, cancelled
    assert all("for en du handler på vegne av" in d.body for d in told)
    assert "1. mars 2027 kl. 09:00" in told[0].body and "kl. 10:00" in told[1].body
    assert not any(word in d.subject + d.body for d in told
                   for word in ("Vondt", "Samtale", "Helsestasjon", "Emma"))
    log = db_session.scalars(select(AccessLogEntry.what).where(
        AccessLogEntry.subject_id == emma.id, AccessLogEntry.actor_id == kari.id)).all()
    assert "appointments" in log


def test_the_parent_of_a_14_year_old_sees_his_gp_appointment_but_not_the_youth_station(client, db_session):
    """DOMAIN.md, "Children 12-15": parents see and book at the GP office and health station;
    the youth health station is confidential."""
    jonas = b.persona(JONAS)
    youth = db_session.scalar(select(Appointment).join(Slot).join(VisitType).where(
        Appointment.person_id == jonas.id, VisitType.code == "hfu-samtale"))
    client.login_as(KARI)
    client.act_for(JONAS)
    text = text_of(client.get_page("/appointments/?lang=en"))
    assert "GP appointment for a child" in text and "Ørland legekontor" in text
    assert "youth" not in text.lower() and "ungdom" not in text.lower()
    assert client.get(f"/appointments/{youth.id}").status_code == 404
    assert client.get(f"/appointments/{youth.id}/calendar.ics").status_code == 404
    choose = text_of(client.get_page("/appointments/book?lang=en"))
    assert "GP appointment for a child" in choose and "youth health station" not in choose.lower()


def test_a_parent_cannot_book_the_youth_station_with_a_tampered_slot_id(client, db_session):
    """Bad input: a booking one may not make for the child; nothing changes."""
    slot = db_session.scalar(select(Slot).join(VisitType).where(
        VisitType.code == "hfu-samtale", Slot.start_at > b.oslo(2026, 1, 1)).order_by(Slot.start_at.desc()))
    client.login_as(KARI)
    client.act_for(JONAS)
    response = client.post_form(f"/appointments/book/slot/{slot.id}?lang=en", {}, status=400,
                                from_page="/appointments/")
    assert "You cannot book appointments at Helsestasjon for ungdom for Jonas Nordmann" in \
        response.get_data(as_text=True)
    assert b.active_on(slot) == []


def test_jonas_books_the_youth_health_station_himself(client, db_session, frozen):
    kind, slots = kind_at("helsestasjon-ungdom", db_session, min_age=13, max_age=20)
    client.login_as(JONAS)
    assert kind.name_en in text_of(client.get_page("/appointments/book?lang=en"))
    client.post_form(f"/appointments/book/slot/{slots[1].id}", {})
    assert [a.person.national_id for a in b.active_on(slots[1])] == [JONAS]


def test_an_age_outside_the_range_is_refused_with_a_clear_message(client, db_session, frozen):
    """The age rule holds on the server, for the day of the visit."""
    _, slots = kind_at("helsestasjon-ungdom", db_session, min_age=13, max_age=20)
    client.login_as(KARI)
    client.act_for(EMMA)
    response = client.post_form(f"/appointments/book/slot/{slots[0].id}?lang=en", {},
                                from_page="/appointments/", status=400)
    assert "is for ages 13–20 years. Emma Nordmann will be 7 on 1 March 2027." in response.get_data(as_text=True)
    assert b.active_on(slots[0]) == []


def test_a_taken_time_shows_the_nearest_free_ones(app, client, db_session, frozen):
    """DOMAIN.md: the second gets a clear message and the nearest free slots."""
    _, slots = kind_at("orland-legekontor", db_session, min_age=16)
    book(app, slots[1], OLA, "staff", now=NOW)
    db_session.commit()
    client.login_as(INGRID)
    page = client.get_page(f"/appointments/book/slot/{slots[1].id}?lang=en", status=409)
    assert "Someone else booked this time just before you" in text_of(page)
    links = [a["href"] for a in page.select(".time-list a")]
    assert links == [f"/appointments/book/slot/{s.id}" for s in (slots[0], slots[2], slots[3])]
    response = client.post_form(f"/appointments/book/slot/{slots[1].id}?lang=en", {},
                                from_page="/appointments/", status=409)
    assert "Someone else booked this time" in response.get_data(as_text=True)


@pytest.mark.parametrize(("url", "words"), [
    ("/appointments/book/slot/999999?lang=en", "We could not find this time"),
    ("/appointments/999999?lang=en", "We could not find the page"),
])
def test_tampered_ids_give_a_clear_404(client, url, words):
    client.login_as(KARI)
    response = client.get(url)
    assert response.status_code == 404 and words in response.get_data(as_text=True)


def test_a_time_in_the_past_is_refused(client, db_session, frozen):
    kind = b.visit_type(make.unit("orland-legekontor"), min_age=16)
    past = b.slot(kind, NOW - timedelta(hours=2))
    db_session.commit()
    client.login_as(KARI)
    response = client.post_form(f"/appointments/book/slot/{past.id}?lang=en", {},
                                from_page="/appointments/", status=400)
    assert "This time has passed" in response.get_data(as_text=True)
    assert b.active_on(past) == []


def test_a_read_only_power_of_attorney_may_look_but_not_book(client, db_session):
    """DOMAIN.md, "fullmakt": Read may only view (no booking)."""
    power = db_session.scalar(select(PowerOfAttorney))
    power.level = "read"
    db_session.commit()
    client.login_as(INGRID)
    client.act_for(OLA)
    page = client.get_page("/appointments/?lang=en")
    assert "GP appointment" in text_of(page) and not page.find("a", href="/appointments/book")
    response = client.get("/appointments/book?lang=en")
    assert response.status_code == 403
    assert ("your power of attorney is for reading only: you cannot book, write or apply for "
            "Ola Hansen") in response.get_data(as_text=True)
    upcoming = db_session.scalar(select(Appointment).where(
        Appointment.person_id == b.persona(OLA).id, Appointment.status == "booked",
        Appointment.start_at > b.oslo(2026, 1, 1)).order_by(Appointment.start_at.desc()))
    client.post_form(f"/appointments/{upcoming.id}/cancel", {}, from_page="/appointments/",
                     status=403)
    assert db_session.get(Appointment, upcoming.id).status == "booked"


@pytest.mark.parametrize(("before", "may_cancel"), [
    (timedelta(hours=24, minutes=1), True), (timedelta(hours=24), False)])
def test_the_cancel_deadline_minute(app, client, db_session, before, may_cancel):
    """DOMAIN.md: self-cancel closes 24 hours before the start; then the page says whom to call."""
    with time_machine.travel(VISIT - before, tick=False):
        _, slots = kind_at("orland-legekontor", db_session, min_age=16)
        booked = book(app, slots[0], INGRID)
        db_session.commit()
        client.login_as(INGRID)
        page = client.get_page(f"/appointments/{booked.id}/cancel?lang=en")
        if may_cancel:
            assert page.find("button", string="Yes, cancel the appointment")
            client.post_form(f"/appointments/{booked.id}/cancel", {})
            assert db_session.get(Appointment, booked.id).status == "cancelled"
        else:
            assert "Call Ørland legekontor on 72 51 40 80" in text_of(page)
            assert not page.find("button", string="Yes, cancel the appointment")
            response = client.post_form(f"/appointments/{booked.id}/cancel?lang=en", {},
                                        status=400)
            assert "72 51 40 80" in response.get_data(as_text=True)
            assert db_session.get(Appointment, booked.id).status == "booked"
            detail = text_of(client.get_page(f"/appointments/{booked.id}?lang=en"))
            assert "can no longer be moved or cancelled here" in detail


@pytest.mark.parametrize(("before", "shown"), [
    (timedelta(minutes=16), False), (timedelta(minutes=15), True), (timedelta(minutes=-19), True),
    (timedelta(minutes=-20), False)])
def test_the_video_link_shows_from_15_minutes_before_the_start(client, db_session, app, before, shown):
    """DOMAIN.md: video visits show a join button from 15 minutes before the start."""
    kind = b.visit_type(make.unit("orland-legekontor"), minutes=20, mode="video", min_age=16)
    booked = book(app, b.slot(kind, VISIT), INGRID, now=NOW)
    db_session.commit()
    with time_machine.travel(VISIT - before, tick=False):
        client.login_as(INGRID)
        page = client.get_page(f"/appointments/{booked.id}?lang=en")
    link = page.find("a", string="Join the video consultation")
    if shown:
        assert link["href"] == app.config["PORTAL_VIDEO_BASE_URL"] + booked.video_room
    else:
        assert link is None and booked.video_room not in str(page)


def test_the_calendar_file_parses_and_says_no_more_than_it_should(client, db_session, frozen):
    """DOMAIN.md: a calendar file (iCalendar, RFC 5545); no health details."""
    kind, slots = kind_at("orland-legekontor", db_session, min_age=16, name="Vanlig time")
    client.login_as(INGRID)
    client.post_form(f"/appointments/book/slot/{slots[0].id}", {"reason": "Hoste i tre uker"})
    booked = b.active_on(slots[0])[0]
    response = client.get(f"/appointments/{booked.id}/calendar.ics?lang=en")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    calendar = Calendar.from_ical(response.data)
    (event,) = calendar.walk("VEVENT")
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    assert event["UID"] == f"appointment-{booked.id}@helseportal.orland.kommune.no"
    assert event.decoded("DTSTART") == VISIT and event.decoded("DTEND") == VISIT + timedelta(minutes=30)
    assert b"DTSTART:20270301T080000Z" in response.data
    ingrid = b.persona(INGRID).name
    assert str(event["SUMMARY"]) == f"{ingrid}: Ørland legekontor – Vanlig time (en)"
    assert str(event["LOCATION"]) == "Ørland legekontor"
    assert b"Hoste" not in response.data
    # moved: the same event, a higher sequence
    client.post_form(f"/appointments/{booked.id}/reschedule/{slots[1].id}", {},
                     from_page=f"/appointments/{booked.id}/reschedule/{slots[1].id}")
    moved = b.active_on(slots[1])[0]
    (event,) = Calendar.from_ical(client.get(f"/appointments/{moved.id}/calendar.ics").data).walk("VEVENT")
    assert event["UID"] == f"appointment-{booked.id}@helseportal.orland.kommune.no"
    assert event["SEQUENCE"] == 1


def test_the_waiting_list_from_the_appointment_page(client, db_session, frozen):
    _, slots = kind_at("orland-legekontor", db_session, min_age=16)
    client.login_as(INGRID)
    client.post_form(f"/appointments/book/slot/{slots[3].id}", {})
    booked = b.active_on(slots[3])[0]
    page = client.get_page(f"/appointments/{booked.id}?lang=en")
    form = page.find("button", string="Offer me an earlier time").find_parent("form")
    client.post_form(form["action"], {"appointment_id": booked.id, "next": f"/appointments/{booked.id}"},
                     from_page=f"/appointments/{booked.id}")
    text = text_of(client.get_page("/appointments/?lang=en"))
    assert "Waiting for an earlier time" in text


def test_the_home_card_shows_the_next_appointment(client, db_session):
    client.login_as(KARI)
    client.act_for(EMMA)
    card = client.get_page("/home?lang=en").find("h2", string="Next appointment")
    assert card is not None and "Vaccination at Helsestasjon Ørland" in text_of(card.parent)
    client.post_form("/representation/self", {}, from_page="/home")
    client.post_form("/auth/logout", {}, from_page="/home")
    client.login_as(LIV)
    assert "Next appointment" not in text_of(client.get_page("/home?lang=en"))


def test_liv_sees_helpful_empty_states(client):
    client.login_as(LIV)
    text = text_of(client.get_page("/appointments/?lang=en"))
    assert "No upcoming appointments." in text and "No earlier appointments." in text
    assert "Vanlig legetime" not in text
    assert "GP appointment" in text_of(client.get_page("/appointments/book?lang=en"))


def test_staff_cannot_use_the_citizen_pages(client):
    client.login_as("12847900030", "staff")
    assert client.get("/appointments/").status_code == 404
    assert client.get("/appointments/book").status_code == 404


def test_people_are_never_chosen_from_the_url(client, db_session):
    """An appointment id of someone else's is simply not found."""
    sara = db_session.scalar(select(Person).where(Person.given_name == "Sara"))
    hers = db_session.scalar(select(Appointment).where(Appointment.person_id == sara.id))
    client.login_as(KARI)
    assert client.get(f"/appointments/{hers.id}").status_code == 404
    token = client.csrf_token("/appointments/")
    assert client.post(f"/appointments/{hers.id}/cancel", data={"csrf_token": token}).status_code == 404
    assert db_session.get(Appointment, hers.id).status == hers.status


def test_ingrid_accepts_an_offered_earlier_time(app, client, db_session, frozen):
    """DOMAIN.md: a freed time is offered to the first on the waiting list, who takes it."""
    from portal.appointments import services, waitlist

    _, slots = kind_at("orland-legekontor", db_session, min_age=16)
    first, last = slots[0].id, slots[3].id
    with app.test_request_context("/"):
        holder = make.person(b.oslo(1970, 1, 1).date())
        holder.gp_unit_id = make.unit("orland-legekontor").id
        ingrid = b.persona(INGRID)
        taken = b.book(slots[0], holder, now=NOW).id
        mine = b.book(slots[3], ingrid, now=NOW).id
        kind_id = slots[3].visit_type_id
    client.login_as(INGRID)
    client.post_form(f"/appointments/waitlist/{kind_id}", {"appointment_id": mine},
                     from_page=f"/appointments/{mine}")
    with app.test_request_context("/"):
        appointment = db_session.get(Appointment, taken)
        services.committed(lambda: services.cancel(appointment, cancelled_by=appointment.person,
                                                   now=NOW))
        assert waitlist.run_offers(NOW, hours=24) == (1, 0)
    page = client.get_page("/appointments/?lang=en")
    offer = text_of(page.select_one(".offer"))
    assert "An earlier time is available" in offer and "1 March 2027, 09:00" in offer
    accept = page.select_one(".offer form")["action"]
    response = client.post_form(accept, {}, from_page="/appointments/")
    moved = b.active_on(db_session.get(Slot, first))[0]
    assert response.location == f"/appointments/{moved.id}"
    assert (moved.person.national_id, moved.rescheduled_from_id) == (INGRID, mine)
    assert db_session.get(Appointment, mine).status == "cancelled"
    assert b.active_on(db_session.get(Slot, last)) == []


def test_a_substantial_login_sees_appointments_but_not_the_note(app, client, db_session, frozen):
    """DOMAIN.md, "Logging in": idporten-loa-substantial may see appointments, not health data."""
    from portal.auth.models import LoginSession

    _, slots = kind_at("orland-legekontor", db_session, min_age=16)
    booked = book(app, slots[0], INGRID, reason="Hoste i tre uker", now=NOW)
    db_session.commit()
    client.login_as(INGRID)
    for row in db_session.scalars(select(LoginSession).where(
            LoginSession.person_id == b.persona(INGRID).id)):
        row.acr = "idporten-loa-substantial"
    db_session.commit()
    assert "1 March 2027" in text_of(client.get_page("/appointments/?lang=en"))
    page = text_of(client.get_page(f"/appointments/{booked.id}?lang=en"))
    assert "1 March 2027, 09:00" in page and "Hoste" not in page
    assert client.get("/results/").status_code == 302  # health data asks to step up


def test_the_confirm_page_warns_of_the_units_fee_for_a_late_cancellation(client, db_session,
                                                                         frozen):
    """Issue 15, item 9: a booking page says that a late cancellation or a no-show may cost a
    fee where the unit charges one (DOMAIN.md, "Appointments": self-cancel closes 24 hours
    before the start), and says nothing of a fee where the unit charges none."""
    _, gp_slots = kind_at("orland-legekontor", db_session)
    _, station_slots = kind_at("helsestasjon-orland", db_session)
    gp = db_session.scalar(select(Slot).where(Slot.id == gp_slots[0].id)).unit
    gp.no_show_fee = 350
    db_session.commit()
    client.login_as(KARI)
    page = client.get_page(f"/appointments/book/slot/{gp_slots[0].id}?lang=en")
    assert text_of(page.select_one(".fee-notice")) == (
        f"If you cancel later than 24 hours before the appointment, or do not come, {gp.name} "
        "may charge you a fee of NOK 350.")
    page = client.get_page(f"/appointments/book/slot/{station_slots[0].id}?lang=en")
    assert page.select_one(".fee-notice") is None


@pytest.mark.parametrize(("lang", "by_person", "by_unit"), [
    ("nb", "Avbestilt", "Avlyst"), ("nn", "Avbestilt", "Avlyst"),
    ("en", "Cancelled", "Cancelled by the unit")])
def test_a_cancelled_appointment_says_who_cancelled_it(app, client, db_session, frozen, lang,
                                                       by_person, by_unit):
    """Issue 15, item 8: an appointment cancelled by the person is "avbestilt", one the unit
    cancelled "avlyst" (never "kansellert", the word for a lab analysis)."""
    _, slots = kind_at("orland-legekontor", db_session)
    first, third = slots[0].id, slots[2].id
    mine = book(app, db_session.get(Slot, first), OLA).id
    theirs = book(app, db_session.get(Slot, third), OLA).id
    with app.test_request_context("/"):
        ola, nils = b.persona(OLA), b.persona(NILS)
        services.cancel(db_session.get(Appointment, mine), cancelled_by=ola, now=NOW)
        services.cancel(db_session.get(Appointment, theirs), cancelled_by=nils, by_staff=True,
                        now=NOW)
        db_session.commit()
    client.login_as(OLA)
    for appointment, word in ((mine, by_person), (theirs, by_unit)):
        page = client.get_page(f"/appointments/{appointment}?lang={lang}")
        assert word in text_of(page.select_one(".ds-tag"))
        assert "kansellert" not in text_of(page).lower()


@pytest.mark.parametrize(("before", "fixed"), [
    (timedelta(hours=24, minutes=1), False), (timedelta(hours=24), True),
    (timedelta(hours=2), True)])
def test_a_time_that_cannot_be_cancelled_says_so_before_booking(app, client, db_session, before,
                                                                fixed):
    """Issue 16, item 5: DOMAIN.md, "Appointments": self-cancel closes 24 hours before the
    start. A time closer than that may be booked, but the free times mark it, and the booking
    and the move pages say before the person confirms that it cannot then be cancelled or moved
    in the portal, and whom to call."""
    warning = ("This time starts in less than 24 hours, so once it is booked it cannot be "
               "cancelled or moved in the portal. If you need to cancel it: Call Ørland "
               "legekontor on 72 51 40 80.")
    with time_machine.travel(VISIT - before, tick=False):
        kind, slots = kind_at("orland-legekontor", db_session, min_age=16)
        later = b.slot(kind, VISIT + timedelta(days=3))
        db_session.commit()
        client.login_as(INGRID)
        times = client.get_page(f"/appointments/book/{kind.id}?lang=en")
        link = times.find("a", href=f"/appointments/book/slot/{slots[0].id}")
        assert ("Cannot be cancelled here" in text_of(link)) is fixed
        assert ("Cannot be cancelled here" in text_of(times.find(
            "a", href=f"/appointments/book/slot/{later.id}"))) is False
        page = client.get_page(f"/appointments/book/slot/{slots[0].id}?lang=en")
        shown = page.select_one(".fixed-warning")
        assert (text_of(shown) == warning) if fixed else shown is None
        assert ("until 24 hours before it starts" in text_of(page)) is not fixed
        assert page.find("button", string="Book this time")  # still offered
        theirs = book(app, db_session.get(Slot, later.id), INGRID)
        db_session.commit()
        times = client.get_page(f"/appointments/{theirs.id}/reschedule?lang=en")
        link = times.find("a", href=f"/appointments/{theirs.id}/reschedule/{slots[0].id}")
        assert ("Cannot be cancelled here" in text_of(link)) is fixed
        page = client.get_page(f"/appointments/{theirs.id}/reschedule/{slots[0].id}?lang=en")
        shown = page.select_one(".fixed-warning")
        assert (text_of(shown) == warning) if fixed else shown is None


@pytest.mark.parametrize(("lang", "visit"), [("en", "Samtale (en)"), ("nb", "Samtale")])
def test_a_calendar_file_says_whose_appointment_it_is(client, db_session, frozen, lang, visit):
    """Issue 16, item 7: DOMAIN.md, "Appointments": a calendar file (iCalendar, RFC 5545); a
    parent booking for several children sees in the SUMMARY whose it is, in the page's
    language, and the note on what the visit is about stays out of the file."""
    kind, slots = kind_at("helsestasjon-orland", db_session, min_age=6, max_age=15,
                          name="Samtale")
    client.login_as(KARI)
    client.act_for(EMMA)
    client.post_form(f"/appointments/book/slot/{slots[0].id}", {"reason": "Vondt i magen"})
    booked = b.active_on(slots[0])[0]
    data = client.get(f"/appointments/{booked.id}/calendar.ics?lang={lang}").data
    (event,) = Calendar.from_ical(data).walk("VEVENT")
    unit = db_session.get(VisitType, kind.id).unit.name
    assert str(event["SUMMARY"]) == f"{b.persona(EMMA).name}: {unit} – {visit}"
    assert "Vondt" not in data.decode()
