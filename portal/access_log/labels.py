"""Plain words for what was read and in which role, for the access log page.

What was read is named by the area that was read, in the words its feature declared
(portal.access.registry), so a new area needs no words here.
"""

from flask_babel import lazy_gettext as _l

from portal.access import registry

ROLE = {
    "parent": _l("as a parent"),
    "representative": _l("with a power of attorney"),
    "staff": _l("as health and care staff"),
    "self": _l("for themselves"),
}


def what(code: str):
    """Return the words for what an access-log entry says was read."""
    return registry.label(code)
