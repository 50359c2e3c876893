"""WHO growth references as LMS tables, read from the `pygrowthstandards` package.

The numbers are never typed in here: they come from the parquet file the package ships,
which holds the WHO Child Growth Standards 2006 (0-5 years, one row per day) and the WHO
Growth Reference 2007 (5-19 years, one row per month, given in days). We read that file
with pyarrow rather than through the package's own API because importing the package loads
matplotlib and scipy (over a second at every start) for plotting the portal does not use.

The LMS method (Cole and Green 1992): a measurement y at an age with parameters L, M, S has
z = ((y / M) ** L - 1) / (L * S), or log(y / M) / S when L is 0; the value at a z is the
inverse. Percentile p is the value at the z whose normal distribution function is p / 100.
"""

import math
from bisect import bisect_left
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import metadata
from statistics import NormalDist

import pyarrow.parquet as pq

PACKAGE = "pygrowthstandards"
PERCENTILES = (3, 15, 50, 85, 97)
# The WHO 2006 standards' expanded tables run to 1856 days (60 completed months); the 2007
# reference starts at 61 months. The package keeps the same split.
LAST_2006_DAY = 1856


class Indicator(StrEnum):
    """A measurement drawn against age, named as the package names its tables."""

    HEIGHT = "stature"
    WEIGHT = "weight"
    HEAD = "head_circumference"
    BMI = "body_mass_index"


class Reference(StrEnum):
    """The WHO publication a table row comes from."""

    WHO_2006 = "who-2006"
    WHO_2007 = "who-2007"


@dataclass(frozen=True)
class Lms:
    """The LMS parameters at one age, and the publication they come from."""

    l: float  # noqa: E741 - the method's own name for the Box-Cox power
    m: float
    s: float
    reference: Reference

    def value_at(self, z: float) -> float:
        """Return the measurement at a z-score."""
        if self.l == 0:
            return self.m * math.exp(self.s * z)
        return self.m * (1 + self.l * self.s * z) ** (1 / self.l)

    def z_score(self, value: float) -> float:
        """Return the z-score of a measurement."""
        if self.l == 0:
            return math.log(value / self.m) / self.s
        return ((value / self.m) ** self.l - 1) / (self.l * self.s)


def package_version() -> str:
    """Return the installed version of the package the tables come from."""
    return metadata.version(PACKAGE)


def _table_file():
    """Return the path of the parquet file the package ships its tables in."""
    dist = metadata.distribution(PACKAGE)
    shipped = next(f for f in dist.files or () if f.suffix == ".parquet")
    return dist.locate_file(shipped)


@cache
def _tables() -> dict[tuple[Indicator, str], tuple[list[int], list[Lms]]]:
    """Read the WHO age tables once: (indicator, "F" or "M") -> (days, LMS rows)."""
    rows = pq.read_table(_table_file(), columns=["name", "measurement_type", "sex", "x", "l",
                                                 "m", "s"],
                         filters=[("source", "=", "who"), ("x_var_type", "=", "age")]).to_pylist()
    wanted = {i.value: i for i in Indicator}
    tables: dict = {}
    for row in sorted(rows, key=lambda r: r["x"]):
        indicator = wanted.get(row["measurement_type"])
        if indicator is None:
            continue
        days, params = tables.setdefault((indicator, row["sex"]), ([], []))
        days.append(round(row["x"]))
        params.append(Lms(row["l"], row["m"], row["s"], Reference.WHO_2006 if
                       row["name"] == "child_growth" else Reference.WHO_2007))
    return tables


def _key(sex: str | None) -> str | None:
    """Return the package's sex code for "female" or "male"; None when unknown."""
    return {"female": "F", "male": "M"}.get(sex or "")


def span(indicator: Indicator, sex: str | None) -> tuple[int, int] | None:
    """Return the first and last age in days the tables cover for an indicator and sex."""
    table = _tables().get((indicator, _key(sex)))
    return (table[0][0], table[0][-1]) if table else None


def lms(indicator: Indicator, sex: str | None, age_days: float) -> Lms | None:
    """Return the LMS at an age in days, interpolated between rows; None outside the tables."""
    table = _tables().get((indicator, _key(sex)))
    if table is None:
        return None
    days, rows = table
    if not days[0] <= age_days <= days[-1]:
        return None
    i = bisect_left(days, age_days)
    if days[i] == age_days:
        return rows[i]
    before, after = rows[i - 1], rows[i]
    t = (age_days - days[i - 1]) / (days[i] - days[i - 1])
    return Lms(before.l + t * (after.l - before.l), before.m + t * (after.m - before.m),
               before.s + t * (after.s - before.s), before.reference)


def z_of(percentile: float) -> float:
    """Return the z-score of a percentile (50 -> 0, 97 -> about 1.88)."""
    return NormalDist().inv_cdf(percentile / 100)


def percentile_of(z: float) -> float:
    """Return the percentile (0-100) of a z-score."""
    return NormalDist().cdf(z) * 100


def curve(indicator: Indicator, sex: str | None, percentile: float, first_day: int,
          last_day: int, samples: int = 60) -> list[tuple[int, float]]:
    """Return (age in days, value) along a percentile curve, only where the tables reach."""
    covered = span(indicator, sex)
    if covered is None:
        return []
    start, end = max(first_day, covered[0]), min(last_day, covered[1])
    if start > end:
        return []
    z = z_of(percentile)
    # Closer together where the curves bend most: in the first months.
    days = sorted({start + round((end - start) * (i / samples) ** 2) for i in range(samples + 1)})
    return [(day, lms(indicator, sex, day).value_at(z)) for day in days]
