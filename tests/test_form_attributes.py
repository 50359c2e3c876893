"""No form field carries an attribute rendered from Python's None (issue 16, item 7b)."""

import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.client import ANNE, EMMA, KARI, NILS, OLA, PER, TONE
from tests.test_routes import _routes

PAGE_LIMIT = 250


def _none_attributes(page) -> list[str]:
    """Return the tags and attributes whose value is Python's None written out ("None").

    SVG's preserveAspectRatio="none" is a real value, and lower case: it passes.
    """
    return [f"<{tag.name} {name}>" for tag in page.find_all(True)
            for name, value in tag.attrs.items()
            if "None" in ([value] if isinstance(value, str) else value)]


def _shape(url: str) -> str:
    """Return a URL with its numbers blanked out: one page of each kind is enough."""
    return re.sub(r"\d+", "N", url)


def _walk(app, client, start: str):
    """Yield (url, page) for one page of each kind reachable by GET links from a start page,
    and for every route that needs no ids, up to a limit."""
    queue = [start] + [url for _endpoint, method, url in _routes(app)
                       if method == "GET" and "/1" not in url and "/x" not in url]
    seen = set()
    while queue and len(seen) < PAGE_LIMIT:
        url = queue.pop(0)
        # /auth/ is left out: its GET links log the walker out.
        if _shape(url) in seen or url.startswith(("/auth/", "/static")):
            continue
        seen.add(_shape(url))
        response = client.get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        yield url, page
        for link in page.select("a[href]"):
            parts = urlsplit(link["href"])
            query = "&".join(p for p in parts.query.split("&") if p and not p.startswith("lang="))
            if not parts.netloc and parts.path.startswith("/"):
                queue.append(parts.path + (f"?{query}" if query else ""))


@pytest.mark.parametrize(("actor", "role", "acting_for", "start"), [
    (KARI, "citizen", None, "/home"),
    (KARI, "citizen", EMMA, "/home"),
    (OLA, "citizen", None, "/home"),
    (ANNE, "staff", None, "/staff/"),
    (NILS, "staff", None, "/staff/"),
    (PER, "staff", None, "/staff/"),
    (TONE, "staff", None, "/staff/"),
])
def test_no_attribute_is_the_string_none(app, client, actor, role, acting_for, start):
    """Walk the pages a person reaches; fields say nothing rather than autocomplete="None"."""
    client.login_as(actor, role=role)
    if acting_for:
        client.act_for(acting_for)
    forms, offenders = 0, {}
    for url, page in _walk(app, client, start):
        forms += len(page.find_all("form"))
        if found := _none_attributes(page):
            offenders[url] = found
    assert forms > 5  # the walk reached pages with forms
    assert offenders == {}
