"""Forms: asking for renewal with an optional note; the GP office's answer."""

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import Length, Optional

from portal.forms import Form
from portal.prescriptions.services import NOTE_MAX


class AskForm(Form):
    """Ask the GP office to renew a prescription."""

    note = TextAreaField(_l("A short note to the GP office (optional)"),
                         validators=[Optional(), Length(max=NOTE_MAX, message=_l(
                             "The note can be at most %(max)d characters."))])


class AnswerForm(Form):
    """Renew, decline with a reason, or ask the person to book an appointment.

    Which of them is the button pressed (`event`); the reason is required to decline.
    """

    reason = TextAreaField(_l("Reason, for the person (required to decline)"),
                           validators=[Optional(), Length(max=NOTE_MAX, message=_l(
                               "The reason can be at most %(max)d characters."))])
