"""Hostile input, driven by Hypothesis: no answer of 500, and a refusal changes nothing (issue 14).

Every form and query a person can reach is found by walking the portal as each kind of user;
Hypothesis then sends each of them values a person should never send: huge and negative
numbers, NUL and control characters, very long and mixed-script text, files where text is
expected and text where a file is, fields repeated and missing. Each answer must be below
500, and an answer that refuses (400 and up) must leave every table as it was. Fixed seed
and a bounded number of examples, so the run is the same each time, on SQLite and PostgreSQL.
"""

import io
import re
from collections import deque
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from werkzeug.routing import IntegerConverter

from portal import db
from portal.models import Base
from tests.client import ANNE, INGRID, JONAS, KARI, NILS, OLA, PER

# (who logs in, as what, acting for whom)
USERS = [(KARI, "citizen", None), (INGRID, "citizen", OLA), (JONAS, "citizen", None),
         (ANNE, "staff", None), (NILS, "staff", None), (PER, "staff", None)]
# Tables a request may write to without changing anything of anyone's: its own login.
QUIET = {"login_session", "login_event", "access_log_entry"}
PAGES = 150  # pages walked per user to find forms
EXAMPLES = 200  # hostile requests per user

TEXT = st.one_of(
    st.sampled_from(["", " ", "\x00", "a\x00b", "\r\n", "\t", "%00", "../../etc/passwd",
                     "<script>alert(1)</script>", "' OR 1=1 --", "😀" * 50, "ÆØÅæøå",
                     "ا" * 30, "x" * 10_000, "-1", "0", "-99999999999999999999",
                     "99999999999999999999999", str(2**31), str(2**63), "1e309", "NaN",
                     "2026-02-30", "0000-00-00", "9999-12-31", "1.5", "\u202e", "\ufeff"]),
    st.text(max_size=300),
    st.integers(min_value=-(2**70), max_value=2**70).map(str))


@dataclass(frozen=True)
class FormSpec:
    """A form found on a page: where it goes, how, and its fields."""

    method: str
    action: str
    fields: tuple[str, ...]
    files: tuple[str, ...]


def _forms(page: BeautifulSoup, here: str) -> list[FormSpec]:
    """Return the forms of a page."""
    found = []
    for form in page.find_all("form"):
        action = urlsplit(form.get("action") or here).path or urlsplit(here).path
        names = tuple(sorted({f["name"] for f in form.find_all(["input", "select", "textarea"])
                              if f.get("name") and f.get("name") != "csrf_token"}))
        files = tuple(sorted({f["name"] for f in form.find_all("input", type="file")
                              if f.get("name")}))
        found.append(FormSpec((form.get("method") or "get").upper(), action, names, files))
    return found


def walk(client, start: str) -> list[FormSpec]:
    """Walk the portal's pages from a start, following links on the site; return its forms."""
    seen, queue, forms = set(), deque([start]), {}
    while queue and len(seen) < PAGES:
        url = queue.popleft()
        path = urlsplit(url).path
        if path in seen or path.startswith(("/auth/", "/static/")) or path.endswith(
                (".pdf", ".ics")) or "/attachments/" in path:
            continue
        seen.add(path)
        response = client.get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        for form in _forms(page, url):
            if not form.action.startswith(("/auth/", "/representation/act",
                                            "/representation/self")):
                forms[(form.method, re.sub(r"\d+", "#", form.action), form.fields)] = form
        for link in page.find_all("a", href=True):
            href = link["href"]
            if href.startswith("/") and not href.startswith("//"):
                queue.append(href)
    return list(forms.values())


def fingerprint() -> dict[str, int]:
    """Return how many rows each table holds (but the login's own)."""
    return {t.name: db.session.scalar(select(func.count()).select_from(t))
            for t in Base.metadata.sorted_tables if t.name not in QUIET}


@st.composite
def hostile(draw, forms: list[FormSpec]):
    """Draw a form and hostile data for it."""
    form = draw(st.sampled_from(forms))
    data = []
    for name in form.fields:
        if draw(st.integers(0, 9)) == 0:
            continue  # a field left out
        for _ in range(draw(st.sampled_from([1, 1, 1, 2]))):  # sometimes repeated
            if name in form.files or draw(st.integers(0, 7)) == 0:
                # A file where text is expected, or something that is not the file expected.
                body = draw(st.sampled_from([b"", b"%PDF-1.4 x", b"\x00" * 64, b"GIF89a"]))
                data.append((name, (io.BytesIO(body), draw(st.sampled_from(
                    ["a.pdf", "../../x.png", "x" * 300, "\x00.pdf"])))))
            else:
                data.append((name, draw(TEXT)))
    return form, data


@pytest.mark.parametrize(("who", "role", "acting_for"), USERS, ids=lambda v: str(v))
def test_hostile_values_in_every_form_give_no_500_and_change_nothing_on_refusal(
        app, client, db_session, who, role, acting_for):
    client.login_as(who, role)
    if acting_for:
        client.act_for(acting_for)
    start = "/staff/" if role == "staff" else "/home"
    token = client.csrf_token(start)
    forms = walk(client, start)
    assert len(forms) >= 3, forms  # the walk found forms to try
    print(f"{who} ({role}): {len(forms)} forms")

    @seed(1214)
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(hostile(forms))
    def attempt(case):
        form, data = case
        before = fingerprint()
        if form.method == "GET":
            pairs = [(k, v) for k, v in data if isinstance(v, str)]
            response = client.get(form.action, query_string=pairs)
        else:
            fields = {}
            for key, value in [("csrf_token", token), *data]:
                fields.setdefault(key, []).append(value)
            response = client.post(form.action, data=fields,
                                   content_type="multipart/form-data")
        assert response.status_code < 500, (form, data, response.status_code)
        if response.status_code >= 400:
            assert fingerprint() == before, (form, data, response.status_code)

    attempt()


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"])
def test_every_method_on_every_route_gives_no_500(app, client, db_session, method):
    """Issue 14, item 4: OPTIONS on a protected route is answered, and raises no alarm."""
    client.login_as(KARI)
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.rule.startswith("/auth/logout"):
            continue
        # Numbers where the route takes a number (an id, a section's index), far out of range.
        numbers = {name for name, converter in rule._converters.items()
                   if isinstance(converter, IntegerConverter)}
        url = rule.build({name: 2**40 if name in numbers or name.endswith("_id") else "x"
                          for name in rule.arguments},
                         append_unknown=False)[1] if rule.arguments else rule.rule
        response = client.open(url, method=method)
        assert response.status_code < 500, (method, url, response.status_code)
