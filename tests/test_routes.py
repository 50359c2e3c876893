"""Every route goes through the one access decision (issue 3, item 1; issue 12)."""

import pytest
from flask import g

from portal.access import loaders
from tests.client import ANNE, EMMA, INGRID, JONAS, KARI, LIV, NILS, OLA, PER, SARA

SAMPLE_ARGS = {"int": 1, "string": "x", "path": "x", "default": "x"}


def _routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        args = {name: SAMPLE_ARGS.get(type(conv).__name__.lower().replace("converter", ""), 1)
                for name, conv in rule._converters.items()}
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, rule.build(args, append_unknown=False)[1]


def test_every_route_is_public_or_asks_the_access_decision(app, client, monkeypatch):
    """A personal-data route that answers 2xx without asking the access decision fails here."""
    checked = []
    real = loaders.check

    def spy(*args, **kwargs):
        checked.append(True)
        return real(*args, **kwargs)

    monkeypatch.setattr(loaders, "check", spy)
    client.login_as(KARI)
    token = client.csrf_token("/home")
    offenders = []
    for endpoint, method, url in _routes(app):
        view = app.view_functions[endpoint]
        if getattr(view, "shows_no_personal_data", False):
            continue
        checked.clear()
        response = client.open(url, method=method, data={"csrf_token": token})
        assert response.status_code != 500, (endpoint, method, url)
        if 200 <= response.status_code < 400 and not checked:
            offenders.append((endpoint, method, url, response.status_code))
    assert offenders == []


def test_routes_that_need_login_refuse_anonymous_visitors(app, client):
    for endpoint, method, url in _routes(app):
        if getattr(app.view_functions[endpoint], "shows_no_personal_data", False):
            continue
        response = client.open(url, method=method)
        assert response.status_code in (302, 400, 401, 404, 405), (endpoint, url,
                                                                   response.status_code)
        if response.status_code == 401:  # the FHIR API and OAuth endpoints answer apps
            assert url.startswith(("/fhir/", "/oauth/token", "/oauth/revoke")), (endpoint, url)
        if response.status_code == 302:
            assert response.location.startswith("/auth/login"), (endpoint, response.location)


def test_a_view_that_forgets_the_access_decision_is_refused(app, client, monkeypatch):
    """The safety net: answering without a decision is an error, never a leak."""
    def forgetful():
        return f"secret about {g.subject.name}"

    monkeypatch.setitem(app.view_functions, "access_log.index", forgetful)
    client.login_as(KARI)
    response = client.get("/access-log/")
    assert response.status_code == 500
    assert b"secret" not in response.data


# (actor, login role, acting for, url, expected status)
MATRIX = [
    (KARI, "citizen", None, "/home", 200),
    (KARI, "citizen", None, "/access-log/", 200),
    (KARI, "citizen", EMMA, "/home", 200),
    (KARI, "citizen", EMMA, "/access-log/", 200),   # a parent of a child under 12 sees the log
    (KARI, "citizen", JONAS, "/home", 200),
    (KARI, "citizen", JONAS, "/access-log/", 403),  # not for 12-15, and the page says why
    (INGRID, "citizen", OLA, "/home", 200),
    (INGRID, "citizen", OLA, "/access-log/", 200),
    (LIV, "citizen", None, "/access-log/", 200),
    (LIV, "citizen", None, "/records/", 200),
    (KARI, "citizen", EMMA, "/records/", 200),
    (KARI, "citizen", JONAS, "/records/", 200),     # vaccinations only, see tests/records
    (INGRID, "citizen", OLA, "/records/", 200),
    (ANNE, "staff", None, "/records/", 404),
    (SARA, "citizen", None, "/home", 200),
    (JONAS, "citizen", None, "/representation/sharing", 200),
    (ANNE, "staff", None, "/access-log/", 404),
    (ANNE, "staff", None, "/representation/", 404),
    (ANNE, "staff", None, "/staff/", 200),
    (KARI, "citizen", None, "/staff/", 403),
    (KARI, "citizen", None, "/messages/", 200),
    (KARI, "citizen", None, "/messages/new", 200),
    (KARI, "citizen", EMMA, "/messages/", 200),      # a parent of a child under 12 writes
    (KARI, "citizen", EMMA, "/messages/new", 200),
    (KARI, "citizen", JONAS, "/messages/", 403),     # not for 12-15, and the page says why
    (KARI, "citizen", JONAS, "/messages/new", 403),
    (INGRID, "citizen", OLA, "/messages/new", 200),  # a Full power of attorney writes
    (LIV, "citizen", None, "/messages/", 200),
    (ANNE, "staff", None, "/messages/", 404),
    (ANNE, "staff", None, "/staff/messages/", 200),
    (NILS, "staff", None, "/staff/messages/?tab=mine", 200),
    (KARI, "citizen", None, "/staff/messages/", 403),
    (LIV, "citizen", None, "/applications/", 200),
    (KARI, "citizen", EMMA, "/applications/", 200),
    (KARI, "citizen", JONAS, "/applications/", 200),   # parents of 12-15 follow applications
    (INGRID, "citizen", OLA, "/applications/", 200),   # a Full power of attorney applies
    (ANNE, "staff", None, "/applications/", 404),
    (LIV, "citizen", None, "/applications/services", 200),
    (PER, "staff", None, "/staff/applications/", 200),
    (ANNE, "staff", None, "/staff/applications/", 200),  # her unit has no cases: an empty list
    (KARI, "citizen", None, "/staff/applications/", 403),
    (LIV, "citizen", None, "/appointments/", 200),
    (LIV, "citizen", None, "/appointments/book", 200),
    (KARI, "citizen", EMMA, "/appointments/", 200),
    (KARI, "citizen", EMMA, "/appointments/book", 200),
    (KARI, "citizen", JONAS, "/appointments/", 200),      # GP office and health station only
    (KARI, "citizen", JONAS, "/appointments/book", 200),
    (JONAS, "citizen", None, "/appointments/book", 200),  # the youth health station himself
    (INGRID, "citizen", OLA, "/appointments/book", 200),  # a Full power of attorney books
    (ANNE, "staff", None, "/appointments/", 404),
    (ANNE, "staff", None, "/staff/appointments/", 200),
    (ANNE, "staff", None, "/staff/appointments/changes", 200),
    (ANNE, "staff", None, "/staff/appointments/visit-types", 200),
    (ANNE, "staff", None, "/staff/appointments/schedules", 200),
    (NILS, "staff", None, "/staff/appointments/?day=2020-01-01", 200),
    (KARI, "citizen", None, "/staff/appointments/", 403),
]


@pytest.mark.parametrize(("actor", "role", "subject", "url", "status"), MATRIX,
                         ids=lambda v: str(v))
def test_persona_route_matrix(client, db_session, actor, role, subject, url, status):
    client.login_as(actor, role)
    if subject:
        client.act_for(subject)
    response = client.get(url)
    assert response.status_code == status
    if status == 404:
        assert b"We could not find" in client.get(url + "?lang=en").data
    if status == 403 and role == "citizen" and subject:
        assert b"aged 12 to 15" in client.get(url + "?lang=en").data


@pytest.mark.parametrize(("actor", "subject"), [(KARI, SARA), (LIV, EMMA), (INGRID, KARI),
                                                (KARI, OLA)])
def test_acting_for_someone_one_may_not_is_refused(client, db_session, actor, subject):
    client.login_as(actor)
    client.act_for(subject, status=403)
    assert client.get_page("/home").select_one(".acting-banner") is None
