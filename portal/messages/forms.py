"""Forms for writing a message, answering one, and handing a thread on."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf.file import MultipleFileField
from wtforms import SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, ValidationError

from portal.forms import Form
from portal.messages import attachments
from portal.messages.services import BODY_MAX, SUBJECT_MAX

ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


def _strip(value):
    """Trim surrounding white space, so a message of spaces counts as empty."""
    return value.strip() if isinstance(value, str) else value


def _id_or_none(value):
    """Read a chosen id; anything that is not a number reads as no choice."""
    return int(value) if str(value).isdigit() else None


def _at_most(limit: int, message):
    """Refuse text longer than a limit, saying how long it was."""
    def check(_form, field):
        if field.data and len(field.data) > limit:
            raise ValidationError(str(message).format(n=limit, length=len(field.data)))
    return check


def _team_label(team) -> str:
    """Name a team with the time it promises to answer within."""
    if not team.answer_days:
        return team.name
    return ngettext("%(team)s (answers within %(num)d working day)",
                    "%(team)s (answers within %(num)d working days)", team.answer_days,
                    team=team.name)


class _WithAttachments(Form):
    """A message text with optional attachments, checked by content and size."""

    body = TextAreaField(_l("Message"), filters=[_strip], render_kw={"rows": 8}, validators=[
        DataRequired(_l("Write a message.")),
        _at_most(BODY_MAX, _l("The message can be at most {n} characters. It is now {length}.")),
    ])
    attachments = MultipleFileField(_l("Attachments (optional)"), render_kw={
        "accept": ACCEPT})

    def validate_attachments(self, field):
        """Check each chosen file by its content; keep the checked files in self.uploads."""
        files = [f for f in (field.data or []) if f and f.filename]
        if len(files) > attachments.MAX_FILES:
            raise ValidationError(_l("You can attach at most {n} files.").format(
                n=attachments.MAX_FILES))
        limit = current_app.config["PORTAL_MAX_ATTACHMENT_BYTES"]
        try:
            self.uploads = [attachments.inspect(f, limit=limit) for f in files]
        except attachments.AttachmentError as exc:
            raise ValidationError(str(exc)) from None

    @property
    def checked_uploads(self) -> list:
        """Return the files that passed the checks (none before validation)."""
        return getattr(self, "uploads", [])


class NewThreadForm(_WithAttachments):
    """Write to a care team: whom, about what, the message and any files."""

    team = SelectField(_l("To"), coerce=_id_or_none, validate_choice=False,
                       validators=[DataRequired(_l("Choose the care team to write to."))])
    subject = StringField(_l("Subject"), filters=[_strip], validators=[
        DataRequired(_l("Write a subject.")),
        _at_most(SUBJECT_MAX, _l("The subject can be at most {n} characters. It is now {length}.")),
    ])

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.team_ids = {t.id for t in teams}
        choices = [SelectChoice(t.id, _team_label(t)) for t in teams]
        if len(teams) != 1:
            choices.insert(0, SelectChoice("", _l("Choose a care team")))
        self.team.choices = choices

    def validate_team(self, field):
        """Refuse a team the person has no relationship with (a tampered choice)."""
        if field.data not in self.team_ids:
            raise ValidationError(_l("You can write only to the care teams in the list."))


class ReplyForm(_WithAttachments):
    """Answer in a thread."""


class HandOnForm(Form):
    """Hand a thread on to a colleague in the same unit."""

    to = SelectField(_l("Hand on to"), coerce=_id_or_none, validate_choice=False,
                     validators=[DataRequired(_l("Choose a colleague."))])

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.to.choices = [SelectChoice("", _l("Choose a colleague"))] + [
            SelectChoice(p.id, p.person.name) for p in colleagues]


class SendOnForm(Form):
    """Send a thread on to another care team of the municipality."""

    team = SelectField(_l("Send to another team"), coerce=_id_or_none, validate_choice=False,
                       validators=[DataRequired(_l("Choose a team."))])

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.team.choices = [SelectChoice("", _l("Choose a team"))] + [
            SelectChoice(t.id, t.name) for t in teams]
