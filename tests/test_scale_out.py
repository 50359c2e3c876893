"""Two app servers, one PostgreSQL, one Redis: one person's requests may go to either, in
turn, with no difference (issue 22, item 4; DESIGN.md, "What it runs on": app servers are
stateless). The session is a row in the database behind a signed cookie, the CSRF token is
signed with the shared secret, and the login rate limit is counted in Redis.
"""

import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text

from tests.client import OLA
from tests.parts import empty_redis, require_part

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("SCALE_OUT_SERVER_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
DATABASE = "portal_scale_out"
REDIS = "redis://127.0.0.1:6379/14"


def _database_answers() -> bool:
    """Tell whether PostgreSQL answers."""
    try:
        engine = create_engine(SERVER)
        with engine.connect():
            pass
        engine.dispose()
    except Exception:  # noqa: BLE001 - any failure to connect means the part is missing
        return False
    return True


def _fresh_database() -> str:
    """Make an empty database for the two servers; return its URL."""
    engine = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {DATABASE}"))
    engine.dispose()
    return SERVER.rsplit("/", 1)[0] + "/" + DATABASE


def _serve(port: int, env: dict) -> subprocess.Popen:
    """Start one gunicorn app server and wait until it answers."""
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "1", "--no-control-socket",
         "--bind", f"127.0.0.1:{port}", "app:app"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
            return server
        except requests.RequestException:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError(f"the app server on port {port} did not start")


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """Two app servers on two ports, sharing one PostgreSQL database and one Redis."""
    require_part(_database_answers(), "PostgreSQL",
                 "run PostgreSQL on 127.0.0.1:5432 (user postgres)")
    require_part(empty_redis(REDIS), "Redis", "run redis-server on 127.0.0.1:6379")
    url = _fresh_database()
    env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": REDIS, "SECRET_KEY": "shared",
           "PORTAL_TEST_LOGIN": "1", "PORTAL_LOGIN_RATE_LIMIT": "6/minute"}
    env.pop("DATABASE_OWNER_URL", None)
    for command in (["db", "upgrade"], ["demo"]):
        subprocess.run([sys.executable, "-m", "flask", "--app", "app", *command], cwd=ROOT,
                       env=env, check=True, stdout=subprocess.DEVNULL)
    ports = random.sample(range(41000, 49000), 2)
    started = [_serve(port, env) for port in ports]
    yield [f"http://127.0.0.1:{port}" for port in ports]
    for server in started:
        server.terminate()
        server.wait()


def _token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_one_persons_requests_go_to_either_server_in_turn(servers):
    a, b = servers
    person = requests.Session()
    form = person.get(f"{a}/auth/test-login?lang=en").text
    # The form came from A; B accepts its token, and the session it opens.
    answer = person.post(f"{b}/auth/test-login", data={
        "csrf_token": _token(form), "pid": OLA, "role": "citizen"}, allow_redirects=False)
    assert answer.status_code == 302
    for server in (a, b, a, b):
        page = person.get(f"{server}/home?lang=en", allow_redirects=False)
        assert page.status_code == 200 and "Ola" in page.text
    # A form shown by B, sent to A: logging out ends the session on both.
    home = person.get(f"{b}/home?lang=en").text
    assert person.post(f"{a}/auth/logout", data={"csrf_token": _token(home)},
                       allow_redirects=False).status_code in (302, 303)
    after = person.get(f"{b}/home", allow_redirects=False)
    assert after.status_code == 302 and "/auth/login" in after.headers["Location"]


def test_the_login_rate_limit_counts_both_servers_together(servers):
    a, b = servers
    visitor = requests.Session()
    codes = [visitor.get(f"{server}/auth/login").status_code for server in (a, b) * 4]
    assert codes[:6] == [200] * 6 and codes[6:] == [429, 429]


def test_the_files_a_page_from_one_server_links_to_are_served_by_the_other(servers):
    """Each server builds its own bundle; the names are hashes of the content, so they must be
    the same bytes in both (a cut font once carried the moment it was saved)."""
    a, b = servers
    page = requests.get(f"{a}/?lang=en").text
    links = re.findall(r'href="(/assets/[^"]+)"', page)
    assert any(link.endswith(".css") for link in links)
    assert any(link.endswith(".woff2") for link in links)
    for link in links:
        assert requests.get(f"{b}{link}").status_code == 200, link
