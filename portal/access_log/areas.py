"""What the access log declares to the access decision: the person's log as an area.

The person reads who has seen their data, and so do a parent of a child under 12 and a
holder of a Full, Standard or Read power of attorney (DOMAIN.md, "Access log").
"""

from flask_babel import lazy_gettext as _l

from portal.access import EXCEPT_COMMUNICATE, Area, Rows
from portal.audit import AccessLogEntry

ACCESS_LOG = Area("access_log", _l("the access log"), powers=EXCEPT_COMMUNICATE,
                  rows=(Rows(AccessLogEntry, owner=AccessLogEntry.subject_id),))
