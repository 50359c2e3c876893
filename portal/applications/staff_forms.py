"""The case officer's forms: the case list's filter and one form per step of the case."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length, NumberRange, Optional, ValidationError

from portal import clock
from portal.applications.catalogue import BY_CODE, CODES, SERVICES, FeeRule
from portal.applications.decisions import Terms
from portal.applications.fields import ClockField, DayField, WholeNumberField, required_if
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
    """Decide: the reasons, and one section of fields per service applied for (decision_form)."""

    codes: tuple[str, ...] = ()
    reasons = TextAreaField(_l("Reasons"), validators=[
        InputRequired(_l("Write the reasons for the decision.")),
        Length(min=20, max=6000, message=_l("Write between 20 and 6000 characters."))])

    def section(self, code: str) -> dict:
        """Return the fields of one service's section, by their short names."""
        return {name: self[f"{code}{SEP}{name}"] for name in PART_FIELDS
                if f"{code}{SEP}{name}" in self}

    def parts(self) -> list[Terms]:
        """Return what the form decides for each service."""
        return [Terms(code, **{name: field.data for name, field in self.section(code).items()})
                for code in self.codes]

    def show(self, problems) -> str | None:
        """Put each problem of a refused decision at its field; return one without a field."""
        loose = None
        for problem in problems:
            name = problem.field if problem.service is None else f"{problem.service}{SEP}{problem.field}"
            if name in self:
                self[name].errors = [*self[name].errors, problem.message]
            else:
                loose = loose or problem.message
        return loose


class ReverseForm(DecisionForm):
    """A new decision after an appeal, in the applicant's favour; the rest may go on."""

    upheld = RadioField(_l("Does the new decision give all the appeal asks for?"), choices=[
        SelectChoice("full", _l("Yes, the appeal is upheld in full")),
        SelectChoice("partly", _l("Partly: the rest of the appeal is sent on to the appeal body"))],
        validators=[InputRequired(_l("Say whether the appeal is upheld in full or in part."))])
    rest = TextAreaField(_l("The municipality's assessment of the rest of the appeal"), validators=[
        required_if("upheld", "partly", _l("Write the municipality's assessment of the rest of "
                                           "the appeal. It is sent on with the case.")),
        Length(max=6000, message=_l("Write at most 6000 characters."))])


SEP = "__"
PART_FIELDS = ("outcome", "starts_on", "ends_on", "scope", "fee_nok")
FEE_LABELS = {FeeRule.PER_DAY: _l("Fee per day in kroner"),
              FeeRule.PER_MONTH: _l("Fee per month in kroner"),
              FeeRule.PER_MEAL: _l("Fee per meal in kroner")}


def _part_fields(code: str) -> dict:
    """Return the fields of one service's section of the decision form."""
    fields = {
        "outcome": RadioField(_l("Outcome"), choices=[
            SelectChoice(k, v) for k, v in OUTCOME_NAMES.items()], validate_choice=False,
            validators=[InputRequired(_l("Choose granted, partly granted or refused."))]),
        "starts_on": DayField(_l("From"), validators=[Optional()]),
        "ends_on": DayField(_l("Until (leave empty if until further notice)"),
                            validators=[Optional()]),
        "scope": TextAreaField(_l("What is granted: how much, how often, and where"), validators=[
            Length(max=2000, message=_l("Write at most 2000 characters."))]),
    }
    rule = BY_CODE[code].fee_rule
    if rule in FEE_LABELS:
        fields["fee_nok"] = WholeNumberField(FEE_LABELS[rule], validators=[
            Optional(), NumberRange(min=0, max=MAX_FEE_NOK, message=_l(
                "The fee must be between 0 and 100 000 kroner."))])
    return {f"{code}{SEP}{name}": field for name, field in fields.items()}


def decision_form(codes, *, reverse: bool = False, **kwargs) -> DecisionForm:
    """Return the decision form of an application: one section per service applied for."""
    ordered = tuple(code for code in CODES if code in set(codes))
    fields = {"codes": ordered}
    for code in ordered:
        fields.update(_part_fields(code))
    base = ReverseForm if reverse else DecisionForm
    return type(base.__name__, (base,), fields)(**kwargs)


class InterimReplyForm(Form):
    """Tell the applicant why the case takes time and when to expect a decision (fvl § 11 a)."""

    reason = TextAreaField(_l("Why the case takes time"), validators=[
        InputRequired(_l("Write why the case takes time.")),
        Length(max=2000, message=_l("Write at most 2000 characters."))])
    expected_on = DayField(_l("Expected date of the decision"), validators=[
        InputRequired(_l("Give the date you expect to decide by."))])

    def validate_expected_on(self, field):
        """Refuse a date today or in the past."""
        if field.data and field.data <= clock.today():
            raise ValidationError(_l("The expected date of the decision must be in the future."))


class ForwardForm(Form):
    """Send the appeal to the appeal body, with the municipality's view."""

    note = TextAreaField(_l("The municipality's assessment of the appeal"), validators=[
        InputRequired(_l("Write the municipality's assessment of the appeal.")),
        Length(max=6000, message=_l("Write at most 6000 characters."))])
