"""What every form that asks for a person needs: a national identity number checked in full."""

from wtforms.validators import ValidationError

from portal.journal.national_id import InvalidNationalId, parse


def valid_national_id(_form, field):
    """Reject a number whose length, check digits or date are wrong, saying which."""
    try:
        field.data = parse(field.data or "").value
    except InvalidNationalId as exc:
        raise ValidationError(str(exc)) from None
