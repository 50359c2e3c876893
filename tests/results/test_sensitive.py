"""Tests sensitive by nature are never shown to a parent or representative (issue 13).

DOMAIN.md, "Children 12-15": sensitive tests (pregnancy, sexually transmitted infections,
HIV, drug screening) are never shown to a parent; pbrl § 3-4 second paragraph and
helsepersonelloven § 21. Whether a test is sensitive follows from what was tested, not from
the lab that analysed it: a chlamydia test taken at the GP office is as private as one from
the hospital.
"""

import csv
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from portal import db
from portal.access import Refusal, Verb
from portal.journal.entries import Observation
from portal.journal.models import Organization
from portal.representation.models import YouthShare
from portal.results import sensitive
from portal.results.areas import RESULTS
from tests import factories as make
from tests.client import INGRID, JONAS, KARI, OLA, persona

NLK = Path(__file__).resolve().parents[3] / "shared" / "reference" / "nlk-7280.77.csv"


def _result(person, code: str, unit, when) -> Observation:
    """Add a released lab result with a code, taken at a unit."""
    row = Observation(person_id=person.id, code_system="urn:oid:2.16.578.1.12.4.1.1.7280",
                      code=code, display=code, value_string="Påvist", status="final",
                      release_category=1, released_at=when, effective_at=when, issued_at=when,
                      performer_unit_id=unit.id)
    db.session.add(row)
    return row


def _seen(reader, subject) -> set[str]:
    """Return the codes of the subject's results the reader's scope holds."""
    try:
        scope = make.scope(reader, subject, RESULTS, Verb.VIEW)
    except Refusal:
        return set()
    return set(db.session.scalars(select(Observation.code).where(*scope.where(Observation))))


def test_every_sensitive_code_is_hidden_from_a_parent_even_when_results_are_shared(db_session):
    """Rule: each sensitive test is hidden from a parent even when "results" are shared."""
    jonas, kari = persona(JONAS), persona(KARI)
    gp = db_session.scalar(select(Organization).where(Organization.code == "orland-legekontor"))
    when = db.utcnow() - timedelta(days=1)
    for code in sensitive.CODES:
        _result(jonas, code, gp, when)
    _result(jonas, "NPU02319", gp, when)  # B-Hemoglobin: not sensitive
    db_session.add(YouthShare(child_id=jonas.id, parent_id=kari.id, category="results",
                              created_at=when))
    db_session.flush()
    assert set(sensitive.CODES) <= _seen(jonas, jonas)  # the young person sees his own
    parent_sees = _seen(kari, jonas)
    assert "NPU02319" in parent_sees  # shared results reach the parent ...
    assert parent_sees & set(sensitive.CODES) == set()  # ... but never a sensitive one


def test_a_sensitive_result_is_hidden_from_a_representative_of_an_adult(db_session):
    """Rule: tests sensitive by nature are never shown to a representative, at any age."""
    ola = persona(OLA)
    gp = db_session.scalar(select(Organization).where(Organization.code == "orland-legekontor"))
    _result(ola, "NPU02403", gp, db.utcnow() - timedelta(days=1))  # P-HIV-1 antibody
    db_session.flush()
    assert "NPU02403" in _seen(ola, ola)
    assert "NPU02403" not in _seen(persona(INGRID), ola)  # Ingrid holds a Full power


@pytest.mark.parametrize(("code", "category"), [
    ("NPU01573", "pregnancy"), ("NPU02403", "hiv"), ("NPU02888", "gonorrhoea"),
    ("NOR35328", "chlamydia"), ("NPU03611", "syphilis")])
def test_the_list_knows_the_sensitive_tests_by_what_they_test(code, category):
    assert sensitive.CODES[code] == category


@pytest.mark.skipif(not NLK.exists(), reason="the NLK code list in shared/reference is not here")
def test_the_list_is_what_the_rules_pick_from_the_code_list_it_names():
    """The codes are picked from NLK 7280.77 by the module's rules; picked again, they match."""
    with NLK.open(encoding="utf-8") as source:
        picked = {row["kode"]: category for row in csv.DictReader(source)
                  if (category := sensitive.category_of(row["norsk_bruksnavn"],
                                                        row["kodedefinisjon"],
                                                        row["gruppering"]))}
    assert picked == sensitive.CODES
    assert sensitive.NLK_VERSION in NLK.name
    assert "NPU02319" not in picked  # haemoglobin is not sensitive
