"""Applications in the demo: Ola's safety alarm, sent by Ingrid and now being assessed."""

from datetime import date, datetime, time, timedelta

from portal.applications.models import Application, CaseEvent

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
                 "current_help": "Hjemmesykepleie to ganger i uka (insulin og fotstell). "
                                 "Jeg ringer ham hver dag."},
        "consents": {"consent_gp": True, "consent_hospital": True, "consent_next_of_kin": True,
                     "declaration": True},
        "behalf": {"basis": "power", "level": "full", "by": ingrid.name},
    }


def add_applications(session, today: date, people, units, staff) -> None:
    """Add Ola's safety-alarm application under assessment, with its timeline."""
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
