"""Applications as rules, without HTTP (DOMAIN.md, "Applications for municipal services")."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from portal import db
from portal.access import Actor
from portal.access.loaders import staff_scope
from portal.applications import casework, services, states, timeline
from portal.applications.areas import APPLICATIONS
from portal.applications.decisions import DecisionProblems, Terms
from portal.applications.models import Application, CaseEvent, Decision
from portal.applications.states import CaseError, ForbiddenTransition
from portal.care.models import Stay, VisitPlan
from portal.clock import OSLO
from portal.journal.models import Organization
from portal.notices import Delivery, Notice
from portal.representation.models import PowerOfAttorney
from tests import factories as make
from tests.applications.conftest import person
from tests.client import EMMA, INGRID, KARI, LIV, OLA, PER
from tests.notices import queued, send

NOW = datetime(2026, 3, 2, 13, 0, tzinfo=UTC)

# The services speak (Flask-Babel) and validate (WTForms) within a request.
pytestmark = pytest.mark.usefixtures("request_ctx")


def kinds(application) -> list[str]:
    return list(db.session.scalars(select(CaseEvent.kind).where(
        CaseEvent.application_id == application.id).order_by(CaseEvent.at, CaseEvent.id)))


def notices_of(application) -> list[Notice]:
    """Return the notices queued about a case, oldest first."""
    return queued(resource="application", resource_id=application.id)


def delivered(application, deliveries: list[Delivery]) -> list[Delivery]:
    """Return the deliveries of notices about a case."""
    ids = {n.id for n in notices_of(application)}
    return [d for d in deliveries if d.notice_id in ids]


# Words that would tell what the case is about, in any of the portal's languages.
HEALTH_WORDS = ("nursing", "sykepleie", "medisin", "operasjon", "safety alarm", "alarm",
                "meal", "måltid", "sårstell")


def assert_no_health_information(delivery: Delivery, applicant) -> None:
    """Rule: a notice by e-mail or SMS carries no health information, not even whose case."""
    text = f"{delivery.subject}\n{delivery.body}".lower()
    for word in HEALTH_WORDS:
        assert word not in text, (word, text)
    assert applicant.given_name.lower() not in text and applicant.family_name.lower() not in text


def test_sending_gives_a_case_number_and_a_confirmation_without_health_details(build):
    """Rule: submitting gives a receipt with a case number; notices carry no health information.

    The applicant is told at the contact chosen in the application; whoever applied for them
    at their own address; each in their own language.
    """
    ola, ingrid = person(OLA), person(INGRID)
    ingrid.language = "en"  # Ola has chosen no language: bokmål, the portal's default
    application = build(ola, ingrid, at=NOW)
    assert application.case_number == f"2026/{application.id:06d}"
    assert (application.state, application.person_id, application.submitted_by_id) == (
        "submitted", ola.id, ingrid.id)
    assert application.form_data["behalf"]["basis"] == "power"
    (notice,) = notices_of(application)
    assert (notice.kind, notice.person_id, notice.params) == (
        "application_received", ola.id, {"case": application.case_number})
    # Sent when the job runs, now: the demo's power of attorney is in force.
    sent = delivered(application, send(db.utcnow()))
    assert [(d.person_id, d.channel, d.address, d.language) for d in sent] == [
        (ola.id, "sms", "912 34 567", "nb"), (ingrid.id, "email", ingrid.email, "en")]
    to_ola, to_ingrid = sent
    assert (to_ola.subject, to_ola.body) == (
        "Søknaden er mottatt",
        f"Vi har mottatt søknaden, saksnummer {application.case_number}. Du kan følge saken i "
        "helseportalen.\n\nDette er en automatisk melding. Svar på denne meldingen blir ikke lest.")
    assert (to_ingrid.subject, to_ingrid.body) == (
        "Application received",
        f"We have received the application, case number {application.case_number}. You can "
        "follow the case in the health portal.\n\nThis is an automatic message; replies are "
        "not read.")
    for delivery in sent:
        assert_no_health_information(delivery, ola)


def test_two_applications_sent_in_the_same_moment_get_different_numbers(build):
    liv = person(LIV)
    first, second = build(liv, at=NOW), build(liv, at=NOW)
    assert first.case_number != second.case_number


def test_a_child_applicants_notices_go_to_the_parent_who_applied(build):
    emma, kari = person(EMMA), person(KARI)
    application = build(emma, kari, at=NOW)
    assert [n.kind for n in notices_of(application)] == ["application_received"]
    sent = delivered(application, send(db.utcnow()))
    # Emma is 7: the SMS number in the form is not hers to be told at; her mother is told.
    assert [(d.person_id, d.channel, d.address) for d in sent] == [
        (kari.id, "email", kari.email)]
    assert application.case_number in sent[0].body
    assert_no_health_information(sent[0], emma)


def test_a_representative_whose_power_is_revoked_before_sending_is_not_told(build):
    """Who is told is decided when the notice is sent: a revoked power of attorney is not."""
    ola, ingrid = person(OLA), person(INGRID)
    application = build(ola, ingrid, at=NOW)
    power = db.session.scalar(select(PowerOfAttorney).where(
        PowerOfAttorney.grantor_id == ola.id, PowerOfAttorney.grantee_id == ingrid.id,
        PowerOfAttorney.revoked_at.is_(None)))
    power.revoked_at = db.utcnow() - timedelta(minutes=1)
    db.session.commit()
    sent = delivered(application, send(db.utcnow()))
    assert [(d.person_id, d.channel, d.address) for d in sent] == [(ola.id, "sms", "912 34 567")]
    assert services.confirmation(application, db.utcnow()) == [(ola, "sms", "912 34 567")]


def test_a_parent_who_applied_is_told_until_the_child_is_16_then_the_child_is(build):
    """Parents have no access from 16: news after the birthday goes to the young person."""
    kari, per = person(KARI), person(PER)
    now = db.utcnow()
    birthday = (now + timedelta(days=10)).astimezone(OSLO).date()  # 16 in ten days
    born = birthday.replace(year=birthday.year - 16)
    child = make.person(born, given="Tiril", family="Nordmann", street=kari.street,
                        postcode=kari.postcode)
    make.parent_of(kari, child)
    application = build(child, kari, upto="received", at=now)
    before_16 = delivered(application, send(now + timedelta(days=1)))
    assert [(d.person_id, d.channel, d.address) for d in before_16] == [
        (kari.id, "email", kari.email)]
    later = now + timedelta(days=20)
    casework.request_info(application, officer=per, question="Har du trapp?", now=later)
    db.session.commit()
    after_16 = delivered(application, send(later))
    assert [(d.person_id, d.channel, d.address) for d in after_16] == [
        (child.id, "sms", "912 34 567")]
    assert_no_health_information(after_16[0], child)


def test_an_incomplete_draft_is_not_sent(build):
    liv = person(LIV)
    draft = build(liv, upto="draft")
    services.save_step(draft, "need", {"need": "For kort", "current_help": ""})
    with pytest.raises(CaseError, match="not complete"):
        services.submit(draft, actor=liv, on_behalf={"basis": "self", "by": liv.name}, now=NOW)
    assert services.incomplete_steps(draft, on_behalf=False) == ["need"]
    db.session.refresh(draft)
    assert (draft.state, draft.case_number) == ("draft", None)


def test_a_sent_application_cannot_be_sent_again_or_edited(build):
    liv = person(LIV)
    application = build(liv, at=NOW)
    with pytest.raises(ForbiddenTransition):
        services.submit(application, actor=liv, on_behalf={"basis": "self", "by": liv.name},
                        now=NOW)
    with pytest.raises(ForbiddenTransition):
        services.save_step(application, "need", {"need": "x" * 30})
    with pytest.raises(CaseError):
        services.delete_draft(application)


def test_every_step_is_on_the_timeline_and_the_timeline_replays_to_the_state(build):
    """Every transition writes a CaseEvent; the state is what the timeline says."""
    liv, per = person(LIV), person(PER)
    application = build(liv, upto="received", at=NOW)
    casework.request_info(application, officer=per, question="Hvor bor du?", now=NOW)
    services.answer(application, actor=liv, text="I Brekstad.", now=NOW)
    casework.assess(application, officer=per, visit_at=datetime(2026, 3, 9, 10, tzinfo=OSLO),
                    notes="Trenger hjelp morgen og kveld.", now=NOW)
    casework.decide(application, officer=per, parts=[Terms(
        "home_nursing", "partly_granted", starts_on=date(2026, 3, 9),
        scope="Hjemmesykepleie hver morgen.")], reasons="Behov for hjelp om morgenen.", now=NOW)
    services.appeal(application, actor=liv, reasons="Jeg trenger hjelp om kvelden også.",
                    late_reason=None, now=NOW)
    casework.forward(application, officer=per, note="Kommunen fastholder vedtaket.", now=NOW)
    assert kinds(application) == ["submitted", "received", "info_requested", "info_given",
                                  "visit_planned", "assessed", "decided", "appealed", "forwarded"]
    # The applicant is told of what they must act on or read: never of the officer's own steps.
    assert [n.kind for n in notices_of(application)] == [
        "application_received", "case_news", "case_news", "appeal_received", "case_news"]
    assert states.replay(kinds(application)) == ("forwarded", "received")
    assert application.state == "forwarded"


@pytest.mark.parametrize("asked_in", ["received", "under_assessment"])
def test_an_answer_takes_the_case_back_to_where_the_question_found_it(build, asked_in):
    """Rule: more information can be requested; the case goes on when the applicant answers."""
    liv, per = person(LIV), person(PER)
    application = build(liv, upto="received" if asked_in == "received" else "assessed", at=NOW)
    casework.request_info(application, officer=per, question="Har du trapp?", now=NOW)
    assert application.state == "more_info_requested"
    services.answer(application, actor=liv, text="Ja, til andre etasje.", now=NOW)
    assert application.state == asked_in


def test_two_people_acting_on_one_case_at_once_cannot_both_move_it(build):
    liv, per = person(LIV), person(PER)
    application = build(liv, at=NOW)
    # Another officer receives it meanwhile; this one still holds the page from before.
    db.session.execute(update(Application).where(Application.id == application.id)
                       .values(state="received").execution_options(synchronize_session=False))
    with pytest.raises(CaseError, match="Someone else changed the case"):
        casework.receive(application, officer=per, now=NOW)
    assert kinds(application) == ["submitted"]


@pytest.mark.parametrize(("terms", "field", "message"), [
    (Terms("home_nursing", "granted", date(2026, 3, 9)), "scope", "Write what is granted"),
    (Terms("home_nursing", "granted", scope="Morgen"), "starts_on", "Give the date the service"),
    (Terms("home_nursing", "approved"), "outcome", "Choose granted, partly granted or refused"),
    (Terms("home_nursing", "granted", date(2026, 3, 9), date(2026, 3, 1), "Morgen"), "ends_on",
     "cannot be before the start"),
    # Home nursing is free: no fee may be set (egenandelsforskriften).
    (Terms("home_nursing", "granted", date(2026, 3, 9), scope="Morgen", fee_nok=100), "fee_nok",
     "free of charge"),
    (Terms("home_nursing", "refused", fee_nok=-1), "fee_nok", "cannot be negative"),
])
def test_a_decision_needs_what_a_letter_must_hold(build, terms, field, message):
    """DOMAIN.md, "Applications": each service's outcome, period, scope and fee rule; nothing saved."""
    application = build(person(LIV), upto="assessed", at=NOW)
    with pytest.raises(DecisionProblems, match=message) as refused:
        casework.decide(application, officer=person(PER), parts=[terms],
                        reasons="Fordi behovet er vurdert.", now=NOW)
    assert [(p.service, p.field) for p in refused.value.problems] == [("home_nursing", field)]
    assert application.state == "under_assessment"
    assert services.decisions(application) == []


def test_a_decision_must_decide_every_service_applied_for_once(build):
    """DOMAIN.md, "Applications": one decision per service applied for, no more and no fewer."""
    application = build(person(LIV), upto="assessed", services_=("home_nursing", "bpa"), at=NOW)
    for parts in ([Terms("home_nursing", "refused")],
                  [Terms("home_nursing", "refused"), Terms("home_nursing", "refused")],
                  [Terms("home_nursing", "refused"), Terms("safety_alarm", "refused")]):
        with pytest.raises(CaseError, match="Decide each service applied for, once"):
            casework.decide(application, officer=person(PER), parts=parts,
                            reasons="Fordi behovet er vurdert.", now=NOW)
    assert services.decisions(application) == []


def test_each_service_gets_its_own_outcome_period_scope_and_fee_rule(build):
    """DOMAIN.md, "Applications": one decision per service (issue 15, item 5).

    Home nursing is free, a short-term stay is charged per day and must end, a long-term
    place is charged by income (egenandelsforskriften §§ 1 and 3); the decision as a whole
    is partly granted when the parts differ.
    """
    codes = ("home_nursing", "short_term_stay", "long_term_place", "relief_care")
    application = build(person(LIV), upto="assessed", services_=codes, at=NOW)
    start = date(2026, 3, 9)
    stay = Terms("short_term_stay", "granted", start, scope="Korttidsopphold for opptrening.",
                 fee_nok=190)
    with pytest.raises(DecisionProblems) as refused:
        casework.decide(application, officer=person(PER), parts=[
            Terms("home_nursing", "granted", start, scope="Morgen og kveld."),
            Terms("short_term_stay", "granted", start, scope="Opptrening."),
            Terms("long_term_place", "granted", start, scope="Fast plass.", fee_nok=12000),
            Terms("relief_care", "refused")], reasons="Behovet er vurdert ved hjemmebesøk.",
            now=NOW)
    assert {(p.service, p.field) for p in refused.value.problems} == {
        ("short_term_stay", "ends_on"), ("short_term_stay", "fee_nok"),
        ("long_term_place", "fee_nok")}
    decision = casework.decide(application, officer=person(PER), parts=[
        Terms("relief_care", "refused", fee_nok=300),
        Terms("home_nursing", "granted", start, scope="Morgen og kveld."),
        replace(stay, ends_on=date(2026, 3, 30)),
        Terms("long_term_place", "partly_granted", date(2026, 4, 1), scope="Plass fra april.")],
        reasons="Behovet er vurdert ved hjemmebesøk.", now=NOW)
    db.session.flush()
    parts = {p.service: (p.outcome, p.starts_on, p.ends_on, p.fee_rule, p.fee_nok)
             for p in services.decisions(application)[0].services}
    assert parts == {
        "home_nursing": ("granted", start, None, "free", None),
        "short_term_stay": ("granted", start, date(2026, 3, 30), "per_day", 190),
        "long_term_place": ("partly_granted", date(2026, 4, 1), None, "by_income", None),
        "relief_care": ("refused", None, None, "free", None)}
    assert decision.outcome == "partly_granted"
    assert [p.service for p in decision.services] == list(codes)  # in the catalogue's order


def test_a_refusal_needs_no_scope_and_the_letter_has_reasons(build):
    application = build(person(LIV), upto="decided", at=NOW)
    (decision,) = services.decisions(application)
    (part,) = decision.services
    assert (decision.outcome, part.outcome, part.scope, part.fee_nok) == (
        "refused", "refused", None, None)
    assert decision.decided_by_id == person(PER).id


def test_reconsidering_reverses_with_a_new_decision_in_the_applicants_favour(build):
    """Rule: an appeal is first reconsidered by the municipality; a reversal never worsens."""
    liv, per = person(LIV), person(PER)
    application = build(liv, upto="decided", at=NOW)
    services.appeal(application, actor=liv, reasons="Jeg klarer meg ikke alene.",
                    late_reason=None, now=NOW)
    with pytest.raises(CaseError, match="send the appeal to Statsforvalteren i Trøndelag instead"):
        casework.reverse(application, officer=per, parts=[Terms("home_nursing", "refused")],
                         reasons="Fastholdes.", now=NOW)
    casework.reverse(application, officer=per, parts=[Terms(
        "home_nursing", "granted", date(2026, 3, 9), scope="Hjemmesykepleie hver dag.")],
        reasons="Nye opplysninger.", now=NOW)
    assert application.state == "reconsidered"
    assert [d.outcome for d in services.decisions(application)] == ["refused", "granted"]
    first, second = services.decisions(application)
    assert services.letter(application, first)["replaced_by"] == second


def test_forwarding_needs_the_municipalitys_view(build):
    liv = person(LIV)
    application = build(liv, upto="decided", at=NOW)
    services.appeal(application, actor=liv, reasons="Jeg er uenig.", late_reason=None, now=NOW)
    with pytest.raises(CaseError, match="Statsforvalteren i Trøndelag"):
        casework.forward(application, officer=person(PER), note=" ", now=NOW)
    assert application.state == "appealed"


@pytest.mark.parametrize(("upto", "may"), [("submitted", True), ("received", True),
                                           ("assessed", True), ("decided", False)])
def test_withdrawing_is_possible_until_the_decision(build, upto, may):
    liv = person(LIV)
    application = build(liv, upto=upto, at=NOW)
    if may:
        services.withdraw(application, actor=liv, reason="Fikk hjelp av familien.", now=NOW)
        assert application.state == "withdrawn"
    else:
        with pytest.raises(ForbiddenTransition):
            services.withdraw(application, actor=liv, reason=None, now=NOW)


def test_a_draft_can_be_deleted(build):
    draft = build(person(LIV), upto="draft")
    services.delete_draft(draft)
    assert db.session.get(Application, draft.id) is None


def test_no_more_than_five_drafts(build):
    liv = person(LIV)
    for _ in range(services.MAX_DRAFTS):
        build(liv, upto="draft")
    with pytest.raises(CaseError, match="already 5 unfinished"):
        services.start_draft(make.scope(liv, liv, APPLICATIONS), liv, now=NOW)


def test_the_case_office_of_the_municipality_receives_every_application(request_ctx):
    assert services.case_office().code == "forvaltning-orland"
    assert services.case_office(person(LIV)).code == "forvaltning-orland"


def test_an_application_goes_to_the_case_office_where_the_person_lives(build):
    """Helse- og omsorgstjenesteloven § 3-1: the municipality of residence provides."""
    liv = person(LIV)
    liv.municipality_id = db.session.scalar(select(Organization.id).where(
        Organization.code == "roros"))
    application = build(liv, upto="draft")
    assert db.session.get(Organization, application.unit_id).code == "forvaltning-roros"


def test_decisions_are_kept_in_order(build):
    application = build(person(LIV), upto="decided", at=NOW)
    assert db.session.scalar(select(Decision.application_id)) is not None
    assert [d.application_id for d in services.decisions(application)] == [application.id]


def office_scope(office):
    """Return the case office's staff scope of applications, as Per logged in there has it."""
    return staff_scope(Actor(person(PER), role="staff", unit_id=office.id), APPLICATIONS)


def test_the_case_list_filters_by_state_and_service_and_never_shows_drafts(build):
    liv, office = person(LIV), services.case_office()
    build(liv, upto="draft", services_=("meal_delivery",))
    alarm = build(liv, upto="received", services_=("safety_alarm", "meal_delivery"), at=NOW)
    meals = build(liv, upto="decided", services_=("meal_delivery",), at=NOW)
    cases = office_scope(office)
    by = lambda **kw: [a.id for a in casework.case_page(cases, **kw).rows]  # noqa: E731
    waiting = by(state=None, service="meal_delivery")
    assert waiting == [alarm.id]
    assert set(by(state="all", service="meal_delivery")) == {alarm.id, meals.id}
    assert by(state="decided", service="meal_delivery") == [meals.id]
    assert alarm.id not in by(state=None, service="home_nursing")
    assert all(a.state != "draft" for a in casework.case_page(cases, state="all",
                                                              service=None).rows)


def test_the_case_list_pages(build, monkeypatch):
    liv, office = person(LIV), services.case_office()
    monkeypatch.setattr(casework, "PAGE_SIZE", 2)
    for _ in range(3):
        build(liv, at=NOW)
    cases = office_scope(office)
    first = casework.case_page(cases, state="submitted", service=None, page=1)
    second = casework.case_page(cases, state="submitted", service=None, page=2)
    beyond = casework.case_page(cases, state="submitted", service=None, page=99)
    assert (first.total, first.pages, len(first.rows), len(second.rows)) == (3, 2, 2, 1)
    assert beyond.page == 2 and not {a.id for a in first.rows} & {a.id for a in second.rows}


def test_the_workspace_counts_what_waits(build):
    office = services.case_office()
    before = casework.workspace_counts(office.id, NOW + timedelta(days=40))
    build(person(LIV), at=NOW)
    after = casework.workspace_counts(office.id, NOW + timedelta(days=40))
    assert after["new"] == before["new"] + 1 and after["overdue"] == before["overdue"] + 1


def test_notes_after_the_visit_do_not_plan_the_visit_again_and_a_past_visit_is_not_coming(
        build):
    """Issue 16, item 7: the timeline kept "will visit on 30 November" after the visit and
    added a second one when the officer wrote notes with the form's date still in it."""
    liv, per = person(LIV), person(PER)
    application = build(liv, upto="received", at=NOW)
    visit = datetime(2026, 3, 9, 10, tzinfo=OSLO)
    casework.assess(application, officer=per, visit_at=visit, notes=None, now=NOW)
    casework.assess(application, officer=per, visit_at=visit, notes="Trenger hjelp.",
                    now=NOW + timedelta(days=10))
    assert kinds(application).count("visit_planned") == 1
    planned = [e for e in timeline.entries(application, []) if e.kind == "visit_planned"]
    assert len(planned) == 1 and planned[0].past  # the portal's clock is past 9 March 2026
    # Moving the visit to another time plans it again.
    casework.assess(application, officer=per, visit_at=visit + timedelta(days=2), notes=None,
                    now=NOW + timedelta(days=11))
    assert kinds(application).count("visit_planned") == 2


def test_a_granted_decision_starts_the_care_and_a_refused_one_nothing(build):
    """Issue 18: a granted application for home nursing leads to a visit plan with the
    municipality's home-care team, a granted short-term stay to a stay in its nursing home."""
    liv = person(LIV)
    refused = build(liv, upto="decided", services_=("home_nursing",))
    assert db.session.scalars(select(VisitPlan).where(VisitPlan.person_id == liv.id)).all() == []
    application = build(liv, upto="assessed", services_=("home_nursing", "short_term_stay"),
                        at=NOW)
    start = NOW.date() + timedelta(days=3)
    casework.decide(application, officer=person(PER), parts=[
        Terms("home_nursing", "granted", starts_on=start, scope="Hver morgen"),
        Terms("short_term_stay", "granted", starts_on=start, ends_on=start + timedelta(days=14),
              scope="Korttidsplass i 14 døgn", fee_nok=180)], reasons="Behovet er dokumentert.",
        now=NOW)
    (plan,) = db.session.scalars(select(VisitPlan).where(VisitPlan.person_id == liv.id))
    assert plan.team.code == "hjemmetjenesten-orland" and plan.starts_on == start
    (stay,) = db.session.scalars(select(Stay).where(Stay.person_id == liv.id))
    assert (stay.kind, stay.admitted_on) == ("short_term", start)
    assert db.session.get(Organization, stay.unit_id).code == "orland-sykehjem"
    assert refused.state == "decided"
