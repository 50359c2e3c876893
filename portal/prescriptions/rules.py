"""Which prescriptions may be renewed online, how long one is valid, and when it runs out.

- A prescription is valid one year from the day it is issued or renewed (Store medisinske
  leksikon, "resept"; Apotek 1, "Gyldighet på resepter").
- Group A (narcotics) and group B (habit-forming medicines) are for one dispensing and are
  never reiterated; they are not renewed online here, where nobody sees the person: the GP
  renews them in a consultation (helsenorge's "Fornye resept" leaves them out too).
- Multidose dispensing (multidose) is renewed through the multidose list, which the GP
  keeps with the pharmacy, not one prescription at a time.
- "Runs out": no dispensings left, or the validity ends within 30 days (issue 20).
"""

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

RUNS_OUT_WITHIN = timedelta(days=30)
CONTROLLED_GROUPS = ("A", "B")

# Why a prescription cannot be asked for online, in the words the page uses.
NOT_ONLINE = {
    "controlled": _l("Narcotic and habit-forming medicines (prescription group A and B) are "
                     "not renewed online. Contact your GP office, which renews them in a "
                     "consultation."),
    "multidose": _l("This medicine comes in multidose packs. Multidose is renewed through "
                    "the multidose list, which your GP office keeps with the pharmacy: "
                    "contact the GP office."),
}


def valid_to(issued_on: date) -> date:
    """Return the last day of a prescription issued on a day: one year on (28 February for a
    prescription of 29 February)."""
    try:
        return issued_on.replace(year=issued_on.year + 1)
    except ValueError:
        return issued_on.replace(year=issued_on.year + 1, day=28)


def dispensings_for(group: str, asked: int) -> int:
    """Return how many dispensings a prescription may have: one for groups A and B."""
    return 1 if group in CONTROLLED_GROUPS else max(1, asked)


def not_online(prescription) -> str | None:
    """Return why a prescription cannot be asked for online ("controlled", "multidose"), or
    None when it may."""
    if prescription.prescription_group in CONTROLLED_GROUPS:
        return "controlled"
    if prescription.multidose:
        return "multidose"
    return None


def is_valid(prescription, today: date) -> bool:
    """Tell whether a prescription can still be dispensed today."""
    return prescription.valid_to >= today and prescription.dispensings_left > 0


def runs_out(prescription, today: date) -> bool:
    """Tell whether a prescription in use runs out within 30 days (or has run out): its
    validity ends, or no dispensings are left."""
    return (prescription.dispensings_left == 0
            or prescription.valid_to <= today + RUNS_OUT_WITHIN)
