"""Sent, answered and read (issue 21): Kari answers the EPDS her health-station talk came
with, a section at a time with a draft kept; Anne sees the score and the flag in her day
list, and reading the answers is in Kari's access log. A young person's youth form never
goes to the parents (DOMAIN.md, "Children 12-15")."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from portal import db
from portal.appointments.models import Appointment, Slot, VisitType
from portal.audit import AccessLogEntry
from portal.questionnaires.models import QuestionnaireResponse
from tests import factories as make
from tests.client import ANNE, EMMA, JONAS, KARI, LIV, OLA, persona, text_of


def _response(owner: str, code: str) -> QuestionnaireResponse:
    return db.session.scalar(select(QuestionnaireResponse).join(
        QuestionnaireResponse.questionnaire).where(
        QuestionnaireResponse.person_id == persona(owner).id,
        QuestionnaireResponse.questionnaire.has(code=code))
        .order_by(QuestionnaireResponse.id.desc()).limit(1))


def _post(client, url: str, data: dict, status: int = 302):
    """Post a form of a questionnaire page (its token taken from the home page)."""
    return client.post_form(url, data, from_page="/home", status=status)


PART_1 = {"epds-1": "b", "epds-2": "b", "epds-3": "a", "epds-4": "c", "epds-5": "b"}
PART_2 = {"epds-6": "b", "epds-7": "c", "epds-8": "c", "epds-9": "c", "epds-10": "c"}


def _answer_epds(client, response_id: int, part_2=PART_2):
    _post(client, f"/questionnaires/{response_id}/section/0", {**PART_1, "action": "next"})
    _post(client, f"/questionnaires/{response_id}/section/1", {**part_2, "action": "next"})
    _post(client, f"/questionnaires/{response_id}/review", {})


def test_kari_is_asked_on_her_home_page_and_answers_a_section_at_a_time(client):
    client.login_as(KARI, lang="en")
    home = text_of(client.get_page("/home"))
    assert "Questionnaire" in home and "Please answer before" in home
    epds = _response(KARI, "epds")
    page = text_of(client.get_page(f"/questionnaires/{epds.id}/section/0"))
    assert "Part 1 of 2" in page and "IN THE PAST 7 DAYS" in page
    # Nothing chosen: each question says what is missing; nothing is kept.
    response = _post(client, f"/questionnaires/{epds.id}/section/0", {"action": "next"}, 400)
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    messages = [text_of(m) for m in page.select(".ds-validation-message")]
    assert messages == ["Answer this question."] * 5
    assert len(page.select(".ds-error-summary li a")) == 5  # each links to its question
    assert db.session.get(QuestionnaireResponse, epds.id).status == "sent"
    # A draft is kept: save and finish later, then on to the second part.
    _post(client, f"/questionnaires/{epds.id}/section/0", {**PART_1, "action": "later"})
    draft = db.session.get(QuestionnaireResponse, epds.id)
    assert draft.status == "in-progress" and draft.answers == PART_1
    assert client.get(f"/questionnaires/{epds.id}").location.endswith("/section/1")
    _post(client, f"/questionnaires/{epds.id}/section/1", {**PART_2, "action": "next"})
    review = text_of(client.get_page(f"/questionnaires/{epds.id}/review"))
    assert "I have been able to laugh and see the funny side of things" in review
    _post(client, f"/questionnaires/{epds.id}/review", {})
    done = db.session.get(QuestionnaireResponse, epds.id)
    # 1 + 1 + 3 + 2 + 2 | 2 + 1 + 1 + 1 + 1 = 15, and item 10 above 0.
    assert done.status == "completed" and done.score == 15
    assert set(done.flags) == {"total", "self_harm"}
    assert "Sent to Helsestasjon Ørland" in text_of(client.get_page(f"/questionnaires/{epds.id}"))
    # Answered once: the pages to answer lead to the answers, and changes are refused.
    assert client.get(f"/questionnaires/{epds.id}/section/0").status_code == 302
    _post(client, f"/questionnaires/{epds.id}/section/0", {**PART_1, "epds-1": "d",
                                                            "action": "next"})
    assert db.session.get(QuestionnaireResponse, epds.id).answers["epds-1"] == "b"


def test_anne_sees_the_score_and_the_flag_and_her_read_is_logged(client):
    client.login_as(KARI, lang="en")
    epds = _response(KARI, "epds")
    _answer_epds(client, epds.id)
    client.login_as(ANNE, "staff", lang="en")
    day = db.session.get(Appointment, epds.appointment_id).start_at.date()
    page = client.get_page(f"/staff/appointments/?day={(day).isoformat()}&lang=en")
    row = next(tr for tr in page.select(".day-table tbody tr") if "Kari Nordmann" in tr.text)
    assert "Questionnaire answered: score 15" in text_of(row)
    assert "Needs attention" in text_of(row)
    answers = text_of(client.get_page(f"/staff/questionnaires/{epds.id}"))
    assert "Score 15 of 30" in answers and "harming oneself" in answers
    logged = db.session.scalars(select(AccessLogEntry).where(
        AccessLogEntry.subject_id == persona(KARI).id,
        AccessLogEntry.what == "questionnaires")).all()
    assert logged and all(e.actor_role == "staff" for e in logged)


def test_low_scores_are_not_flagged(client):
    client.login_as(KARI, lang="en")
    epds = _response(KARI, "epds")
    _answer_epds(client, epds.id, part_2={**PART_2, "epds-10": "d", "epds-6": "d",
                                          "epds-7": "d", "epds-8": "d", "epds-9": "d"})
    done = db.session.get(QuestionnaireResponse, epds.id)
    assert done.score == 9 and done.flags == []


def test_another_person_s_questionnaire_is_not_found(client):
    epds = _response(KARI, "epds")
    client.login_as(OLA, lang="en")
    assert client.get(f"/questionnaires/{epds.id}/section/0").status_code == 404
    _post(client, f"/questionnaires/{epds.id}/section/0", {**PART_1, "action": "next"}, 404)
    assert db.session.get(QuestionnaireResponse, epds.id).status == "sent"


def test_a_section_out_of_range_is_not_found(client):
    client.login_as(KARI, lang="en")
    epds = _response(KARI, "epds")
    assert client.get(f"/questionnaires/{epds.id}/section/7").status_code == 404


def test_jonas_s_youth_form_never_goes_to_his_mother(client):
    youth = _response(JONAS, "youth")
    assert youth.confidential and youth.status == "completed"
    client.login_as(KARI, lang="en")
    client.act_for(JONAS)
    assert client.get("/questionnaires/").status_code == 403
    assert client.get(f"/questionnaires/{youth.id}").status_code in (403, 404)
    client.login_as(JONAS, lang="en")
    page = text_of(client.get_page(f"/questionnaires/{youth.id}"))
    assert "Feelings and mood" in page and "School" in page


def _book(client, code: str, who: str, on_or_after_days: int = 2):
    kind = db.session.scalar(select(VisitType).where(VisitType.code == code))
    slot = db.session.scalar(select(Slot).where(
        Slot.visit_type_id == kind.id, Slot.start_at > db.utcnow() + timedelta(
            days=on_or_after_days)).order_by(Slot.start_at).limit(1))
    return slot


def test_a_booking_sends_the_visit_type_s_questionnaire_and_a_cancellation_withdraws_it(client):
    client.login_as(JONAS, lang="en")
    slot = _book(client, "hfu-samtale", JONAS)
    before = db.session.scalar(select(func.count()).select_from(QuestionnaireResponse))
    client.post_form(f"/appointments/book/slot/{slot.id}", {"reason": ""})
    assert db.session.scalar(select(func.count()).select_from(QuestionnaireResponse)) \
        == before + 1
    sent = _response(JONAS, "youth")
    assert sent.status == "sent" and sent.confidential and sent.due_at == slot.start_at
    appointment = db.session.get(Appointment, sent.appointment_id)
    client.post_form(f"/appointments/{appointment.id}/cancel", {})
    assert db.session.get(QuestionnaireResponse, sent.id).status == "withdrawn"


@pytest.mark.parametrize("data, words", [
    ({"topic": "Vondt i kneet", "since-days": "-1", "changed": "no", "action": "next"},
     "Write a number from 0 to 3650."),
    ({"topic": "Vondt i kneet", "since-days": "tre", "changed": "no", "action": "next"},
     "Write a whole number."),
    ({"topic": "x" * 1001, "changed": "no", "action": "next"}, "At most 1000 characters."),
    ({"topic": "Vondt i kneet", "changed": "maybe", "action": "next"},
     "Choose one of the answers given."),
])
def test_bad_answers_get_clear_messages_and_nothing_is_kept(client, data, words):
    before = _sent_before_visit(client)
    response = _post(client, f"/questionnaires/{before.id}/section/0", data, 400)
    assert words in response.get_data(as_text=True)
    assert db.session.get(QuestionnaireResponse, before.id).answers == {}


def _sent_before_visit(client) -> QuestionnaireResponse:
    """Anne's health station sends Ola the before-your-visit form; Ola logs in."""
    client.login_as(ANNE, "staff", lang="en")
    client.post_form("/staff/questionnaires/send",
                     {"national_id": OLA, "questionnaire": "before-visit", "due": ""},
                     from_page="/staff/questionnaires/send")
    client.login_as(OLA, lang="en")
    return _response(OLA, "before-visit")


def test_a_question_that_does_not_apply_keeps_no_answer(client):
    """enableWhen: "What has changed?" only if something has."""
    before = _sent_before_visit(client)
    _post(client, f"/questionnaires/{before.id}/section/0",
          {"topic": "Kontroll", "changed": "no", "changed-what": "Ny jobb", "action": "next"})
    assert db.session.get(QuestionnaireResponse, before.id).answers == {
        "topic": "Kontroll", "changed": "no"}
    _post(client, f"/questionnaires/{before.id}/section/1",
          {"other-medicines": "yes", "other-medicines-which": "Paracet",
           "allergies": ["penicillin", "pollen"], "last-visit-elsewhere": "2025-05-01",
           "action": "next"})
    kept = db.session.get(QuestionnaireResponse, before.id).answers
    assert kept["allergies"] == ["penicillin", "pollen"]
    assert kept["last-visit-elsewhere"] == "2025-05-01"
    _post(client, f"/questionnaires/{before.id}/review", {})
    assert db.session.get(QuestionnaireResponse, before.id).status == "completed"


def test_staff_send_to_an_unknown_number_is_refused(client):
    client.login_as(ANNE, "staff", lang="en")
    response = client.post_form("/staff/questionnaires/send",
                                {"national_id": "12345678901", "questionnaire": "epds"},
                                from_page="/staff/questionnaires/send", status=400)
    assert response.status_code == 400


def test_a_parent_answers_for_a_child_under_12(client):
    """DOMAIN.md, "Children 0-11": a parent does everything the child's own account could."""
    client.login_as(ANNE, "staff", lang="en")
    client.post_form("/staff/questionnaires/send",
                     {"national_id": EMMA, "questionnaire": "before-visit", "due": ""},
                     from_page="/staff/questionnaires/send")
    client.login_as(KARI, lang="en")
    client.act_for(EMMA)
    sent = _response(EMMA, "before-visit")
    _post(client, f"/questionnaires/{sent.id}/section/0",
          {"topic": "Vondt i magen", "changed": "no", "action": "next"})
    _post(client, f"/questionnaires/{sent.id}/section/1",
          {"other-medicines": "no", "action": "next"})
    _post(client, f"/questionnaires/{sent.id}/review", {})
    done = db.session.get(QuestionnaireResponse, sent.id)
    assert done.status == "completed" and done.answered_by_id == persona(KARI).id
    assert "by Kari Nordmann" in text_of(client.get_page(f"/questionnaires/{sent.id}"))


def test_a_read_power_cannot_answer(client):
    ola, liv = persona(OLA), persona(LIV)
    make.power(ola, liv, "read", created_at=db.utcnow() - timedelta(days=1))
    db.session.commit()
    sent = _sent_before_visit(client)
    client.login_as(LIV, lang="en")
    client.act_for(OLA)
    response = client.post(f"/questionnaires/{sent.id}/section/0",
                           data={"csrf_token": client.csrf_token("/home"), "topic": "x",
                                 "changed": "no", "action": "next"})
    assert response.status_code == 403
    assert db.session.get(QuestionnaireResponse, sent.id).answers == {}
