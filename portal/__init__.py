"""The citizen health portal: create_app() is the table of contents."""

from pathlib import Path

from flask import Flask

from portal import (
    access,
    bundle,
    cli,
    config,
    db,
    errors,
    frame,
    health,
    i18n,
    pages,
    params,
    security,
)
from portal.access_log import views as access_log
from portal.applications import views as applications
from portal.appointments import views as appointments
from portal.auth import oidc, sessions
from portal.auth import views as auth
from portal.care import views as care
from portal.extensions import compress, csrf, limiter, login_manager
from portal.fhir import views as fhir
from portal.home import views as home
from portal.insight import views as insight
from portal.messages import views as messages
from portal.prescriptions import views as prescriptions
from portal.questionnaires import views as questionnaires
from portal.records import views as records
from portal.representation import views as representation
from portal.results import views as results
from portal.smart import views as smart
from portal.staff import views as staff

ROOT = Path(__file__).resolve().parent.parent
# The features, each declaring its areas of personal data, its pages and its home cards.
# The home page shows the cards in this order.
FEATURES = (pages, auth, home, staff, messages, results, prescriptions, questionnaires,
            appointments, applications, care, records, representation, access_log, fhir, smart,
            insight)


def create_app(overrides: dict | None = None) -> Flask:
    """Create the portal application."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder="static",
    )
    Path(app.instance_path).mkdir(exist_ok=True)
    app.config.update(config.from_environment(Path(app.instance_path)))
    app.config.update(overrides or {})

    params.init_app(app)
    db.init_app(app)
    compress.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    i18n.init_app(app)
    sessions.init_app(app)
    oidc.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    access.init_app(app)
    cli.init_app(app)
    bundle.init_app(app)
    for feature in FEATURES:
        feature.init_app(app)
    frame.init_app(app)
    health.init_app(app)
    return app
