"""The consent form: whose journal the app may read, and yes or no."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField
from wtforms.validators import InputRequired

from portal.forms import Form


class ConsentForm(Form):
    """Choose the person whose journal the app reads (the people one may act for)."""

    patient = RadioField(_l("Whose journal may the app read?"), coerce=int, validate_choice=False,
                         validators=[InputRequired(_l("Choose whose journal the app may read."))])

    def offer(self, people: list, you) -> None:
        """Offer the reader and the people they may act for; the reader first, chosen."""
        self.patient.choices = [
            (p.id, _l("{name} (you)").format(name=p.name) if p.id == you.id else p.name)
            for p in people]
        if self.patient.data is None and not self.is_submitted():
            self.patient.data = you.id
