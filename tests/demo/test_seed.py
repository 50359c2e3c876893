"""The demo personas (issue 2, item 4; shared/PERSONAS.md)."""

from datetime import timedelta

from sqlalchemy import func, select

from portal import clock
from portal.demo import seed
from portal.demo.care import employees
from portal.demo.personas import PERSONAS, STAFF
from portal.journal.entries import Observation
from portal.journal.models import Person, Practitioner
from portal.models import Base
from portal.representation.models import ParentalResponsibility, PowerOfAttorney


def _counts(session) -> dict[str, int]:
    return {t.name: session.scalar(select(func.count()).select_from(t))
            for t in Base.metadata.sorted_tables}


def test_the_register_holds_exactly_the_personas_and_the_teams_employees(db_session):
    people = db_session.scalars(select(Person)).all()
    assert sorted(p.national_id for p in people) == sorted(
        [p.national_id for p in PERSONAS] + [e.national_id for e in employees()])
    for persona in PERSONAS:
        person = next(p for p in people if p.national_id == persona.national_id)
        assert (person.name, person.birth_date) == (persona.name, persona.born)


def test_staff_work_in_their_units(db_session):
    roles = {(r.person.national_id, r.unit.code, r.role)
             for r in db_session.scalars(select(Practitioner))}
    assert roles == {(p.national_id, unit, p.staff_role) for p in STAFF
                     for unit in (p.unit, *p.also_at)} | {
        (e.national_id, e.unit, e.role) for e in employees()}
    assert ("12847900030", "helsestasjon-ungdom", "nurse") in roles  # Anne serves both teams


def test_loading_twice_changes_nothing(db_session, seeded_on):
    before = _counts(db_session)
    assert seed.load(db_session, seeded_on) is False
    assert _counts(db_session) == before


def test_reset_and_reload_gives_the_same_register(db_session, seeded_on):
    """Loaded again on the day the run's demo was dated from (a run may cross midnight)."""
    before = _counts(db_session)
    for table in reversed(Base.metadata.sorted_tables):
        db_session.execute(table.delete())
    assert seed.load(db_session, seeded_on) is True
    assert _counts(db_session) == before


def test_kari_is_parent_of_three_children_at_her_address(db_session):
    kari = db_session.scalar(select(Person).where(Person.given_name == "Kari"))
    children = db_session.scalars(
        select(Person).join(ParentalResponsibility, ParentalResponsibility.child_id == Person.id)
        .where(ParentalResponsibility.parent_id == kari.id)).all()
    assert sorted(c.given_name for c in children) == ["Emma", "Jonas", "Sara"]
    assert {c.address_key for c in children} == {kari.address_key}


def test_ola_has_given_ingrid_a_full_power_of_attorney(db_session):
    power = db_session.scalar(select(PowerOfAttorney))
    assert (power.grantor.given_name, power.grantee.given_name, power.level) == ("Ola", "Ingrid", "full")
    assert power.revoked_at is None


def test_journal_is_dated_relative_to_today(db_session):
    """Everything is dated relative to today, so the demo never goes stale."""
    newest = db_session.scalar(select(func.max(Observation.effective_at)))
    assert timedelta(0) < clock.today() - newest.date() < timedelta(days=40)


def test_liv_has_no_data(db_session):
    liv = db_session.scalar(select(Person).where(Person.given_name == "Liv"))
    assert db_session.scalar(select(func.count()).where(Observation.person_id == liv.id)) == 0


def test_ola_has_one_critical_high_potassium(db_session):
    ola = db_session.scalar(select(Person).where(Person.given_name == "Ola"))
    potassium = db_session.scalars(select(Observation).where(
        Observation.person_id == ola.id, Observation.code == "NPU03230")).all()
    assert [o.value_quantity for o in potassium if o.value_quantity > o.critical_high] == [6.8]
