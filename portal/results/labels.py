"""Words and symbols for flags, so that colour is never the only signal (WCAG 1.4.1)."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _p

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
