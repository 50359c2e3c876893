"""Translation chores: extract, update and compile the catalogues with Babel."""

from pathlib import Path

from babel.messages.frontend import CommandLineInterface

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = ROOT / "translations"
POT = CATALOGUES / "messages.pot"
LANGUAGES = ("nb", "nn", "en")


def _babel(*args: str) -> None:
    """Run a pybabel command."""
    CommandLineInterface().run(["pybabel", "-q", *args])


def extract(target: Path = POT) -> None:
    """Extract every translatable string of the code and templates into a template file."""
    _babel("extract", "-F", str(ROOT / "pyproject.toml"), "-k", "_l", "-k", "_p:1c,2",
           "--no-location",
           "--sort-output", "--omit-header", "-o", str(target), str(ROOT))


def update_catalogues() -> None:
    """Extract the messages and merge them into each language's catalogue."""
    extract()
    for lang in LANGUAGES:
        po = CATALOGUES / lang / "LC_MESSAGES" / "messages.po"
        if po.exists():
            _babel("update", "-i", str(POT), "-d", str(CATALOGUES), "-l", lang, "--no-wrap",
                   "--ignore-obsolete")
        else:
            _babel("init", "-i", str(POT), "-d", str(CATALOGUES), "-l", lang, "--no-wrap")


def compile_catalogues() -> None:
    """Compile every catalogue to the binary form Flask-Babel reads."""
    _babel("compile", "-d", str(CATALOGUES), "--statistics")
