"""The case officer's forms: the case list's filter and one form per step of the case."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length, NumberRange, Optional, ValidationError

from portal import clock
from portal.applications.catalogue import SERVICES
from portal.applications.fields import ClockField, DayField, WholeNumberField
from portal.applications.labels import OUTCOME_NAMES, STATE_NAMES
from portal.applications.models import APPLICATION_STATES
from portal.forms import Form

MAX_FEE_NOK = 100_000


class CaseFilterForm(Form):
    """Narrow the case list by state and service (sent with GET)."""

    class Meta:
        csrf = False  # a GET filter changes nothing

    state = SelectField(_l("State"), default="waiting", validate_choice=False, choices=[
        SelectChoice("waiting", _l("Waiting for us")), SelectChoice("all", _l("All cases")),
        *[SelectChoice(s, STATE_NAMES[s]) for s in APPLICATION_STATES if s != "draft"]],
        validators=[Optional(), AnyOf(["waiting", "all", *APPLICATION_STATES[1:]],
                                      message=_l("Choose a state from the list."))])
    service = SelectField(_l("Service"), default="", validate_choice=False, choices=[
        SelectChoice("", _l("All services")), *[SelectChoice(s.code, s.name) for s in SERVICES]],
        validators=[Optional(), AnyOf([s.code for s in SERVICES],
                                      message=_l("Choose a service from the list."))])


class RequestInfoForm(Form):
    """Ask the applicant a question."""

    question = TextAreaField(_l("What do you need to know?"), validators=[
        InputRequired(_l("Write the question to the applicant.")),
        Length(max=2000, message=_l("Write at most 2000 characters."))])


class AssessForm(Form):
    """Register the assessment: a home visit, notes, or both."""

    visit_date = DayField(_l("Date of the home visit"), validators=[Optional()])
    # No Optional() here: the rules below compare the fields, also when one is empty.
    visit_time = ClockField(_l("Time of the home visit"))
    notes = TextAreaField(_l("Notes from the assessment"), validators=[
        Length(max=4000, message=_l("Write at most 4000 characters."))])

    def validate_visit_date(self, field):
        """Refuse a planned visit in the past."""
        if field.data and field.data < clock.today():
            raise ValidationError(_l("A planned home visit cannot be in the past. Write what "
                                     "you found under notes."))

    def validate_visit_time(self, field):
        """Require a time with the date, and a date with the time."""
        if bool(field.data) != bool(self.visit_date.data):
            raise ValidationError(_l("Give both the date and the time of the home visit."))

    def validate_notes(self, field):
        """Require at least one of the two."""
        if not (field.data or "").strip() and not self.visit_date.data:
            raise ValidationError(_l("Give the date of the home visit, or write notes, or both."))


class DecisionForm(Form):
    """Decide: outcome, reasons, scope and fee."""

    outcome = RadioField(_l("Outcome"), choices=[SelectChoice(k, v) for k, v in OUTCOME_NAMES.items()],
                         validators=[InputRequired(_l("Choose granted, partly granted or refused."))])
    scope = TextAreaField(_l("What is granted: services, how much, and from when"), validators=[
        Length(max=2000, message=_l("Write at most 2000 characters."))])
    reasons = TextAreaField(_l("Reasons"), validators=[
        InputRequired(_l("Write the reasons for the decision.")),
        Length(min=20, max=6000, message=_l("Write between 20 and 6000 characters."))])
    fee_nok = WholeNumberField(_l("Fee per month in kroner (leave empty if free)"), validators=[
        Optional(), NumberRange(min=0, max=MAX_FEE_NOK, message=_l(
            "The fee must be between 0 and 100 000 kroner."))])

    def validate_scope(self, field):
        """Require the scope of what is granted."""
        if self.outcome.data in ("granted", "partly_granted") and not (field.data or "").strip():
            raise ValidationError(_l("Write what is granted: which services, how much, and from "
                                     "when."))


class ReverseForm(DecisionForm):
    """A new decision after an appeal, in the applicant's favour."""

    outcome = RadioField(_l("New outcome"), choices=[
        SelectChoice(k, OUTCOME_NAMES[k]) for k in ("granted", "partly_granted")],
        validators=[InputRequired(_l("Choose granted or partly granted. To keep a refusal, "
                                     "send the appeal to the county governor."))])


class ForwardForm(Form):
    """Send the appeal to the county governor, with the municipality's view."""

    note = TextAreaField(_l("The municipality's assessment of the appeal"), validators=[
        InputRequired(_l("Write the municipality's assessment of the appeal.")),
        Length(max=6000, message=_l("Write at most 6000 characters."))])
