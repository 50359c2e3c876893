"""The notice that the GP office has answered a renewal request: that there is an answer,
never the medicine or the answer itself (issue 20; DOMAIN.md, "Secure messages")."""

from flask_babel import lazy_gettext as _l

from portal import notices
from portal.prescriptions.areas import PRESCRIPTIONS

# From 12 a young person is told of their own requests; the access decision decides at
# sending whether a parent or representative who asked may still see them.
OWN_FROM_AGE = 12

ANSWERED = notices.Kind(
    "prescription_answered", PRESCRIPTIONS, _l("Answer from your GP office"),
    own=_l("Your GP office has answered your request about a prescription."),
    other=_l("The GP office has answered a request about a prescription for someone you "
             "act for."),
    tail=_l("Log in to the health portal to see the answer: {link}"),
    links=("link",), own_from_age=OWN_FROM_AGE)
KINDS = (ANSWERED,)
