"""Staff purposes that check themselves.

Staff see a person's data only for a reason of their own unit: an open thread to the
team, a case at the office, an appointment at the unit, the person's listing with the GP
office. A purpose is a fact in the database, and it is looked up there: the decision asks
the purpose whether it still holds, by its own query, so a view cannot make one up (an
object built in memory, or a row of another unit, is refused).
"""

from typing import Protocol, runtime_checkable

from sqlalchemy import inspect, select

from portal import db
from portal.access.areas import StaffRows


@runtime_checkable
class Purpose(Protocol):
    """A staff member's reason to see a person."""

    unit_id: int | None
    person_id: int

    def holds(self) -> bool:
        """Tell whether the database holds this purpose as it claims, now."""


class PurposeRow:
    """A table whose rows are purposes themselves (a thread, a case, an appointment).

    The model says which of its rows a unit has a reason to see, as an SQL condition, in
    `purpose_rows(unit_id)`; the same condition checks one row, read again from the
    database (so a change made in memory, or an object never saved, proves nothing).
    """

    @classmethod
    def purpose_rows(cls, unit_id: int):
        """Return the condition for the rows that are a purpose of the unit."""
        raise NotImplementedError

    def holds(self) -> bool:
        """Tell whether this row, as the database holds it, is a purpose of its unit."""
        state = inspect(self)
        if not state.persistent or self.unit_id is None:
            return False
        model = type(self)
        with db.session.no_autoflush:
            return db.session.scalar(select(model.id).where(
                model.id == self.id, model.person_id == self.person_id,
                model.purpose_rows(self.unit_id))) is not None

    @classmethod
    def staff_rows(cls):
        """Return how staff reach rows of this table: the row is its own purpose."""
        return StaffRows(rows=cls.purpose_rows, purpose_of=lambda row, _unit_id: row)
