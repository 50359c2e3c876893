"""Lighthouse on the pages a citizen opens first, as a phone would load them (issue 19).

    .venv/bin/python bench/lighthouse.py

Installs Lighthouse from the lockfile in bench/lighthouse/ (npm), serves the demo data
(`flask setup` first) with gunicorn as in production, logs in as Kari Nordmann through the
test login, and runs Lighthouse's mobile preset (simulated slow 4G and a mid-range phone) in
Debian's Chromium on `/home`, `/results/`, the latest-per-test view and one result's page.
Prints a Markdown table of the scores and the layout shift, and writes it with the full
reports to bench/results/.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent / "lighthouse"
RESULTS = ROOT / "bench" / "results"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
PERSONA = "14838800026"  # Kari Nordmann
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")

sys.path.insert(0, str(ROOT))
from bench import load  # noqa: E402
from portal import assets  # noqa: E402


def free_port() -> int:
    """Return a port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(port: int) -> subprocess.Popen:
    """Start gunicorn with two workers on the demo database, with the test login on."""
    env = {**os.environ, "PORTAL_TEST_LOGIN": "1",
           "PORTAL_BASE_URL": f"http://127.0.0.1:{port}"}
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--workers", "2", "--bind",
         f"127.0.0.1:{port}", "app:app"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
            return server
        except requests.RequestException:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("the portal did not start")


def session_cookie(base: str) -> str:
    """Log in as the persona through the test login; return the Cookie header."""
    client = load.log_in(base, PERSONA)
    return "; ".join(f"{c.name}={c.value}" for c in client.cookies)


def pages(base: str, cookie: str) -> list[str]:
    """The pages to measure: home, results by date and latest, and the newest result."""
    listing = requests.get(base + "/results/", headers={"Cookie": cookie}).text
    result = re.search(r'href="(/results/\d+)"', listing)
    if result is None:
        raise RuntimeError("no result to open: has `flask setup` loaded the demo?")
    return ["/home", "/results/", "/results/latest", result.group(1)]


def lighthouse(url: str, cookie: str, out: Path) -> dict:
    """Run Lighthouse's mobile preset on one page; return its report."""
    cli = HERE / "node_modules" / "lighthouse" / "cli" / "index.js"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([
            "node", str(cli), url, "--quiet", "--output=json", f"--output-path={out}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--extra-headers={json.dumps({'Cookie': cookie})}",
            f"--chrome-flags=--headless=new --no-sandbox --user-data-dir={profile}"],
            env={**os.environ, "CHROME_PATH": CHROMIUM}, check=True)
    return json.loads(out.read_text())


def row(path: str, report: dict) -> str:
    """One line of the table: the four scores, layout shift, and bytes over the wire."""
    scores = [round(report["categories"][c]["score"] * 100) for c in CATEGORIES]
    audits = report["audits"]
    cls = audits["cumulative-layout-shift"]["numericValue"]
    lcp = audits["largest-contentful-paint"]["numericValue"] / 1000
    weight = audits["total-byte-weight"]["numericValue"] / 1024
    return (f"| `{path}` | {' | '.join(map(str, scores))} | {cls:.3f} | {lcp:.1f} s "
            f"| {weight:.0f} KB |")


def main() -> None:
    """Measure and print the table."""
    if shutil.which("node") is None:
        raise SystemExit("Lighthouse needs Node.js (`apt-get install nodejs npm`)")
    assets.install(HERE)
    RESULTS.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = serve(port)
    try:
        cookie = session_cookie(base)
        version = json.loads((HERE / "node_modules/lighthouse/package.json").read_text())
        lines = [f"Lighthouse {version['version']}, mobile preset, Chromium, gunicorn with 2 "
                 f"workers, demo data, logged in as Kari Nordmann; {time.strftime('%Y-%m-%d')}.",
                 "", "| page | performance | accessibility | best practices | SEO "
                 "| layout shift (CLS) | largest paint | bytes |",
                 "|---|---|---|---|---|---|---|---|"]
        for path in pages(base, cookie):
            name = re.sub(r"\W+", "-", path).strip("-") or "start"
            report = lighthouse(base + path, cookie, RESULTS / f"lighthouse-{name}.json")
            lines.append(row(re.sub(r"/\d+$", "/<id>", path), report))
    finally:
        server.terminate()
        server.wait()
    table = "\n".join(lines)
    (RESULTS / "lighthouse.md").write_text(table + "\n")
    print(table)


if __name__ == "__main__":
    main()
