"""Refusals: the decision's "no" as an exception that carries a message for the person.

A loader raises one; each blueprint renders it (an HTML page or a step-up redirect here,
a JSON error in an API). Where the reader has no relation to the person, or the data is
not theirs to know of, the refusal is a plain "not found" that reveals nothing, not even
that the data exists. Where the reader does act for the person, it says which rule stops
them, in plain words.
"""

from flask_babel import gettext as _

from portal.access.decision import Decision, Reason


class Refusal(Exception):
    """The access decision said no; `status` and `message` say how to tell the person."""

    status = 404

    def __init__(self, message: str | None = None):
        super().__init__(message or "")
        self.message = message


class NotFound(Refusal):
    """Nothing to show, and nothing said about whether it exists."""

    status = 404


class NotAllowed(Refusal):
    """The reader acts for the person, but a rule keeps this from them; the message says which."""

    status = 403


class StepUp(Refusal):
    """Allowed only after logging in again at the high assurance level."""

    status = 401


def refusal(decision: Decision, subject) -> Refusal:
    """Return the refusal to raise for a decision that said no."""
    reason, area = decision.reason, decision.area
    if reason is Reason.STEP_UP:
        return StepUp()
    what, name = area.label, getattr(subject, "name", "")
    if reason is Reason.POWER_READ:
        return NotAllowed(_("You can see {name}'s {what}, but your power of attorney is for "
                            "reading only: you cannot book, write or apply for {name}.")
                          .format(name=name, what=what))
    if reason is Reason.POWER_AREA:
        return NotAllowed(_("The power of attorney you hold from {name} does not cover {what}.")
                          .format(name=name, what=what))
    if reason is Reason.PARENT_AREA and area.share is not None:
        return NotAllowed(_("Parents do not see {what} for young people aged 12 to 15. "
                            "{name} can use the health service in confidence, and can choose "
                            "to share more with you.").format(name=name, what=what))
    if reason is Reason.PARENT_AREA:
        return NotAllowed(_("Parents do not see {what} for young people aged 12 to 15. "
                            "{name} can use the health service in confidence.").format(
                                name=name, what=what))
    if reason is Reason.PARENT_ACT:
        return NotAllowed(_("You can see {name}'s {what}, but parents of young people aged "
                            "12 to 15 cannot make changes to them.").format(name=name, what=what))
    return NotFound()
