"""Asking for renewal and answering it, as people would (issue 20).

DOMAIN.md, "Representation": a parent acts for a child under 12; from 12 to 15 the young
person's medicines are theirs (a parent neither sees nor asks); a Full or Standard power of
attorney may act, Read only look. "Access log": the GP office's reads are logged.
"""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal import clock, db
from portal.audit import AccessLogEntry
from portal.notices.models import Notice
from portal.prescriptions.models import Prescription, RenewalRequest
from tests import factories as make
from tests.client import ANNE, EMMA, INGRID, JONAS, KARI, LIV, NILS, OLA, persona, text_of


def _prescription(owner: str, medication: str) -> Prescription:
    return db.session.scalar(select(Prescription).where(
        Prescription.person_id == persona(owner).id, Prescription.medication == medication,
        Prescription.renewed_by_id.is_(None)))


def _requests(prescription: Prescription) -> list[RenewalRequest]:
    return db.session.scalars(select(RenewalRequest).where(
        RenewalRequest.prescription_id == prescription.id)).all()


def _ask(client, prescription: Prescription, note: str = "", status: int = 302):
    return client.post_form(f"/prescriptions/{prescription.id}/renew", {"note": note},
                            from_page="/prescriptions/", status=status)


def test_ola_sees_what_is_valid_and_what_cannot_be_asked_for_online(client):
    client.login_as(OLA, lang="en")
    page = client.get_page("/prescriptions/")
    text = text_of(page)
    assert "Metformin 500 mg" in text and "Runs out soon" in text
    assert "Atorvastatin 20 mg" in text and "Expired" in text
    assert "are not renewed online" in text  # Paralgin forte, group B
    assert "Multidose is renewed through the multidose list" in text  # Ramipril
    buttons = {b.get_text(strip=True) for b in page.select("summary.ds-button")}
    assert "Ask for renewal of Metformin" in buttons
    assert not {"Ask for renewal of Paralgin forte", "Ask for renewal of Ramipril"} & buttons


def test_ola_asks_once_and_a_second_request_is_refused(client):
    client.login_as(OLA, lang="en")
    metformin = _prescription(OLA, "Metformin")
    _ask(client, metformin, note="Går tom før jul")
    (sent,) = _requests(metformin)
    assert sent.state == "sent" and sent.note == "Går tom før jul"
    assert sent.unit.code == "orland-legekontor" and sent.requested_by_id == persona(OLA).id
    assert "The GP office has not answered yet." in text_of(client.get_page("/prescriptions/"))
    again = client.post(f"/prescriptions/{metformin.id}/renew",
                        data={"csrf_token": client.csrf_token("/home"), "note": ""})
    assert again.status_code == 400
    assert len(_requests(metformin)) == 1


@pytest.mark.parametrize("medication, words", [
    ("Paralgin forte", "are not renewed online"),
    ("Ramipril", "Multidose is renewed through the multidose list")])
def test_narcotics_and_multidose_cannot_be_asked_for(client, medication, words):
    """Issue 20, item 4: not group A and B; not multidose. The page says why."""
    client.login_as(OLA, lang="en")
    row = _prescription(OLA, medication)
    response = client.post(f"/prescriptions/{row.id}/renew",
                           data={"csrf_token": client.csrf_token("/home"), "note": ""})
    assert response.status_code == 400 and words in response.get_data(as_text=True)
    assert _requests(row) == []


def test_a_note_too_long_changes_nothing(client):
    client.login_as(OLA, lang="en")
    metformin = _prescription(OLA, "Metformin")
    response = _ask(client, metformin, note="x" * 501, status=400)
    assert "at most 500 characters" in response.get_data(as_text=True)
    assert _requests(metformin) == []


def test_someone_else_s_prescription_is_not_found(client):
    """A tampered id: Kari's levothyroxine from Ola's login."""
    client.login_as(OLA, lang="en")
    levaxin = _prescription(KARI, "Levaxin (levotyroksin)")
    response = _ask(client, levaxin, status=404)
    assert response.status_code == 404 and _requests(levaxin) == []
    assert client.post_form("/prescriptions/999999/renew", {"note": ""},
                            from_page="/prescriptions/", status=404)


def test_ingrid_with_a_full_power_asks_for_ola_and_it_is_logged(client):
    client.login_as(INGRID, lang="en")
    client.act_for(OLA)
    metformin = _prescription(OLA, "Metformin")
    _ask(client, metformin)
    (sent,) = _requests(metformin)
    assert sent.requested_by_id == persona(INGRID).id and sent.person_id == persona(OLA).id
    logged = db.session.scalars(select(AccessLogEntry.what).where(
        AccessLogEntry.subject_id == persona(OLA).id,
        AccessLogEntry.actor_id == persona(INGRID).id)).all()
    assert "prescriptions" in logged


def test_a_read_power_sees_but_cannot_ask(client):
    ola, liv = persona(OLA), persona(LIV)
    make.power(ola, liv, "read", created_at=db.utcnow() - timedelta(days=1))
    db.session.commit()
    client.login_as(LIV, lang="en")
    client.act_for(OLA)
    page = text_of(client.get_page("/prescriptions/"))
    assert "but not ask for renewal" in page
    metformin = _prescription(OLA, "Metformin")
    assert _ask(client, metformin, status=403).status_code == 403
    assert _requests(metformin) == []


def test_kari_cannot_see_or_ask_for_jonas(client):
    """DOMAIN.md, "Children 12-15": medicines are the young person's own."""
    client.login_as(KARI, lang="en")
    client.act_for(JONAS)
    assert client.get("/prescriptions/").status_code == 403
    ventoline = _prescription(JONAS, "Ventoline")
    response = client.post(f"/prescriptions/{ventoline.id}/renew",
                           data={"csrf_token": client.csrf_token("/home"), "note": ""})
    assert response.status_code in (403, 404) and _requests(ventoline) == []


def test_jonas_asks_for_himself(client):
    client.login_as(JONAS, lang="en")
    ventoline = _prescription(JONAS, "Ventoline")
    _ask(client, ventoline)
    assert [r.state for r in _requests(ventoline)] == ["sent"]


def test_kari_acts_for_emma_who_has_none(client):
    client.login_as(KARI, lang="en")
    client.act_for(EMMA)
    assert "There are no prescriptions here." in text_of(client.get_page("/prescriptions/"))


def test_the_home_card_shows_what_runs_out_until_it_is_asked_for(client):
    client.login_as(OLA, lang="en")
    assert "Metformin runs out on" in text_of(client.get_page("/home"))
    _ask(client, _prescription(OLA, "Metformin"))
    assert "runs out on" not in text_of(client.get_page("/home"))


def _answer(client, request: RenewalRequest, event: str, reason: str = "", status: int = 302):
    url = f"/staff/prescriptions/{request.id}"
    return client.post_form(url, {"event": event, "reason": reason}, from_page=url,
                            status=status)


@pytest.fixture
def olas_request(client):
    """Ola's request to renew his metformin, sent; then Nils logged in at the GP office."""
    client.login_as(OLA, lang="en")
    metformin = _prescription(OLA, "Metformin")
    _ask(client, metformin, note="Snart tom")
    client.login_as(NILS, "staff", lang="en")
    return _requests(metformin)[0]


def test_nils_sees_the_request_with_hba1c_and_medicines_and_it_is_logged(client, olas_request):
    queue = text_of(client.get_page("/staff/prescriptions/"))
    assert "Ola Hansen" in queue and "Metformin 500 mg" in queue
    page = text_of(client.get_page(f"/staff/prescriptions/{olas_request.id}"))
    assert "HbA1c" in page and "Snart tom" in page
    assert "Metformin" in page.split("Current medicines", 1)[1]
    logged = set(db.session.scalars(select(AccessLogEntry.what).where(
        AccessLogEntry.subject_id == persona(OLA).id, AccessLogEntry.actor_role == "staff")))
    assert {"prescriptions", "medications", "results"} <= logged


def test_nils_renews_and_ola_sees_the_new_validity_and_is_told(client, olas_request):
    old = olas_request.prescription
    _answer(client, olas_request, "renew")
    request = db.session.get(RenewalRequest, olas_request.id)
    new = request.new_prescription
    assert request.state == "renewed" and db.session.get(Prescription, old.id).renewed_by_id == new.id
    assert new.issued_on == clock.today() and new.dispensings_left == new.dispensings == 4
    assert new.valid_to == clock.today().replace(year=clock.today().year + 1)
    notice = db.session.scalar(select(Notice).where(Notice.kind == "prescription_answered"))
    assert notice.person_id == persona(OLA).id and "Metformin" not in str(notice.params)
    client.login_as(OLA, lang="en")
    page = text_of(client.get_page("/prescriptions/"))
    assert "Renewed on your request" in page
    assert f"Valid to {new.valid_to.day} " in page


def test_declining_needs_a_reason_which_ola_reads(client, olas_request):
    response = _answer(client, olas_request, "decline", status=400)
    assert "Write why the prescription is not renewed" in response.get_data(as_text=True)
    assert db.session.get(RenewalRequest, olas_request.id).state == "sent"
    _answer(client, olas_request, "decline", reason="Vi må ta blodprøver først.")
    client.login_as(OLA, lang="en")
    assert "Vi må ta blodprøver først." in text_of(client.get_page("/prescriptions/"))


def test_asking_for_an_appointment_links_to_booking(client, olas_request):
    _answer(client, olas_request, "ask_booking", reason="Kom til kontroll.")
    client.login_as(OLA, lang="en")
    page = client.get_page("/prescriptions/")
    assert "asks you to book an appointment" in text_of(page)
    assert page.select_one('a[href="/appointments/"]') is not None
    # Ola may ask again once it is answered.
    assert "Ask for renewal of Metformin" in text_of(page)


def test_an_answered_request_cannot_be_answered_again(client, olas_request):
    _answer(client, olas_request, "renew")
    response = _answer(client, olas_request, "decline", reason="Nei", status=400)
    assert "answered already" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Prescription).where(
        Prescription.person_id == persona(OLA).id, Prescription.medication == "Metformin")) == 2


def test_an_unknown_answer_changes_nothing(client, olas_request):
    response = _answer(client, olas_request, "approve", status=400)
    assert "Choose one of the answers." in response.get_data(as_text=True)
    assert db.session.get(RenewalRequest, olas_request.id).state == "sent"


def test_only_the_person_s_own_gp_office_sees_the_request(client, olas_request):
    client.login_as(ANNE, "staff", lang="en")
    assert "Ola Hansen" not in text_of(client.get_page("/staff/prescriptions/"))
    assert client.get(f"/staff/prescriptions/{olas_request.id}").status_code == 404


def test_the_workspace_counts_the_waiting_requests(client, olas_request):
    assert "1 request to renew a prescription is waiting." in text_of(
        client.get_page("/staff/"))


def test_only_a_doctor_renews_a_nurse_may_ask_for_an_appointment(client, olas_request):
    make.staff_in(persona(LIV), "orland-legekontor", "nurse")
    db.session.commit()
    client.login_as(LIV, "staff", lang="en")
    page = client.get_page(f"/staff/prescriptions/{olas_request.id}")
    assert page.find("button", attrs={"value": "renew"}) is None
    response = _answer(client, olas_request, "renew", status=400)
    assert "Only a doctor can renew a prescription." in response.get_data(as_text=True)
    assert db.session.get(RenewalRequest, olas_request.id).state == "sent"
    _answer(client, olas_request, "ask_booking")
    assert db.session.get(RenewalRequest, olas_request.id).state == "book_appointment"
