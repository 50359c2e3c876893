"""Applying, following a case, answering and appealing, as the applicant sees it (issue 7)."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from bs4 import BeautifulSoup
from sqlalchemy import select

from portal import db
from portal.applications import casework
from portal.applications.models import Application
from portal.audit import AccessLogEntry
from tests import factories as make
from tests.applications.conftest import person
from tests.client import INGRID, JONAS, KARI, LIV, OLA, PER, SARA, text_of
from tests.notices import queued, send

STEP_DATA = {
    "applicant": {"phone": "912 34 567", "email": "", "contact_by": "sms", "interpreter": "no",
                  "interpreter_language": ""},
    "next_of_kin": {"has_next_of_kin": "no", "name": "", "relation": "", "phone": ""},
    "gp": {"office": "Ørland legekontor", "doctor": ""},
    "services": {"services": ["home_nursing"], "start": ""},
    "need": {"need": "Trenger hjelp med insulin morgen og kveld.", "current_help": ""},
    "consents": {"consent_gp": "y", "declaration": "y"},
}


def new_draft(client) -> str:
    """Start a draft through the page and return the URL of its first step."""
    return client.post_form("/applications/new", {}, from_page="/applications/").location


def fill_in(client, first_step: str, **overrides) -> int:
    """Go through every step with valid answers; return the application's id."""
    base = first_step.rsplit("/", 1)[0]
    for step, data in STEP_DATA.items():
        client.post_form(f"{base}/{step}", {**data, **overrides.get(step, {}), "action": "next"})
    return int(base.split("/")[2])


def test_ingrid_applies_for_ola_and_gets_a_receipt_with_a_case_number(client, db_session):
    """Rule: the form asks who applies on whose behalf; submitting gives a case number."""
    client.login_as(INGRID)
    client.act_for(OLA)
    first = new_draft(client)
    assert first.endswith("/form/applicant")
    page = client.get_page(first + "?lang=en")
    assert "Ingrid Hansen applies for Ola Hansen with a power of attorney (Full)." in text_of(page)
    assert page.select_one("#phone")["value"] == person(OLA).phone  # from the register
    application_id = fill_in(client, first, applicant={"relationship": "Datter"})
    review = client.get_page(f"/applications/{application_id}/review?lang=en")
    assert "Some parts are not complete" not in text_of(review)
    assert "Home nursing" in text_of(review) and "Datter" in text_of(review)
    response = client.post_form(f"/applications/{application_id}/submit", {},
                                from_page=f"/applications/{application_id}/review")
    assert response.location == f"/applications/{application_id}/receipt"
    receipt = client.get_page(response.location + "?lang=en")
    application = db_session.get(Application, application_id)
    assert application.case_number in receipt.select_one(".case-number").get_text()
    assert (application.person_id, application.submitted_by_id, application.state) == (
        person(OLA).id, person(INGRID).id, "submitted")
    assert application.services == ["home_nursing"]
    # The receipt says whom the confirmation goes to: Ola at the number given in the form,
    # and Ingrid, who applied for him.
    listed = receipt.find(string=lambda s: "We have sent a confirmation" in s)
    assert listed is not None
    assert [text_of(li) for li in listed.find_parent("p").find_next_sibling("ul").select("li")] \
        == ["912 34 567", person(INGRID).email]
    (notice,) = queued(kind="application_received", resource_id=application_id)
    assert notice.person_id == person(OLA).id
    sent = [d for d in send(db.utcnow()) if d.notice_id == notice.id]
    assert [(d.person_id, d.channel, d.address) for d in sent] == [
        (person(OLA).id, "sms", "912 34 567"), (person(INGRID).id, "email", person(INGRID).email)]
    for delivery in sent:
        assert application.case_number in delivery.body
        body = delivery.body.lower()
        assert "insulin" not in body and "sykepleie" not in body and "nursing" not in body


def test_a_draft_is_kept_between_sessions(client, db_session):
    """Rule: drafts are kept, also when the person logs out halfway."""
    client.login_as(LIV)
    first = new_draft(client)
    response = client.post_form(first, {**STEP_DATA["applicant"], "phone": "400 00 000",
                                         "action": "save"})
    assert response.location == "/applications/"
    client.post_form("/auth/logout", {}, from_page="/applications/")
    client.login_as(LIV)
    listing = client.get_page("/applications/?lang=en")
    assert "Not sent yet" in text_of(listing)
    assert client.get_page(first).select_one("#phone")["value"] == "400 00 000"


def test_what_is_typed_is_kept_even_when_it_is_wrong(client):
    """Rule: drafts are kept; a step shown again with its errors (400) still keeps what was typed."""
    client.login_as(LIV)
    first = new_draft(client)
    client.post_form(first, {**STEP_DATA["applicant"], "phone": "12"}, status=400)
    assert client.get_page(first).select_one("#phone")["value"] == "12"


# (step, what is typed, field, message): every field says clearly what is wrong.
WRONG = [
    ("applicant", {"phone": ""}, "phone", "Enter a phone number, so that the case office can reach you."),
    ("applicant", {"phone": "123 45"}, "phone", "Enter a phone number of 8 digits"),
    ("applicant", {"email": "liv@"}, "email", "Enter an e-mail address in the form name@example.no."),
    ("applicant", {"contact_by": "email"}, "email", "Enter an e-mail address, or choose text message."),
    ("applicant", {"contact_by": ""}, "contact_by", "Choose text message or e-mail."),
    ("applicant", {"interpreter": ""}, "interpreter", "Choose whether you need an interpreter."),
    ("applicant", {"interpreter": "yes"}, "interpreter_language", "Write which language the interpreter should speak."),
    ("next_of_kin", {"has_next_of_kin": ""}, "has_next_of_kin", "Choose whether you want to give a next of kin."),
    ("next_of_kin", {"has_next_of_kin": "yes", "relation": "Bror", "phone": "99999999"}, "name", "Write the name of the next of kin."),
    ("next_of_kin", {"has_next_of_kin": "yes", "name": "Per", "phone": "99999999"}, "relation", "Write how the next of kin is related"),
    ("next_of_kin", {"has_next_of_kin": "yes", "name": "Per", "relation": "Bror"}, "phone", "Enter the next of kin's phone number."),
    ("next_of_kin", {"has_next_of_kin": "yes", "name": "Per", "relation": "Bror", "phone": "abc"}, "phone", "Enter a phone number of 8 digits"),
    ("gp", {"office": ""}, "office", "Write the name of the GP office."),
    ("gp", {"doctor": "x" * 101}, "doctor", "The name can be at most 100 characters."),
    ("services", {"services": []}, "services", "Choose at least one service."),
    ("services", {"services": ["spa"]}, "services", "Choose services from the list."),
    ("services", {"start": "2020-01-01"}, "start", "The date cannot be in the past."),
    ("services", {"start": "2027-02-30"}, "start", "Enter a real date, with day, month and year."),
    ("need", {"need": ""}, "need", "Describe what you need help with."),
    ("need", {"need": "Hjelp"}, "need", "Write between 20 and 4000 characters"),
    ("need", {"current_help": "x" * 2001}, "current_help", "Write at most 2000 characters."),
    ("consents", {"declaration": ""}, "declaration", "Confirm that the information is correct"),
]


@pytest.mark.parametrize(("step", "typed", "field", "message"), WRONG,
                         ids=[f"{s}-{f}-{i}" for i, (s, _t, f, _m) in enumerate(WRONG)])
def test_every_field_says_what_is_wrong(client, step, typed, field, message):
    client.login_as(LIV)
    url = new_draft(client).replace("/applicant", f"/{step}") + "?lang=en"
    response = client.post_form(url, {**STEP_DATA[step], **typed, "action": "next"}, status=400)
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert message in text_of(page.select_one(f"#{field}-error"))
    assert message in text_of(page.select_one(".ds-error-summary"))
    assert page.select_one(f".ds-error-summary a[href='#{field}']") is not None


def test_a_representative_must_say_how_they_are_related(client):
    client.login_as(INGRID)
    client.act_for(OLA)
    response = client.post_form(new_draft(client) + "?lang=en",
                                {**STEP_DATA["applicant"], "action": "next"}, status=400)
    assert "Write how you are related to the applicant" in response.get_data(as_text=True)


def test_an_incomplete_application_cannot_be_sent(client):
    client.login_as(LIV)
    first = new_draft(client)
    application_id = int(first.split("/")[2])
    review = client.get_page(f"/applications/{application_id}/review?lang=en")
    assert "Fill in: Description of the need" in text_of(review)
    assert review.select_one(f"form[action='/applications/{application_id}/submit']") is None
    token = client.csrf_token(f"/applications/{application_id}/review")
    response = client.post(f"/applications/{application_id}/submit?lang=en",
                           data={"csrf_token": token})
    assert response.status_code == 400
    assert "Some parts of the application are not complete" in response.get_data(as_text=True)


READ_ONLY = ("You can see Arne Fullmaktsgiver's applications, but your power of attorney is for "
             "reading only: you cannot book, write or apply for Arne Fullmaktsgiver.")
NOT_COVERED = ("The power of attorney you hold from Arne Fullmaktsgiver does not cover "
               "applications.")


@pytest.mark.parametrize(("level", "index", "refusal"), [
    ("full", 200, None), ("standard", 200, None), ("read", 200, READ_ONLY),
    ("communicate", 403, NOT_COVERED)])
def test_who_may_apply_for_whom_follows_the_power_of_attorney(client, db_session, level, index,
                                                              refusal):
    """Rule: Full and Standard may apply; Read only follows; Communicate sees no applications.

    Ingrid acts for Arne, so a refusal names the rule that stops her (403), in plain words.
    """
    grantor = make.person(date(1950, 1, 1), given="Arne", family="Fullmaktsgiver")
    make.power(grantor, person(INGRID), level, created_at=datetime(2025, 1, 1, tzinfo=UTC))
    db_session.commit()
    client.login_as(INGRID)
    client.post_form("/representation/act", {"person_id": grantor.id},
                     from_page="/representation/")
    page = client.get_page("/applications/?lang=en", status=index)
    if index == 200:
        assert bool(page.select("form[action='/applications/new']")) == (refusal is None)
    else:
        assert refusal in text_of(page)
        assert "No applications sent yet" not in text_of(page)
    token = client.csrf_token("/home")
    response = client.post("/applications/new?lang=en", data={"csrf_token": token})
    assert response.status_code == (302 if refusal is None else 403)
    if refusal is not None:
        assert refusal in text_of(BeautifulSoup(response.get_data(as_text=True), "html.parser"))
    drafts = db_session.scalars(select(Application).where(
        Application.person_id == grantor.id)).all()
    assert len(drafts) == (1 if refusal is None else 0)


@pytest.mark.parametrize(("child", "status"), [(JONAS, 302)])
def test_a_parent_may_apply_for_a_child_of_12_to_15(client, child, status):
    """Rule: parents of 12-15 year olds still follow and make municipal applications."""
    client.login_as(KARI)
    client.act_for(child)
    token = client.csrf_token("/applications/")
    assert client.post("/applications/new", data={"csrf_token": token}).status_code == status


def test_a_parent_cannot_act_for_a_child_of_16(client):
    client.login_as(KARI)
    client.post_form("/representation/act", {"person_id": person(SARA).id},
                     from_page="/representation/", status=403)


def olas_case(db_session) -> Application:
    return db_session.scalar(select(Application).where(
        Application.person_id == person(OLA).id, Application.state != "draft"))


@pytest.mark.parametrize("path", ["", "/receipt", "/appeal", "/withdraw", "/review",
                                  "/form/applicant", "/decisions/1"])
def test_someone_elses_application_is_not_found(client, db_session, path):
    client.login_as(LIV)
    case = olas_case(db_session)
    assert client.get(f"/applications/{case.id}{path}").status_code == 404
    token = client.csrf_token("/applications/")
    for action in ("answer", "submit", "withdraw", "delete", "appeal"):
        response = client.post(f"/applications/{case.id}/{action}", data={"csrf_token": token})
        assert response.status_code == 404
    assert client.get("/applications/999999").status_code == 404
    assert client.get(f"/applications/{case.id}/form/nonsense").status_code == 404


def test_the_demo_case_and_its_timeline_are_read_by_ingrid_and_logged_for_ola(client, db_session):
    """Rule: every read by a representative is in the person's access log."""
    case = olas_case(db_session)
    client.login_as(INGRID)
    client.act_for(OLA)
    page = client.get_page(f"/applications/{case.id}?lang=en")
    titles = [text_of(h) for h in page.select(".timeline__title")]
    assert titles == ["Application sent", "Application received by the case office",
                      "Home visit planned"]
    assert "Being assessed" in text_of(page.select_one(".case-facts"))
    assert "Per Lund, Forvaltningskontoret Ørland" in text_of(page.select_one(".timeline"))
    assert (case.services, case.submitted_by_id) == (["safety_alarm"], person(INGRID).id)
    entry = db_session.scalar(select(AccessLogEntry).where(
        AccessLogEntry.subject_id == person(OLA).id, AccessLogEntry.what == "applications")
        .order_by(AccessLogEntry.id.desc()))
    assert (entry.actor_id, entry.actor_role, entry.resource_id) == (
        person(INGRID).id, "representative", case.id)


def test_the_applicant_answers_a_question_in_the_portal(client, db_session, app):
    """Rule: more information can be requested from the applicant, who answers in the portal."""
    case = olas_case(db_session)
    with app.test_request_context("/?lang=en"):
        casework.request_info(case, officer=person(PER), question="Har du trapp inn til huset?",
                              now=db.utcnow())
        db_session.commit()  # the service only flushes; the officer's request commits
    client.login_as(OLA)
    home = client.get_page("/home?lang=en")
    assert "The case office needs an answer" in text_of(home)
    page = client.get_page(f"/applications/{case.id}?lang=en")
    assert "Har du trapp inn til huset?" in text_of(page.select_one(".answer-card"))
    response = client.post_form(f"/applications/{case.id}/answer?lang=en", {"answer": ""},
                                from_page=f"/applications/{case.id}", status=400)
    assert "Write your answer to the case office." in response.get_data(as_text=True)
    client.post_form(f"/applications/{case.id}/answer", {"answer": "Ja, tre trinn."},
                     from_page=f"/applications/{case.id}")
    assert db_session.get(Application, case.id).state == "under_assessment"
    page = client.get_page(f"/applications/{case.id}?lang=en")
    assert "Ja, tre trinn." in text_of(page.select_one(".timeline"))


def decided_case(build, **kwargs):
    return build(person(LIV), upto="decided", **kwargs)


def test_the_decision_letter_says_outcome_reasons_fee_and_how_to_appeal(client, build):
    decided_at = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
    case = decided_case(build, at=decided_at)
    client.login_as(LIV)
    page = client.get_page(f"/applications/{case.id}?lang=en")
    link = page.select_one(".timeline a[href*='/decisions/']")["href"]
    letter = text_of(client.get_page(link + "?lang=en"))
    for words in ("Refused", "Behovet dekkes av dagens tjenester.", "No fee.",
                  "until and including 30 November 2026", "Per Lund", "Forvaltningskontoret Ørland",
                  "pasient- og brukerrettighetsloven § 2-1 a", case.case_number):
        assert words in letter


def test_an_appeal_in_time_needs_reasons(client, build, db_session):
    case = decided_case(build, at=datetime(2026, 11, 2, 10, 0, tzinfo=UTC))
    with time_machine.travel(datetime(2026, 11, 30, 22, 58, tzinfo=UTC), tick=False):
        client.login_as(LIV)
        page = client.get_page(f"/applications/{case.id}/appeal?lang=en")
        assert page.select_one("#late_reason") is None
        response = client.post_form(f"/applications/{case.id}/appeal?lang=en", {"reasons": ""},
                                    status=400)
        assert "Write why you disagree with the decision." in response.get_data(as_text=True)
        client.post_form(f"/applications/{case.id}/appeal", {"reasons": "Jeg trenger hjelp."})
    assert db_session.get(Application, case.id).state == "appealed"


def test_a_late_appeal_page_explains_and_asks_why(client, build, db_session):
    """Rule: appeal within 4 weeks; after the deadline the page explains that a late appeal must say why."""
    case = decided_case(build, at=datetime(2026, 11, 2, 10, 0, tzinfo=UTC))
    with time_machine.travel(datetime(2026, 11, 30, 23, 0, tzinfo=UTC), tick=False):
        client.login_as(LIV)
        page = client.get_page(f"/applications/{case.id}/appeal?lang=en")
        assert "The deadline has passed" in text_of(page)
        assert "you must say why the appeal comes late" in text_of(page)
        response = client.post_form(f"/applications/{case.id}/appeal?lang=en",
                                    {"reasons": "Jeg trenger hjelp."}, status=400)
        assert "Write why the appeal comes after the deadline." in response.get_data(as_text=True)
        client.post_form(f"/applications/{case.id}/appeal",
                         {"reasons": "Jeg trenger hjelp.", "late_reason": "Jeg var innlagt."})
        page = client.get_page(f"/applications/{case.id}?lang=en")
        assert "Reason for appealing after the deadline" in text_of(page)
        assert "Jeg var innlagt." in text_of(page)


def test_withdrawing_and_deleting(client, build, db_session):
    case = build(person(LIV), upto="received")
    draft = build(person(LIV), upto="draft")
    client.login_as(LIV)
    client.post_form(f"/applications/{case.id}/withdraw", {"reason": "Fikk plass privat."})
    assert db_session.get(Application, case.id).state == "withdrawn"
    assert client.get(f"/applications/{case.id}/withdraw").status_code == 302
    client.post_form(f"/applications/{draft.id}/delete", {})
    assert db_session.get(Application, draft.id) is None


def test_the_catalogue_describes_every_service_without_login(client):
    page = client.get_page("/applications/services?lang=en")
    names = [text_of(h) for h in page.select(".service-card h2")]
    assert names == ["Home nursing", "Practical assistance", "Safety alarm", "Short-term stay",
                     "Long-term place in a nursing home", "Relief care (avlastning)",
                     "User-controlled personal assistance (BPA)", "Day centre", "Meal delivery"]
    assert all(len(text_of(c)) > 60 for c in page.select(".service-card"))


def test_the_home_card_follows_open_applications(client, build):
    client.login_as(LIV)
    assert "Applications" not in [text_of(h) for h in client.get_page("/home?lang=en").select(
        ".card-grid h2")]
    build(person(LIV), upto="received")
    card = client.get_page("/home?lang=en").select_one(".card-grid")
    assert "1 application is being handled." in text_of(card)


@pytest.mark.parametrize(("level", "card"), [("read", True), ("communicate", False)])
def test_the_home_card_is_only_for_those_who_may_see_applications(client, db_session, build,
                                                                   level, card):
    grantor = make.person(date(1950, 1, 1), given="Arne", family="Fullmaktsgiver")
    make.power(grantor, person(INGRID), level, created_at=datetime(2025, 1, 1, tzinfo=UTC))
    db_session.commit()
    build(grantor, upto="received")
    client.login_as(INGRID)
    client.post_form("/representation/act", {"person_id": grantor.id},
                     from_page="/representation/")
    home = client.get_page("/home?lang=en")
    assert ("1 application is being handled." in text_of(home)) == card


def test_a_new_user_sees_a_helpful_empty_state(client):
    client.login_as(LIV)
    page = client.get_page("/applications/?lang=en")
    assert "No applications sent yet" in text_of(page)
    assert page.select_one("form[action='/applications/new'] button") is not None
