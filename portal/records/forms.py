"""The journal's filter: section, period, source and words; sent with GET."""

from flask_babel import lazy_gettext as _l
from wtforms import SearchField, SelectChoice, SelectField
from wtforms.validators import Length, Optional

from portal.filters import PeriodFilterForm

SECTION_LABELS = {
    "notes": _l("Visit summaries and notes"),
    "letters": _l("Letters and documents"),
    "medications": _l("Medicines"),
    "problems": _l("Problems and diagnoses"),
    "vaccinations": _l("Vaccinations"),
    "plans": _l("Care and treatment plans"),
    "growth": _l("Growth"),
}


class RecordFilterForm(PeriodFilterForm):
    """Narrow the journal down."""

    section = SelectField(_l("Show"), validators=[Optional()], default="")
    unit = SelectField(_l("From"), validators=[Optional()], default="")
    q = SearchField(_l("Search for words"), validators=[Optional(), Length(max=100)])

    def __init__(self, formdata, *, sections, units):
        super().__init__(formdata)
        self.section.choices = [SelectChoice("", _l("Everything"))] + [
            SelectChoice(code, SECTION_LABELS[code]) for code in sections]
        self.unit.choices = [SelectChoice("", _l("All sources"))] + [
            SelectChoice(str(u.id), u.name) for u in units]
