"""The access log's filter, sent with GET so that a filtered view can be bookmarked."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField
from wtforms.validators import Optional

from portal.filters import PeriodFilterForm

ROLE_LABELS = {
    "": _l("Everyone"),
    "parent": _l("Parents"),
    "representative": _l("People with a power of attorney"),
    "staff": _l("Health and care staff"),
    "self": _l("Your own apps"),
}


class LogFilterForm(PeriodFilterForm):
    """Filter by who read and by period."""

    role = SelectField(_l("Who"), choices=[SelectChoice(k, v) for k, v in ROLE_LABELS.items()],
                       default="", validators=[Optional()])
    # One of the people who have read the person's data (issue 19, item 6).
    reader = SelectField(_l("Person"), default="", validators=[Optional()])

    def __init__(self, formdata, *, readers):
        super().__init__(formdata)
        self.reader.choices = [SelectChoice("", _l("Everyone"))] + [
            SelectChoice(str(person_id), name) for person_id, name in readers]
        self._readers = {str(person_id): person_id for person_id, _name in readers}

    @property
    def reader_id(self) -> int | None:
        """Return the chosen reader's id: only one of the readers offered, else None (everyone)."""
        return self._readers.get((self.reader.data or "").strip())
