"""What a young person of 12-15 books is private; what the unit books stays with the parents.

DOMAIN.md, "Children 12-15": parents see appointments the unit booked for the child's
programme (vaccinations, health-station checks); they do not see what the young person does
in the portal themselves (self-booked appointments, their notes), and get no notice of it
(pbrl § 3-4 second paragraph, helsepersonelloven § 21). Issue 13, item 1.
"""

from datetime import date, timedelta

import pytest
import time_machine
from sqlalchemy import select

from portal import db
from portal.access import Refusal, Verb
from portal.appointments import listing, services
from portal.appointments.areas import APPOINTMENTS
from portal.journal.models import Organization
from portal.notices import Notice
from tests import factories as make
from tests.appointments import builders as b
from tests.client import KARI, persona
from tests.notices import send

NOW = b.oslo(2027, 3, 1, 8)


def unit(code: str) -> Organization:
    return db.session.scalar(select(Organization).where(Organization.code == code))


@pytest.fixture(autouse=True)
def in_request(app, db_session):
    """Run in a request (bokmål), as notices and their words need the app."""
    with app.test_request_context("/"):
        yield


@pytest.fixture
def family(db_session):
    """Kari, and a child at her address born on a date; slots at the GP office and station."""
    kari = persona(KARI)

    def child(born: date):
        kid = make.person(born, given="Ung", street=kari.street, postcode=kari.postcode)
        kid.gp_unit_id, kid.email = unit("orland-legekontor").id, "ung@example.no"
        make.parent_of(kari, kid)
        return kid

    gp = b.visit_type(unit("orland-legekontor"), minutes=20, min_age=0, max_age=18)
    station = b.visit_type(unit("helsestasjon-orland"), minutes=15, open_booking=False)
    return kari, child, b.slots(gp, NOW + timedelta(days=7), 4), b.slots(station,
                                                                         NOW + timedelta(days=9), 2)


def seen_by(parent, child) -> list[int]:
    """Return the ids of the child's appointments the parent's scope holds."""
    scope = make.scope(parent, child, APPOINTMENTS, Verb.VIEW, now=NOW)
    upcoming, past = listing.appointments_of(scope, now=NOW)
    return [a.id for a in upcoming + past]


@time_machine.travel(NOW, tick=False)
def test_a_self_booked_appointment_and_its_note_are_private_and_tell_the_parent_nothing(family):
    kari, child_of, gp_slots, station_slots = family
    jonas = child_of(date(2013, 1, 15))  # 14
    own = b.book(gp_slots[0], jonas, now=NOW, reason="Tror jeg har klamydia, ikke si det til mamma")
    by_mother = b.book(gp_slots[2], jonas, now=NOW, by=kari, reason="Vond ankel")
    anne = persona("12847900030")
    by_unit = b.book(station_slots[0], jonas, now=NOW, by=anne, channel="staff")
    assert seen_by(kari, jonas) == [by_mother.id, by_unit.id]
    assert own.id in seen_by(jonas, jonas)
    told = {(d.person_id, n.resource_id) for d in send(NOW)
            for n in [db.session.get(Notice, d.notice_id)]}
    assert (kari.id, own.id) not in told and (jonas.id, own.id) in told
    assert (kari.id, by_mother.id) in told


@pytest.mark.parametrize(("born", "private"), [
    (date(2015, 3, 2), False),  # 11, turns 12 tomorrow: parents see everything
    (date(2015, 3, 1), True),  # turns 12 today: private from today
    (date(2011, 3, 2), True),  # 15, turns 16 tomorrow
])
@time_machine.travel(NOW, tick=False)
def test_privacy_starts_the_day_the_child_turns_12(family, born, private):
    """Rule: age on the request's date in Oslo; a child who turns 12 today moves on today."""
    kari, child_of, gp_slots, _station = family
    child = child_of(born)
    own = b.book(gp_slots[1], child, now=NOW)
    assert (own.id not in seen_by(kari, child)) is private


@time_machine.travel(NOW, tick=False)
def test_a_parent_of_a_16_year_old_sees_nothing(family):
    kari, child_of, gp_slots, station_slots = family
    sara = child_of(date(2011, 3, 1))  # turns 16 today
    b.book(station_slots[1], sara, now=NOW, by=persona("12847900030"), channel="staff")
    with pytest.raises(Refusal):
        seen_by(kari, sara)


@time_machine.travel(NOW, tick=False)
def test_a_vaccination_the_unit_booked_at_13_stays_visible_to_the_parent(family):
    kari, child_of, _gp, station_slots = family
    teen = child_of(date(2014, 1, 10))  # 13
    shot = b.book(station_slots[0], teen, now=NOW, by=persona("12847900030"), channel="staff")
    assert seen_by(kari, teen) == [shot.id]
    assert any(d.person_id == kari.id for d in send(NOW))


@pytest.mark.parametrize(("booker", "readers"), [("child", []), ("kari", ["child"])])
@time_machine.travel(NOW, tick=False)
def test_the_words_under_the_note_name_everyone_who_can_open_the_booking(app, family, booker,
                                                                          readers):
    """Issue 13, item 5: "who can read the note" is true for every person who can open it."""
    kari, child_of, gp_slots, _station = family
    teen = child_of(date(2013, 1, 15))
    by = teen if booker == "child" else kari
    scope = make.scope(by, teen, APPOINTMENTS, now=NOW)
    names = [p.id for p in services.note_readers(scope, gp_slots[0], booked_by=by, now=NOW)]
    assert names == [{"child": teen.id}[r] for r in readers]
    booked = b.book(gp_slots[0], teen, now=NOW, by=by, reason="Notat")
    for person in (kari, teen):
        sees = booked.id in seen_by(person, teen)
        assert sees is (person.id == by.id or person.id in names)


@time_machine.travel(NOW, tick=False)
def test_staff_of_another_unit_are_not_told_when_or_where_a_clash_is(family):
    """Issue 14, item 1: a refusal for a clash says neither when nor where to staff whose unit
    the other appointment is not at."""
    kari, child_of, gp_slots, station_slots = family
    teen = child_of(date(2013, 1, 15))
    anne = persona("12847900030")
    at_station = b.book(station_slots[0], teen, now=NOW, by=anne, channel="staff")
    kind = b.visit_type(unit("orland-legekontor"), minutes=30, open_booking=False)
    overlapping = b.slot(kind, at_station.start_at + timedelta(minutes=5))
    nils = persona("21877500079")
    scope = b.staff_booking(nils, teen, overlapping, NOW)
    with pytest.raises(services.BookingError) as refused:
        services.check_slot(scope, overlapping, channel="staff", now=NOW)
    message = str(refused.value)
    assert message == f"{teen.name} kan ikke få time på det tidspunktet. Velg en annen time."
    assert "Helsestasjon" not in message and ":" not in message
