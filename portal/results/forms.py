"""The results filter (GET) and the doctor's sharing form."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import Length, Optional

from portal.filters import PeriodFilterForm
from portal.forms import Form


class ResultFilterForm(PeriodFilterForm):
    """Narrow the results to one test and a period."""

    test = SelectField(_l("Test"), validators=[Optional()], default="")

    def __init__(self, formdata, *, tests):
        super().__init__(formdata)
        self.test.choices = [SelectChoice("", _l("All tests"))] + [
            SelectChoice(code, name) for code, name in tests]


class ShareForm(Form):
    """A doctor shares a held-back result, with a comment for the person."""

    comment = TextAreaField(
        _l("Comment to the patient (shown with the result)"),
        validators=[Length(max=2000, message=_l("The comment can be at most 2000 characters."))],
    )
    # Set by the preview's button: the doctor has seen what the person will see.
    confirm = HiddenField()
    # The comment the doctor saw in the preview: a changed comment is previewed again.
    previewed = HiddenField()
