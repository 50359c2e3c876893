"""What questionnaires declare to the access decision.

Answers are health data. A parent answers for a child under 12; a parent of a 12-15-year-old
neither sees nor answers their questionnaires, and a young person's own youth form is
confidential, never shown to a parent or representative whatever is shared (issue 21;
DOMAIN.md, "Children 12-15"). A Full or Standard power of attorney may answer, Read only
look. The unit that sent a questionnaire reads the answers (the response is its purpose).
"""

from flask_babel import lazy_gettext as _l

from portal.access import EXCEPT_COMMUNICATE, Area, Rows
from portal.questionnaires.models import QuestionnaireResponse, Sending

QUESTIONNAIRES = Area(
    "questionnaires", _l("questionnaires"), powers=EXCEPT_COMMUNICATE,
    rows=(Rows(QuestionnaireResponse, owner=QuestionnaireResponse.person_id,
               confidential=lambda: QuestionnaireResponse.confidential,
               staff=QuestionnaireResponse.staff_rows()),),
)
PURPOSES = ((QuestionnaireResponse, (QUESTIONNAIRES,)), (Sending, ()))
