"""The units and staff that serve the synthetic people of each demo municipality, as ids."""

from dataclasses import dataclass

from sqlalchemy import select

from portal.appointments.models import VisitType
from portal.journal.models import Organization, Practitioner

from .population_data import MUNICIPALITIES, Municipality
from .population_journal import Refs
from .seed import loaded as personas_loaded

LAB = "st-olavs-lab"
RESET = "Start over with `flask --app app demo --reset`."


@dataclass(frozen=True)
class Kind:
    """A kind of appointment a GP office offers in person."""

    id: int
    minutes: int
    min_age: int | None
    max_age: int | None
    open_booking: bool  # the person may book it in the portal


@dataclass(frozen=True)
class Local:
    """A municipality's units for its people: the GP offices, teams, nursing home and case
    office (the last three only where the population draws care, appointments and cases)."""

    municipality: int
    gp_offices: tuple[int, ...]  # the first is the one people are listed at now
    teams: dict[str, tuple[int, tuple[int, ...]]]  # code: team id, its employees' role ids
    nursing_home: int
    journal: Refs  # what the journals point to
    kinds: tuple[Kind, ...] = ()  # at the first GP office
    case_office: int | None = None
    case_officer: int | None = None  # the person id of the officer who decides


def find(session) -> dict[str, Local]:
    """Find each demo municipality's units and staff; the personas must be loaded first."""
    if not personas_loaded(session):
        raise RuntimeError("Load the demo personas (portal.demo.seed.load) before a population.")
    units = session.execute(select(Organization).order_by(Organization.id)).scalars().all()
    by_code = {u.code: u for u in units}
    missing = [m.code for m in MUNICIPALITIES if m.code not in by_code]
    if missing:
        raise RuntimeError(f"The demo has no unit {', '.join(missing)}: it was loaded before "
                           f"issue 18. {RESET}")
    staff: dict[tuple[int, str], list[Practitioner]] = {}
    for role in session.scalars(select(Practitioner).where(Practitioner.active.is_(True))
                                .order_by(Practitioner.id)).unique():
        staff.setdefault((role.unit_id, role.role), []).append(role)
    kinds: dict[int, list[Kind]] = {}
    for kind in session.scalars(select(VisitType).where(
            VisitType.active.is_(True), VisitType.mode == "in_person").order_by(VisitType.id)):
        kinds.setdefault(kind.unit_id, []).append(Kind(
            kind.id, kind.duration_minutes, kind.min_age, kind.max_age, kind.open_booking))
    return {m.code: _local(m, by_code[m.code], units, staff, kinds, by_code[LAB].id)
            for m in MUNICIPALITIES}


def _local(place: Municipality, municipality: Organization, units, staff, kinds,
           lab: int) -> Local:
    """Gather one municipality's units, and the GP, nurse and case officer its rows name."""
    mine = [u for u in units if u.part_of_id == municipality.id]

    def of(kind: str) -> list[Organization]:
        """Return the municipality's units of a kind, oldest first."""
        return [u for u in mine if u.kind == kind]

    office, case_office = of("gp_office")[0], of("case_office")[0]
    gp = staff[office.id, "gp"][0]
    station = next(iter(of("health_station")), None)
    nurse = staff[station.id, "nurse"][0] if station else None
    officers = staff.get((case_office.id, "case_officer"))
    if not kinds.get(office.id) or not officers:
        raise RuntimeError(f"{office.name} has no kinds of appointment or {case_office.name} "
                           f"no case officer: the demo was loaded before they came. {RESET}")
    return Local(
        municipality=municipality.id,
        gp_offices=tuple(u.id for u in of("gp_office")),
        teams={u.code: (u.id, tuple(r.id for r in staff.get((u.id, "home_care_worker"), ())))
               for u in of("home_care")},
        nursing_home=of("nursing_home")[0].id,
        journal=Refs(gp_office=office.id, health_station=station.id if station else None,
                     lab=lab, gp=gp.id, gp_person=gp.person_id,
                     nurse=nurse.id if nurse else None, answer_days=office.answer_days,
                     answered_in_time=place.habits.answered_in_time),
        kinds=tuple(kinds[office.id]),
        case_office=case_office.id,
        case_officer=officers[0].person_id,
    )
