"""The lab catalogue by the Norwegian code list, ranges by sex and age, critical advice and
names in the reader's language (issue 15, items 1–4; DOMAIN.md, "Lab results")."""

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from portal import clock
from portal.journal import national_id
from portal.journal.entries import Observation
from portal.journal.models import Person
from portal.results import catalogue, classification, ranges, services
from portal.results.catalogue import TESTS
from tests.client import KARI, OLA, text_of

NLK_LIST = Path(__file__).resolve().parents[3] / "shared" / "reference" / "nlk-7280.77.csv"

# NLK writes powers of ten and squares in words; the catalogue in the symbols a page shows.
UNIT_SPELLINGS = {"x 10E-3 IU/L": "mIU/L", "x 10E9/L": "10⁹/L", "mL/min/1,73m2": "mL/min/1,73 m²"}


def _same_unit(nlk_unit: str, ours: str) -> bool:
    return UNIT_SPELLINGS.get(nlk_unit, nlk_unit) == ours


@pytest.mark.skipif(not NLK_LIST.exists(), reason="the NLK code list in shared/reference is not here")
def test_every_code_is_valid_unexpired_and_in_the_same_unit_in_nlk_77():
    """Source: Norsk laboratoriekodeverk 7280.77 (shared/reference): every catalogue code is
    in the list, has not expired, and the list gives the same unit."""
    with NLK_LIST.open(encoding="utf-8") as source:
        nlk = {row["kode"]: row for row in csv.DictReader(source)}
    assert catalogue.NLK_VERSION in NLK_LIST.name
    problems = []
    for code, test in TESTS.items():
        row = nlk.get(code)
        if row is None:
            problems.append(f"{code} ({test.display}) is not in NLK")
        elif row["gyldig_til"]:
            problems.append(f"{code} ({test.display}) expired {row['gyldig_til']}, "
                            f"replaced by {row['erstattes_av']}")
        elif not _same_unit(row["enhet"], test.unit):
            problems.append(f"{code} ({test.display}): NLK unit {row['enhet']!r}, ours {test.unit!r}")
    assert problems == []


def test_the_codes_the_review_found_wrong_are_the_nlk_codes_now():
    """Source: NLK 7280.77: eGFR by CKD-EPI is NOR25909 (NPU28929 is a wasp-venom IgE test),
    haemoglobin in g/dL is NOR05172 (NPU28309 is the Swedish g/L code), urate is NPU09356."""
    assert {"NPU28929", "NPU28309", "NPU03688"}.isdisjoint(TESTS)
    assert TESTS["NOR25909"].display == "eGFR" and TESTS["NOR25909"].unit == "mL/min/1,73 m²"
    assert TESTS["NOR05172"].unit == "g/dL"
    assert TESTS["NPU09356"].unit == "µmol/L"
    assert set(ranges.BANDS) == set(TESTS)


# --- Reference ranges by sex and age -------------------------------------------------------

def test_sex_follows_the_ninth_digit_of_the_national_identity_number():
    """Rule (DOMAIN.md, "Lab results"): the ninth digit tells the sex: odd men, even women."""
    numbers = [n for n in (national_id.with_check_digits(f"010190{i:03}") for i in range(100)) if n]
    man = next(n for n in numbers if n[8] in "13579")
    woman = next(n for n in numbers if n[8] in "02468")
    assert national_id.parse(man).sex == "male"
    assert national_id.parse(woman).sex == "female"
    assert Person(national_id=woman, registered_sex=None).sex == "female"
    # Where the register holds the sex, it wins (numbers from 2032 will not tell it).
    assert Person(national_id=woman, registered_sex="male").sex == "male"


@pytest.mark.parametrize(("code", "sex", "born", "day", "expected"), [
    # Haemoglobin: NORIP (Nordin 2004) splits adults by sex.
    ("NOR05172", "female", date(1980, 1, 1), date(2026, 1, 1), (11.7, 15.3)),
    ("NOR05172", "male", date(1980, 1, 1), date(2026, 1, 1), (13.4, 17.0)),
    # Creatinine: NORIP women 45–90, men 60–105; children much lower (CALIPER).
    ("NPU04998", "female", date(1980, 1, 1), date(2026, 1, 1), (45, 90)),
    ("NPU04998", "male", date(1980, 1, 1), date(2026, 1, 1), (60, 105)),
    ("NPU04998", "male", date(2020, 1, 1), date(2026, 1, 1), (31, 76)),
    # ALAT: NORIP women 10–45, men 10–70.
    ("NPU19651", "female", date(1980, 1, 1), date(2026, 1, 1), (10, 45)),
    ("NPU19651", "male", date(1980, 1, 1), date(2026, 1, 1), (10, 70)),
    # Ferritin differs for women and men.
    ("NPU19763", "female", date(1980, 1, 1), date(2026, 1, 1), (15, 200)),
    ("NPU19763", "male", date(1980, 1, 1), date(2026, 1, 1), (20, 300)),
    # ALP: a growing child has several times an adult's value (CALIPER); adults NORIP.
    ("NPU27783", None, date(2018, 6, 1), date(2026, 1, 1), (156, 369)),
    ("NPU27783", "male", date(2012, 1, 1), date(2026, 1, 1), (127, 517)),
    ("NPU27783", "female", date(1980, 1, 1), date(2026, 1, 1), (35, 105)),
])
def test_the_catalogue_range_follows_sex_and_age(code, sex, born, day, expected):
    """Rule (DOMAIN.md, "Lab results"): ranges depend on sex and age; NORIP for adults."""
    band = ranges.band_for(code, sex, born, day)
    assert (band.low, band.high) == expected


def test_age_bands_change_on_the_birthday_itself():
    """A band "from 13 up to 15 years" starts on the 13th birthday and ends the day before
    the 15th (ALP, CALIPER)."""
    born = date(2012, 5, 20)
    assert ranges.band_for("NPU27783", "male", born, date(2025, 5, 19)).high == 460
    assert ranges.band_for("NPU27783", "male", born, date(2025, 5, 20)).high == 517
    assert ranges.band_for("NPU27783", "male", born, date(2027, 5, 19)).high == 517
    assert ranges.band_for("NPU27783", "male", born, date(2027, 5, 20)).high == 365
    # Born on 29 February: one age rule for the whole portal (clock.age_on), so the band
    # changes on 1 March in other years, the day age_on makes the person a year older.
    born = date(2024, 2, 29)
    assert ranges.Age(1).reached(born) == date(2025, 3, 1)
    for years in range(1, 20):
        day = ranges.Age(years).reached(born)
        assert clock.age_on(born, day) == years
        assert clock.age_on(born, day - timedelta(days=1)) == years - 1


def test_a_child_is_never_judged_by_an_adults_range():
    """Rule (DOMAIN.md, "Lab results"): children have their own ranges; a test with no child's
    range in the catalogue has none for a child, so the result is "not assessed"."""
    child = date(2018, 6, 1)
    assert ranges.band_for("NPU03577", "female", child, date(2026, 1, 1)) is None  # TSH
    assert ranges.band_for("NPU03577", "female", date(1980, 1, 1), date(2026, 1, 1)) is not None
    assert classification.classify(value_quantity=300, low=None, high=None).code is None


def _observation(session, number, code, **values):
    person = session.scalar(select(Person).where(Person.national_id == number))
    return Observation(person=person, category="laboratory", code_system=catalogue.NLK, code=code,
                       display=TESTS[code].display, unit=TESTS[code].unit, status="final",
                       release_category=1, effective_at=person.created_at, **values)


def test_the_labs_range_wins_and_the_page_says_whose_range_it_is(db_session, app):
    """Rule (DOMAIN.md, "Lab results"): use the range the lab sent with the result, else the
    catalogue's for the person's sex and age; the page says whose range it is."""
    with app.test_request_context("/?lang=en"):
        sent = _observation(db_session, OLA, "NPU04998", value_quantity=100, ref_low=50,
                            ref_high=95)
        reference = ranges.of(sent)
        assert reference.from_lab and (reference.low, reference.high) == (50, 95)
        assert classification.of(sent).code == "H"
        assert ranges.whose(reference) == "The laboratory's reference range, sent with the result."
        # Without the lab's range, Ola (registered as a man) is judged by men's range.
        unsent = _observation(db_session, OLA, "NPU04998", value_quantity=100)
        reference = ranges.of(unsent)
        assert not reference.from_lab and (reference.low, reference.high) == (60, 105)
        assert classification.of(unsent).code == "N"
        assert ranges.whose(reference) == (
            "Reference range for men aged 18 years and older, from the Nordic reference "
            "interval project (NORIP).")
        # Kari, a woman, has the women's range for the same value: high.
        karis = _observation(db_session, KARI, "NPU04998", value_quantity=100)
        assert classification.of(karis).code == "H"


def test_a_result_page_shows_the_range_and_whose_it_is(client):
    """Rule (DOMAIN.md, "Lab results"): each result shows its reference range and whose it is."""
    client.login_as(KARI)
    page = client.get_page("/results/?lang=en")
    ferritin = [li for li in page.select(".result-row") if "Ferritin" in li.get_text()][0]
    detail = client.get_page(ferritin.find("a")["href"])
    facts = text_of(detail.select_one("dl.facts"))
    assert "15–200" in facts
    assert "The laboratory's reference range, sent with the result." in facts


# --- Critical results ----------------------------------------------------------------------

def test_a_critical_result_says_what_to_do_today(client, db_session):
    """Rule (DOMAIN.md, "Lab results"): a critical result says to contact the GP office today,
    the out-of-hours service on 116 117, and 113 in an emergency."""
    client.login_as(OLA)
    critical = db_session.scalar(select(Observation).where(
        Observation.code == "NPU03230", Observation.value_quantity == 6.8))
    page = client.get_page(f"/results/{critical.id}?lang=en")
    advice = page.select_one(".critical-advice")
    assert advice is not None
    words = text_of(advice)
    assert "Contact your GP office today" in words
    assert {a["href"] for a in advice.select("a")} == {"tel:116117", "tel:113"}
    assert "116 117" in words and "113" in words
    # A normal result has no such advice.
    normal = db_session.scalar(select(Observation).where(
        Observation.code == "NPU03230", Observation.value_quantity == 4.3))
    assert client.get_page(f"/results/{normal.id}?lang=en").select_one(".critical-advice") is None


@pytest.mark.parametrize(("category", "critical", "shared", "expected"), [
    (1, True, False, 2),   # held for a clinician
    (1, True, True, 1),    # the lab or the GP has shared it
    (1, False, False, 1),
    (3, True, False, 3),   # already held more strictly
    (4, True, False, 4),   # never shown
])
def test_a_critical_result_is_held_for_a_clinician_unless_shared(category, critical, shared,
                                                                 expected):
    """Rule (DOMAIN.md, "Lab results", release): a critical result is released only when a
    clinician shares it (category 2), unless the lab or the GP has shared it."""
    assert services.category_on_arrival(category, critical=critical, shared=shared) == expected


def test_an_arriving_critical_result_waits_for_the_doctor(db_session, app):
    """Rule (DOMAIN.md, "Lab results"): filing an unshared critical result holds it back."""
    with app.test_request_context("/"):
        arriving = _observation(db_session, OLA, "NPU03230", value_quantity=7.1,
                                critical_high=6.0, released_at=db_session.scalar(
                                    select(Person.created_at).limit(1)))
        services.receive(arriving)
        assert arriving.release_category == 2 and arriving.released_at is None


# --- Names in the reader's language --------------------------------------------------------

@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "Potassium (Kalium)"), ("nb", "Kalium"), ("nn", "Kalium")])
def test_test_names_are_in_the_pages_language_with_the_labs_name_beside(client, lang, expected):
    """Rule (DOMAIN.md, "Lab results"): the test's name in the page's language beside the
    lab's own name where they differ."""
    client.login_as(OLA)
    page = client.get_page(f"/results/?lang={lang}")
    names = {text_of(li.find("h3")).replace(" New", "").replace(" Ny", "")
             for li in page.select(".result-row")}
    assert expected in names


def test_nynorsk_names_where_they_differ(app):
    """Nynorsk forms where they differ from bokmål: white blood cells are "kvite blodceller"
    in nynorsk and "hvite blodceller" in bokmål."""
    with app.test_request_context("/"):
        with force_locale("nn"):
            assert str(TESTS["NPU02593"].name) == "Kvite blodceller"
        with force_locale("nb"):
            assert str(TESTS["NPU02593"].name) == "Hvite blodceller"
