"""The journal's filter: section, period, source and words; sent with GET."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SearchField, SelectChoice, SelectField
from wtforms.validators import Length, Optional, ValidationError

SECTION_LABELS = {
    "notes": _l("Visit summaries and notes"),
    "letters": _l("Letters and documents"),
    "medications": _l("Medicines"),
    "problems": _l("Problems and diagnoses"),
    "vaccinations": _l("Vaccinations"),
    "plans": _l("Care and treatment plans"),
    "growth": _l("Growth"),
}


class RecordFilterForm(FlaskForm):
    """Narrow the journal down."""

    class Meta:
        csrf = False  # a GET filter changes nothing

    section = SelectField(_l("Show"), validators=[Optional()], default="")
    unit = SelectField(_l("From"), validators=[Optional()], default="")
    start = DateField(_l("From date"), validators=[Optional()])
    end = DateField(_l("To date"), validators=[Optional()])
    q = SearchField(_l("Search for words"), validators=[Optional(), Length(max=100)])

    def __init__(self, formdata, *, sections, units):
        super().__init__(formdata)
        self.section.choices = [SelectChoice("", _l("Everything"))] + [
            SelectChoice(code, SECTION_LABELS[code]) for code in sections]
        self.unit.choices = [SelectChoice("", _l("All sources"))] + [
            SelectChoice(str(u.id), u.name) for u in units]

    def validate_end(self, field):
        """Refuse a period that ends before it starts."""
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(_l("The end date must be on or after the start date."))
