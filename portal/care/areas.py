"""What home care declares to the access decision: the visit plans and visits of a person.

Home care is health care: a parent of a child under 12 and a power of attorney at Full,
Standard or Read see it; parents of a 12-15-year-old only where the young person shares
problems and care plans, for a plan of visits is a care plan (DOMAIN.md, "Representation").
"""

from flask_babel import lazy_gettext as _l

from portal.access import EXCEPT_COMMUNICATE, Area, Rows
from portal.care.models import HomeCareVisit, VisitPlan
from portal.records.areas import PROBLEMS_PLANS

HOME_CARE = Area(
    "home_care", _l("home-care visits"), powers=EXCEPT_COMMUNICATE, share=PROBLEMS_PLANS,
    rows=(Rows(HomeCareVisit, owner=HomeCareVisit.person_id),
          Rows(VisitPlan, owner=VisitPlan.person_id)),
)
