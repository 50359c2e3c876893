"""THE access decision: may this actor do this to this person's data?

Every view that shows or changes personal data asks `check()` (through `require()`), and
nothing else in the portal decides. The rules are DOMAIN.md's "Representation" (pbrl
§§ 3-4, 4-3, 4-4, 5-1) and "Logging in":

- a person may see and do everything with their own data;
- a parent with parental responsibility, registered at the child's address, acts fully for
  a child of 0-11, within the 12-15 rules for a child of 12-15 (plus what the young person
  has chosen to share), and not at all from 16;
- a holder of a power of attorney acts within its level: Full, Standard, Read, Communicate;
- staff act only for a purpose of their own unit (a thread, case or appointment);
- confidential entries are shown to the person and to staff with a purpose, never to
  parents or representatives;
- health data needs a login at the high assurance level; appointments do not.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import abort, current_app, g, request
from sqlalchemy import select

from portal import audit, clock, db
from portal.areas import Area, Verb
from portal.representation import rules

log = logging.getLogger(__name__)

# Areas that are not health data: a login at the substantial level may see them.
NOT_HEALTH_DATA = frozenset({Area.PROFILE, Area.APPOINTMENTS})
HIGH = "idporten-loa-high"


@dataclass(frozen=True)
class Decision:
    """The answer, with the limits the feature's queries must apply."""

    allowed: bool
    role: str | None = None  # "self", "parent", "representative" or "staff"
    include_confidential: bool = False
    include_hospital: bool = True
    unit_kinds: frozenset[str] | None = None  # None: entries from every kind of unit
    step_up: bool = False  # refused only because the login's assurance is too low
    why: str = ""

    def __bool__(self) -> bool:
        return self.allowed

    @property
    def by_someone_else(self) -> bool:
        """Tell whether the actor reads another person's data (so the read is logged)."""
        return self.allowed and self.role != "self"


def deny(why: str, *, step_up: bool = False) -> Decision:
    """Refuse, saying why (for tests and logs; never shown to the person)."""
    return Decision(False, why=why, step_up=step_up)


@dataclass(frozen=True)
class Actor:
    """Who asks: the person logged in, how they logged in, and for staff, their unit."""

    person: object
    role: str = "citizen"
    acr: str | None = HIGH
    unit_id: int | None = None
    purposes: tuple = field(default=())


def check(actor: Actor, subject, area: Area, verb: Verb = Verb.VIEW, *,
          on: date | None = None, now: datetime | None = None, purpose=None) -> Decision:
    """Decide whether actor may do verb on area of subject's data, on a date in Oslo."""
    if actor is None or actor.person is None or subject is None:
        return deny("nobody logged in")
    on = on or clock.today()
    if actor.role == "staff":
        return _staff(actor, subject, area, purpose)
    if area not in NOT_HEALTH_DATA and actor.acr != HIGH:
        return deny("health data needs the high assurance level", step_up=True)
    if actor.person.id == subject.id:
        return Decision(True, "self", include_confidential=True)
    power = rules.active_power(subject, actor.person, now=now or db.utcnow())
    if power is not None and rules.may_hold_power(subject, actor.person, on):
        decision = _representative(power.level, area, verb)
        if decision:
            return decision
    if rules.is_parent_at_address(actor.person, subject):
        return _parent(actor.person, subject, area, verb, on)
    return deny("no relation")


def _representative(level: str, area: Area, verb: Verb) -> Decision:
    """Apply a power of attorney's level (DOMAIN.md, "Adults (fullmakt)")."""
    allowed_areas, may_act = rules.POWER_LEVELS[level]
    if area not in allowed_areas:
        return deny(f"a {level} power of attorney does not cover {area}")
    if verb is Verb.ACT and not may_act:
        return deny(f"a {level} power of attorney is for reading only")
    return Decision(True, "representative")


def _parent(parent, child, area: Area, verb: Verb, on: date) -> Decision:
    """Apply the rules for parents by the child's age on the date (DOMAIN.md, "Children")."""
    age = clock.age_on(child.birth_date, on)
    if age < 12:
        return Decision(True, "parent")
    if age >= 16:
        return deny("parents have no access from 16")
    shared = rules.shared_categories(child, parent)
    allowed = rules.PARENT_12_15 | {a for c in shared for a in rules.SHARE_AREAS[c]}
    if area not in allowed:
        return deny(f"parents of a 12-15 year old do not see {area}")
    if verb is Verb.ACT and area not in rules.PARENT_12_15_MAY_ACT:
        return deny(f"parents of a 12-15 year old cannot act on {area}")
    return Decision(
        True,
        "parent",
        include_hospital="hospital_results" in shared,
        unit_kinds=rules.PARENT_12_15_UNIT_KINDS if area is Area.APPOINTMENTS else None,
    )


def _staff(actor: Actor, subject, area: Area, purpose) -> Decision:
    """Let staff in only for a purpose of their own unit concerning this person."""
    if purpose is None:
        return deny("staff need a purpose")
    if getattr(purpose, "unit_id", None) != actor.unit_id:
        return deny("the purpose belongs to another unit")
    if getattr(purpose, "person_id", None) != subject.id:
        return deny("the purpose concerns another person")
    if area not in rules.STAFF_PURPOSE_AREAS.get(type(purpose), frozenset()):
        return deny(f"a {type(purpose).__name__} gives no access to {area}")
    return Decision(True, "staff", include_confidential=True)


def current_actor() -> Actor | None:
    """Return the actor of the request, from its login session."""
    login = g.get("login")
    if login is None:
        return None
    return Actor(person=login.person, role=login.role, acr=login.acr, unit_id=login.unit_id)


def decide(area: Area, verb: Verb = Verb.VIEW, *, purpose=None, subject=None,
           step_up: bool = True) -> Decision:
    """Ask the decision for the request's actor and subject, without acting on the answer.

    Pages made of several areas (the journal overview) ask once per area and show what is
    allowed; a refusal only for the assurance level sends the person to log in at high,
    unless the caller only peeks (a card on the home page) with step_up=False.
    """
    g.access_checked = True
    subject = subject if subject is not None else g.get("subject")
    decision = check(current_actor(), subject, area, verb, purpose=purpose)
    if decision.step_up and step_up:
        from portal.auth.stepup import step_up

        step_up()
    return decision


def log_read(decision: Decision, area: Area, *, subject=None, what: str | None = None,
             resource_id: int | None = None) -> None:
    """Record a read of health data by someone other than the person (DOMAIN.md, "Access log")."""
    if not decision.by_someone_else or area is Area.PROFILE:
        return
    actor = current_actor()
    audit.record(actor=actor.person, subject=subject if subject is not None else g.subject,
                 role=decision.role, what=what or area.value, resource_id=resource_id,
                 unit=_unit(actor.unit_id))
    g.audit_pending = True  # committed once, when the page has been made (see _commit_audit)


def require(area: Area, verb: Verb = Verb.VIEW, *, purpose=None, subject=None,
            what: str | None = None, resource_id: int | None = None) -> Decision:
    """Check the request's actor against its subject, log reads by others, or answer 404.

    A refusal is a plain 404 so that it reveals nothing, not even that the data exists.
    """
    decision = decide(area, verb, purpose=purpose, subject=subject)
    if not decision:
        abort(404)
    if verb is Verb.VIEW:
        log_read(decision, area, subject=subject, what=what, resource_id=resource_id)
    return decision


def _unit(unit_id):
    """Return the unit for an id, or None."""
    if unit_id is None:
        return None
    from portal.journal.models import Organization

    return db.session.get(Organization, unit_id)


def decided() -> None:
    """Note that a page filtered its rows through the decision one by one (it may show none)."""
    g.access_checked = True


def public(view):
    """Mark a view as showing no personal data, so it needs no access decision."""
    view.shows_no_personal_data = True
    return view


def may_act_for(actor_person, subject, on: date | None = None) -> bool:
    """Tell whether a citizen may act for the subject at all (for choosing whom to act for)."""
    return bool(check(Actor(actor_person), subject, Area.PROFILE, on=on))


def people_to_act_for(actor_person, on: date | None = None) -> list:
    """Return the people a citizen may act for, children first, then powers of attorney."""
    from portal.journal.models import Person

    on = on or clock.today()
    candidates = db.session.scalars(
        select(Person).where(Person.id.in_(rules.related_ids(actor_person)))
        .order_by(Person.birth_date.desc())
    ).all()
    return [p for p in candidates if may_act_for(actor_person, p, on)]


def _fail_closed(response):
    """Refuse to send a page that showed data without asking the access decision."""
    if not 200 <= response.status_code < 300 or request.endpoint in (None, "static"):
        return response
    view = current_app.view_functions.get(request.endpoint)
    if g.get("access_checked") or getattr(view, "shows_no_personal_data", False):
        return response
    log.error("View %s answered without an access decision; refused", request.endpoint)
    from portal.errors import render_error

    body, status = render_error(500)
    return current_app.make_response((body, status))


def _commit_audit(response):
    """Commit the page's access-log entries in one go, once the page has been made."""
    if g.pop("audit_pending", False) and response.status_code < 500:
        db.session.commit()
    return response


def init_app(app):
    """Make every answer that skipped the access decision an error, not a leak; commit the log."""
    app.after_request(_fail_closed)
    app.after_request(_commit_audit)
