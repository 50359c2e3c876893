"""A registered demo app, connected by Kari to her own journal and by Ingrid to Ola's (with
her power of attorney): the connected-apps page shows them. Its reads are logged when it
reads (no made-up entries: the access log is the record of what happened)."""

from datetime import date, timedelta

from portal.smart.models import App, Connection

from .builders import at

# A public app (PKCE only) that runs on the developer's machine; see the README.
DEMO_CLIENT_ID = "helsedagbok-demo"
DEMO_REDIRECTS = ("http://localhost:8000/callback", "http://127.0.0.1:8000/callback")
SCOPE = "launch/patient offline_access patient/*.rs"


def add_apps(session, today: date, people) -> None:
    """Register the demo app and the personas' connections."""
    kari, ola, ingrid = (people[n] for n in ("14838800026", "30865940099", "08828500059"))
    app = App(client_id=DEMO_CLIENT_ID, name="Helsedagbok", redirect_uris="\n".join(DEMO_REDIRECTS),
              created_at=at(today - timedelta(days=90)))
    session.add(app)
    session.flush()
    for user, patient, days_ago in ((kari, kari, 20), (ingrid, ola, 6)):
        session.add(Connection(app=app, user=user, patient=patient, scope=SCOPE,
                               acr="idporten-loa-high",
                               created_at=at(today - timedelta(days=days_ago))))
