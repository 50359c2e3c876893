"""Forms for staff: kinds of appointment, weekly schedules, publishing, booking, attendance."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from portal.appointments.forms import REASON_MAX
from portal.appointments.labels import MODES, WEEKDAYS
from portal.forms import Form
from portal.journal.forms import valid_national_id


def _strip(value):
    """Trim surrounding white space."""
    return value.strip() if isinstance(value, str) else value


def _name(label):
    """A required name of at most 200 characters."""
    return StringField(label, filters=[_strip], validators=[
        InputRequired(_l("Write the name in all three languages.")), Length(max=200)])


class VisitTypeForm(Form):
    """A kind of appointment the unit offers."""

    name_nb = _name(_l("Name in Norwegian bokmål"))
    name_nn = _name(_l("Name in Norwegian nynorsk"))
    name_en = _name(_l("Name in English"))
    code = StringField(_l("Short code"), filters=[_strip], validators=[
        InputRequired(_l("Write a short code.")),
        Regexp(r"^[a-z0-9-]{2,40}$", message=_l(
            "Use 2 to 40 small letters a–z, digits and hyphens."))])
    duration_minutes = IntegerField(_l("Length in minutes"), validators=[
        InputRequired(_l("Write the length in minutes.")),
        NumberRange(5, 480, _l("The length must be from 5 to 480 minutes."))])
    mode = RadioField(_l("How it takes place"), default="in_person",
                      choices=[SelectChoice(k, v) for k, v in MODES.items()],
                      validators=[InputRequired(_l("Choose how it takes place."))])
    min_age = IntegerField(_l("Youngest age (optional)"), validators=[
        Optional(), NumberRange(0, 120, _l("Write an age from 0 to 120."))])
    max_age = IntegerField(_l("Oldest age (optional)"), validators=[
        Optional(), NumberRange(0, 120, _l("Write an age from 0 to 120."))])
    open_booking = BooleanField(_l("Citizens can book it themselves in the portal"))
    active = BooleanField(_l("Offered now"), default=True)

    def validate_max_age(self, field):
        """Refuse an age range that ends before it starts."""
        if field.data is not None and self.min_age.data is not None and field.data < self.min_age.data:
            raise ValidationError(_l("The oldest age must be at least the youngest age."))


class ScheduleForm(Form):
    """A weekly pattern: a kind of appointment on a weekday between two times."""

    visit_type = SelectField(_l("Kind of appointment"), coerce=int,
                             validators=[InputRequired(_l("Choose a kind of appointment."))])
    weekday = SelectField(_l("Weekday"), coerce=int,
                          choices=[SelectChoice(i, d) for i, d in enumerate(WEEKDAYS)])
    start_time = TimeField(_l("From"), validators=[InputRequired(_l("Write when it starts."))])
    end_time = TimeField(_l("To"), validators=[InputRequired(_l("Write when it ends."))])
    practitioner = SelectField(_l("Who"), coerce=int, default=0)

    def __init__(self, *args, visit_types, practitioners, **kwargs):
        super().__init__(*args, **kwargs)
        self.visit_type.choices = [SelectChoice(v.id, label) for v, label in visit_types]
        self.practitioner.choices = [SelectChoice(0, _l("Anyone at the unit"))] + [
            SelectChoice(p.id, p.person.name) for p in practitioners]

    def validate_end_time(self, field):
        """Refuse a period that ends before it starts."""
        if field.data and self.start_time.data and field.data <= self.start_time.data:
            raise ValidationError(_l("The end must be after the start."))


class PublishForm(Form):
    """Publish a schedule's times for a period."""

    start = DateField(_l("From date"), validators=[InputRequired(_l("Write the first date."))])
    end = DateField(_l("To date"), validators=[InputRequired(_l("Write the last date."))])


class StaffBookForm(Form):
    """Book a free time for a person, found by number and surname together."""

    national_id = StringField(_l("National identity number (11 digits)"), filters=[_strip],
                              validators=[InputRequired(_l("Write the national identity number.")),
                                          valid_national_id])
    family_name = StringField(_l("Surname"), filters=[_strip], validators=[
        InputRequired(_l("Write the surname.")), Length(max=100)])
    reason = TextAreaField(_l("Note (optional)"), filters=[_strip], render_kw={"rows": 2},
                           validators=[Optional(), Length(max=REASON_MAX)])


class AttendanceForm(Form):
    """Record whether the person came."""

    outcome = RadioField(_l("Did the person come?"), choices=[
        SelectChoice("attended", _l("Came")), SelectChoice("no_show", _l("Did not come"))],
        validators=[InputRequired(_l("Choose whether the person came."))])


class DayForm(Form):
    """Choose the day of the day list (a GET filter that changes nothing)."""

    class Meta:
        csrf = False

    day = DateField(_l("Day"), validators=[Optional()])
