"""A third-party client, `fhirclient` (the SMART on FHIR Python client, from PyPI), performs
the standalone launch against the portal and reads Patient and Observations (issue 17).

The client speaks HTTP through `requests`; its session is given an adapter that hands each
request to the portal's WSGI application, so the client sees the portal exactly as over the
network (status, headers, bodies), inside the test's transaction.
"""

import gzip
from urllib.parse import urlsplit

import brotli
import requests
from fhirclient import client as smart_client
from fhirclient.models.observation import Observation
from requests.structures import CaseInsensitiveDict
from sqlalchemy import select

from portal import db
from portal.audit import AccessLogEntry
from tests.client import KARI, persona
from tests.fhir.helpers import seen
from tests.smart.launch import REDIRECT, SCOPE, audience, register


class PortalAdapter(requests.adapters.BaseAdapter):
    """A requests transport that answers from the portal's WSGI app (no cookies kept)."""

    def __init__(self, flask_app):
        super().__init__()
        self.wsgi = flask_app.test_client(use_cookies=False)

    def send(self, request, **_kwargs):
        """Hand a prepared request to the app and return its answer as a requests Response."""
        url = urlsplit(request.url)
        answer = self.wsgi.open(url.path + (f"?{url.query}" if url.query else ""),
                                method=request.method, headers=dict(request.headers),
                                data=request.body)
        response = requests.Response()
        response.status_code = answer.status_code
        headers = CaseInsensitiveDict(answer.headers)
        body = answer.get_data()
        # Undo the content coding, as urllib3 does for requests over the network.
        coding = headers.pop("Content-Encoding", None)
        if coding is not None:
            body = {"br": brotli.decompress, "gzip": gzip.decompress}[coding](body)
        response.headers, response._content = headers, body
        response.url, response.request, response.encoding = request.url, request, "utf-8"
        return response

    def close(self):
        """Nothing to close."""


def test_fhirclient_launches_and_reads_patient_and_observations(client):
    app = register(name="Helseappen")
    base = audience(client.application)
    smart = smart_client.FHIRClient(settings={
        "app_id": app.client_id, "api_base": base, "redirect_uri": REDIRECT, "scope": SCOPE})
    smart.server.session.mount(base.split("/fhir")[0] + "/", PortalAdapter(client.application))

    # The person's browser: log in, open the address the client made, say yes for herself.
    authorize = urlsplit(smart.authorize_url)
    assert authorize.path == "/oauth/authorize"
    client.login_as(KARI, lang="en")
    kari = persona(KARI)
    page = f"{authorize.path}?{authorize.query}"
    answer = client.post(page, data={"csrf_token": client.csrf_token(page),
                                     "patient": kari.id, "decision": "allow"})
    assert answer.status_code == 302 and answer.location.startswith(REDIRECT)

    smart.handle_callback(answer.location)
    assert smart.ready and smart.patient_id == str(kari.id)
    patient = smart.patient
    assert patient.name[0].family == "Nordmann"
    assert patient.identifier[0].system == "urn:oid:2.16.578.1.12.4.1.4.1"
    # Pages of 10, followed by the client through the searchset's `next` links.
    search = Observation.where(struct={"patient": smart.patient_id, "category": "laboratory",
                                       "_count": "10"})
    bundles = list(search.perform_iter(smart.server))
    total = bundles[0].total
    observations = [entry.resource for bundle in bundles for entry in bundle.entry or []]
    assert len(bundles) == -(-total // 10)
    found = [int(o.id) for o in observations]
    assert total > 10 and len(found) == len(set(found)) == total
    assert set(found) <= seen(kari, kari, "Observation")
    assert any(c.system == "urn:oid:2.16.578.1.12.4.1.1.7280"
               for o in observations for c in o.code.coding)
    logged = db.session.scalars(select(AccessLogEntry.what).where(
        AccessLogEntry.app_id == app.id, AccessLogEntry.subject_id == kari.id,
        AccessLogEntry.actor_role == "self")).all()
    assert "results" in logged  # DOMAIN.md, "Access log": every read by an app is logged
