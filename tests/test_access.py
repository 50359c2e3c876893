"""The one access decision (DOMAIN.md, "Representation" and "Logging in"; pbrl §§ 3-4, 4-3, 4-4, 5-1)."""

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from portal import db
from portal.access import PROFILE, Actor, Role, Verb, check, registry
from portal.access_log.areas import ACCESS_LOG
from portal.applications.areas import APPLICATIONS
from portal.applications.models import Application
from portal.appointments.areas import APPOINTMENTS
from portal.appointments.models import Appointment, Slot, SlotBooking
from portal.care.areas import HOME_CARE
from portal.messages.areas import MESSAGES
from portal.messages.models import Thread
from portal.prescriptions.areas import PRESCRIPTIONS
from portal.questionnaires.areas import QUESTIONNAIRES
from portal.questionnaires.models import QuestionnaireResponse, Sending
from portal.records.areas import (
    CARE_PLANS,
    DOCUMENTS,
    GROWTH,
    MEDICATIONS,
    NOTES,
    PROBLEMS,
    VACCINATIONS,
)
from portal.representation.models import YouthShare
from portal.results.areas import RESULTS
from portal.results.models import GpListing
from tests import factories as make

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
# Every area the features declare, by the code the access log keeps.
Area = SimpleNamespace(PROFILE=PROFILE, RESULTS=RESULTS, NOTES=NOTES, DOCUMENTS=DOCUMENTS,
                       MEDICATIONS=MEDICATIONS, PROBLEMS=PROBLEMS, VACCINATIONS=VACCINATIONS,
                       GROWTH=GROWTH, CARE_PLANS=CARE_PLANS, APPOINTMENTS=APPOINTMENTS,
                       MESSAGES=MESSAGES, APPLICATIONS=APPLICATIONS, ACCESS_LOG=ACCESS_LOG,
                       PRESCRIPTIONS=PRESCRIPTIONS, QUESTIONNAIRES=QUESTIONNAIRES,
                       HOME_CARE=HOME_CARE)
ALL = list(vars(Area).values())


def test_the_features_declare_every_area_once(app):
    """The registry holds exactly the areas above, each under its own code."""
    assert sorted(a.code for a in registry.areas()) == sorted(a.code for a in ALL)


@pytest.fixture
def family(db_session):
    """A parent at the family address, and a factory for children of a given birth date."""
    parent = make.person(date(1980, 1, 1), given="Mor")

    def child(born: date):
        kid = make.person(born, given="Barn")
        make.parent_of(parent, kid)
        return kid

    return parent, child


def decide(actor_person, subject, area, verb=Verb.VIEW, **kwargs):
    return check(Actor(actor_person), subject, area, verb, on=TODAY, now=NOW, **kwargs)


def test_self_may_do_everything_including_confidential(db_session):
    me = make.person(date(1990, 5, 5))
    for area in ALL:
        for verb in Verb:
            decision = decide(me, me, area, verb)
            assert decision and decision.role == "self" and decision.include_confidential


@pytest.mark.parametrize(
    ("born", "rule"),
    [
        (date(2014, 11, 24), "0-11"),   # 11, turns 12 tomorrow
        (date(2014, 11, 23), "12-15"),  # turns 12 today: the next rule applies today
        (date(2010, 11, 24), "12-15"),  # 15, turns 16 tomorrow
        (date(2010, 11, 23), "16+"),    # turns 16 today
    ],
    ids=["11-turns-12-tomorrow", "turns-12-today", "15-turns-16-tomorrow", "turns-16-today"],
)
def test_parent_rules_follow_the_childs_age_today(family, born, rule):
    """Rule: age on the request's date in Europe/Oslo; turning 12 or 16 today moves on today."""
    parent, child_of = family
    child = child_of(born)
    results = decide(parent, child, Area.RESULTS)
    notes = decide(parent, child, Area.NOTES)
    messages = decide(parent, child, Area.MESSAGES, Verb.ACT)
    booking = decide(parent, child, Area.APPOINTMENTS, Verb.ACT)
    if rule == "0-11":
        assert results and notes and messages and booking
        assert not results.restricted and not results.include_confidential
    elif rule == "12-15":
        assert not results and not notes and not messages  # results only when shared
        assert booking and booking.restricted  # the GP office and the health station only
    else:
        assert not results and not notes and not messages and not booking


@pytest.mark.parametrize(
    ("area", "allowed"),
    [
        (Area.PROFILE, True), (Area.APPOINTMENTS, True), (Area.VACCINATIONS, True),
        (Area.APPLICATIONS, True), (Area.RESULTS, False), (Area.GROWTH, True),
        (Area.NOTES, False), (Area.DOCUMENTS, False), (Area.MEDICATIONS, False),
        (Area.PROBLEMS, False), (Area.CARE_PLANS, False), (Area.MESSAGES, False),
        (Area.ACCESS_LOG, False),
    ],
)
def test_parent_of_12_to_15_sees_only_what_domain_allows(family, area, allowed):
    """Rule: 12-15, no notes, results, prescriptions or documents, no messages (helsenorge)."""
    parent, child_of = family
    child = child_of(date(2012, 5, 20))
    assert bool(decide(parent, child, area)) is allowed


def test_parent_of_12_to_15_cannot_write_messages_but_can_book_and_apply(family):
    parent, child_of = family
    child = child_of(date(2012, 5, 20))
    assert not decide(parent, child, Area.MESSAGES, Verb.ACT)
    assert decide(parent, child, Area.APPOINTMENTS, Verb.ACT)
    assert decide(parent, child, Area.APPLICATIONS, Verb.ACT)
    assert not decide(parent, child, Area.VACCINATIONS, Verb.ACT)


@pytest.mark.parametrize(
    ("category", "area"),
    [("results", Area.RESULTS), ("notes_documents", Area.NOTES),
     ("notes_documents", Area.DOCUMENTS), ("medications", Area.MEDICATIONS),
     ("problems_plans", Area.PROBLEMS), ("problems_plans", Area.CARE_PLANS)],
)
def test_young_person_can_share_more_and_take_it_back(db_session, family, category, area):
    """Rule: a 12-15 year old shares more by category, and the parent's view changes at once."""
    parent, child_of = family
    child = child_of(date(2012, 5, 20))
    share = YouthShare(child_id=child.id, parent_id=parent.id, category=category, created_at=NOW)
    db_session.add(share)
    db_session.flush()
    decision = decide(parent, child, area)
    assert decision and not decision.restricted
    assert not decision.include_confidential  # confidential entries never reach parents
    share.revoked_at = NOW
    db_session.flush()
    assert not decide(parent, child, area)


def test_parent_who_moved_to_another_address_has_no_access(family, db_session):
    """Rule: parental responsibility *and* registered at the child's address."""
    parent, child_of = family
    child = child_of(date(2019, 9, 2))
    assert decide(parent, child, Area.RESULTS)
    parent.street = "Annen gate 9"
    db_session.flush()
    assert not decide(parent, child, Area.RESULTS)


def test_same_address_without_parental_responsibility_gives_nothing(db_session):
    adult = make.person(date(1980, 1, 1))
    child = make.person(date(2019, 1, 1))
    assert not decide(adult, child, Area.PROFILE)


@pytest.mark.parametrize("level", ["full", "standard", "read", "communicate"])
@pytest.mark.parametrize("area", ALL)
@pytest.mark.parametrize("verb", list(Verb))
def test_power_of_attorney_levels(db_session, level, area, verb):
    """Rule: Full everything; Standard all but notes and documents; Read view only;
    Communicate messages and appointments only."""
    grantor = make.person(date(1959, 6, 30), street="Fjordveien 3")
    grantee = make.person(date(1985, 2, 8), street="Kongens gate 20")
    make.power(grantor, grantee, level, created_at=NOW - timedelta(days=1))
    expected = {
        "full": True,
        "standard": area not in (Area.NOTES, Area.DOCUMENTS),
        "read": area not in (Area.NOTES, Area.DOCUMENTS) and verb is Verb.VIEW,
        "communicate": area in (Area.PROFILE, Area.MESSAGES, Area.APPOINTMENTS),
    }[level]
    decision = decide(grantee, grantor, area, verb)
    assert bool(decision) is expected
    if decision:
        assert decision.role is Role.REPRESENTATIVE and not decision.include_confidential


def test_power_of_attorney_revoked_a_second_ago_gives_nothing(db_session):
    grantor = make.person(date(1959, 6, 30))
    grantee = make.person(date(1985, 2, 8))
    make.power(grantor, grantee, "full", created_at=NOW - timedelta(days=9),
               revoked_at=NOW - timedelta(seconds=1))
    assert not decide(grantee, grantor, Area.PROFILE)


def test_power_of_attorney_is_one_way(db_session):
    grantor = make.person(date(1959, 6, 30))
    grantee = make.person(date(1985, 2, 8))
    make.power(grantor, grantee, "full", created_at=NOW - timedelta(days=9))
    assert not decide(grantor, grantee, Area.PROFILE)


@pytest.mark.parametrize(("grantor_age", "grantee_age", "valid"),
                         [(16, 18, True), (15, 18, False), (16, 17, False), (40, 40, True)])
def test_power_of_attorney_needs_16_to_give_and_18_to_hold(db_session, grantor_age, grantee_age,
                                                            valid):
    grantor = make.person(date(TODAY.year - grantor_age, 1, 1))
    grantee = make.person(date(TODAY.year - grantee_age, 1, 1), street="Elsewhere 2")
    make.power(grantor, grantee, "full", created_at=NOW - timedelta(days=1))
    assert bool(decide(grantee, grantor, Area.RESULTS)) is valid


def test_young_person_of_16_can_give_a_parent_a_power_of_attorney(family):
    """Rule: from 16 parents have no access, unless the young person grants a power."""
    parent, child_of = family
    child = child_of(date(2010, 3, 15))
    assert not decide(parent, child, Area.RESULTS)
    make.power(child, parent, "read", created_at=NOW - timedelta(hours=1))
    decision = decide(parent, child, Area.RESULTS)
    assert decision and decision.role is Role.REPRESENTATIVE


def test_health_data_needs_the_high_assurance_level(db_session):
    """Rule: idporten-loa-substantial may see appointments; health data asks to step up."""
    me = make.person(date(1990, 1, 1))
    substantial = Actor(me, acr="idporten-loa-substantial")
    assert check(substantial, me, Area.APPOINTMENTS, on=TODAY, now=NOW)
    refused = check(substantial, me, Area.RESULTS, on=TODAY, now=NOW)
    assert not refused and refused.step_up


def test_staff_need_a_purpose_of_their_own_unit(db_session):
    """Rule: staff act for their unit and purpose only, and are logged."""
    nurse = make.person(date(1979, 4, 12))
    patient = make.person(date(2019, 9, 2))
    station = make.unit("helsestasjon-orland")
    gp = make.unit("orland-legekontor")
    ours = thread(patient, station)
    staff = Actor(nurse, role="staff", unit_id=station.id)
    assert not check(staff, patient, Area.MESSAGES, on=TODAY, now=NOW)
    assert not check(staff, patient, Area.MESSAGES, on=TODAY, now=NOW, purpose=thread(patient, gp))
    assert not check(staff, patient, Area.MESSAGES, on=TODAY, now=NOW, purpose=thread(nurse, station))
    assert not check(staff, patient, Area.RESULTS, on=TODAY, now=NOW, purpose=ours)
    decision = check(staff, patient, Area.MESSAGES, on=TODAY, now=NOW, purpose=ours)
    assert decision and decision.role is Role.STAFF and decision.by_someone_else


def thread(person, unit):
    """Save a thread from a person to a unit's team, as the purpose it is."""
    row = Thread(person_id=person.id, unit_id=unit.id, subject="Spørsmål", created_by_id=person.id,
                 created_at=NOW, last_message_at=NOW)
    db.session.add(row)
    db.session.flush()
    return row


def test_a_forged_purpose_is_refused(db_session):
    """Purposes check themselves: an object never saved, or changed in memory, proves nothing."""
    nurse = make.person(date(1979, 4, 12))
    patient = make.person(date(2019, 9, 2))
    station, gp = make.unit("helsestasjon-orland"), make.unit("orland-legekontor")
    staff = Actor(nurse, role="staff", unit_id=station.id)
    transient = Thread(person_id=patient.id, unit_id=station.id, subject="x")
    assert not check(staff, patient, Area.MESSAGES, on=TODAY, now=NOW, purpose=transient)
    theirs = thread(patient, gp)  # another unit's row, moved to ours in memory only
    with db_session.no_autoflush:
        theirs.unit_id = station.id
        assert not check(staff, patient, Area.MESSAGES, on=TODAY, now=NOW, purpose=theirs)
    db_session.expire(theirs)
    slot = db_session.scalar(select(Slot).where(Slot.unit_id == station.id))
    booking = Appointment(slot=slot, person_id=patient.id)  # what staff booking used to pass
    assert not check(staff, patient, Area.APPOINTMENTS, Verb.ACT, on=TODAY, now=NOW,
                     purpose=booking)
    doctor = Actor(nurse, role="staff", unit_id=gp.id)
    assert patient.gp_unit_id is None  # the register lists the patient with no GP office
    assert not check(doctor, patient, Area.RESULTS, on=TODAY, now=NOW,
                     purpose=GpListing(gp.id, patient.id))


def test_nobody_logged_in_gets_nothing(db_session):
    someone = make.person(date(1990, 1, 1))
    assert not check(None, someone, Area.PROFILE)


def test_a_purpose_of_an_unknown_kind_opens_nothing(db_session):
    nurse = make.person(date(1979, 4, 12))
    patient = make.person(date(2019, 9, 2))
    station = make.unit("helsestasjon-orland")

    class Pretend:
        unit_id, person_id = station.id, patient.id

        def holds(self):
            return True

    staff = Actor(nurse, role="staff", unit_id=station.id)
    assert not check(staff, patient, Area.PROFILE, on=TODAY, now=NOW, purpose=Pretend())
    assert registry.purpose_kinds() == {Thread, Application, Appointment, GpListing, SlotBooking,
                                        QuestionnaireResponse, Sending}


def test_an_actor_from_an_access_token_asks_the_same_decision(db_session):
    """Issue 12, item 4: an app reading with the person's token is held to the same rules."""
    parent = make.person(date(1980, 1, 1))
    child = make.person(date(2012, 5, 20), given="Barn")
    make.parent_of(parent, child)
    app_actor = Actor.from_token(parent, acr="idporten-loa-high", app_id=7)
    assert app_actor.app_id == 7 and not app_actor.is_staff
    assert check(app_actor, parent, Area.RESULTS, on=TODAY, now=NOW).role is Role.SELF
    assert not check(app_actor, child, Area.NOTES, on=TODAY, now=NOW)  # 12-15: no notes
    weak = Actor.from_token(parent, acr="idporten-loa-substantial", app_id=7)
    assert check(weak, parent, Area.RESULTS, on=TODAY, now=NOW).step_up
