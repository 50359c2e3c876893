"""Applications in the demo: Ola's safety alarm, sent by Ingrid and now being assessed; and
his earlier application for home nursing and practical assistance, which had an interim reply
with its reason and expected date (fvl § 11 a) and was decided service by service.
"""

from datetime import date, datetime, time, timedelta

from portal.applications.deadlines import interim_due
from portal.applications.models import Application, CaseEvent, Decision, ServiceDecision

from .builders import OSLO, at

OLA, INGRID = "30865940099", "08828500059"


def _weekday_from(day: date) -> date:
    """Return the day, or the Monday after it if it falls on a weekend."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _olas_answers(ola, ingrid) -> dict:
    """Return the form as Ingrid filled it in for Ola, every step complete."""
    return {
        "applicant": {"relationship": "Datter", "phone": ola.phone, "email": "",
                      "contact_by": "sms", "interpreter": "no", "interpreter_language": ""},
        "next_of_kin": {"has_next_of_kin": "yes", "name": ingrid.name, "relation": "Datter",
                        "phone": ingrid.phone},
        "gp": {"office": "Ørland legekontor", "doctor": "Nils Eide"},
        "services": {"services": ["safety_alarm"], "start": ""},
        "need": {"need": "Far bor alene og har falt to ganger i høst, sist på badet om natten. "
                         "Han har diabetes og blir av og til svimmel. Han ønsker trygghetsalarm "
                         "så han kan tilkalle hjelp når han faller.",
                 "current_help": "Hjemmesykepleie hver morgen (medisiner og fotstell) og "
                                 "rengjøring en gang i uka. Jeg ringer ham hver dag."},
        "consents": {"consent_gp": True, "consent_hospital": True, "consent_next_of_kin": True,
                     "declaration": True},
        "behalf": {"basis": "power", "level": "full", "by": ingrid.name},
    }


def _earlier_answers(ola, ingrid) -> dict:
    """Return the form of Ola's earlier application, for home nursing and practical help."""
    answers = _olas_answers(ola, ingrid)
    answers["services"] = {"services": ["home_nursing", "practical_assistance"], "start": ""}
    answers["need"] = {"need": "Far har fått diabetes og trenger hjelp med insulin og fotstell. "
                               "Han klarer ikke å vaske huset selv etter hofteoperasjonen.",
                       "current_help": "Jeg handler for ham en gang i uka."}
    return answers


def _add_decided(session, today: date, ola, ingrid, per, office) -> None:
    """Add Ola's earlier application, decided with one part per service (DOMAIN.md)."""
    sent = at(today - timedelta(days=150), 11, 5)
    decided = at(today - timedelta(days=128), 13, 30)
    starts = decided.astimezone(OSLO).date() + timedelta(days=7)
    application = Application(person=ola, submitted_by=ingrid, unit_id=office.id, state="draft",
                              services=["home_nursing", "practical_assistance"],
                              form_data=_earlier_answers(ola, ingrid),
                              created_at=sent - timedelta(minutes=40))
    session.add(application)
    session.flush()
    application.case_number = f"{sent.astimezone(OSLO).year}/{application.id:06d}"
    application.submitted_at = sent
    application.interim_due_at = interim_due(sent)
    application.state = "decided"
    application.interim_reply_at = sent + timedelta(days=9)
    application.decision_expected_on = decided.astimezone(OSLO).date()
    events = (("submitted", ingrid, sent, None), ("received", per, sent + timedelta(days=1), None),
              ("interim_reply", per, application.interim_reply_at,
               "Vi venter på opplysninger fra fastlegen om medisinene dine."),
              ("assessed", per, sent + timedelta(days=15),
               "Hjemmebesøk: trenger hjelp med medisiner om morgenen, og med rengjøring."),
              ("decided", per, decided, None))
    session.add_all([CaseEvent(application_id=application.id, kind=kind, actor_id=who.id, at=when,
                               note=note,
                               expected_on=application.decision_expected_on
                               if kind == "interim_reply" else None)
                     for kind, who, when, note in events])
    session.add(Decision(
        application_id=application.id, outcome="partly_granted", decided_by_id=per.id,
        decided_at=decided,
        reasons="Du har behov for hjelp med insulin og fotstell, som hjemmesykepleien gir. "
                "Du klarer lettere husarbeid selv, men trenger hjelp med tyngre rengjøring.",
        services=[
            ServiceDecision(service="home_nursing", outcome="granted", starts_on=starts,
                            scope="Besøk hver morgen: medisiner og blodsukker, fotstell en "
                                  "gang i uka.",
                            fee_rule="free"),
            ServiceDecision(service="practical_assistance", outcome="partly_granted",
                            starts_on=starts, scope="Tyngre rengjøring en time hver onsdag.",
                            fee_rule="per_month", fee_nok=230)]))


def add_applications(session, today: date, people, units, staff) -> None:
    """Add Ola's safety-alarm application under assessment, and his earlier decided one."""
    ola, ingrid = people[OLA], people[INGRID]
    per = staff["per"].person
    sent = at(today - timedelta(days=12), 19, 40)
    application = Application(person=ola, submitted_by=ingrid, unit_id=units["forvaltning-orland"].id,
                              state="draft", services=["safety_alarm"],
                              form_data=_olas_answers(ola, ingrid),
                              created_at=sent - timedelta(minutes=25))
    session.add(application)
    session.flush()  # the case number is the year and the application's id
    application.case_number = f"{sent.astimezone(OSLO).year}/{application.id:06d}"
    application.submitted_at = sent
    application.interim_due_at = interim_due(sent)
    application.state = "under_assessment"
    visit = datetime.combine(_weekday_from(today + timedelta(days=3)), time(10), OSLO)
    session.add_all([
        CaseEvent(application_id=application.id, kind="submitted", actor_id=ingrid.id, at=sent),
        CaseEvent(application_id=application.id, kind="received", actor_id=per.id,
                  at=at(today - timedelta(days=11), 9, 15)),
        CaseEvent(application_id=application.id, kind="visit_planned", actor_id=per.id,
                  at=at(today - timedelta(days=9), 10, 5), note=visit.isoformat()),
    ])
    session.flush()
    _add_decided(session, today, ola, ingrid, per, units["forvaltning-orland"])
