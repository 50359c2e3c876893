"""The case officer's work in the portal (issue 7, item 4; DOMAIN.md, "Applications")."""

from datetime import UTC, datetime, time, timedelta

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select, update

from portal import clock
from portal.applications.models import Application, CaseEvent, Decision
from portal.audit import AccessLogEntry
from tests.applications.conftest import person
from tests.client import ANNE, KARI, LIV, OLA, PER, TONE, text_of


def olas_case(db_session) -> Application:
    return db_session.scalar(select(Application).where(
        Application.person_id == person(OLA).id, Application.state != "draft"))


def page_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def kinds(db_session, application_id) -> list[str]:
    return list(db_session.scalars(select(CaseEvent.kind).where(
        CaseEvent.application_id == application_id).order_by(CaseEvent.at, CaseEvent.id)))


def test_per_sees_the_cases_with_their_age_and_each_row_is_logged(client, db_session):
    """Rule: every read of a person's data by staff is logged, also rows of a list."""
    case = olas_case(db_session)
    client.login_as(PER, "staff")
    page = client.get_page("/staff/applications/?lang=en")
    row = next(tr for tr in page.select("tbody tr") if case.case_number in text_of(tr))
    assert [text_of(td) for td in row.select("td")][1:] == [
        "Ola Hansen", "Safety alarm", "Being assessed",
        case.submitted_at.astimezone(clock.OSLO).strftime("%d/%m/%Y"), "12"]
    entry = db_session.scalar(select(AccessLogEntry).where(
        AccessLogEntry.subject_id == person(OLA).id, AccessLogEntry.actor_id == person(PER).id))
    assert (entry.actor_role, entry.what, entry.unit.code) == (
        "staff", "applications", "forvaltning-orland")


@pytest.mark.parametrize(("query", "shown"), [
    ("", True), ("?state=under_assessment", True), ("?state=decided", False),
    ("?service=safety_alarm", True), ("?service=home_nursing", False),
    ("?state=all&service=safety_alarm", True)])
def test_the_list_filters_by_state_and_service(client, db_session, query, shown):
    case = olas_case(db_session)
    client.login_as(PER, "staff")
    page = client.get_page(f"/staff/applications/{query}")
    assert (case.case_number in text_of(page)) == shown


@pytest.mark.parametrize("query", ["?state=draft", "?state=nonsense", "?service=spa"])
def test_a_tampered_filter_is_explained(client, query):
    client.login_as(PER, "staff")
    page = client.get_page(f"/staff/applications/{query}&lang=en", status=400)
    assert "from the list" in text_of(page.select_one(".ds-error-summary"))


def test_opening_a_case_is_logged_with_the_application_as_purpose(client, db_session):
    case = olas_case(db_session)
    client.login_as(PER, "staff")
    page = client.get_page(f"/staff/applications/{case.id}?lang=en")
    assert f"Case {case.case_number}: Ola Hansen" in text_of(page.find("h1"))
    assert person(OLA).national_id in text_of(page)
    assert "Ingrid Hansen applies for Ola Hansen with a power of attorney (Full)." in text_of(page)
    entry = db_session.scalar(select(AccessLogEntry).where(
        AccessLogEntry.subject_id == person(OLA).id, AccessLogEntry.resource_id == case.id)
        .order_by(AccessLogEntry.id.desc()))
    assert (entry.actor_id, entry.actor_role) == (person(PER).id, "staff")


@pytest.mark.parametrize("staff", [ANNE, TONE])
def test_staff_of_other_units_cannot_open_or_handle_the_case(client, db_session, staff):
    case = olas_case(db_session)
    client.login_as(staff, "staff")
    assert case.case_number not in text_of(client.get_page("/staff/applications/"))
    assert client.get(f"/staff/applications/{case.id}").status_code == 404
    token = client.csrf_token("/auth/test-login")
    for action in ("receive", "request-info", "assess", "decide", "reverse", "forward"):
        response = client.post(f"/staff/applications/{case.id}/{action}",
                               data={"csrf_token": token})
        assert response.status_code == 404
    assert kinds(db_session, case.id) == ["submitted", "received", "visit_planned"]


def test_citizens_cannot_reach_the_case_list(client):
    client.login_as(KARI)
    assert client.get("/staff/applications/").status_code == 403


def test_drafts_are_never_shown_to_the_case_office(client, build, db_session):
    draft = build(person(LIV), upto="draft")
    client.login_as(PER, "staff")
    assert client.get(f"/staff/applications/{draft.id}").status_code == 404


def test_per_handles_a_case_to_a_decision(client, build, db_session):
    """Rule: received, assessed (home visit), decided with reasons, scope and fee."""
    case = build(person(LIV))
    url = f"/staff/applications/{case.id}"
    client.login_as(PER, "staff")
    client.post_form(f"{url}/receive", {}, from_page=url)
    visit = clock.today() + timedelta(days=2)
    response = client.post_form(f"{url}/assess?lang=en", {"assess-visit_date": visit.isoformat()},
                                from_page=url, status=400)
    assert "Give both the date and the time" in text_of(page_of(response))
    client.post_form(f"{url}/assess", {"assess-visit_date": visit.isoformat(),
                                       "assess-visit_time": "10:30"}, from_page=url)
    client.post_form(f"{url}/assess", {"assess-notes": "Trapp, bor alene."}, from_page=url)
    response = client.post_form(f"{url}/decide?lang=en", {"decide-home_nursing__outcome": "granted",
                                                          "decide-reasons": "Kort."},
                                from_page=url, status=400)
    errors = text_of(page_of(response).select_one(".ds-error-summary"))
    assert "Write between 20 and 6000 characters" in errors
    client.post_form(f"{url}/decide", {
        "decide-home_nursing__outcome": "partly_granted",
        "decide-home_nursing__starts_on": visit.isoformat(),
        "decide-home_nursing__scope": "Hjemmesykepleie hver morgen.",
        "decide-reasons": "Behovet om kvelden dekkes av familien."}, from_page=url)
    assert kinds(db_session, case.id) == ["submitted", "received", "visit_planned", "assessed",
                                          "decided"]
    decision = db_session.scalar(select(Decision).where(Decision.application_id == case.id))
    assert (decision.outcome, decision.decided_by_id) == ("partly_granted", person(PER).id)
    assert [(p.service, p.fee_rule, p.fee_nok) for p in decision.services] == [
        ("home_nursing", "free", None)]
    page = client.get_page(f"{url}?lang=en")
    assert "Appeal deadline" in text_of(page)
    letter = client.get_page(page.select_one(".timeline a[href*='/decisions/']")["href"] + "?lang=en")
    assert "Free of charge (egenandelsforskriften)." in text_of(letter)


def test_the_decision_form_has_a_section_per_service_and_refuses_bad_input(client, build,
                                                                           db_session):
    """DOMAIN.md, "Applications": one decision per service (issue 15, item 5).

    Each service applied for has its own section with the service's legal basis and fee
    rule; what is wrong is said at its field, and nothing is saved. The letter shows each
    service's outcome, period, scope, legal basis and fee.
    """
    codes = ("home_nursing", "short_term_stay", "long_term_place")
    case = build(person(LIV), upto="assessed", services_=codes)
    url = f"/staff/applications/{case.id}"
    client.login_as(PER, "staff")
    page = client.get_page(f"{url}?lang=en")
    sections = page.select("form[action$='/decide'] fieldset.decision-part")
    assert [text_of(s.find("legend")) for s in sections] == [
        "Home nursing", "Short-term stay", "Long-term place in a nursing home"]
    assert "pasient- og brukerrettighetsloven § 2-1 e; helse- og omsorgstjenesteloven § 3-2 a" \
        in text_of(sections[2])
    # Home nursing and the long-term place have no fee field: free, and by income.
    assert [bool(s.select("input[name$='__fee_nok']")) for s in sections] == [False, True, False]
    start = (clock.today() + timedelta(days=3)).isoformat()
    form = {"decide-reasons": "Behovet er vurdert ved hjemmebesøk i uke 10.",
            "decide-home_nursing__outcome": "granted", "decide-home_nursing__starts_on": start,
            "decide-home_nursing__scope": "Morgen og kveld.",
            "decide-short_term_stay__outcome": "granted",
            "decide-short_term_stay__starts_on": start,
            "decide-short_term_stay__scope": "To uker opptrening.",
            "decide-short_term_stay__fee_nok": "tre",
            "decide-long_term_place__outcome": "refused"}
    response = client.post_form(f"{url}/decide?lang=en", form, from_page=url, status=400)
    stay = page_of(response).select_one("fieldset#decide-short_term_stay")
    assert "Write a whole number of kroner" in text_of(stay)
    response = client.post_form(f"{url}/decide?lang=en", {
        **form, "decide-short_term_stay__fee_nok": "190"}, from_page=url, status=400)
    stay = page_of(response).select_one("fieldset#decide-short_term_stay")
    assert "A short-term stay needs an end date." in text_of(stay)
    assert db_session.scalar(select(Decision).where(Decision.application_id == case.id)) is None
    assert kinds(db_session, case.id)[-1] == "assessed"
    end = (clock.today() + timedelta(days=17))
    client.post_form(f"{url}/decide", {**form, "decide-short_term_stay__fee_nok": "190",
                                       "decide-short_term_stay__ends_on": end.isoformat()},
                     from_page=url)
    decision = db_session.scalar(select(Decision).where(Decision.application_id == case.id))
    assert [(p.service, p.outcome, p.fee_rule, p.fee_nok) for p in decision.services] == [
        ("home_nursing", "granted", "free", None), ("short_term_stay", "granted", "per_day", 190),
        ("long_term_place", "refused", "by_income", None)]
    client.post_form("/auth/logout", {}, from_page="/staff/")
    client.login_as(LIV)
    letter = client.get_page(f"/applications/{case.id}/decisions/{decision.id}?lang=en")
    parts = {text_of(s.find("h2")): text_of(s) for s in letter.select("section.decision-part")}
    assert list(parts) == ["Home nursing: Granted", "Short-term stay: Granted",
                           "Long-term place in a nursing home: Refused"]
    assert "Free of charge (egenandelsforskriften)." in parts["Home nursing: Granted"]
    assert "NOK 190 per day." in parts["Short-term stay: Granted"]  # issue 16, item 7
    assert "until further notice" in parts["Home nursing: Granted"]
    assert "To uker opptrening." in parts["Short-term stay: Granted"]
    assert "helse- og omsorgstjenesteloven § 3-2 first paragraph no. 6 letter c" in \
        parts["Short-term stay: Granted"]
    assert "pasient- og brukerrettighetsloven § 2-1 e" in \
        parts["Long-term place in a nursing home: Refused"]


def test_a_step_the_state_does_not_allow_is_refused_and_nothing_changes(client, build, db_session):
    case = build(person(LIV))
    url = f"/staff/applications/{case.id}"
    client.login_as(PER, "staff")
    response = client.post_form(f"{url}/decide?lang=en", {
        "decide-home_nursing__outcome": "refused",
        "decide-reasons": "Ikke behov for tjenesten nå."},
        from_page=url, status=400)
    assert "This cannot be done now: the case is “Sent”." in text_of(page_of(response))
    assert kinds(db_session, case.id) == ["submitted"]
    assert db_session.scalar(select(Decision).where(Decision.application_id == case.id)) is None


def test_per_reconsiders_an_appeal_by_forwarding_or_reversing(client, build, db_session, app):
    """Rule: an appeal is first reconsidered by the municipality, then sent to Statsforvalteren."""
    from portal.applications import services

    liv = person(LIV)
    forwarded, reversed_ = build(liv, upto="decided"), build(liv, upto="decided")
    with app.test_request_context():
        for case in (forwarded, reversed_):
            services.appeal(db_session.get(Application, case.id), actor=liv,
                            reasons="Jeg er uenig.", late_reason=None, now=case.submitted_at)
        db_session.commit()  # the services only flush: the appeals are sent when this commits
    client.login_as(PER, "staff")
    url = f"/staff/applications/{forwarded.id}"
    response = client.post_form(f"{url}/forward?lang=en", {"forward-note": ""}, from_page=url,
                                status=400)
    assert "Write the municipality's assessment of the appeal." in text_of(page_of(response))
    client.post_form(f"{url}/forward", {"forward-note": "Vedtaket fastholdes."}, from_page=url)
    assert db_session.get(Application, forwarded.id).state == "forwarded"
    page = client.get_page(f"{url}?lang=en")
    assert "sent the appeal to Statsforvalteren i Trøndelag" in text_of(page.select_one(".timeline"))

    url = f"/staff/applications/{reversed_.id}"
    client.post_form(f"{url}/reverse", {
        "reverse-home_nursing__outcome": "granted",
        "reverse-home_nursing__starts_on": clock.today().isoformat(),
        "reverse-home_nursing__scope": "Hjemmesykepleie fra neste uke.",
        "reverse-reasons": "Nye opplysninger fra fastlegen.", "reverse-upheld": "full"},
        from_page=url)
    assert db_session.get(Application, reversed_.id).state == "reconsidered"
    outcomes = db_session.scalars(select(Decision.outcome).where(
        Decision.application_id == reversed_.id).order_by(Decision.id)).all()
    assert outcomes == ["refused", "granted"]


def test_an_appeal_upheld_in_part_needs_the_assessment_of_the_rest(client, build, db_session,
                                                                   app):
    """Fvl § 33 (issue 15, item 6): the rest of a partly upheld appeal goes on with the
    municipality's assessment; without it the form says so and nothing changes."""
    from portal.applications import services

    liv = person(LIV)
    case = build(liv, upto="decided", services_=("home_nursing", "practical_assistance"))
    with app.test_request_context():
        services.appeal(db_session.get(Application, case.id), actor=liv, reasons="Uenig.",
                        late_reason=None, now=case.submitted_at)
        db_session.commit()
    client.login_as(PER, "staff")
    url = f"/staff/applications/{case.id}"
    form = {"reverse-home_nursing__outcome": "granted",
            "reverse-home_nursing__starts_on": clock.today().isoformat(),
            "reverse-home_nursing__scope": "Morgen og kveld.",
            "reverse-practical_assistance__outcome": "refused",
            "reverse-reasons": "Nye opplysninger fra fastlegen.", "reverse-upheld": "partly"}
    response = client.post_form(f"{url}/reverse?lang=en", form, from_page=url, status=400)
    assert "Write the municipality's assessment of the rest of the appeal." in text_of(
        page_of(response).select_one(".ds-error-summary"))
    assert kinds(db_session, case.id)[-1] == "appealed"
    client.post_form(f"{url}/reverse", {**form, "reverse-rest": "Praktisk bistand fastholdes."},
                     from_page=url)
    assert db_session.get(Application, case.id).state == "forwarded"
    timeline = text_of(client.get_page(f"{url}?lang=en").select_one(".timeline"))
    assert ("changed the decision in part and sent the rest of the appeal to Statsforvalteren i "
            "Trøndelag") in timeline


def test_the_staff_workspace_tells_the_case_office_what_waits(client):
    client.login_as(PER, "staff")
    notice = client.get_page("/staff/?lang=en").select_one(".case-notice")
    assert "1 case waiting for a decision" in text_of(notice)
    client.post_form("/auth/logout", {}, from_page="/staff/")
    client.login_as(ANNE, "staff")
    assert client.get_page("/staff/?lang=en").select_one(".case-notice") is None


def test_per_sends_an_interim_reply_with_reason_and_date_and_the_applicant_sees_it(
        client, build, db_session):
    """Forvaltningsloven § 11 a (issue 15, item 7): as soon as it is clear a case will take
    time, the officer tells why and when; a date not in the future, or no reason, is refused
    at its field and nothing changes; the applicant reads it on the timeline."""
    case = build(person(LIV), upto="received")
    url = f"/staff/applications/{case.id}"
    client.login_as(PER, "staff")
    for form, message in (
            ({"interim-reason": "", "interim-expected_on": (clock.today() + timedelta(days=9))
              .isoformat()}, "Write why the case takes time."),
            ({"interim-reason": "Venter på fastlegen.",
              "interim-expected_on": clock.today().isoformat()},
             "The expected date of the decision must be in the future.")):
        response = client.post_form(f"{url}/interim-reply?lang=en", form, from_page=url,
                                    status=400)
        assert message in text_of(page_of(response).select_one("#interim-h").parent)
    assert kinds(db_session, case.id) == ["submitted", "received"]
    expected = clock.today() + timedelta(days=20)
    client.post_form(f"{url}/interim-reply", {"interim-reason": "Vi venter på opplysninger fra "
                                              "fastlegen.",
                                              "interim-expected_on": expected.isoformat()},
                     from_page=url)
    stored = db_session.get(Application, case.id)
    assert (stored.state, stored.decision_expected_on) == ("received", expected)
    assert stored.interim_reply_at is not None
    client.post_form("/auth/logout", {}, from_page="/staff/")
    client.login_as(LIV)
    item = client.get_page(f"/applications/{case.id}?lang=en").select(".timeline__item")[-1]
    assert text_of(item.find("h3")) == "Interim reply: the case takes longer"
    assert f"We expect a decision by {expected.day} " in text_of(item)
    assert "Vi venter på opplysninger fra fastlegen." in text_of(item)
    assert "Per Lund, Forvaltningskontoret Ørland" in text_of(item)


def test_the_workspace_count_and_the_list_mark_the_same_cases_overdue(client, build,
                                                                      db_session):
    """Forvaltningsloven § 11 a (issue 15, item 7): one rule (casework.overdue) for both: a
    month without a promised date, or past the date promised; a promise in time is not."""
    from portal.applications import casework

    old = clock.today() - timedelta(days=45)
    at = datetime.combine(old, time(10), clock.OSLO).astimezone(UTC)
    silent = build(person(LIV), upto="received", at=at)
    promised = build(person(LIV), upto="received", at=at)
    db_session.execute(update(Application).where(Application.id == promised.id).values(
        interim_reply_at=at + timedelta(days=10),
        decision_expected_on=clock.today() + timedelta(days=5)))
    db_session.commit()
    client.login_as(PER, "staff")
    page = client.get_page("/staff/applications/?lang=en")
    marked = {text_of(tr.select_one("td a")) for tr in page.select("tbody tr")
              if tr.select_one(".overdue-tag")}
    assert silent.case_number in marked and promised.case_number not in marked
    office = db_session.get(Application, silent.id).unit_id
    counted = casework.workspace_counts(office, datetime.now(UTC))["overdue"]
    assert counted == len(marked)
    notice = client.get_page("/staff/?lang=en").select_one(".case-notice")
    assert f"{counted} case is overdue" in text_of(notice) or \
        f"{counted} cases are overdue" in text_of(notice)
