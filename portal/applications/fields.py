"""Fields and validators the application forms share, each with a message a person understands."""

import re

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, TimeField
from wtforms.validators import StopValidation, ValidationError

PHONE = re.compile(r"^(?:\d{8}|(?:\+|00)\d{7,15})$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")


class DayField(DateField):
    """A date field whose message for an impossible date is ours, in the reader's language."""

    def process_formdata(self, valuelist):
        """Parse the date, replacing WTForms' own message."""
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Enter a real date, with day, month and year.")) from None


class ClockField(TimeField):
    """A time-of-day field whose message for something else is ours."""

    def process_formdata(self, valuelist):
        """Parse the time (an empty field is no time), replacing WTForms' own message."""
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Enter a time as hours and minutes, for example 10:30.")) from None


class WholeNumberField(IntegerField):
    """A whole-number field whose message for something else is ours."""

    def process_formdata(self, valuelist):
        """Parse the number (spaces allowed, as in 1 200), replacing WTForms' own message."""
        if valuelist:
            valuelist = [valuelist[0].replace(" ", "").replace("\u00a0", "")]
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Write a whole number of kroner, for example 250.")) from None


def phone_number(_form, field):
    """Accept a Norwegian number of 8 digits, or a number with a country code."""
    value = re.sub(r"[\s\-().]", "", field.data or "")
    if not PHONE.match(value):
        raise ValidationError(_l("Enter a phone number of 8 digits, for example 912 34 567, "
                                 "or with a country code, for example +46 70 123 45 67."))


def email_address(_form, field):
    """Accept an e-mail address in its usual form (the empty field is another rule's business)."""
    if field.data and not EMAIL.match(field.data.strip()):
        raise ValidationError(_l("Enter an e-mail address in the form name@example.no."))


def required_if(other: str, value: str, message):
    """Require a field when another field has a given value; otherwise let it be empty."""

    def check(form, field):
        if form[other].data == value:
            if not (field.data or "").strip():
                raise StopValidation(message)
        else:
            field.errors[:] = []
            raise StopValidation()

    return check
