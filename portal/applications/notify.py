"""Notices about a case, by e-mail or SMS: only that there is news, and the case number.

The applicant is told from 16, at the contact they chose in the application; whoever
applied for them is told too, while they may still see the applicant's applications when
the notice is sent (a revoked power of attorney, or a parent once the child is 16, is not).
"""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from portal import notices
from portal.applications.areas import APPLICATIONS
from portal.applications.models import Application

ADULT_FOR_NOTICES = 16  # younger applicants' news goes to the parent who applied


def _kind(code: str, subject, text, **extra) -> notices.Kind:
    """Return a kind of case notice: the same words for the applicant and for others."""
    return notices.Kind(code, APPLICATIONS, subject, own=text, other=text,
                        own_from_age=ADULT_FOR_NOTICES, **extra)


RECEIVED = _kind("application_received", _l("Application received"),
                 _l("We have received the application, case number {case}. You can follow "
                    "the case in the health portal."))
APPEAL_RECEIVED = _kind("appeal_received", _l("Appeal received"),
                        _l("We have received the appeal in case {case}. You can follow the "
                           "case in the health portal."))
NEWS = _kind("case_news", _l("News in your case"),
             _l("There is news in case {case}. Log in to the health portal to read it."))
INTERIM = _kind("interim_reply", _l("Your case takes longer"),
                _l("Case {case} takes longer than usual. We expect a decision by {date}. You can "
                   "read why in the health portal."), dates=("date",))
# Sent by the job to a case without an interim reply: it promises no date it does not know.
INTERIM_AUTOMATIC = _kind(
    "interim_reply_automatic", _l("Your case takes longer"),
    _l("Case {case} takes longer than usual. This notice is automatic: the case office will "
       "tell you when they expect a decision. You can follow the case in the health portal."))
KINDS = (RECEIVED, APPEAL_RECEIVED, NEWS, INTERIM, INTERIM_AUTOMATIC)


def _contact(application: Application) -> dict:
    """Return the contact the applicant chose in the application, if any."""
    person = application.person
    given = (application.form_data or {}).get("applicant", {})
    if given.get("contact_by") == "email" and given.get("email", "").strip():
        return {person.id: ("email", given["email"].strip())}
    if phone := (given.get("phone") or person.phone or "").strip():
        return {person.id: ("sms", phone)}
    return {}


def tell(application: Application, kind: notices.Kind, now: datetime, *,
         expected: date | None = None) -> notices.Notice:
    """Queue a notice about the case to the applicant and whoever applied for them."""
    params = {"case": application.case_number}
    if expected is not None:
        params["date"] = expected.isoformat()
    return notices.queue(kind, application.person, now=now, about=application,
                         candidates=[application.submitted_by_id], params=params,
                         contacts=_contact(application))
