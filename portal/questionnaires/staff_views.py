"""Questionnaires for staff: reading one person's answers (logged), and sending one."""

from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import DateField, SelectField, StringField
from wtforms.validators import InputRequired, Optional

from portal import access, clock, db
from portal.forms import Form
from portal.journal.forms import valid_national_id
from portal.journal.models import Person
from portal.questionnaires import definitions, services
from portal.questionnaires.areas import QUESTIONNAIRES
from portal.questionnaires.models import QuestionnaireResponse, Sending
from portal.staff.views import staff_required

bp = Blueprint("staff_questionnaires", __name__, url_prefix="/staff/questionnaires")
FLAG_WORDS = {
    "total": _l("The total is at or above the instrument's limit."),
    "self_harm": _l("Any answer other than “never” to the question about harming oneself: "
                    "talk with the person today."),
}


class SendForm(Form):
    """Send a questionnaire to a person, found by national identity number."""

    national_id = StringField(_l("National identity number (11 digits)"),
                              validators=[InputRequired(_l("Enter a national identity number.")),
                                          valid_national_id])
    questionnaire = SelectField(_l("Questionnaire"),
                                validators=[InputRequired(_l("Choose a questionnaire."))])
    due = DateField(_l("Answer by (optional)"), validators=[Optional()])


@bp.get("/<int:response_id>")
@staff_required
def show(response_id: int):
    """Show a person's answers with the score and flags (a read in the person's log)."""
    row = access.staff_load(QuestionnaireResponse, response_id, area=QUESTIONNAIRES)
    lang = g.get("lang", "nb")
    return render_template("staff/questionnaire.html", response=row, lang=lang,
                           definition=services.definition_of(row), flag_words=FLAG_WORDS)


@bp.route("/send", methods=["GET", "POST"])
@staff_required
def send():
    """Send a questionnaire from the unit to a person."""
    lang = g.get("lang", "nb")
    form = SendForm()
    form.questionnaire.choices = [("", _("Choose…"))] + [
        (code, d.title(lang)) for code, d in definitions.from_files().items()]
    error = None
    if form.validate_on_submit():
        person = db.session.scalar(select(Person).where(
            Person.national_id == form.national_id.data.strip()))
        purpose = Sending(g.login.unit_id, person.id) if person is not None else None
        try:
            if person is None:
                raise access.NotFound()
            access.scope(access.PROFILE, subject=person, purpose=purpose)
        except access.Refusal:
            error = _("No one with that number can be sent a questionnaire from this unit.")
        else:
            due = form.due.data
            if due is not None and due < clock.today():
                error = _("The date to answer by cannot be in the past.")
            else:
                services.send(person, form.questionnaire.data, unit_id=g.login.unit_id,
                              now=db.utcnow(), sent_by=g.actor,
                              due_at=clock.end_of_day(due) if due else None)
                flash(_("The questionnaire is sent to {name}.").format(name=person.name),
                      "success")
                return redirect(url_for("staff.index"))
    else:
        access.decided()  # the form itself shows nobody's data
    status = 400 if error or form.errors else 200
    return render_template("staff/questionnaire_send.html", form=form, error=error), status
