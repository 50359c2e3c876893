"""The health check, answered before the frame: /healthz says whether the database answers.

A load balancer asks it several times a second on every instance. It reads no session,
language, form token or rate limit, and holds no personal data, so it is answered here, in
front of the Flask app: with a pooled connection, which the pool has just pinged (or made),
and on SQLite one `SELECT 1` (issue 22: the frame's own cost is measured on the pages, not
on the health check). Its headers are its own, not `portal.security`'s: Flask's
after-request hooks do not run here, and a JSON answer needs a stricter policy.
"""

import json

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

PATH = "/healthz"
HEADERS = [
    ("Content-Type", "application/json"),
    ("Cache-Control", "no-store"),
    ("X-Content-Type-Options", "nosniff"),
    ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"),
    ("X-Frame-Options", "DENY"),
]


def report(engine) -> tuple[str, dict]:
    """Return the HTTP status and the JSON body: ok, or degraded where the database fails."""
    try:
        with engine.connect() as connection:
            # A server database's pool pings a connection as it hands it out (or has just
            # connected): having one is the answer. SQLite's file is asked.
            if engine.dialect.name == "sqlite":
                connection.execute(text("SELECT 1"))
    except SQLAlchemyError:  # any failure to reach the database is the answer, not an error
        return "503 Service Unavailable", {"status": "degraded", "database": "unavailable"}
    return "200 OK", {"status": "ok", "database": "ok"}


class HealthCheck:
    """WSGI middleware answering GET and HEAD of /healthz; everything else goes to the app."""

    def __init__(self, app, engine):
        self.app, self.engine = app, engine

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") != PATH or environ.get("REQUEST_METHOD") not in ("GET",
                                                                                    "HEAD"):
            return self.app(environ, start_response)
        status, body = report(self.engine)
        payload = json.dumps(body).encode()
        start_response(status, [*HEADERS, ("Content-Length", str(len(payload)))])
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [payload]


def init_app(app):
    """Put the health check in front of the app (after any proxy fix, which it needs not)."""
    app.wsgi_app = HealthCheck(app.wsgi_app, app.extensions["engine"])
