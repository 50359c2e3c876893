"""The journal as a FHIR collection Bundle, downloaded from /records/ (issue 17).

DOMAIN.md, "Representation": the download holds exactly what the reader may see, area by
area, as the pages do; "Access log": a representative's download is logged for the person.
"""

import pytest
from sqlalchemy import select

from portal.audit import AccessLogEntry
from tests.client import EMMA, JONAS, KARI, OLA, persona
from tests.fhir.helpers import fhir, ids, seen

LINK = {"nb": "Last ned journalen for andre apper (FHIR, JSON)",
        "nn": "Last ned journalen for andre appar (FHIR, JSON)",
        "en": "Download the journal for other apps (FHIR, JSON)"}


def test_olas_download_validates_and_holds_his_observations(client):
    client.login_as(OLA)
    ola = persona(OLA)
    response = client.get("/records/journal.fhir.json")
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    bundle = fhir(response)
    assert bundle["type"] == "collection"
    assert ids(bundle, "Patient") == [ola.id]
    assert set(ids(bundle, "Observation")) == seen(ola, ola, "Observation") != set()
    for kind in ("Condition", "MedicationStatement", "MedicationRequest", "DocumentReference",
                 "Appointment"):
        assert set(ids(bundle, kind)) == seen(ola, ola, kind), kind


def test_kari_downloading_for_jonas_gets_what_she_may_see(client):
    client.login_as(KARI)
    client.act_for(JONAS)
    kari, jonas = persona(KARI), persona(JONAS)
    bundle = fhir(client.get("/records/journal.fhir.json"))
    assert ids(bundle, "Patient") == [jonas.id]
    for kind in ("Observation", "Appointment", "DocumentReference", "Immunization"):
        assert set(ids(bundle, kind)) == seen(kari, jonas, kind), kind


def test_kari_downloading_for_emma_is_in_emmas_log(client, db_session):
    client.login_as(KARI)
    client.act_for(EMMA)
    fhir(client.get("/records/journal.fhir.json"))
    emma, kari = persona(EMMA), persona(KARI)
    assert db_session.scalars(select(AccessLogEntry.what).where(
        AccessLogEntry.subject_id == emma.id, AccessLogEntry.actor_id == kari.id)).all()


def test_anonymous_download_goes_to_login(client):
    assert client.get("/records/journal.fhir.json").status_code == 302


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_records_page_links_to_the_download(client, lang):
    client.login_as(OLA)
    page = client.get_page(f"/records/?lang={lang}")
    link = page.find("a", href="/records/journal.fhir.json")
    assert link is not None and link.get_text(strip=True) == LINK[lang]
