"""The one application form for every service, in steps, and the applicant's other forms.

Each step is a form of its own, so that a draft is saved step by step; the steps together
ask what DOMAIN.md lists: the applicant, contact details, next of kin, GP, services, a
description of the need, consents, and who applies on whose behalf.
"""

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from portal import clock
from portal.applications.catalogue import SERVICES
from portal.applications.fields import DayField, email_address, phone_number, required_if
from portal.forms import Form

YES_NO = [SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))]


class ApplicantForm(Form):
    """Contact details, an interpreter, and for a representative, the relation."""

    relationship = StringField(
        _l("Your relation to the applicant"),
        validators=[InputRequired(_l("Write how you are related to the applicant, for example "
                                     "daughter or father.")),
                    Length(max=100, message=_l("The relation can be at most 100 characters."))])
    phone = StringField(_l("Phone number"), validators=[
        InputRequired(_l("Enter a phone number, so that the case office can reach you.")),
        phone_number])
    email = StringField(_l("E-mail address"), validators=[
        Length(max=200, message=_l("The e-mail address is too long.")), email_address])
    contact_by = RadioField(
        _l("How should we tell you that there is news in the case?"),
        choices=[SelectChoice("sms", _l("By text message")),
                 SelectChoice("email", _l("By e-mail"))],
        validators=[InputRequired(_l("Choose text message or e-mail."))])
    interpreter = RadioField(_l("Do you need an interpreter?"), choices=YES_NO,
                             validators=[InputRequired(_l("Choose whether you need an interpreter."))])
    interpreter_language = StringField(
        _l("Language for the interpreter"),
        validators=[required_if("interpreter", "yes",
                                _l("Write which language the interpreter should speak.")),
                    Length(max=60, message=_l("The language can be at most 60 characters."))])

    def __init__(self, *args, on_behalf: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not on_behalf:
            del self.relationship

    def validate_email(self, field):
        """Require the e-mail address when news should come by e-mail."""
        if self.contact_by.data == "email" and not (field.data or "").strip():
            raise ValidationError(_l("Enter an e-mail address, or choose text message."))


class NextOfKinForm(Form):
    """The applicant's next of kin (pårørende), if they want to give one."""

    has_next_of_kin = RadioField(
        _l("Do you want to give a next of kin?"), choices=YES_NO,
        validators=[InputRequired(_l("Choose whether you want to give a next of kin."))])
    name = StringField(_l("Name of the next of kin"), validators=[
        required_if("has_next_of_kin", "yes", _l("Write the name of the next of kin.")),
        Length(max=100, message=_l("The name can be at most 100 characters."))])
    relation = StringField(_l("Relation to the applicant"), validators=[
        required_if("has_next_of_kin", "yes",
                    _l("Write how the next of kin is related to the applicant, for example son.")),
        Length(max=100, message=_l("The relation can be at most 100 characters."))])
    phone = StringField(_l("Phone number of the next of kin"), validators=[
        required_if("has_next_of_kin", "yes", _l("Enter the next of kin's phone number.")),
        phone_number])


class GpForm(Form):
    """The applicant's GP (fastlege), from whom the case office may ask for information."""

    office = StringField(_l("GP office"), validators=[
        InputRequired(_l("Write the name of the GP office.")),
        Length(max=200, message=_l("The name can be at most 200 characters."))])
    doctor = StringField(_l("Name of the GP (optional)"), validators=[
        Optional(), Length(max=100, message=_l("The name can be at most 100 characters."))])


class ServicesForm(Form):
    """The services applied for, and from when."""

    services = SelectMultipleField(
        _l("Which services do you apply for?"),
        choices=[SelectChoice(s.code, s.name) for s in SERVICES],
        option_widget=widgets.CheckboxInput(),
        widget=widgets.ListWidget(prefix_label=False),
        validate_choice=False,  # validate_services says it in plain words
        validators=[DataRequired(_l("Choose at least one service."))])
    start = DayField(_l("From when do you need the help? (optional)"), validators=[Optional()])

    def validate_services(self, field):
        """Refuse a service that is not in the catalogue."""
        known = {s.code for s in SERVICES}
        if any(code not in known for code in field.data or ()):
            raise ValidationError(_l("Choose services from the list."))

    def validate_start(self, field):
        """Refuse a start date in the past."""
        if field.data and field.data < clock.today():
            raise ValidationError(_l("The date cannot be in the past. Leave it empty if you "
                                     "need help now."))


class NeedForm(Form):
    """What the applicant needs help with, in their own words."""

    need = TextAreaField(_l("What do you need help with, and why?"), validators=[
        InputRequired(_l("Describe what you need help with.")),
        Length(min=20, max=4000, message=_l("Write between 20 and 4000 characters, so that the "
                                            "case office understands the need."))])
    current_help = TextAreaField(
        _l("What help do you get today, from family or from services? (optional)"),
        validators=[Optional(), Length(max=2000, message=_l(
            "Write at most 2000 characters."))])


class ConsentsForm(Form):
    """Consents to collect information, and the declaration that the answers are true."""

    consent_gp = BooleanField(_l("The case office may get information from the GP."))
    consent_hospital = BooleanField(_l("The case office may get information from the hospital."))
    consent_next_of_kin = BooleanField(
        _l("The case office may talk with the next of kin about the application."))
    declaration = BooleanField(
        _l("I confirm that the information in the application is correct."),
        validators=[DataRequired(_l("Confirm that the information is correct, or change it "
                                    "first."))])


STEPS = {
    "applicant": (ApplicantForm, _l("Applicant and contact details")),
    "next_of_kin": (NextOfKinForm, _l("Next of kin")),
    "gp": (GpForm, _l("GP")),
    "services": (ServicesForm, _l("Services")),
    "need": (NeedForm, _l("Description of the need")),
    "consents": (ConsentsForm, _l("Consents")),
}
STEP_NAMES = tuple(STEPS)


def make(step: str, *, formdata=None, data=None, on_behalf: bool = False, csrf: bool = True):
    """Build the form of a step from posted data, stored answers or a prefill."""
    form_class = STEPS[step][0]
    kwargs = {"on_behalf": on_behalf} if form_class is ApplicantForm else {}
    meta = {} if csrf else {"csrf": False}
    return form_class(formdata=formdata, data=data, meta=meta, **kwargs)


def answers_of(form) -> dict:
    """Return what was typed into a step, as stored in the draft: text, lists and ticks."""
    stored = {}
    for field in form:
        if field.name == "csrf_token":
            continue
        raw = field.raw_data or []
        if isinstance(field, SelectMultipleField):
            stored[field.name] = [v for v in raw if isinstance(v, str)][:20]
        elif isinstance(field, BooleanField):
            stored[field.name] = bool(raw and raw[0] not in field.false_values)
        else:
            stored[field.name] = (raw[0] if raw else "")[:5000]
    return stored


def formdata_of(answers: dict) -> MultiDict:
    """Turn stored answers back into form data, so a step shows what was typed."""
    pairs = []
    for name, value in answers.items():
        if isinstance(value, list):
            pairs += [(name, v) for v in value]
        elif value is True:
            pairs.append((name, "y"))
        elif value not in (False, None):
            pairs.append((name, value))
    return MultiDict(pairs)


class AnswerForm(Form):
    """The applicant's answer to the case office's question."""

    answer = TextAreaField(_l("Your answer"), validators=[
        InputRequired(_l("Write your answer to the case office.")),
        Length(max=4000, message=_l("Write at most 4000 characters."))])


class AppealForm(Form):
    """An appeal of a decision, with the reason for lateness when it comes after the deadline."""

    reasons = TextAreaField(_l("Why do you disagree with the decision?"), validators=[
        InputRequired(_l("Write why you disagree with the decision.")),
        Length(min=10, max=4000, message=_l("Write between 10 and 4000 characters."))])
    late_reason = TextAreaField(_l("Why is the appeal sent after the deadline?"), validators=[
        Length(max=2000, message=_l("Write at most 2000 characters."))])

    def __init__(self, *args, late: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.late = late
        if not late:
            del self.late_reason

    def validate_late_reason(self, field):
        """Require a reason for an appeal after the deadline (forvaltningsloven § 31)."""
        if self.late and not (field.data or "").strip():
            raise ValidationError(_l("Write why the appeal comes after the deadline."))


class WithdrawForm(Form):
    """Withdraw an application, with an optional reason."""

    reason = TextAreaField(_l("Reason (optional)"), validators=[
        Optional(), Length(max=1000, message=_l("Write at most 1000 characters."))])
