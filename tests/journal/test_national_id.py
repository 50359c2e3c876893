"""National identity numbers (DOMAIN.md, "People, places and the shared journal")."""

from datetime import date, timedelta
from itertools import product

import pytest

from portal.demo.personas import PERSONAS
from portal.journal.national_id import InvalidNationalId, is_valid, parse, with_check_digits


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.given_name)
def test_every_persona_number_is_valid_and_gives_the_birth_date(persona):
    parsed = parse(persona.national_id)
    assert parsed.birth_date == persona.born
    assert parsed.synthetic and not parsed.d_number


def test_exactly_one_check_digit_pair_completes_a_number():
    """Rule: two mod-11 check digits; all 100 endings are tried, one is right."""
    base = "148388000"
    valid = [f"{base}{a}{b}" for a, b in product(range(10), range(10)) if is_valid(f"{base}{a}{b}")]
    assert valid == ["14838800026"]


def test_every_day_of_four_years_with_each_kind_of_number():
    """Rule: ordinary, D-numbers (day + 40) and synthetic numbers (month + 80) are all valid."""
    day = date(1999, 1, 1)
    checked = 0
    while day < date(2003, 1, 1):
        individual = "420" if day.year < 2000 else "520"
        for day_offset, month_offset in ((0, 0), (40, 0), (0, 80), (40, 80)):
            first = (f"{day.day + day_offset:02d}{day.month + month_offset:02d}"
                     f"{day.year % 100:02d}{individual}")
            number = with_check_digits(first)
            if number is None:  # this individual number has no valid check digit
                continue
            parsed = parse(number)
            assert parsed.birth_date == day
            assert parsed.d_number == bool(day_offset)
            assert parsed.synthetic == bool(month_offset)
            checked += 1
        day += timedelta(days=1)
    assert checked > 4 * 365 * 3


@pytest.mark.parametrize("wrong_digit", range(10))
def test_a_single_typing_error_is_caught(wrong_digit):
    """Rule: any number whose check digits fail is rejected."""
    number = "30865940099"
    for position in range(11):
        if number[position] == str(wrong_digit):
            continue
        typo = number[:position] + str(wrong_digit) + number[position + 1:]
        assert not is_valid(typo), typo


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "11 digits"),
        ("1483880002", "11 digits"),
        ("148388000261", "11 digits"),
        ("1483880002a", "11 digits"),
        ("１４８３８８０００２６", "11 digits"),  # full-width digits are not ASCII digits
        ("14838800027", "check digits"),
        (with_check_digits("310283420"), "date of birth"),  # 31 February
        (with_check_digits("001088420"), "date of birth"),  # day zero
        (with_check_digits("011388420"), "date of birth"),  # month 13
        (with_check_digits("010150600"), "date of birth"),  # individual 500-899 in the 1950s
    ],
)
def test_invalid_numbers_say_why(value, reason):
    """Rule: reject any number whose check digits or date fail, with a clear message."""
    assert value is not None
    with pytest.raises(InvalidNationalId, match=reason):
        parse(value)


def test_spaces_are_forgiven():
    assert parse("148388 00026").value == "14838800026"


@pytest.mark.parametrize(
    ("individual", "year2", "century"),
    [("000", "88", 1900), ("499", "05", 1900), ("500", "60", 1800), ("749", "99", 1800),
     ("500", "19", 2000), ("999", "39", 2000), ("900", "45", 1900), ("999", "99", 1900)],
)
def test_century_follows_the_individual_number(individual, year2, century):
    number = with_check_digits(f"0101{year2}{individual}")
    if number is None:
        first = f"0201{year2}{individual}"
        number = with_check_digits(first)
    assert number is not None
    assert parse(number).birth_date.year == century + int(year2)
