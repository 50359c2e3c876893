"""THE access decision: may this actor do this to this person's data, on this date?

One pure function of its arguments and the facts it looks up (relations, powers, shares,
purposes), with the date and moment explicit. The rules are DOMAIN.md's "Representation"
(pbrl §§ 3-4, 4-3, 4-4, 5-1) and "Logging in":

- a person may see and do everything with their own data;
- a parent with parental responsibility, registered at the child's address, acts fully for
  a child of 0-11; for a child of 12-15 gets what each area grants parents, narrowed to the
  area's restricted rows unless the young person shares its category; nothing from 16;
- a holder of a power of attorney gets the areas its level covers; Read only looks;
- staff get only what a purpose of a unit they serve (their own, or a sub-unit it covers)
  concerning this person opens, and the purpose must hold in the database;
- confidential rows are for the person and for staff with a purpose, never for parents or
  representatives;
- health data needs a login at the high assurance level.
"""

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from portal import clock, db
from portal.access import registry
from portal.access.actor import HIGH, Actor, Role
from portal.access.areas import Area, Grant, Power, Verb
from portal.journal import units
from portal.representation import rules


class Reason(StrEnum):
    """Why the decision said no (for the message to the person, tests and logs)."""

    NOBODY = "nobody logged in"
    STEP_UP = "health data needs the high assurance level"
    NO_RELATION = "no relation"
    FROM_16 = "parents have no access from 16"
    PARENT_AREA = "parents of a 12-15 year old do not see this area"
    PARENT_ACT = "parents of a 12-15 year old only look at this area"
    POWER_AREA = "the power of attorney does not cover this area"
    POWER_READ = "the power of attorney is for reading only"
    NO_PURPOSE = "staff need a purpose"
    PURPOSE_KIND = "an unknown kind of purpose"
    PURPOSE_AREA = "the purpose opens other areas"
    PURPOSE_UNIT = "the purpose belongs to another unit"
    PURPOSE_PERSON = "the purpose concerns another person"
    PURPOSE_FALSE = "the purpose does not hold in the database"


@dataclass(frozen=True)
class Decision:
    """The answer, with what the feature's rows must be narrowed to."""

    allowed: bool
    area: Area
    verb: Verb = Verb.VIEW
    role: Role | None = None
    include_confidential: bool = False
    # A parent of a 12-15 year old, in an area the young person has not shared: only the
    # area's restricted rows (DOMAIN.md, "Children 12-15").
    restricted: bool = False
    purpose: object | None = None
    reason: Reason | None = None

    def __bool__(self) -> bool:
        return self.allowed

    @property
    def step_up(self) -> bool:
        """Tell whether the refusal is only for the login's assurance level."""
        return self.reason is Reason.STEP_UP

    @property
    def by_someone_else(self) -> bool:
        """Tell whether the actor reads another person's data (so the read is logged)."""
        return self.allowed and self.role is not Role.SELF


def check(actor: Actor | None, subject, area: Area, verb: Verb = Verb.VIEW, *,
          on: date | None = None, now: datetime | None = None, purpose=None) -> Decision:
    """Decide whether actor may do verb on area of subject's data, on a date in Oslo."""
    if actor is None or actor.person is None or subject is None:
        return Decision(False, area, verb, reason=Reason.NOBODY)
    if actor.is_staff:
        return _staff(actor, subject, area, verb, purpose)
    if area.health and actor.acr != HIGH:
        return Decision(False, area, verb, reason=Reason.STEP_UP)
    if actor.person.id == subject.id:
        return Decision(True, area, verb, Role.SELF, include_confidential=True)
    on = on or clock.today()
    refusal = Decision(False, area, verb, reason=Reason.NO_RELATION)
    power = rules.active_power(subject, actor.person, now=now or db.utcnow())
    if power is not None and rules.may_hold_power(subject, actor.person, on):
        decision = _representative(Power(power.level), area, verb)
        if decision:
            return decision
        refusal = decision
    if rules.is_parent_at_address(actor.person, subject):
        decision = _parent(actor.person, subject, area, verb, on)
        return decision if decision or refusal.reason is Reason.NO_RELATION else refusal
    return refusal


def _representative(level: Power, area: Area, verb: Verb) -> Decision:
    """Apply a power of attorney's level (DOMAIN.md, "Adults (fullmakt)")."""
    if level not in area.powers:
        return Decision(False, area, verb, reason=Reason.POWER_AREA)
    if verb is Verb.ACT and not level.acts:
        return Decision(False, area, verb, reason=Reason.POWER_READ)
    return Decision(True, area, verb, Role.REPRESENTATIVE)


def _parent(parent, child, area: Area, verb: Verb, on: date) -> Decision:
    """Apply the rules for parents by the child's age on the date (DOMAIN.md, "Children")."""
    age = clock.age_on(child.birth_date, on)
    if age < 12:
        return Decision(True, area, verb, Role.PARENT)
    if age >= 16:
        return Decision(False, area, verb, reason=Reason.FROM_16)
    shared = area.share is not None and area.share.code in rules.shared_categories(child, parent)
    if area.parents_12_15 is Grant.NONE and not shared:
        return Decision(False, area, verb, reason=Reason.PARENT_AREA)
    if verb is Verb.ACT and area.parents_12_15 is not Grant.ACT:
        return Decision(False, area, verb, reason=Reason.PARENT_ACT)
    return Decision(True, area, verb, Role.PARENT, restricted=not shared)


def _staff(actor: Actor, subject, area: Area, verb: Verb, purpose) -> Decision:
    """Let staff in only for a purpose of their own unit concerning this person, that holds."""
    def no(reason: Reason) -> Decision:
        return Decision(False, area, verb, reason=reason)

    if purpose is None:
        return no(Reason.NO_PURPOSE)
    opens = registry.opened_by(purpose)
    if not opens:
        return no(Reason.PURPOSE_KIND)
    if area not in opens:
        return no(Reason.PURPOSE_AREA)
    if not units.serves(actor.unit_id, purpose.unit_id):
        return no(Reason.PURPOSE_UNIT)
    if purpose.person_id != subject.id:
        return no(Reason.PURPOSE_PERSON)
    if not purpose.holds():
        return no(Reason.PURPOSE_FALSE)
    return Decision(True, area, verb, Role.STAFF, include_confidential=True, purpose=purpose)
