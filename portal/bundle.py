"""The files the pages link to, served like a real site (issue 19, item 2).

One stylesheet is built from the npm packages `portal.assets` installs and our own
`static/portal.css`: the web font's faces, only the Designsystemet components the templates
use (in the layers and order of Designsystemet's own build), its theme, then ours. It is
minified, named by a hash of its content, and served with a year's cache, in brotli or gzip
as the browser asks. The font files, the icon and the manifest are fingerprinted the same
way. The bundle is built in memory once per process (again whenever a source changes while
debugging), so there is nothing to build before a deploy and nothing stale on disk.
"""

import gzip
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import brotli
from flask import Blueprint, Response, current_app, request, url_for
from werkzeug.exceptions import NotFound

from portal import access, fonts
from portal.assets import FONTS, STATIC

DESIGNSYSTEMET = "node_modules/@digdir/designsystemet-css/dist/src"
# The Designsystemet components the templates use (the `ds-…` classes); a test fails when a
# template uses a class that none of them styles. `base` holds the variables and `ds-sr-only`.
COMPONENTS = ("base", "heading", "label", "paragraph", "link", "validation-message",
              "data-size-workaround", "button", "input", "field", "fieldset", "skip-link",
              "details", "list", "card", "tag", "error-summary", "table", "alert")
THEME = "node_modules/@digdir/designsystemet-theme/brand/digdir.css"
# The pages are always light (`data-color-scheme` on <html> in base.html); the theme's dark
# scheme, and the "auto" scheme's media queries, are left out of the stylesheet.
COLOR_SCHEME = "light"
# The stylesheet's parts in cascade order; COMPONENTS stands in for Designsystemet's index.
STYLESHEET = (
    "node_modules/@fontsource/inter/latin-400.css",
    "node_modules/@fontsource/inter/latin-600.css",
    f"{DESIGNSYSTEMET}/index.css",
    THEME,
    "portal.css",
)
ICON = "favicon.svg"
MANIFEST = "manifest.json"
# Types by name or suffix, not from the machine's mime.types, which may not know woff2.
TYPES = {"manifest.json": "application/manifest+json", ".css": "text/css",
         ".svg": "image/svg+xml", ".woff2": "font/woff2", ".woff": "font/woff"}
# Compressing these again gains nothing: WOFF2 is brotli inside, WOFF zlib.
PRECOMPRESSED = {"font/woff2", "font/woff"}
YEAR = 365 * 24 * 3600
URL = re.compile(r"""url\((['"]?)([^'")]+)\1\)""")
LAYER = re.compile(r"@layer ([\w.-]+)\{")

bp = Blueprint("bundle", __name__)


@dataclass(frozen=True)
class Asset:
    """One file as served: its fingerprinted name, type and body in each encoding."""

    name: str
    mimetype: str
    bodies: dict[str, bytes]  # "identity", and "br" and "gzip" where they help

    @property
    def etag(self) -> str:
        """Return the name's hash, which changes with the content."""
        return self.name.rsplit(".", 2)[-2]


@dataclass
class Bundle:
    """Every asset by its served name, and the served name of each source file."""

    assets: dict[str, Asset] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    def add(self, source: str, body: bytes) -> str:
        """Fingerprint, compress and keep a file; return the name it is served under."""
        path = PurePosixPath(source)
        digest = hashlib.sha256(body).hexdigest()[:12]
        name = f"{path.stem}.{digest}{path.suffix}"
        mimetype = TYPES.get(path.name, TYPES.get(path.suffix, "application/octet-stream"))
        bodies = {"identity": body}
        if mimetype not in PRECOMPRESSED:
            bodies["br"] = brotli.compress(body, quality=11)
            bodies["gzip"] = gzip.compress(body, compresslevel=9, mtime=0)
        self.assets[name] = Asset(name, mimetype, bodies)
        self.names[source] = name
        return name

    def url(self, source: str) -> str:
        """Return the address of a source file (relative to the static folder)."""
        return url_for("bundle.serve", name=self.names[source])


def build(static: Path = STATIC) -> Bundle:
    """Build the stylesheet, the fonts it names, the icon and the manifest."""
    if not (static / "node_modules").is_dir():
        raise RuntimeError("The stylesheets are not installed: run `flask --app app setup`.")
    bundle = Bundle()
    parts = []
    for source in STYLESHEET:
        if source.startswith(DESIGNSYSTEMET):
            css = _components(static / DESIGNSYSTEMET)
        elif source == THEME:
            css = _theme((static / source).read_text(encoding="utf-8"))
        else:
            css = (static / source).read_text(encoding="utf-8")
        parts.append(_relink(css, PurePosixPath(source).parent, static, bundle))
    bundle.add("portal.css", minify("\n".join(parts)).encode())
    icon = bundle.add(ICON, (static / ICON).read_bytes())
    manifest = json.loads((static / MANIFEST).read_text(encoding="utf-8"))
    for entry in manifest.get("icons", ()):
        entry["src"] = icon if entry["src"] == ICON else entry["src"]
    bundle.add(MANIFEST, json.dumps(manifest, ensure_ascii=False).encode())
    missing = [font for font in FONTS if font not in bundle.names]
    if missing:
        raise LookupError(f"the stylesheet names none of the preloaded fonts {missing}")
    return bundle


def _components(folder: Path) -> str:
    """Return the chosen components in Designsystemet's layers and order.

    Its `index.css` is the whole build, each component inside an `@layer ds.base{…}` or
    `@layer ds.components{…}` block; the component files hold the same rules without the
    layer. Each chosen file's first rule is found in the index to learn its layer and place;
    a component that moved or changed in a new version fails the build instead of silently
    losing its layer.
    """
    index = (folder / "index.css").read_text(encoding="utf-8")
    declaration = index[:index.index(";") + 1]
    spans = _layer_spans(index)
    placed = []
    for name in COMPONENTS:
        text = (folder / f"{name}.css").read_text(encoding="utf-8").strip()
        at = index.find(text[:text.index("}") + 1])
        layer = next((layer for start, end, layer in spans if start <= at < end), None)
        if at < 0 or layer is None:
            raise LookupError(f"Designsystemet's index.css does not hold {name}.css")
        placed.append((at, f"@layer {layer}{{{text}}}"))
    return declaration + "".join(block for _at, block in sorted(placed))


def _layer_spans(css: str) -> list[tuple[int, int, str]]:
    """Return (start, end, layer) of the text of each top-level `@layer name{…}` block."""
    spans = []
    for start, end, prelude in statements(css):
        if prelude.startswith("@layer ") and css[end - 1] == "}":
            spans.append((start + len(prelude) + 1, end - 1, prelude.split()[1]))
    return spans


def statements(css: str) -> list[tuple[int, int, str]]:
    """Split a stylesheet into top-level statements: (start, end, prelude) of each.

    A statement is a block (`prelude{…}`, with its nested blocks) or ends at `;`. Strings
    and comments are stepped over, so braces inside them do not count.
    """
    statements, at, depth, start, prelude_end = [], 0, 0, None, 0
    while at < len(css):
        if css.startswith("/*", at):
            at = css.index("*/", at + 2) + 2
            continue
        char = css[at]
        if start is None and not char.isspace():
            start = at
        if char in "\"'":
            at = _string_end(css, at) - 1
        elif char == "{":
            depth += 1
            if depth == 1:
                prelude_end = at
        elif char == "}" or (char == ";" and depth == 0):
            depth -= char == "}"
            if depth == 0:
                end = prelude_end if char == "}" else at
                statements.append((start, at + 1, css[start:end].strip()))
                start = None
        at += 1
    return statements


def _string_end(css: str, at: int) -> int:
    """Return the index just past the string that starts at `at` (escapes stepped over)."""
    quote, at = css[at], at + 1
    while css[at] != quote:
        at += 2 if css[at] == "\\" else 1
    return at + 1


def _theme(css: str) -> str:
    """Keep the theme's parts for the colour scheme the pages use (COLOR_SCHEME)."""
    unused = tuple(f"@layer ds.theme.color-scheme.{scheme}" for scheme in ("light", "dark")
                   if scheme != COLOR_SCHEME)
    return _without(css, ("@charset", "@media (prefers-color-scheme", *unused))


def _without(css: str, preludes: tuple[str, ...]) -> str:
    """Drop the statements whose prelude starts with one of these, at any depth."""
    kept = []
    for start, end, prelude in statements(css):
        if prelude.startswith(preludes):
            continue
        text = css[start:end]
        if text.endswith("}"):
            inner = text[text.index("{") + 1:-1]
            text = f"{prelude}{{{_without(inner, preludes)}}}" if "{" in inner else text
        kept.append(text)
    return "\n".join(kept)


def _relink(css: str, folder: PurePosixPath, static: Path, bundle: Bundle) -> str:
    """Point a stylesheet's relative url()s at the fingerprinted copies of their files."""

    def swap(match: re.Match) -> str:
        target = match.group(2)
        if target.startswith(("data:", "/", "http:", "https:", "#")):
            return match.group(0)
        source = str(folder / target).replace("/./", "/")
        source = str(PurePosixPath(source))
        if source not in bundle.names:
            body = (static / source).read_bytes()
            bundle.add(source, fonts.cut(body) if source in FONTS else body)
        name = bundle.names[source]
        return f"url({name})"

    return URL.sub(swap, css)


def minify(css: str) -> str:
    """Drop comments and needless whitespace, and nothing else.

    Deliberately timid: Designsystemet ships minified already, so what is left to win is the
    theme's and our own indentation. Strings are copied as they are; whitespace is kept as
    one space except next to `{`, `}` and `;`, where it never matters (a space before `:`
    or inside a value can).
    """
    out, at = [], 0
    while at < len(css):
        char = css[at]
        if css.startswith("/*", at):
            at = css.index("*/", at + 2) + 2
            continue
        if char in "\"'":
            end = _string_end(css, at)
            out.append(css[at:end])
            at = end
            continue
        if char.isspace():
            while at < len(css) and css[at].isspace():
                at += 1
            if out and out[-1][-1:] not in "{};" and at < len(css) and css[at] not in "{};":
                out.append(" ")
            continue
        if char in "{};" and out and out[-1] == " ":
            out.pop()
        out.append(char)
        at += 1
    return "".join(out)


_cache: dict[str, tuple[tuple, Bundle]] = {}


def current() -> Bundle:
    """Return this process's bundle; while debugging, rebuilt when a source has changed."""
    static = Path(current_app.static_folder)
    key = _sources_key(static) if current_app.debug else ()
    cached = _cache.get(str(static))
    if cached is None or cached[0] != key:
        cached = _cache[str(static)] = (key, build(static))
    return cached[1]


def _sources_key(static: Path) -> tuple:
    """Return the modification times of the files the bundle is built from."""
    files = [static / s for s in (*STYLESHEET, ICON, MANIFEST)]
    return tuple(f.stat().st_mtime_ns for f in files if f.exists())


@bp.get("/assets/<name>")
@access.public
def serve(name: str):
    """Serve a fingerprinted file, compressed as the browser accepts, cached for a year."""
    asset = current().assets.get(name)
    if asset is None:
        raise NotFound()
    encoding = _encoding(asset)
    response = Response(asset.bodies[encoding], mimetype=asset.mimetype)
    if encoding != "identity":
        response.headers["Content-Encoding"] = encoding
    if len(asset.bodies) > 1:
        response.vary.add("Accept-Encoding")
    response.set_etag(f"{asset.etag}-{encoding}")
    response.cache_control.public = True
    response.cache_control.max_age = YEAR
    response.cache_control.immutable = True
    return response.make_conditional(request)


def _encoding(asset: Asset) -> str:
    """Choose brotli, then gzip, then none, among what the asset has and the browser takes."""
    accepted = request.accept_encodings
    return next((e for e in ("br", "gzip") if e in asset.bodies and accepted[e] > 0),
                "identity")


def init_app(app):
    """Serve the bundle."""
    app.register_blueprint(bp)
