"""Flags for lab results (DOMAIN.md, "Lab results"; FHIR R4 Observation.interpretation)."""

import pytest

from portal.results.classification import COLOURS, classify

RANGE = {"low": 3.5, "high": 4.4, "critical_low": 2.5, "critical_high": 6.0}  # potassium


@pytest.mark.parametrize(("value", "code"), [
    (2.4, "LL"), (2.5, "L"), (3.49, "L"), (3.5, "N"), (4.0, "N"), (4.4, "N"), (4.41, "H"),
    (6.0, "H"), (6.01, "HH"), (6.8, "HH"),
])
def test_two_sided_range_with_critical_limits_boundaries_inside(value, code):
    """Rule: compute from range and critical limits; a value on a limit is inside it."""
    flag = classify(value_quantity=value, **RANGE)
    assert flag.code == code and not flag.from_lab


@pytest.mark.parametrize(("code", "colour"), [
    ("N", "green"), ("L", "amber"), ("H", "amber"), ("A", "amber"),
    ("LL", "red"), ("HH", "red"), ("AA", "red"), (None, "neutral"),
])
def test_colours(code, colour):
    """Rule: green N; amber L, H, A; red LL, HH, AA; neutral when not assessed."""
    assert COLOURS[code] == colour


def test_no_range_is_not_assessed():
    flag = classify(value_quantity=12.0)
    assert flag.code is None and flag.colour == "neutral"


@pytest.mark.parametrize(("value", "ref_text", "code"), [
    (4.9, "< 5", "N"), (5.0, "< 5", "H"), (38, "< 5", "H"),  # "< 5": the limit is outside
    (5.0, None, "N"),                                      # a plain upper limit is inclusive
])
def test_one_sided_upper_range(value, ref_text, code):
    assert classify(value_quantity=value, high=5, ref_text=ref_text).code == code


@pytest.mark.parametrize(("value", "ref_text", "code"), [
    (61, "> 60", "N"), (60, "> 60", "L"), (59, None, "L"), (60, None, "N"), (14, None, "LL"),
])
def test_one_sided_lower_range(value, ref_text, code):
    """eGFR: only a lower limit, and a critical low."""
    assert classify(value_quantity=value, low=60, critical_low=15, ref_text=ref_text).code == code


@pytest.mark.parametrize(("value", "ref_text", "code"), [
    ("Negativ", None, "N"), ("negative", None, "N"), ("Positiv", None, "A"),
    ("påvist", None, "A"), ("Uklart", None, None),
    ("Negativ", "Negativ", "N"), ("Svakt positiv", "Negativ", "A"),
])
def test_qualitative_results(value, ref_text, code):
    assert classify(value_string=value, ref_text=ref_text).code == code


def test_the_labs_word_wins_and_the_disagreement_is_known():
    """Rule: where the lab sent an interpretation, it is shown, and the page says it differs."""
    flag = classify(value_quantity=4.0, lab_code="H", **RANGE)
    assert flag.code == "H" and flag.from_lab and flag.computed == "N" and flag.lab_disagrees


def test_the_labs_word_agreeing_is_not_a_disagreement():
    flag = classify(value_quantity=6.8, lab_code="HH", **RANGE)
    assert flag.code == "HH" and not flag.lab_disagrees


def test_lab_interpretation_without_range_is_shown():
    flag = classify(value_string="Se kommentar", lab_code="AA")
    assert flag.code == "AA" and flag.colour == "red" and not flag.lab_disagrees


def test_unknown_lab_code_is_ignored_in_favour_of_the_range():
    assert classify(value_quantity=4.0, lab_code="XYZ", **RANGE).code == "N"


def test_no_value_is_not_assessed():
    assert classify(**RANGE).code is None
