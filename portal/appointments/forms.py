"""Forms for citizens: confirming a booking, and the buttons that change an appointment."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, TextAreaField
from wtforms.validators import Length, Optional

from portal.forms import Form

REASON_MAX = 200


def _strip(value):
    """Trim surrounding white space."""
    return value.strip() if isinstance(value, str) else value


class BookForm(Form):
    """Confirm a time, with an optional word to the unit about what it concerns."""

    reason = TextAreaField(
        _l("What is the appointment about? (optional)"), filters=[_strip],
        render_kw={"rows": 3, "maxlength": REASON_MAX},
        validators=[Optional(), Length(max=REASON_MAX, message=_l(
            "Write at most 200 characters. The rest you can tell at the appointment."))])


class ButtonForm(Form):
    """A button that changes something: only the form's token is checked."""


class PeriodForm(Form):
    """Show free times from a date (a GET filter that changes nothing)."""

    class Meta:
        csrf = False

    start = DateField(_l("Show times from"), validators=[Optional()])
