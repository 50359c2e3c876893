"""The home page's card: a questionnaire to answer before a visit."""

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from portal import access
from portal.home.cards import Card
from portal.i18n import format_day
from portal.questionnaires import services
from portal.questionnaires.areas import QUESTIONNAIRES


def questionnaires_card(actor, subject) -> Card | None:
    """Return a card when the subject has questionnaires to answer."""
    scope = access.peek(QUESTIONNAIRES, subject=subject)
    if scope is None:
        return None
    waiting, _answered = services.for_person(scope)
    if not waiting:
        return None
    first = waiting[0]
    text = (_("Please answer before {date}.").format(date=format_day(first.due_at))
            if len(waiting) == 1 and first.due_at
            else ngettext("%(num)d questionnaire to answer.", "%(num)d questionnaires to answer.",
                          len(waiting)))
    one = len(waiting) == 1
    return Card(heading=_("Questionnaire"), text=text, highlight=True,
                url=url_for("questionnaires.show", response_id=first.id) if one
                else url_for("questionnaires.index"),
                link_text=_("Answer the questionnaire") if one else _("See the questionnaires"))
