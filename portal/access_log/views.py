"""The access log page: who has seen my (or my child's) health data."""

from flask import Blueprint, g, render_template, request
from flask_login import login_required

from portal import access, features, params
from portal.access_log import labels, services
from portal.access_log.areas import ACCESS_LOG
from portal.access_log.forms import LogFilterForm

bp = Blueprint("access_log", __name__, url_prefix="/access-log")


@bp.get("/")
@login_required
def index():
    """Show the subject's access log, newest first, by reader and day, filtered by role,
    reader and period."""
    scope = access.scope(ACCESS_LOG)
    form = LogFilterForm(request.args, readers=services.readers(scope))
    valid = form.validate()
    log_filter = (services.LogFilter(form.role.data or None, form.start.data, form.end.data,
                                     form.reader_id)
                  if valid else services.LogFilter())
    page = services.groups_for(scope, log_filter, params.number(request.args, "page", 1))
    return render_template("access_log/index.html", form=form, page=page, labels=labels,
                           is_self=g.subject.id == g.actor.id), 200 if valid else 400


def init_app(app):
    """Declare the access log as an area and add its page."""
    features.install(app, areas=(ACCESS_LOG,), blueprints=(bp,))
