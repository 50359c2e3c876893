"""`flask fhir import` (issue 17, item 4): the shared samples in, twice, the same journal."""

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.fhir import codes, importer
from portal.fhir.models import ImportedResource
from portal.fhir.reading import parse_bundle
from portal.journal import national_id
from portal.journal.entries import (
    CarePlan,
    Condition,
    DocumentEntry,
    Encounter,
    Immunization,
    MedicationStatement,
    Observation,
)
from portal.journal.models import Person
from tests.client import KARI, text_of
from tests.parts import require_part

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "fhir-samples"
DENNIS = "Dennis_Durgan_78f005f3-7b33-4a5b-84d9-28417b36dbab.json"
TABLES = (Person, Encounter, Observation, Condition, MedicationStatement, Immunization,
          CarePlan, DocumentEntry, ImportedResource)
EGFR = "33914-3"  # Dennis Durgan's eGFR, measured eleven times


@pytest.fixture
def samples() -> list[Path]:
    """Return the five sample files: skip where the shared folder is missing, fail in CI."""
    files = sorted(SAMPLES.glob("*.json"))
    require_part(len(files) == 5, f"The FHIR samples in {SAMPLES}",
                 "the shared sample folder (README.md there) is needed beside the project")
    return files


def _import(session, files: list[Path]) -> importer.Report:
    """Import the files as the command does, into one report."""
    report = importer.Report()
    for path in files:
        importer.import_bundle(session, parse_bundle(path.read_bytes()), report=report)
    return report


def _counts(session) -> dict[str, int]:
    """Return the journal's row count per table."""
    return {m.__tablename__: session.scalar(select(func.count()).select_from(m)) for m in TABLES}


def _person_of(session, sample: str) -> Person:
    """Return the person a sample's Patient was imported as."""
    link = session.scalar(select(ImportedResource).where(
        ImportedResource.resource_type == "Patient",
        ImportedResource.source_key.contains(sample.removesuffix(".json").split("_")[-1])))
    return session.get(Person, link.row_id)


def test_importing_the_samples_twice_gives_the_same_journal(db_session, samples):
    before = _counts(db_session)
    first = _import(db_session, samples)
    after_first = _counts(db_session)
    second = _import(db_session, samples)

    assert _counts(db_session) == after_first
    assert sum(second.added.values()) == 0
    assert second.unchanged == first.added
    assert first.added["Patient"] == 4  # three Synthea patients and the discharge summary's
    assert after_first["observation"] - before["observation"] == first.added["Observation"] > 200
    assert {"Encounter", "Condition", "MedicationRequest", "MedicationStatement", "CarePlan",
            "Composition"} <= set(first.added)


def test_the_report_says_what_was_skipped_and_why(db_session, samples):
    report = _import(db_session, samples)
    assert report.skipped["Claim", "resource type not imported"] == 67
    assert report.skipped["Observation", "patient not in the bundle"] == 51
    assert report.skipped["Observation", "category not held: survey"] > 0
    assert report.skipped["Observation", "no value (components not held)"] > 0
    assert report.skipped["Immunization", "code system not held (vaccines are held in ATC)"] == 50
    assert "Claim: 67 skipped (resource type not imported)" in report.lines()


def test_synthea_patients_get_a_stable_valid_synthetic_number(db_session, samples):
    _import(db_session, samples[:1])
    person = _person_of(db_session, DENNIS)
    number = national_id.parse(person.national_id)
    assert number.synthetic and number.birth_date == person.birth_date
    assert number.sex == person.sex == "male"
    assert (person.given_name, person.family_name) == ("Dennis", "Durgan")


def test_imported_results_are_released_on_the_results_page_with_a_trend(client, db_session,
                                                                         samples):
    _import(db_session, samples)
    person = _person_of(db_session, DENNIS)
    egfr = db_session.scalars(select(Observation).where(
        Observation.person_id == person.id, Observation.code == EGFR)).all()
    assert len(egfr) == 11 and all(o.released_at is not None for o in egfr)

    client.login_as(person.national_id)
    page = text_of(client.get_page("/results/"))
    assert "Estimated Glomerular Filtration Rate" in page
    detail = client.get_page(f"/results/{egfr[-1].id}")
    trend = detail.find("section", attrs={"aria-labelledby": "trend-h"})
    assert trend is not None and trend.find("svg") is not None
    assert len(trend.select("tbody tr")) == 11


def _file(tmp_path: Path, content: str) -> Path:
    """Write a file to import and return its path."""
    path = tmp_path / "bundle.json"
    path.write_text(content)
    return path


def _bundle(*observations: dict, identifier: list | None = None) -> dict:
    """Return a collection Bundle with one patient and the given observations of eGFR."""
    return {"resourceType": "Bundle", "type": "collection", "entry": [
        {"fullUrl": "urn:uuid:p1", "resource": {
            "resourceType": "Patient", "id": "p1", "birthDate": "1980-05-01", "gender": "female",
            "name": [{"family": "Importsen", "given": ["Bea"]}], "identifier": identifier or []}},
        *({"fullUrl": f"urn:uuid:o{n}", "resource": {
            "resourceType": "Observation", "status": "final",
            "subject": {"reference": "urn:uuid:p1"},
            "category": [{"coding": [{"code": "laboratory"}]}],
            "code": {"coding": [{"system": "http://loinc.org", "code": EGFR}]},
            "effectiveDateTime": "2020-01-01", **o}} for n, o in enumerate(observations, 1))]}


def test_a_critical_result_is_held_for_a_clinician_as_the_release_rules_say(db_session):
    importer.import_bundle(db_session, _bundle(
        {"valueQuantity": {"value": 8, "unit": "mL/min"},
         "interpretation": [{"coding": [{"code": "LL"}]}]},
        {"valueQuantity": {"value": 60, "unit": "mL/min"}}))
    critical, normal = db_session.scalars(select(Observation).join(Person).where(
        Person.family_name == "Importsen").order_by(Observation.value_quantity)).all()
    assert (critical.release_category, critical.released_at) == (2, None)
    assert normal.release_category == 1 and normal.released_at is not None


def test_a_patient_with_a_norwegian_number_is_found_in_the_register(db_session):
    people = db_session.scalar(select(func.count()).select_from(Person))
    importer.import_bundle(db_session, _bundle(
        {"valueQuantity": {"value": 70, "unit": "mL/min"}},
        identifier=[{"system": codes.FODSELSNUMMER, "value": KARI}]))
    assert db_session.scalar(select(func.count()).select_from(Person)) == people
    assert db_session.scalar(select(Observation).where(Observation.code == EGFR).order_by(
        Observation.id.desc()).limit(1)).person.national_id == KARI


@pytest.mark.parametrize(("content", "says"), [
    ("{not json", "not JSON"),
    ('{"resourceType": "Patient"}', "not a FHIR Bundle"),
    ('{"resourceType": "Bundle", "type": "searchset"}', "only transaction"),
    (json.dumps(_bundle({"valueQuantity": "sixty"})), "Observation urn:uuid:o1 is malformed"),
])
def test_a_malformed_file_is_refused_with_a_reason_and_changes_nothing(app, db_session,
                                                                       tmp_path, content, says):
    before = _counts(db_session)
    result = app.test_cli_runner().invoke(args=["fhir", "import", str(_file(tmp_path, content))])
    assert result.exit_code == 1
    assert "not imported" in result.output and says in result.output
    assert _counts(db_session) == before


def test_the_command_prints_the_report(app, db_session, samples):
    runner = app.test_cli_runner()
    runner.invoke(args=["fhir", "import", str(samples[0])])
    result = runner.invoke(args=["fhir", "import", str(samples[0])])
    assert result.exit_code == 0, result.output
    assert "Observation: 0 added, 117 already there" in result.output
    assert "Claim: 31 skipped (resource type not imported)" in result.output
