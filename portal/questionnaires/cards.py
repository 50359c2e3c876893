"""The home page's card: a questionnaire to answer before a visit."""

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from portal.home.cards import Card, Probe
from portal.i18n import format_day
from portal.questionnaires import services
from portal.questionnaires.areas import QUESTIONNAIRES


def _ask(scope, _actor, _when) -> dict:
    """Ask how many questionnaires the subject has to answer, and which is due first."""
    return services.waiting_questions(scope)


def _show(_scope, _actor, _subject, answers) -> Card | None:
    """Return a card when the subject has questionnaires to answer."""
    count = answers["waiting"]
    if not count:
        return None
    one = count == 1
    text = (_("Please answer before {date}.").format(date=format_day(answers["first_due"]))
            if one and answers["first_due"]
            else ngettext("%(num)d questionnaire to answer.", "%(num)d questionnaires to answer.",
                          count))
    return Card(heading=_("Questionnaire"), text=text, highlight=True,
                url=url_for("questionnaires.show", response_id=answers["first_id"]) if one
                else url_for("questionnaires.index"),
                link_text=_("Answer the questionnaire") if one else _("See the questionnaires"))


WAITING_QUESTIONNAIRES = Probe(QUESTIONNAIRES, _ask, _show)
