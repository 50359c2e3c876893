"""What the results feature declares to the access decision: the area of lab results.

Parents of a 12-15 year old see no results unless the young person shares them with them;
tests that are sensitive by nature (pregnancy, sexually transmitted infections, HIV, drug
screening) are never shown to a parent or representative, shared or not (DOMAIN.md,
"Children 12-15"; pbrl § 3-4, helsepersonelloven § 21). Every reader sees only released
results that are not in category 4 (DOMAIN.md, "Lab results"). Staff of a GP office reach
the results of the people on its list (the GP listing purpose).
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_

from portal.access import EXCEPT_COMMUNICATE, Area, Rows, ShareCategory
from portal.journal.entries import Observation
from portal.results.models import GpListing, listed_rows
from portal.results.sensitive import CODES as SENSITIVE_CODES

SHARED_RESULTS = ShareCategory("results", _l("Test results"))


def _laboratory() -> list:
    """Pick lab results out of the observations (growth measurements are another area)."""
    return [Observation.category == "laboratory"]


def _released(now) -> list:
    """Keep results released by now and never those of category 4 (HelsaMi's release rules)."""
    return [Observation.release_category != 4, Observation.released_at.is_not(None),
            Observation.released_at <= now]


def _confidential():
    """Return the condition for results marked confidential or sensitive by what was tested."""
    return or_(Observation.confidential, Observation.code.in_(sorted(SENSITIVE_CODES)))


RESULTS = Area(
    "results", _l("test results"), powers=EXCEPT_COMMUNICATE, share=SHARED_RESULTS,
    rows=(Rows(Observation, owner=Observation.person_id, where=_laboratory, visible=_released,
               confidential=_confidential,
               staff=listed_rows(Observation)),),
)
PURPOSES = ((GpListing, (RESULTS,)),)
