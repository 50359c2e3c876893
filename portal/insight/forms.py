"""The targets a municipality sets for itself, which the dashboard compares against."""

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField
from wtforms.validators import NumberRange, Optional

from portal.forms import Form


class TargetsForm(Form):
    """A target per indicator; an empty field means no target."""

    long_term_stay_days = IntegerField(_l("Mean length of a long-term stay, days"), validators=[
        Optional(), NumberRange(1, 5000, _l("Write a number of days from 1 to 5000."))])
    short_term_stay_days = IntegerField(_l("Mean length of a short-term stay, days"),
                                        validators=[Optional(), NumberRange(
                                            1, 365, _l("Write a number of days from 1 to 365."))])
    occupancy_percent = IntegerField(_l("Occupancy of nursing homes, percent"), validators=[
        Optional(), NumberRange(1, 100, _l("Write a percentage from 1 to 100."))])
