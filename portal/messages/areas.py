"""What messages declare to the access decision: the area, its rows, and the staff purpose.

A thread is read by the person, by a parent of a child under 12, and by a holder of any
power of attorney; parents of a 12-15 year old cannot read or write for them (DOMAIN.md,
"Children 12-15"). Whom one may write to is read from the journal (visits, vaccinations,
care plans): a confidential visit counts only for readers who may see it, so a parent is
never told of it, not even by a team's name. Staff reach the threads to their own team.
"""

from flask_babel import lazy_gettext as _l

from portal.access import ALL_POWERS, Area, Rows
from portal.journal.entries import CarePlan, Encounter, Immunization
from portal.messages.models import Thread

MESSAGES = Area(
    "messages", _l("messages"), powers=ALL_POWERS,
    rows=(Rows(Thread, owner=Thread.person_id, staff=Thread.staff_rows()),
          # The care relationships that say which teams one may write to.
          Rows(Encounter, owner=Encounter.person_id, confidential=lambda: Encounter.confidential),
          Rows(Immunization, owner=Immunization.person_id),
          Rows(CarePlan, owner=CarePlan.person_id)),
)
PURPOSES = ((Thread, (MESSAGES,)),)
