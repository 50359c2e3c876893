"""Words and symbols for flags, so that colour is never the only signal (WCAG 1.4.1), and a
result's value and range as text.

The value and the range are written here, not as template macros: a list of results shows
them on every row, and a Jinja macro costs several times a function (issue 22).
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _p

from portal.i18n import measure

WORDS = {
    "N": _l("Normal"),
    "L": _l("Low"),
    "H": _l("High"),
    "LL": _l("Critical low"),
    "HH": _l("Critical high"),
    "A": _l("Abnormal"),
    "AA": _l("Critical abnormal"),
    None: _l("Not assessed"),
}
SYMBOLS = {"N": "✓", "L": "↓", "H": "↑", "LL": "⇊", "HH": "⇈", "A": "!", "AA": "‼", None: "–"}
STATUS = {
    "registered": _l("Registered"),
    "preliminary": _l("Preliminary"),
    "final": _l("Final"),
    "amended": _l("Amended"),
    "corrected": _l("Corrected"),
    "cancelled": _p("lab result", "Cancelled"),
}


def value_of(row) -> str:
    """Return a result's value as shown: the number in the reader's locale with its unit, else
    the lab's text, else a dash."""
    if row.value_quantity is not None:
        number = measure(row.value_quantity)
        return f"{number} {row.unit}" if row.unit else number
    return row.value_string or "–"


def range_of(reference) -> str:
    """Return the range a result is judged by (ranges.py) as text: the lab's words, or the
    bounds it has."""
    if reference.text:
        return reference.text
    low, high = reference.low, reference.high
    if low is not None and high is not None:
        return f"{measure(low)}–{measure(high)}"
    if high is not None:
        return f"≤ {measure(high)}"
    if low is not None:
        return f"≥ {measure(low)}"
    return _("No reference range")
