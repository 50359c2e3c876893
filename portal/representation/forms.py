"""Forms for powers of attorney and for what young people share with their parents."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, SelectMultipleField, StringField, widgets
from wtforms.validators import InputRequired, Length

from portal.access import registry
from portal.forms import Form
from portal.journal.forms import valid_national_id

LEVEL_LABELS = {
    "full": _l("Full – everything, including notes and documents"),
    "standard": _l("Standard – everything except notes and documents"),
    "read": _l("Read – can see, but cannot book, write or apply"),
    "communicate": _l("Communicate – messages and appointments only"),
}
LEVEL_NAMES = {
    "full": _l("Full"),
    "standard": _l("Standard"),
    "read": _l("Read"),
    "communicate": _l("Communicate"),
}


def _level_choices():
    """Return the levels as radio choices."""
    return [SelectChoice(code, label) for code, label in LEVEL_LABELS.items()]


class GrantForm(Form):
    """Give someone a power of attorney: number and surname must both match."""

    national_id = StringField(
        _l("Their national identity number (11 digits)"),
        validators=[InputRequired(_l("Enter a national identity number.")), valid_national_id],
    )
    family_name = StringField(
        _l("Their surname"),
        validators=[InputRequired(_l("Enter the surname.")), Length(max=100)],
    )
    level = RadioField(_l("What may they do?"), choices=_level_choices(),
                       validators=[InputRequired(_l("Choose one of the levels."))])


class LevelForm(Form):
    """Change the level of a power of attorney."""

    level = RadioField(_l("Level"), choices=_level_choices(),
                       validators=[InputRequired(_l("Choose one of the levels."))])


def share_labels() -> dict:
    """Return the words for each category a young person may share (declared by the features)."""
    return {category.code: category.label for category in registry.share_categories()}


class ShareForm(Form):
    """Choose what to share with one parent."""

    categories = SelectMultipleField(
        _l("Share with this parent"),
        option_widget=widgets.CheckboxInput(),
        widget=widgets.ListWidget(prefix_label=False),
        validate_choice=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories.choices = [SelectChoice(code, label)
                                   for code, label in share_labels().items()]
