"""Served like a real site (issue 19, item 2): one stylesheet with only the Designsystemet
components the templates use, fingerprinted files cached for a year, and brotli or gzip for
pages and stylesheets."""

import gzip
import io
import re
from pathlib import Path

import brotli
import pytest
from babel.messages.pofile import read_po
from fontTools.ttLib import TTFont

from portal import bundle, fonts
from portal.assets import FONTS, STATIC
from tests.client import KARI

ROOT = Path(__file__).resolve().parent.parent
YEAR = 365 * 24 * 3600


@pytest.fixture(scope="module")
def built():
    """The bundle as the app serves it."""
    return bundle.build()


def _css(built) -> str:
    return built.assets[built.names["portal.css"]].bodies["identity"].decode()


def _stylesheet_url(client) -> str:
    return client.get_page("/?lang=en").select_one("link[rel=stylesheet]")["href"]


def test_every_designsystemet_class_the_portal_uses_is_in_the_stylesheet(built):
    """Only the components the portal uses are built in, and none it uses is left out: every
    `ds-…` class in a template or a module is styled by the stylesheet."""
    used = set()
    for path in [*(ROOT / "templates").rglob("*.html"), *(ROOT / "portal").rglob("*.py")]:
        used |= set(re.findall(r"(?<![\w-])ds-[a-z][a-z0-9-]*[a-z0-9]", path.read_text()))
    css = _css(built)
    assert used, "the scan found no classes"
    assert not {name for name in used if f".{name}" not in css}
    # Components the portal does not use are left out.
    for unused in ("ds-combobox", "ds-suggestion", "ds-tabs", "ds-dialog", "ds-avatar"):
        assert f".{unused}" not in css


def test_the_components_keep_designsystemets_layers(built):
    """The layer order is declared first; each component sits in the layer Designsystemet's
    own build gives it, so our stylesheet (unlayered) still wins over both."""
    css = _css(built)
    declaration = "@layer ds.theme,ds.base,ds.components;"
    assert declaration in css.replace(", ", ",")
    assert css.index("@layer ds.base{.ds-sr-only") > css.index("ds.components;")
    assert re.search(r"@layer ds\.components\{\.ds-button\{", css)
    assert re.search(r"@layer ds\.base\{:where\(\.ds-paragraph\)", css)


def test_the_theme_keeps_only_the_colour_scheme_the_pages_use(built):
    """The pages are light (`data-color-scheme` on <html>); the dark scheme is left out."""
    base = (ROOT / "templates" / "base.html").read_text()
    assert f'data-color-scheme="{bundle.COLOR_SCHEME}"' in base
    css = _css(built)
    assert "color-scheme.light" in css and "--ds-color-accent-base-default" in css
    assert "color-scheme.dark" not in css and "prefers-color-scheme" not in css
    assert "@charset" not in css


def test_the_stylesheet_links_only_to_fingerprinted_files(built):
    """Every url() in the stylesheet names a file the bundle serves (the fonts)."""
    targets = [t for t in re.findall(r"url\(([^)]+)\)", _css(built))
               if not t.strip("'\"").startswith("data:")]
    assert targets and all(t in built.assets for t in targets)
    assert {built.names[font] for font in bundle.FONTS} <= set(targets)


def test_a_file_is_named_by_its_content(tmp_path):
    """A change to a source file changes the name it is served under (a new deploy is never
    hidden behind a year's cache)."""
    for name in ("portal.css", "favicon.svg", "manifest.json", "package-lock.json"):
        (tmp_path / name).write_bytes((STATIC / name).read_bytes())
    (tmp_path / "node_modules").symlink_to(STATIC / "node_modules")
    before = bundle.build(tmp_path).names["portal.css"]
    with (tmp_path / "portal.css").open("a") as css:
        css.write("\n.changed { color: red; }\n")
    after = bundle.build(tmp_path).names["portal.css"]
    assert before != after and re.fullmatch(r"portal\.[0-9a-f]{12}\.css", after)


@pytest.mark.parametrize(("accept", "encoding"), [
    ("br, gzip, deflate", "br"), ("gzip", "gzip"), ("", None), ("br;q=0, gzip", "gzip")])
def test_the_stylesheet_is_compressed_as_the_browser_accepts(client, accept, encoding):
    """Brotli, else gzip, else none; cached for a year and never revalidated."""
    url = _stylesheet_url(client)
    response = client.get(url, headers={"Accept-Encoding": accept})
    assert response.status_code == 200 and response.mimetype == "text/css"
    assert response.headers.get("Content-Encoding") == encoding
    assert "Accept-Encoding" in response.headers["Vary"]
    assert response.cache_control.max_age == YEAR and response.cache_control.immutable
    assert response.cache_control.public
    body = response.data
    css = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[encoding](body)
    assert b".ds-button" in css


def test_a_browser_that_has_the_file_gets_304(client):
    url = _stylesheet_url(client)
    first = client.get(url, headers={"Accept-Encoding": "br"})
    again = client.get(url, headers={"Accept-Encoding": "br", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and not again.data


def test_fonts_are_served_as_they_are_with_a_years_cache(client):
    """WOFF2 is brotli inside: it is not compressed again."""
    page = client.get_page("/?lang=en")
    for href in (link["href"] for link in page.select("link[rel=preload][as=font]")):
        response = client.get(href, headers={"Accept-Encoding": "br, gzip"})
        assert response.status_code == 200 and response.mimetype == "font/woff2"
        assert "Content-Encoding" not in response.headers
        assert response.cache_control.max_age == YEAR and response.cache_control.immutable


def test_the_cut_font_draws_every_character_the_portal_writes(built):
    """Issue 22: the web font is cut to the portal's characters (portal.fonts); every letter
    of the three catalogues and the templates must still be in it, unless the original font
    lacked it too (then the next font in the stack draws it, as before the cut)."""
    original = fonts.characters((STATIC / FONTS[0]).read_bytes())
    drawn = fonts.characters(built.assets[built.names[FONTS[0]]].bodies["identity"])
    written = set()
    for lang in ("nb", "nn", "en"):
        with open(ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as po:
            for message in read_po(po):
                strings = message.string if isinstance(message.string, tuple) else [message.string]
                written.update(*(text or "" for text in strings))
    for template in (ROOT / "templates").rglob("*.html"):
        written.update(template.read_text(encoding="utf-8"))
    assert set("æøåÆØÅé–«»") <= drawn
    assert not {c for c in written & original if c not in drawn and c.isprintable()}


def test_the_cut_font_is_the_same_bytes_whenever_it_is_cut(built):
    """Every process builds its own bundle and names a file by its hash: a cut font must not
    carry the moment it was cut (issue 22), or one worker's page links to a font another
    worker does not have."""
    source = (STATIC / FONTS[0]).read_bytes()
    served = built.assets[built.names[FONTS[0]]].bodies["identity"]
    again = fonts.cut(source)
    assert again == served
    assert TTFont(io.BytesIO(again))["head"].modified == TTFont(io.BytesIO(source))["head"].modified


def test_the_home_page_weighs_at_most_60_kb_with_its_stylesheet_and_fonts(client):
    """Issue 22, item 2: /home as a browser with nothing cached fetches it, compressed."""
    client.login_as(KARI, lang="nb")
    page = client.get("/home", headers={"Accept-Encoding": "br, gzip"})
    html = client.get_page("/home")
    links = [link["href"] for link in html.select("link[rel=stylesheet], link[rel=preload]")]
    links += [link["href"] for link in html.select("link[rel=icon]")]
    total = len(page.data) + sum(
        len(client.get(href, headers={"Accept-Encoding": "br, gzip"}).data) for href in links)
    assert total <= 60 * 1024, f"{total} bytes"


@pytest.mark.parametrize("name", ["portal.css", "portal.000000000000.css", "..%2Fapp.py", "x"])
def test_an_unknown_or_stale_name_is_not_found(client, name):
    """Only the current fingerprinted names are served; old ones are gone, not guessed."""
    assert client.get(f"/assets/{name}").status_code == 404


@pytest.mark.parametrize(("accept", "encoding"), [("br, gzip", "br"), ("gzip", "gzip")])
def test_pages_are_compressed(client, accept, encoding):
    """HTML goes out compressed (Lighthouse: "Enable text compression")."""
    response = client.get("/?lang=en", headers={"Accept-Encoding": accept})
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert response.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in response.headers["Vary"]


def test_pages_link_only_to_fingerprinted_files(client):
    """No page links to /static/ any more: everything it loads has a year's cache."""
    page = client.get_page("/?lang=en")
    links = [tag.get("href") or tag.get("src") for tag in page.select("link[href], script[src], img[src]")]
    assert links and all(link.startswith("/assets/") for link in links)


@pytest.mark.parametrize(("css", "minified"), [
    ("a  b /* note */ {\n  color : red ;\n}\n", "a b{color : red;}"),
    # Strings, with escapes and what looks like a comment inside, are copied as they are.
    ("p::after { content: 'x  /* y */' ; }", "p::after{content: 'x  /* y */';}"),
    ('q { content: "a\\"  b" }', 'q{content: "a\\"  b"}'),
    # A space before ":" is a descendant's pseudo-class; attribute values are left alone.
    ("nav :is(a) , [type=url] {}", "nav :is(a) , [type=url]{}"),
])
def test_the_minifier_only_drops_what_never_matters(css, minified):
    assert bundle.minify(css) == minified
