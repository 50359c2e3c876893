"""What applications declare to the access decision: the area, its rows, the staff purpose.

The person, a parent of a child (0-15: parents of 12-15 year olds follow and apply for
municipal services), and a Full, Standard or Read power of attorney see applications;
Read only looks (DOMAIN.md, "Representation"). The case office reaches the sent
applications to it.
"""

from flask_babel import lazy_gettext as _l

from portal.access import EXCEPT_COMMUNICATE, Area, Grant, Rows
from portal.applications.models import Application

APPLICATIONS = Area(
    "applications", _l("applications"), powers=EXCEPT_COMMUNICATE, parents_12_15=Grant.ACT,
    rows=(Rows(Application, owner=Application.person_id, staff=Application.staff_rows()),),
)
PURPOSES = ((Application, (APPLICATIONS,)),)
