"""What prescriptions declare to the access decision, and the GP listing purpose they use.

Prescriptions are medicines: a parent of a child under 12 sees them and may ask for renewal;
a parent of a 12-15-year-old neither, unless the young person shares their medicines, and
then only sees them; a power of attorney at Full or Standard may ask, at Read only look
(DOMAIN.md, "Representation"; issue 20). The GP office reaches the prescriptions, requests
and medication list of the people on its list (the GP listing purpose).
"""

from flask_babel import lazy_gettext as _l

from portal.access import EXCEPT_COMMUNICATE, Area, Rows, StaffRows
from portal.prescriptions.models import Prescription, RenewalRequest
from portal.records.areas import MEDICATIONS, MEDICINES
from portal.results.models import GpListing, by_listing, listed_rows

PRESCRIPTIONS = Area(
    "prescriptions", _l("prescriptions"), powers=EXCEPT_COMMUNICATE, share=MEDICINES,
    rows=(Rows(Prescription, owner=Prescription.person_id,
               staff=listed_rows(Prescription)),
          # A request goes to the GP office the person was listed with when it was sent.
          Rows(RenewalRequest, owner=RenewalRequest.person_id,
               staff=StaffRows(rows=lambda unit_id: RenewalRequest.unit_id == unit_id,
                               purpose_of=by_listing))),
)
PURPOSES = ((GpListing, (PRESCRIPTIONS, MEDICATIONS)),)
