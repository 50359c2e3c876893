"""Forms for logging in."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectChoice, StringField
from wtforms.validators import InputRequired

from portal.forms import Form
from portal.journal.forms import valid_national_id


class TestLoginForm(Form):
    """Log in as any person in the register (development only)."""

    pid = StringField(
        _l("National identity number (11 digits)"),
        validators=[InputRequired(_l("Enter a national identity number.")), valid_national_id],
    )
    role = RadioField(
        _l("Log in as"),
        choices=[SelectChoice("citizen", _l("Citizen")), SelectChoice("staff", _l("Staff"))],
        default="citizen",
        validators=[InputRequired(_l("Choose how to log in."))],
    )
    next = HiddenField()
