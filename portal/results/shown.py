"""A result as a page shows it: the row, the range it is judged by, its flag and its name."""

from dataclasses import dataclass
from datetime import date

from portal.clock import OSLO
from portal.results import classification, names, ranges, services


@dataclass(frozen=True)
class Shown:
    """A result as the page shows it: the row, the range it is judged by, its flag, and whether
    it is new to the reader."""

    row: object
    flag: classification.Flag
    reference: ranges.Reference
    new: bool = False

    @classmethod
    def of(cls, row, *, new: bool = False) -> "Shown":
        """Judge a stored result by its range (the lab's, else the catalogue's)."""
        reference = ranges.of(row)
        return cls(row, classification.of(row, reference), reference, new)

    @property
    def name(self) -> str:
        """Return the test's name in the page's language, with the lab's name where it differs."""
        return names.of(self.row)

    @property
    def whose(self) -> str:
        """Say whose reference range the result is judged by."""
        return ranges.whose(self.reference)

    @property
    def signature(self) -> str | None:
        """Return the name the sharing doctor's comment is signed with, if not signed already."""
        by = self.row.released_by
        return services.signature(self.row.release_comment, by.person.name if by else None)

    @property
    def css(self) -> str:
        """Return the CSS class for the flag's colour."""
        return f"flag-{self.flag.colour}"

    @property
    def day(self) -> date:
        """Return the sample date in Oslo."""
        return self.row.effective_at.astimezone(OSLO).date()
