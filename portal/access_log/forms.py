"""The access log's filter, sent with GET so that a filtered view can be bookmarked."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectChoice, SelectField
from wtforms.validators import Optional, ValidationError

ROLE_LABELS = {
    "": _l("Everyone"),
    "parent": _l("Parents"),
    "representative": _l("People with a power of attorney"),
    "staff": _l("Health and care staff"),
}


class LogFilterForm(FlaskForm):
    """Filter by who read and by period."""

    class Meta:
        csrf = False  # a GET filter changes nothing

    role = SelectField(_l("Who"), choices=[SelectChoice(k, v) for k, v in ROLE_LABELS.items()],
                       default="", validators=[Optional()])
    start = DateField(_l("From date"), validators=[Optional()],
                      render_kw={"autocomplete": "off"})
    end = DateField(_l("To date"), validators=[Optional()], render_kw={"autocomplete": "off"})

    def validate_end(self, field):
        """Refuse a period that ends before it starts."""
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(_l("The end date must be on or after the start date."))
