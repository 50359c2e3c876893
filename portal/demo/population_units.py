"""The units and staff that serve the synthetic people of each demo municipality, as ids."""

from dataclasses import dataclass

from sqlalchemy import select

from portal.journal.models import Organization, Practitioner

from .population_data import MUNICIPALITIES
from .population_journal import Refs
from .seed import loaded as personas_loaded

LAB = "st-olavs-lab"


@dataclass(frozen=True)
class Local:
    """A municipality's units for its people: the GP offices, teams and nursing home."""

    municipality: int
    gp_offices: tuple[int, ...]  # the first is the one people are listed at now
    teams: dict[str, tuple[int, tuple[int, ...]]]  # code: team id, its employees' role ids
    nursing_home: int
    journal: Refs  # what the journals point to


def find(session) -> dict[str, Local]:
    """Find each demo municipality's units and staff; the personas must be loaded first."""
    if not personas_loaded(session):
        raise RuntimeError("Load the demo personas (portal.demo.seed.load) before a population.")
    units = session.execute(select(Organization).order_by(Organization.id)).scalars().all()
    by_code = {u.code: u for u in units}
    missing = [m.code for m in MUNICIPALITIES if m.code not in by_code]
    if missing:
        raise RuntimeError(f"The demo has no unit {', '.join(missing)}: it was loaded before "
                           "issue 18. Start over with `flask --app app demo --reset`.")
    staff: dict[tuple[int, str], list[Practitioner]] = {}
    for role in session.scalars(select(Practitioner).where(Practitioner.active.is_(True))
                                .order_by(Practitioner.id)).unique():
        staff.setdefault((role.unit_id, role.role), []).append(role)
    return {m.code: _local(by_code[m.code], units, staff, by_code[LAB].id)
            for m in MUNICIPALITIES}


def _local(municipality: Organization, units, staff, lab: int) -> Local:
    """Gather one municipality's units, and the GP and nurse its journals name."""
    mine = [u for u in units if u.part_of_id == municipality.id]

    def of(kind: str) -> list[Organization]:
        """Return the municipality's units of a kind, oldest first."""
        return [u for u in mine if u.kind == kind]

    office = of("gp_office")[0]
    gp = staff[office.id, "gp"][0]
    station = next(iter(of("health_station")), None)
    nurse = staff[station.id, "nurse"][0] if station else None
    return Local(
        municipality=municipality.id,
        gp_offices=tuple(u.id for u in of("gp_office")),
        teams={u.code: (u.id, tuple(r.id for r in staff.get((u.id, "home_care_worker"), ())))
               for u in of("home_care")},
        nursing_home=of("nursing_home")[0].id,
        journal=Refs(gp_office=office.id, health_station=station.id if station else None,
                     lab=lab, gp=gp.id, gp_person=gp.person_id,
                     nurse=nurse.id if nurse else None, answer_days=office.answer_days),
    )
