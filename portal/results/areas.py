"""What the results feature declares to the access decision: the area of lab results.

Parents of a 12-15 year old see results from the municipality (the GP office, the health
station), not from the hospital, unless the young person shares hospital results with
them (DOMAIN.md, "Children 12-15"). Every reader sees only released results that are not
in category 4 (DOMAIN.md, "Lab results"). Staff of a GP office reach the results of the
people on its list (the GP listing purpose).
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from portal.access import EXCEPT_COMMUNICATE, Area, Grant, Rows, ShareCategory, StaffRows
from portal.journal.entries import Observation
from portal.journal.models import Organization, Person
from portal.results.models import GpListing, gp_listing

HOSPITAL_RESULTS = ShareCategory("hospital_results", _l("Test results from the hospital"))


def hospital_units():
    """Return a subquery of the ids of hospital units (the hospital and its parts)."""
    hospitals = select(Organization.id).where(Organization.kind == "hospital")
    return select(Organization.id).where(
        or_(Organization.kind == "hospital", Organization.part_of_id.in_(hospitals)))


def _laboratory() -> list:
    """Pick lab results out of the observations (growth measurements are another area)."""
    return [Observation.category == "laboratory"]


def _released(now) -> list:
    """Keep results released by now and never those of category 4 (HelsaMi's release rules)."""
    return [Observation.release_category != 4, Observation.released_at.is_not(None),
            Observation.released_at <= now]


def _municipal() -> list:
    """Keep results analysed outside the hospital, for parents of a 12-15 year old."""
    return [Observation.performer_unit_id.not_in(hospital_units())]


def _listed_at(unit_id: int):
    """Return the results of the people listed with a GP office."""
    return Observation.person_id.in_(select(Person.id).where(Person.gp_unit_id == unit_id))


RESULTS = Area(
    "results", _l("test results"), powers=EXCEPT_COMMUNICATE, parents_12_15=Grant.VIEW,
    share=HOSPITAL_RESULTS,
    rows=(Rows(Observation, owner=Observation.person_id, where=_laboratory, visible=_released,
               confidential=Observation.confidential, restricted=_municipal,
               staff=StaffRows(rows=_listed_at,
                               purpose_of=lambda row, unit_id: gp_listing(row.person_id, unit_id))),),
)
PURPOSES = ((GpListing, (RESULTS,)),)
