"""The period filter that lists share: from and to dates, sent with GET."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField
from wtforms.validators import Optional, ValidationError

from portal.forms import Form


class PeriodFilterForm(Form):
    """A GET filter with a period; lists add their own fields by subclassing."""

    class Meta:
        csrf = False  # a GET filter changes nothing

    start = DateField(_l("From date"), validators=[Optional()])
    end = DateField(_l("To date"), validators=[Optional()])

    def validate_end(self, field):
        """Refuse a period that ends before it starts."""
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(_l("The end date must be on or after the start date."))
