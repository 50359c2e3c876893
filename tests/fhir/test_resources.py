"""Every resource the journal maps validates as FHIR R4B, with the codes DOMAIN.md names.

DOMAIN.md, "Lab results": NLK codes (`urn:oid:2.16.578.1.12.4.1.1.7280`) first, LOINC
beside; interpretation in `v3-ObservationInterpretation`, computed from the range where the
lab sent none. "People, places and the shared journal": a national identity number or a
D-number identifies the person.
"""

from datetime import date

from portal.fhir import codes, resources
from portal.fhir.kinds import KINDS
from portal.journal import national_id
from portal.journal.entries import Observation
from portal.journal.models import Person
from tests.client import OLA, persona
from tests.fhir.helpers import valid


def test_every_kind_of_olas_rows_validates(db_session):
    ola = persona(OLA)
    for kind in KINDS.values():
        rows = db_session.query(kind.model).filter(kind.model.person_id == ola.id).all()
        for row in rows:
            resource = valid(kind.to_fhir(row))
            assert resource["id"] == str(row.id)


def test_patient_has_national_id_name_and_birth_date(db_session):
    ola = persona(OLA)
    patient = valid(resources.patient(ola))
    assert patient["identifier"] == [{"use": "official", "system": codes.FODSELSNUMMER,
                                      "value": OLA}]
    assert patient["name"][0]["family"] == ola.family_name
    assert patient["birthDate"] == ola.birth_date.isoformat()


def test_d_number_and_registered_sex():
    number = next(n for n in (national_id.with_check_digits(f"410180{i:03}") for i in range(100))
                  if n is not None)
    assert national_id.parse(number).d_number
    person = Person(id=7, national_id=number, given_name="Jan Erik", family_name="Berg",
                    birth_date=date(1980, 1, 1), registered_sex="male")
    patient = valid(resources.patient(person))
    assert patient["identifier"][0]["system"] == codes.D_NUMBER
    assert patient["gender"] == "male"
    assert patient["name"][0]["given"] == ["Jan", "Erik"]


def test_lab_result_has_nlk_code_loinc_ucum_range_and_interpretation(db_session):
    ola = persona(OLA)
    row = db_session.query(Observation).filter(
        Observation.person_id == ola.id, Observation.category == "laboratory",
        Observation.value_quantity.is_not(None), Observation.loinc.is_not(None)).first()
    resource = valid(resources.observation(row))
    assert resource["code"]["coding"][0] == {"system": "urn:oid:2.16.578.1.12.4.1.1.7280",
                                             "code": row.code, "display": row.display}
    assert {"system": "http://loinc.org", "code": row.loinc} in resource["code"]["coding"]
    assert resource["valueQuantity"]["value"] == row.value_quantity
    assert resource["category"][0]["coding"][0]["code"] == "laboratory"
    assert resource["interpretation"][0]["coding"][0]["system"] == codes.INTERPRETATION
    assert "referenceRange" in resource
