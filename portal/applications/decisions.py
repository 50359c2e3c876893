"""What a decision holds: one part per service applied for, each checked before anything is saved.

DOMAIN.md, "Applications for municipal services": one decision per service, each with its own
outcome, period, scope, legal basis and fee rule (home nursing is free; short-term stays are
charged per day; long-term places by income, egenandelsforskriften). Every problem names
the service and the field, so that the case officer's form shows it where it belongs.
"""

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _

from portal.applications.catalogue import BY_CODE, CODES, WITH_AMOUNT, FeeRule
from portal.applications.models import OUTCOMES, Application, Decision, ServiceDecision
from portal.applications.states import CaseError

GRANTED = ("granted", "partly_granted")
# How good an outcome is for the applicant: a new decision after an appeal may only go up.
RANK = {"refused": 0, "partly_granted": 1, "granted": 2}


@dataclass(frozen=True)
class Terms:
    """What the case officer decides for one service."""

    service: str
    outcome: str | None
    starts_on: date | None = None
    ends_on: date | None = None
    scope: str | None = None
    fee_nok: int | None = None


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a decision: the service (None for the letter), the field, why."""

    service: str | None
    field: str
    message: str


class DecisionProblems(CaseError):
    """A decision that cannot be made as written; nothing is saved."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(problems[0].message)


def _part_problems(terms: Terms) -> list[Problem]:
    """Return what is wrong with the terms of one service."""
    found = []

    def wrong(field: str, message: str) -> None:
        found.append(Problem(terms.service, field, message))

    if terms.outcome not in OUTCOMES:
        wrong("outcome", _("Choose granted, partly granted or refused."))
    granted = terms.outcome in GRANTED
    if granted and not (terms.scope or "").strip():
        wrong("scope", _("Write what is granted: how much, how often, and where."))
    if granted and terms.starts_on is None:
        wrong("starts_on", _("Give the date the service starts."))
    if granted and terms.service == "short_term_stay" and terms.ends_on is None:
        wrong("ends_on", _("A short-term stay needs an end date."))
    if terms.starts_on and terms.ends_on and terms.ends_on < terms.starts_on:
        wrong("ends_on", _("The end date cannot be before the start date."))
    rule = BY_CODE[terms.service].fee_rule
    if terms.fee_nok is not None and terms.fee_nok < 0:
        wrong("fee_nok", _("The fee cannot be negative."))
    elif not granted:
        pass  # a refusal has no fee: what the form held is not kept
    elif terms.fee_nok and rule == FeeRule.FREE:
        wrong("fee_nok", _("This service is free of charge (egenandelsforskriften): leave the "
                           "fee empty."))
    elif terms.fee_nok and rule == FeeRule.BY_INCOME:
        wrong("fee_nok", _("The fee for a long-term place is a share of the income, calculated "
                           "separately: leave the fee empty."))
    elif rule in WITH_AMOUNT and terms.fee_nok is None:
        wrong("fee_nok", _("Give the fee in kroner (0 if the municipality charges nothing)."))
    return found


def problems(application: Application, parts: list[Terms], reasons: str | None) -> list[Problem]:
    """Return everything wrong with a decision on an application; an empty list if it may be made."""
    found = []
    codes = [terms.service for terms in parts]
    if sorted(codes) != sorted(application.services) or len(set(codes)) != len(codes):
        found.append(Problem(None, "services", _("Decide each service applied for, once.")))
        return found
    for terms in parts:
        found += _part_problems(terms)
    if not (reasons or "").strip():
        found.append(Problem(None, "reasons", _("Write the reasons for the decision.")))
    return found


def overall(outcomes) -> str:
    """Return the outcome of a decision from its parts' outcomes."""
    outcomes = set(outcomes)
    if outcomes == {"granted"}:
        return "granted"
    return "refused" if outcomes == {"refused"} else "partly_granted"


def _part(terms: Terms) -> ServiceDecision:
    """Build one service's part; a refusal keeps no period, scope or fee."""
    rule = BY_CODE[terms.service].fee_rule
    granted = terms.outcome in GRANTED
    return ServiceDecision(
        service=terms.service, outcome=terms.outcome,
        starts_on=terms.starts_on if granted else None,
        ends_on=terms.ends_on if granted else None,
        scope=((terms.scope or "").strip() or None) if granted else None,
        fee_rule=rule.value, fee_nok=terms.fee_nok if granted and rule in WITH_AMOUNT else None)


def build(application: Application, *, officer, parts: list[Terms], reasons: str,
          now: datetime) -> Decision:
    """Check a decision and build it, one part per service, or raise DecisionProblems."""
    found = problems(application, parts, reasons)
    if found:
        raise DecisionProblems(found)
    ordered = sorted(parts, key=lambda terms: CODES.index(terms.service))
    return Decision(application_id=application.id, outcome=overall(t.outcome for t in ordered),
                    reasons=reasons.strip(), decided_by_id=officer.id, decided_at=now,
                    services=[_part(terms) for terms in ordered])


def _terms_of(part: ServiceDecision) -> tuple:
    """Return what a part decides, to compare two decisions."""
    return (part.outcome, part.starts_on, part.ends_on, part.scope, part.fee_nok)


def in_favour(new: Decision, old: Decision) -> bool:
    """Tell whether a new decision changes the old one, and no service's outcome gets worse."""
    before = {part.service: part for part in old.services}
    worse = any(RANK[part.outcome] < RANK[before[part.service].outcome] for part in new.services
                if part.service in before)
    changed = any(part.service not in before or _terms_of(part) != _terms_of(before[part.service])
                  for part in new.services)
    return changed and not worse
