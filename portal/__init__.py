"""The citizen health portal: create_app() is the table of contents."""

from pathlib import Path

from flask import Flask

from portal import access, cli, config, db, errors, i18n, security
from portal.auth import oidc, sessions
from portal.extensions import csrf, limiter, login_manager

ROOT = Path(__file__).resolve().parent.parent


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

    db.init_app(app)
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

    from portal import frame, pages
    from portal.access_log.views import bp as access_log_bp
    from portal.applications.staff_views import bp as staff_applications_bp
    from portal.applications.views import bp as applications_bp
    from portal.appointments.staff_views import bp as staff_appointments_bp
    from portal.appointments.views import bp as appointments_bp
    from portal.auth.views import bp as auth_bp
    from portal.home.views import bp as home_bp
    from portal.messages.staff_views import bp as staff_messages_bp
    from portal.messages.views import bp as messages_bp
    from portal.records.views import bp as records_bp
    from portal.representation.views import bp as representation_bp
    from portal.results.staff_views import bp as staff_results_bp
    from portal.results.views import bp as results_bp
    from portal.staff.views import bp as staff_bp

    for blueprint in (pages.bp, auth_bp, home_bp, results_bp, records_bp, representation_bp,
                      access_log_bp, staff_bp, staff_results_bp, messages_bp, staff_messages_bp,
                      applications_bp, staff_applications_bp, appointments_bp,
                      staff_appointments_bp):
        app.register_blueprint(blueprint)
    frame.init_app(app)
    return app
