"""The shape of the code that keeps the access decision whole (issue 12, "Done when").

`access` and `representation` import no feature package, so a feature can never slip a rule
of its own into the decision (the features declare their areas instead); and no import hides
inside a function to dodge a cycle.
"""

import ast
import json
from pathlib import Path
from urllib.parse import urljoin

import pytest

PORTAL = Path(__file__).resolve().parent.parent / "portal"
FEATURES = {"applications", "appointments", "messages", "results", "records", "access_log",
            "home", "staff", "auth", "notices", "demo", "pages", "frame", "cli"}


def modules(*packages: str):
    """Yield (path, parsed module) for every module of the packages (all of portal/ if none)."""
    roots = [PORTAL / p for p in packages] or [PORTAL]
    for root in roots:
        for path in sorted(root.rglob("*.py")):
            if "migrations" not in path.parts:
                yield path, ast.parse(path.read_text(), filename=str(path))


def imported(node) -> list[str]:
    """Return the modules an import statement names."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        if node.module == "portal":
            return [f"portal.{alias.name}" for alias in node.names]
        return [node.module]
    return []


@pytest.mark.parametrize("package", ["access", "representation"])
def test_the_decision_imports_no_feature(package):
    """The access decision and the facts it reads know nothing of the features."""
    found = [(path.name, name) for path, tree in modules(package) for node in ast.walk(tree)
             for name in imported(node)
             if name.startswith("portal.") and name.split(".")[1] in FEATURES]
    assert found == []


def test_no_portal_import_hides_in_a_function():
    """Imports of the portal's own modules are at the top of the module, where cycles show."""
    found = []
    for path, tree in modules():
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                names = [n for n in imported(node) if n == "portal" or n.startswith("portal.")]
                if names:
                    found.append((str(path.relative_to(PORTAL)), function.name, names))
    assert found == []


def test_the_emergency_numbers_can_be_called_at_a_tap(client):
    """Issue 19, item 1: tel: links for the numbers every page gives (113, 116 117)."""
    page = client.get_page("/?lang=nb")
    footer = page.select_one("footer .emergency")
    assert {a["href"] for a in footer.select("a")} == {"tel:113", "tel:116117"}
    assert " ".join(footer.get_text().split()) == (
        "Ring 113 ved akutt sykdom eller skade. Legevakt: 116 117.")


def test_every_page_has_an_icon_a_manifest_and_a_description(client):
    """Issue 19, item 1: no 404 for /favicon.ico on every page; a web app manifest; a meta
    description in the page's language."""
    page = client.get_page("/?lang=en")
    icon = page.select_one("link[rel=icon]")["href"]
    with client.get(icon) as response:
        assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    with client.get("/favicon.ico") as favicon:
        # Temporary: the icon's address changes with its content.
        assert favicon.status_code == 302 and favicon.location.endswith(icon)
    manifest_url = page.select_one("link[rel=manifest]")["href"]
    with client.get(manifest_url) as response:
        manifest = json.loads(response.data)
    assert manifest["start_url"] == "/home" and manifest["icons"]
    for entry in manifest["icons"]:
        with client.get(urljoin(manifest_url, entry["src"])) as response:
            assert response.status_code == 200 and response.mimetype == entry["type"]
    descriptions = {lang: client.get_page(f"/?lang={lang}").select_one(
        "meta[name=description]")["content"] for lang in ("nb", "nn", "en")}
    assert len(set(descriptions.values())) == 3 and all(descriptions.values())


def test_the_web_font_is_preloaded_from_the_files_the_stylesheets_use(client):
    """Issue 19, item 1: no layout shift when the font arrives; the preloaded files exist."""
    page = client.get_page("/?lang=en")
    fonts = [link["href"] for link in page.select("link[rel=preload][as=font]")]
    assert len(fonts) == 2
    for href in fonts:
        with client.get(href) as response:
            assert response.status_code == 200
