"""The results filter (GET) and the doctor's sharing form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import Length, Optional, ValidationError


class ResultFilterForm(FlaskForm):
    """Narrow the results to one test and a period."""

    class Meta:
        csrf = False  # a GET filter changes nothing

    test = SelectField(_l("Test"), validators=[Optional()], default="")
    start = DateField(_l("From date"), validators=[Optional()])
    end = DateField(_l("To date"), validators=[Optional()])

    def __init__(self, formdata, *, tests):
        super().__init__(formdata)
        self.test.choices = [SelectChoice("", _l("All tests"))] + [
            SelectChoice(code, name) for code, name in tests]

    def validate_end(self, field):
        """Refuse a period that ends before it starts."""
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(_l("The end date must be on or after the start date."))


class ShareForm(FlaskForm):
    """A doctor shares a held-back result, with a comment for the person."""

    comment = TextAreaField(
        _l("Comment to the patient (shown with the result)"),
        validators=[Length(max=2000, message=_l("The comment can be at most 2000 characters."))],
    )
