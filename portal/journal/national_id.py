"""Norwegian national identity numbers: fødselsnummer, D-numbers and synthetic test numbers.

An 11-digit number is DDMMYY, a three-digit individual number, then two mod-11 check digits
(DOMAIN.md, "People, places and the shared journal"). A D-number adds 40 to the day;
synthetic test numbers add 80 to the month.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

_WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


class InvalidNationalId(ValueError):
    """The number is not a valid national identity number; the message says why."""


@dataclass(frozen=True)
class NationalId:
    """A valid national identity number and what it tells."""

    value: str
    birth_date: date
    d_number: bool
    synthetic: bool

    @property
    def sex(self) -> str:
        """Return "female" or "male" as the ninth digit tells it: even for women, odd for men.

        DOMAIN.md, "Lab results": reference ranges follow the sex the number gives where the
        register holds no other (numbers issued from 2032 will no longer tell it).
        """
        return "male" if int(self.value[8]) % 2 else "female"


def _check_digit(digits: str, weights: tuple[int, ...]) -> int | None:
    """Return the mod-11 check digit for the digits, or None where none exists (remainder 1)."""
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    check = (11 - remainder) % 11
    return None if check == 10 else check


def _century(year2: int, individual: int) -> int | None:
    """Return the century from the individual number, as the register assigns them."""
    if individual <= 499:
        return 1900
    if individual <= 749 and year2 >= 54:
        return 1800
    if year2 <= 39:
        return 2000
    if individual >= 900:
        return 1900
    return None


def parse(value: str) -> NationalId:
    """Validate a national identity number and return what it tells, or raise InvalidNationalId."""
    number = "".join(str(value).split())
    if len(number) != 11 or not number.isascii() or not number.isdigit():
        raise InvalidNationalId(_l("A national identity number has exactly 11 digits."))
    if _check_digit(number[:9], _WEIGHTS_1) != int(number[9]) or _check_digit(
        number[:10], _WEIGHTS_2
    ) != int(number[10]):
        raise InvalidNationalId(
            _l("The check digits do not match. Please check the number for typing errors.")
        )
    day, month, year2, individual = (
        int(number[0:2]), int(number[2:4]), int(number[4:6]), int(number[6:9])
    )
    d_number = day > 40
    if d_number:
        day -= 40
    synthetic = month > 80
    if synthetic:
        month -= 80
    century = _century(year2, individual)
    try:
        if century is None:
            raise ValueError
        birth_date = date(century + year2, month, day)
    except ValueError:
        raise InvalidNationalId(_l("The number does not contain a valid date of birth.")) from None
    return NationalId(number, birth_date, d_number, synthetic)


def is_valid(value: str) -> bool:
    """Tell whether the value is a valid national identity number."""
    try:
        parse(value)
    except InvalidNationalId:
        return False
    return True


def with_check_digits(first_nine: str) -> str | None:
    """Complete nine digits with both check digits, or None where no valid number exists."""
    k1 = _check_digit(first_nine, _WEIGHTS_1)
    if k1 is None:
        return None
    k2 = _check_digit(first_nine + str(k1), _WEIGHTS_2)
    if k2 is None:
        return None
    return f"{first_nine}{k1}{k2}"
