"""What the access decision speaks of: areas of personal data, verbs, powers of attorney.

An area is declared once, by the feature that owns the data (results declare RESULTS, the
journal NOTES, DOCUMENTS and the rest), with everything the decision needs to know of it:
its label in the access log, which powers of attorney cover it, what parents of a 12-15
year old get of it, the category a young person may share it under, whether it is health
data, and which rows of which tables belong to it. The decision reads only these
declarations, so adding an area is one declaration (DOMAIN.md, "Representation").
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum, StrEnum

from flask_babel import lazy_gettext as _l


class Verb(StrEnum):
    """Looking, or doing something (booking, writing, applying)."""

    VIEW = "view"
    ACT = "act"


class Power(StrEnum):
    """The four levels of a power of attorney (DOMAIN.md, "Adults (fullmakt)")."""

    FULL = "full"
    STANDARD = "standard"
    READ = "read"
    COMMUNICATE = "communicate"

    @property
    def acts(self) -> bool:
        """Tell whether a holder at this level may act, not only look (Read only looks)."""
        return self is not Power.READ


ALL_POWERS = frozenset(Power)
# Full, Standard and Read cover everything but notes and documents; Communicate does not.
EXCEPT_COMMUNICATE = frozenset({Power.FULL, Power.STANDARD, Power.READ})
FULL_ONLY = frozenset({Power.FULL})


class Grant(IntEnum):
    """What parents of a 12-15 year old get of an area unless the young person shares more."""

    NONE = 0
    VIEW = 1
    ACT = 2


@dataclass(frozen=True)
class ShareCategory:
    """A kind of data a young person of 12-15 may choose to share with a parent."""

    code: str
    label: object  # a lazily translated string


@dataclass(frozen=True)
class StaffRows:
    """How staff of a unit reach rows of a table: through a purpose that checks itself.

    `rows(unit_id)` is the purpose as an SQL condition (the rows a unit has a reason to see);
    `purpose_of(row, unit_id)` finds the purpose for one row, looked up, never built by a view.
    """

    rows: Callable[[int], object]
    purpose_of: Callable[[object, int], object | None]


@dataclass(frozen=True, eq=False)
class Rows:
    """The rows of one table that belong to an area, and how the decision narrows them.

    - owner: the column naming whose data a row is;
    - where: conditions that pick the area's rows out of the table (a kind, a category);
    - visible: conditions every reader is held to at a moment (release rules of results);
    - confidential: the condition for rows never shown to parents or representatives (a
      column marked confidential, tests sensitive by nature);
    - restricted: the rows a parent of a 12-15 year old sees while the young person has not
      shared the area's category (DOMAIN.md, "Children 12-15");
    - staff: how staff reach the rows, or None where staff have no purpose for them.
    """

    model: type
    owner: object
    where: Callable[[], list] | None = None
    visible: Callable[[datetime], list] | None = None
    confidential: Callable[[], object] | None = None
    restricted: Callable[[], list] | None = None
    staff: StaffRows | None = None


@dataclass(frozen=True, eq=False)
class Area:
    """One kind of personal data, as its feature declares it."""

    code: str  # kept in the access log's `what`; never renamed
    label: object  # "test results": what the access log says was seen
    powers: frozenset[Power]
    parents_12_15: Grant = Grant.NONE
    share: ShareCategory | None = None
    health: bool = True  # health data needs a login at the high assurance level
    rows: tuple[Rows, ...] = ()

    def rows_of(self, model: type) -> Rows | None:
        """Return how the area's rows of a table are found, or None if it has none there."""
        return next((r for r in self.rows if r.model is model), None)

    def __repr__(self) -> str:
        return f"Area({self.code!r})"


# The one area the access package owns itself: who a person is, and whether one may act
# for them at all. Not health data: a login at the substantial level may see it.
PROFILE = Area("profile", _l("personal details"), powers=ALL_POWERS,
               parents_12_15=Grant.VIEW, health=False)
