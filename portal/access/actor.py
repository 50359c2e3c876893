"""Who asks: a person, how they logged in, and for staff, the unit they work for now.

An actor is built from a login session (the pages) or from an access token (an app reading
the journal through an API), so that both ask the same decision.
"""

from dataclasses import dataclass
from enum import StrEnum

HIGH = "idporten-loa-high"


class Role(StrEnum):
    """In which capacity someone reads or acts; kept in the access log."""

    SELF = "self"
    PARENT = "parent"
    REPRESENTATIVE = "representative"
    STAFF = "staff"


@dataclass(frozen=True)
class Actor:
    """The person asking, how they logged in, and through what."""

    person: object
    role: str = "citizen"  # how they logged in: "citizen" or "staff"
    acr: str | None = HIGH
    unit_id: int | None = None
    app_id: int | None = None  # the app, when the actor comes from an access token

    @property
    def is_staff(self) -> bool:
        """Tell whether the actor works for a unit (logged in as staff)."""
        return self.role == "staff"

    @classmethod
    def from_session(cls, login) -> "Actor":
        """Build the actor of a login session (portal.auth.models.LoginSession)."""
        return cls(person=login.person, role=login.role, acr=login.acr, unit_id=login.unit_id)

    @classmethod
    def from_token(cls, person, *, acr: str | None, app_id: int) -> "Actor":
        """Build the actor of an access token: the person who consented, through an app."""
        return cls(person=person, role="citizen", acr=acr, app_id=app_id)
