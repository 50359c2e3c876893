"""Load the personas of shared/PERSONAS.md, with their journals dated relative to today."""

from datetime import date, timedelta

from sqlalchemy import func, select

from portal.journal.models import GpListPeriod, Organization, Person, Practitioner
from portal.questionnaires import services as questionnaires
from portal.representation.models import ParentalResponsibility, PowerOfAttorney

from .applications import add_applications
from .appointments import add_appointments
from .apps import add_apps
from .builders import at
from .care import add_home_care, add_staff, add_targets
from .journals import add_journals
from .messages import add_messages
from .personas import CITIZENS, PARENT_OF, PERSONAS, POWERS_OF_ATTORNEY, UNITS
from .prescriptions import add_prescriptions


def loaded(session) -> bool:
    """Tell whether the personas are in the database already."""
    numbers = [p.national_id for p in PERSONAS]
    count = session.scalar(select(func.count()).where(Person.national_id.in_(numbers)))
    return count == len(PERSONAS)


def load(session, today: date) -> bool:
    """Load units, personas, staff, relations and journals; return False if already there."""
    if loaded(session):
        return False
    questionnaires.sync(session)  # the visit types send them
    units: dict[str, Organization] = {}
    for u in UNITS:
        units[u.code] = Organization(
            code=u.code, name=u.name, kind=u.kind, phone=u.phone, answer_days=u.answer_days,
            no_show_fee=u.no_show_fee, beds=u.beds,
            municipality_number=u.number, non_statutory_services=list(u.non_statutory),
            part_of=units.get(u.part_of) if u.part_of else None,
        )
        session.add(units[u.code])
        session.flush()  # ids in the list's order (Ørland's first); people refer to them
    people: dict[str, Person] = {}
    for p in PERSONAS:
        street, postcode, city = p.address or (None, None, None)
        people[p.national_id] = Person(
            national_id=p.national_id, given_name=p.given_name, family_name=p.family_name,
            birth_date=p.born, street=street, postcode=postcode, city=city,
            registered_sex=p.sex,
            email=f"{p.given_name.lower()}.{p.family_name.lower()}@example.no",
            phone="+47 9" + p.national_id[4:11],
            gp_unit=None if p.is_staff else units["orland-legekontor"],
            municipality_id=units[p.lives_in].id if p.lives_in else None,
        )
    session.add_all(people.values())
    staff = {}
    for p in PERSONAS:
        if p.is_staff:
            staff[p.given_name.lower()] = Practitioner(
                person=people[p.national_id], unit=units[p.unit], role=p.staff_role
            )
            for other in p.also_at:  # e.g. "anne@helsestasjon-ungdom"
                staff[f"{p.given_name.lower()}@{other}"] = Practitioner(
                    person=people[p.national_id], unit=units[other], role=p.staff_role)
    session.add_all(staff.values())
    teams = add_staff(session, units)
    for parent, children in PARENT_OF.items():
        for child in children:
            session.add(ParentalResponsibility(parent=people[parent], child=people[child]))
    for grantor, grantee, level in POWERS_OF_ATTORNEY:
        session.add(PowerOfAttorney(grantor=people[grantor], grantee=people[grantee], level=level,
                                    created_at=at(today - timedelta(days=200))))
    session.flush()
    session.add_all(_gp_periods(people))
    add_journals(session, today, people, units, staff)
    add_appointments(session, today, people, units, staff)
    add_messages(session, today, people, units, staff)
    add_applications(session, today, people, units, staff)
    add_apps(session, today, people)
    add_prescriptions(session, today, people, units, staff)
    add_targets(session, units)
    add_home_care(session, today, people, units, teams["hjemmetjenesten-orland"])
    return True


def _gp_periods(people: dict[str, Person]) -> list[GpListPeriod]:
    """Return each citizen persona's one, open, listing at their GP office (their GP history)."""
    listed = [people[p.national_id] for p in CITIZENS]
    return [GpListPeriod(person_id=person.id, unit_id=person.gp_unit_id, starts_on=p.listed_since)
            for p, person in zip(CITIZENS, listed, strict=True)]
