"""The FHIR read API under /fhir/ (issue 17): search, paging, errors, and the access rules.

DOMAIN.md, "Representation": a parent of a child of 12-15 gets no results unless the young
person shares them, never the young person's self-booked appointments or confidential
entries, and nothing from 16 (pbrl § 3-4). "Access log (innsyn i logg)": every read of a
person's health data by a representative is logged. The API gives exactly what the pages do.
"""

from datetime import timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from portal.appointments.models import Appointment
from portal.audit import AccessLogEntry
from portal.journal.entries import Observation
from tests.client import EMMA, JONAS, KARI, OLA, SARA, persona
from tests.fhir.helpers import FHIR_JSON, fhir, ids, seen

OSLO = ZoneInfo("Europe/Oslo")


def test_metadata_is_public_and_lists_what_is_served(client):
    statement = fhir(client.get("/fhir/metadata"))
    assert statement["fhirVersion"] == "4.0.1"
    types = {r["type"] for r in statement["rest"][0]["resource"]}
    assert types == {"Patient", "Observation", "Condition", "MedicationStatement",
                     "Immunization", "CarePlan", "DocumentReference", "Appointment", "Binary",
                     "MedicationRequest", "QuestionnaireResponse"}


@pytest.mark.parametrize("url", ["/fhir/Patient/1", "/fhir/Observation", "/fhir/Patient",
                                 "/fhir/Condition/1"])
def test_anonymous_gets_401_not_a_login_page(client, url):
    outcome = fhir(client.get(url), 401)
    assert outcome["resourceType"] == "OperationOutcome"


def test_ola_reads_himself(client):
    client.login_as(OLA)
    ola = persona(OLA)
    patient = fhir(client.get(f"/fhir/Patient/{ola.id}"))
    assert patient["identifier"][0]["value"] == OLA
    assert ids(fhir(client.get("/fhir/Patient"))) == [ola.id]


def _lab_results(session, person) -> list[Observation]:
    """Return the lab results the person sees of themselves, oldest first."""
    visible = seen(person, person, "Observation")
    return list(session.scalars(select(Observation).where(
        Observation.id.in_(visible), Observation.category == "laboratory")
        .order_by(Observation.effective_at, Observation.id)))


def test_olas_observations_by_code(client, db_session):
    client.login_as(OLA)
    ola = persona(OLA)
    results = _lab_results(db_session, ola)
    code = max({r.code for r in results}, key=lambda c: sum(r.code == c for r in results))
    wanted = {r.id for r in results if r.code == code}
    assert len(wanted) >= 2
    for asked in (code, f"urn:oid:2.16.578.1.12.4.1.1.7280|{code}"):
        bundle = fhir(client.get(f"/fhir/Observation?patient={ola.id}&code={asked}"))
        assert set(ids(bundle)) == wanted and bundle["total"] == len(wanted)
    loinc = next(r.loinc for r in results if r.code == code)
    bundle = fhir(client.get(f"/fhir/Observation?code=http://loinc.org|{loinc}"))
    assert set(ids(bundle)) == wanted
    assert ids(fhir(client.get("/fhir/Observation?code=http://loinc.org|" + code))) == []


def test_olas_observations_by_date_prefixes(client, db_session):
    client.login_as(OLA)
    ola = persona(OLA)
    results = _lab_results(db_session, ola)
    middle = results[len(results) // 2].effective_at.astimezone(OSLO).date()
    on = {r.id for r in results if r.effective_at.astimezone(OSLO).date() == middle}
    before = {r.id for r in results if r.effective_at.astimezone(OSLO).date() < middle}
    after = {r.id for r in results if r.effective_at.astimezone(OSLO).date() > middle}

    def found(date: str) -> set[int]:
        return set(ids(fhir(client.get(
            f"/fhir/Observation?category=laboratory&date={date}&_count=200"))))

    assert found(f"eq{middle}") == found(str(middle)) == on
    assert found(f"ge{middle}") == on | after
    assert found(f"gt{middle}") == after
    assert found(f"le{middle}") == on | before
    assert found(f"lt{middle}") == before
    nxt = middle + timedelta(days=1)
    assert found(f"ge{middle}&date=lt{nxt}") == on


def test_paging_with_count_and_next_walks_all(app, client, db_session):
    client.login_as(OLA)
    everything = fhir(client.get("/fhir/Observation?_count=200"))
    assert everything["total"] == len(everything["entry"]) > 5
    walked, url, pages = [], "/fhir/Observation?_count=3&_sort=-date", 0
    while url:
        page = fhir(client.get(url))
        assert page["total"] == everything["total"]
        assert next(k["url"] for k in page["link"] if k["relation"] == "self").endswith(
            url.split("/fhir", 1)[1])
        walked += ids(page)
        url = next((k["url"] for k in page["link"] if k["relation"] == "next"), None)
        if url is not None:
            # Links are made from PORTAL_BASE_URL, never from the request's Host header; the
            # test client's session cookie is for its own host, so it follows the path.
            assert url.startswith(app.config["PORTAL_BASE_URL"] + "/fhir/Observation?")
            parts = urlsplit(url)
            url = f"{parts.path}?{parts.query}"
        pages += 1
    assert walked == ids(everything)
    assert pages == -(-everything["total"] // 3)
    dates = [e["resource"]["effectiveDateTime"] for e in everything["entry"]]
    assert dates == sorted(dates, reverse=True)


def test_kari_reads_jonas_14_as_on_the_pages(client, db_session):
    """Children 12-15: no unshared results, no self-booked (private) youth appointment."""
    client.login_as(KARI)
    kari, jonas = persona(KARI), persona(JONAS)
    observations = fhir(client.get(f"/fhir/Observation?patient={jonas.id}&_count=200"))
    assert set(ids(observations)) == seen(kari, jonas, "Observation")
    assert all(e["resource"]["category"][0]["coding"][0]["code"] == "vital-signs"
               for e in observations["entry"])
    labs = db_session.scalars(select(Observation.id).where(
        Observation.person_id == jonas.id, Observation.category == "laboratory")).all()
    assert labs and not set(labs) & set(ids(observations))
    appointments = fhir(client.get(f"/fhir/Appointment?patient={jonas.id}"))
    private = db_session.scalars(select(Appointment.id).where(
        Appointment.person_id == jonas.id, Appointment.booked_by_id == jonas.id)).all()
    assert private and not set(private) & set(ids(appointments))
    assert set(ids(appointments)) == seen(kari, jonas, "Appointment")
    for kind in ("Condition", "MedicationStatement", "MedicationRequest", "DocumentReference",
                 "CarePlan", "Immunization"):
        bundle = fhir(client.get(f"/fhir/{kind}?patient=Patient/{jonas.id}"))
        assert set(ids(bundle)) == seen(kari, jonas, kind), kind


def test_kari_reading_jonas_while_acting_for_him_gets_the_same(client):
    client.login_as(KARI)
    jonas = persona(JONAS)
    asked = fhir(client.get(f"/fhir/Observation?patient={jonas.id}"))
    client.act_for(JONAS)
    assert ids(fhir(client.get("/fhir/Observation"))) == ids(asked)


def test_sara_16_is_refused_to_her_parent(client):
    """From 16: parents have no access (pbrl § 3-4)."""
    client.login_as(KARI)
    sara = persona(SARA)
    for url in (f"/fhir/Patient/{sara.id}", f"/fhir/Observation?patient={sara.id}",
                f"/fhir/Appointment?patient={sara.id}"):
        assert fhir(client.get(url), 404)["issue"][0]["code"] == "not-found"
    assert sara.id not in ids(fhir(client.get("/fhir/Patient")))


def test_a_strangers_rows_are_404(client, db_session):
    client.login_as(OLA)
    kari = persona(KARI)
    row = db_session.scalar(select(Observation.id).where(Observation.person_id == kari.id))
    fhir(client.get(f"/fhir/Observation/{row}"), 404)
    fhir(client.get(f"/fhir/Patient/{kari.id}"), 404)


def test_read_by_id_gives_a_visible_row(client, db_session):
    client.login_as(OLA)
    row = next(iter(seen(persona(OLA), persona(OLA), "Observation")))
    assert fhir(client.get(f"/fhir/Observation/{row}"))["id"] == str(row)


def test_kari_reading_emma_is_in_emmas_access_log(client, db_session):
    """Access log: a representative's read of a child's health data is logged for the child."""
    client.login_as(KARI)
    kari, emma = persona(KARI), persona(EMMA)
    fhir(client.get(f"/fhir/Observation?patient={emma.id}"))
    fhir(client.get(f"/fhir/Immunization?patient={emma.id}"))
    logged = db_session.scalars(select(AccessLogEntry).where(
        AccessLogEntry.subject_id == emma.id, AccessLogEntry.actor_id == kari.id)).all()
    assert {"results", "growth", "vaccinations"} <= {e.what for e in logged}
    assert {e.actor_role for e in logged} == {"parent"}


@pytest.mark.parametrize("query", [
    "_count=0", "_count=abc", "_count=100000", "_offset=-1", "date=xx2024", "date=2024-13-01",
    "date=2024-02-30", "_sort=name", "foo=bar", "category=imaging", "patient=abc", "code=",
    "_format=xml", "_count=2&_count=3",
])
def test_bad_parameters_are_400_operation_outcomes(client, query):
    client.login_as(OLA)
    outcome = fhir(client.get(f"/fhir/Observation?{query}"), 400)
    assert outcome["issue"][0]["code"] == "invalid"


def test_unknown_types_and_addresses_are_404_operation_outcomes(client):
    client.login_as(OLA)
    for url in ("/fhir/Encounter", "/fhir/Observation/999999999", "/fhir/Patient/999999999",
                "/fhir/Observation/1/_history"):
        response = client.get(url)
        assert response.status_code == 404 and response.mimetype == FHIR_JSON


def test_the_portals_language_parameter_filters_nothing(client):
    client.login_as(OLA)
    assert ids(fhir(client.get("/fhir/Observation?lang=en"))) == ids(
        fhir(client.get("/fhir/Observation")))


@pytest.mark.parametrize("reader, subject", [(OLA, OLA), (KARI, JONAS)])
def test_everything_is_the_patient_and_exactly_what_the_reader_may_see(client, reader,
                                                                       subject):
    """Patient/$everything: the union of the type searches, under the same access rules."""
    client.login_as(reader)
    person = persona(subject)
    bundle = fhir(client.get(f"/fhir/Patient/{person.id}/$everything"))
    assert ids(bundle, "Patient") == [person.id]
    for kind in ("Observation", "Condition", "MedicationStatement", "MedicationRequest",
                 "QuestionnaireResponse", "Immunization", "CarePlan", "DocumentReference",
                 "Appointment"):
        assert set(ids(bundle, kind)) == seen(persona(reader), person, kind), kind
    assert bundle["total"] == len(bundle["entry"])


def test_a_document_s_content_is_a_binary_under_the_same_rules(client):
    """The attachment's Binary: as text or as a FHIR Binary; Jonas's confidential note is not
    there for his mother (DOMAIN.md, "Children 12-15")."""
    client.login_as(OLA)
    ola = persona(OLA)
    documents = fhir(client.get(f"/fhir/DocumentReference?patient={ola.id}"))
    reference = documents["entry"][0]["resource"]
    url = reference["content"][0]["attachment"]["url"]
    text = client.get(f"/fhir/{url}", headers={"Accept": "text/plain"})
    assert text.status_code == 200 and text.mimetype == "text/plain"
    as_fhir = fhir(client.get(f"/fhir/{url}", headers={"Accept": FHIR_JSON}))
    assert as_fhir["resourceType"] == "Binary"
    assert as_fhir["data"] == reference["content"][0]["attachment"]["data"]
    client.login_as(KARI)
    jonas = persona(JONAS)
    hidden = seen(jonas, jonas, "DocumentReference") - seen(persona(KARI), jonas,
                                                            "DocumentReference")
    assert hidden
    for document_id in hidden:
        fhir(client.get(f"/fhir/Binary/{document_id}", headers={"Accept": FHIR_JSON}), 404)


def test_prescriptions_are_medication_requests_active_while_they_can_be_dispensed(client):
    """Issue 17, item 1 (MedicationRequest where it is a prescription); issue 20."""
    client.login_as(OLA)
    bundle = fhir(client.get(f"/fhir/MedicationRequest?patient={persona(OLA).id}"))
    by_name = {e["resource"]["medicationCodeableConcept"]["text"]: e["resource"]
               for e in bundle["entry"]}
    metformin = by_name["Metformin 500 mg"]
    assert metformin["status"] == "active" and metformin["intent"] == "order"
    assert metformin["medicationCodeableConcept"]["coding"][0]["code"] == "A10BA02"
    assert metformin["dispenseRequest"]["numberOfRepeatsAllowed"] == 3
    assert by_name["Atorvastatin 20 mg"]["status"] == "completed"  # expired
