"""Plain words for the states, outcomes and timeline events of an application."""

from datetime import date

from flask_babel import lazy_gettext as _l

from portal.applications.catalogue import BY_CODE, SERVICES
from portal.applications.forms import STEPS
from portal.representation.forms import LEVEL_NAMES

STATE_NAMES = {
    "draft": _l("Draft"),
    "submitted": _l("Sent"),
    "received": _l("Received"),
    "more_info_requested": _l("Waiting for more information"),
    "under_assessment": _l("Being assessed"),
    "decided": _l("Decided"),
    "appealed": _l("Appealed"),
    "reconsidered": _l("New decision after appeal"),
    "forwarded": _l("Sent to the appeal body"),
    "withdrawn": _l("Withdrawn"),
}
# Colours of the state tags; the tag also has the state's name, so colour is never alone.
STATE_COLOURS = {
    "draft": "neutral", "submitted": "info", "received": "info",
    "more_info_requested": "warning", "under_assessment": "info", "decided": "success",
    "appealed": "warning", "reconsidered": "success", "forwarded": "neutral",
    "withdrawn": "neutral",
}
# What happens now, for the applicant, by state.
STATE_NEXT = {
    "submitted": _l("The case office will register the application and tell you who handles it."),
    "received": _l("The case office is going through the application. They may call you to "
                   "agree on a home visit."),
    "more_info_requested": _l("The case office needs more information before they can go on. "
                              "Answer the question below."),
    "under_assessment": _l("The case office is assessing what help is needed, often with a "
                           "home visit. Then you get a decision."),
    "decided": _l("Read the decision letter. If you disagree, you can appeal: the letter says "
                  "by when and to whom."),
    "appealed": _l("The case office will look at the decision again. If they do not change it "
                   "as you ask, they send the appeal on to the appeal body."),
    "reconsidered": _l("The case office has made a new decision after your appeal. Read the new "
                       "decision letter."),
    "forwarded": _l("The appeal has been sent to the appeal body named below, which makes the "
                    "final decision and writes to you."),
    "withdrawn": _l("The application is withdrawn. You can send a new one at any time."),
}
# What the case office waits for, by state, when there is no step for it to take.
STAFF_WAITING = {
    "more_info_requested": _l("Waiting for the applicant's answer. The case goes on when it comes."),
    "decided": _l("Decided. The applicant may appeal until the deadline above."),
    "reconsidered": _l("A new decision is made after the appeal. The applicant may appeal it."),
    "forwarded": _l("The appeal body named on the timeline decides the appeal."),
    "withdrawn": _l("The applicant has withdrawn the application."),
}
OUTCOME_NAMES = {
    "granted": _l("Granted"),
    "partly_granted": _l("Partly granted"),
    "refused": _l("Refused"),
}
EVENT_TITLES = {
    "submitted": _l("Application sent"),
    "received": _l("Application received by the case office"),
    "info_requested": _l("The case office asked for more information"),
    "info_given": _l("Answer to the case office"),
    "visit_planned": _l("Home visit planned"),
    "assessed": _l("Assessment registered"),
    "interim_reply": _l("Interim reply: the case takes longer"),
    "decided": _l("Decision made"),
    "appealed": _l("Appeal received"),
    "late_reason": _l("Reason for appealing after the deadline"),
    "reversed": _l("New decision after the appeal"),
    "partly_reversed": _l("New decision after the appeal; the rest sent to the appeal body"),
    "forwarded": _l("Appeal sent to the appeal body"),
    "withdrawn": _l("Application withdrawn"),
}
# The fee of a granted service, by its rule (egenandelsforskriften); {amount} in kroner
# ("NOK 350" in English, "350 kroner" in Norwegian).
FEE_WORDS = {
    "free": _l("Free of charge (egenandelsforskriften)."),
    "per_day": _l("NOK {amount} per day."),
    "per_month": _l("NOK {amount} per month."),
    "per_meal": _l("NOK {amount} per meal."),
    "by_income": _l("A share of your income, calculated from your income after tax "
                    "(egenandelsforskriften § 3). You get the amount in a separate letter."),
}


def _iso_date(value):
    """Read a date typed into the form (ISO 8601), or None."""
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def template_context() -> dict:
    """Return the words the feature's templates need, on both the citizen and staff side."""
    return {"iso_date": _iso_date, "level_names": LEVEL_NAMES, "catalogue": SERVICES,
            "by_code": BY_CODE, "fee_words": FEE_WORDS,
            "state_names": STATE_NAMES, "state_colours": STATE_COLOURS, "state_next": STATE_NEXT,
            "staff_waiting": STAFF_WAITING,
            "outcome_names": OUTCOME_NAMES,
            "service_names": {s.code: s.name for s in SERVICES},
            "step_titles": {name: title for name, (_form, title) in STEPS.items()}}
