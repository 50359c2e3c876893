"""THE access decision, and the only way to a person's data.

- areas.py: what an area is; features declare theirs (areas.py in each feature package);
- registry.py: the declared areas and purposes, and the tables derived from them;
- decision.py: `check`, the one pure decision;
- purposes.py: staff purposes that look themselves up;
- loaders.py: scopes and loaders that decide, filter rows in SQL and note reads;
- refusals.py: the decision's "no" as exceptions with a message for the person;
- web.py: the same, bound to a request: the actor from the login, reads logged when the
  page shows them, one commit at the end.

Views ask for data, not for a verdict: `access.load(Model, id)` for one of the subject's
rows, `access.scope(AREA)` for the subject's rows of an area; on staff pages,
`access.staff_load(Model, id)` and `access.staff_scope(AREA)` for the rows the staff
member's unit has a purpose for.
"""

from portal.access.actor import HIGH, Actor, Role
from portal.access.areas import (
    ALL_POWERS,
    EXCEPT_COMMUNICATE,
    FULL_ONLY,
    PROFILE,
    Area,
    Grant,
    Power,
    Rows,
    ShareCategory,
    StaffRows,
    Verb,
)
from portal.access.decision import Decision, Reason, check
from portal.access.loaders import Scope, may_act_for, open_scope, people_to_act_for
from portal.access.purposes import Purpose, PurposeRow
from portal.access.refusals import NotAllowed, NotFound, Refusal, StepUp
from portal.access.registry import register, register_purpose
from portal.access.web import (
    allows,
    current_actor,
    decided,
    init_app,
    leads_somewhere,
    load,
    peek,
    public,
    scope,
    scopes,
    staff_load,
    staff_scope,
)

__all__ = [
    "ALL_POWERS", "EXCEPT_COMMUNICATE", "FULL_ONLY", "HIGH", "PROFILE", "Actor", "Area",
    "Decision", "Grant", "NotAllowed", "NotFound", "Power", "Purpose", "PurposeRow", "Reason",
    "Refusal", "Role", "Rows", "Scope", "ShareCategory", "StaffRows", "StepUp", "Verb",
    "allows", "check", "current_actor", "decided", "init_app", "leads_somewhere", "load",
    "may_act_for", "open_scope", "peek", "people_to_act_for", "public", "register",
    "register_purpose", "scope", "scopes", "staff_load", "staff_scope",
]
