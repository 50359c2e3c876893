"""Load benchmark: every main page against a bare Flask app on the same gunicorn settings.

The load comes from wrk (Debian's `wrk`), not from Python on the same cores: it keeps 16
connections busy, each request carrying the session cookie of one of the simulated people
in turn. In the same run a bare Flask "hello" app is served by gunicorn with the same
settings and driven the same way, so every page is reported as a ratio to it: a noisy
machine moves both. A third server, `bench/floor.py`, is the portal with an empty logged-in
page: the frame's own cost, the ceiling of every page's ratio. Beside the ratio: p50 and p99
latency, SQL statements per request (counted in-process), bytes per page as sent
compressed, and memory per worker.

    .venv/bin/python bench/load.py --population 1000
    DATABASE_URL=postgresql://… .venv/bin/python bench/load.py --population 100000 --keep

The table is printed and written to bench/results/ (git-ignored). Nothing here is asserted
by the test suite.
"""

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
CITIZEN_PAGES = ("/healthz", "/home", "/results/", "/results/latest", "/records/",
                 "/prescriptions/", "/appointments/", "/messages/", "/applications/",
                 "/home-care/", "/access-log/")
# Staff pages and who reads them (shared/PERSONAS.md): Nils at the GP office (the team inbox
# and the day list), Per at the case office, Tone, head of health and care in Ørland.
STAFF_PAGES = {
    "/staff/messages/": "21877500079",
    "/staff/appointments/": "21877500079",
    "/staff/applications/": "03907000019",
    "/insight/": "09896800024",
}
FLOOR = "/bench/floor"  # bench/floor.py: an empty logged-in page, the frame's own cost
LUA = """
local cookies = {%s}
local i = math.random(#cookies)
request = function()
  i = i %% #cookies + 1
  return wrk.format("GET", "%s", {["Cookie"] = cookies[i], ["Accept-Encoding"] = "br, gzip"})
end
"""


def flask(cmd: list[str], env: dict) -> None:
    """Run a flask command of the portal, failing loudly."""
    subprocess.run([sys.executable, "-m", "flask", "--app", "app", *cmd], cwd=ROOT, env=env,
                   check=True, stdout=subprocess.DEVNULL)


def serve(app: str, port: int, workers: int, threads: int, env: dict,
          cwd: Path) -> subprocess.Popen:
    """Start gunicorn with the benchmark's settings and wait until it answers."""
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--threads", str(threads),
         "--no-control-socket",
         "--bind", f"127.0.0.1:{port}", app], cwd=cwd, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(150):
        try:
            requests.get(f"http://127.0.0.1:{port}/", timeout=10)
            return server
        except requests.RequestException:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError(f"{app} did not start on port {port}")


def citizens(env: dict, count: int) -> list[str]:
    """Return national ids of synthetic adult citizens with a GP, to log in as."""
    code = ("from portal import create_app, db\nfrom sqlalchemy import text\n"
            "app = create_app()\nwith app.app_context():\n"
            "    print(' '.join(r[0] for r in db.session.execute(text("
            "\"select national_id from person where municipality_id is not null and "
            f"gp_unit_id is not null and birth_date < '1990-01-01' order by id desc limit {count}\""
            "))))")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True).stdout.split()


def log_in(base: str, number: str, role: str = "citizen") -> requests.Session:
    """Log a person in through the test login; return the session with its cookies."""
    client = requests.Session()
    page = client.get(base + "/auth/test-login?lang=nb").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post(base + "/auth/test-login", data={"csrf_token": token, "pid": number,
                                                 "role": role}, allow_redirects=False)
    return client


def cookie_header(client: requests.Session) -> str:
    """Return a session's cookies as one Cookie header."""
    return "; ".join(f"{c.name}={c.value}" for c in client.cookies)


def wrk(url: str, cookies: list[str], seconds: float, connections: int) -> dict:
    """Drive one URL with wrk; return requests per second and p50/p99 latency in ms."""
    path = "/" + url.split("/", 3)[3] if url.count("/") >= 3 else "/"
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % (", ".join(json.dumps(c) for c in cookies or [""]), path))
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{int(seconds)}s", "--latency", "-s", script.name,
         url], check=True, capture_output=True, text=True).stdout
    os.unlink(script.name)
    found = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    for label, key in (("50%", "p50"), ("99%", "p99")):
        value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", out).groups()
        found[key] = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    found["errors"] = int(errors.group(1)) if errors else 0
    return found


def compressed_bytes(base: str, path: str, client: requests.Session) -> int:
    """Return the bytes of a page as sent to a browser that takes brotli or gzip."""
    response = client.get(base + path, headers={"Accept-Encoding": "br, gzip"}, stream=True,
                          allow_redirects=False)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}: the login did not hold")
    return len(response.raw.read(decode_content=False))


def worker_memory(server: subprocess.Popen) -> float:
    """Return the mean resident memory of the server's workers, in MB."""
    out = subprocess.run(["ps", "--ppid", str(server.pid), "-o", "rss="], capture_output=True,
                         text=True).stdout.split()
    return sum(int(kb) for kb in out) / max(len(out), 1) / 1024


def queries(env: dict, pages: dict[str, tuple[str, str]]) -> dict[str, int]:
    """Count the SQL statements of one request of each page, in-process (second visit)."""
    code = f"""
import json, re
from sqlalchemy import event
from portal import create_app
app = create_app()
pages = {json.dumps(pages)}
counts = {{}}
seen = []
def note(conn, cursor, statement, *args):
    if not statement.startswith("INSERT INTO access_log_entry"):  # one per person shown
        seen.append(1)
event.listen(app.extensions["engine"], "before_cursor_execute", note)
for path, (number, role) in pages.items():
    client = app.test_client()
    form = client.get("/auth/test-login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    client.post("/auth/test-login", data={{"csrf_token": token, "pid": number, "role": role}})
    assert client.get(path).status_code == 200, path
    seen.clear()
    client.get(path)
    counts[path] = len(seen)
print(json.dumps(counts))
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    """Seed, serve the portal and a bare app, drive every page, and print the table."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--population", type=int, default=1000)
    parser.add_argument("--keep", action="store_true",
                        help="use the database as it is (no reset, no population added)")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1,
                        help="threads per worker: 1 is gunicorn's sync worker, as in the "
                             "README's production command; more uses its gthread worker")
    parser.add_argument("--people", type=int, default=32, help="simulated citizens")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk")
    folder = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    env = {**os.environ, "PORTAL_TEST_LOGIN": "1", "SECRET_KEY": "bench",
           "PORTAL_LOGIN_RATE_LIMIT": "100000/minute"}
    env.setdefault("DATABASE_URL", f"sqlite:///{folder / 'bench.sqlite3'}")
    if not args.keep:
        flask(["db", "upgrade"], env)
        flask(["demo", "--reset", "--population", str(args.population)], env)
        flask(["jobs", "insight-figures"], env)  # as the night would
    bare_port, port, floor_port = random.sample(range(20000, 40000), 3)
    bare = serve("bare:app", bare_port, args.workers, args.threads, env, Path(__file__).parent)
    portal = serve("app:app", port, args.workers, args.threads, env, ROOT)
    floor = serve("floor:app", floor_port, args.workers, args.threads, env,
                  Path(__file__).parent)
    base = f"http://127.0.0.1:{port}"
    rows = {}
    try:
        rows["bare Flask"] = wrk(f"http://127.0.0.1:{bare_port}/", [], args.seconds,
                                 args.connections)
        people = [log_in(base, n) for n in citizens(env, args.people)]
        cookies = [cookie_header(c) for c in people]
        # The same sessions: the floor is the portal on the same database and secret key.
        compressed_bytes(f"http://127.0.0.1:{floor_port}", FLOOR, people[0])  # a 200, not login
        rows[FLOOR] = wrk(f"http://127.0.0.1:{floor_port}{FLOOR}", cookies, args.seconds,
                          args.connections)
        floor.terminate()
        floor.wait()
        sample = {}
        for path in CITIZEN_PAGES:
            size = compressed_bytes(base, path, people[0])
            rows[path] = {**wrk(base + path, cookies, args.seconds, args.connections),
                          "bytes": size}
            sample[path] = (citizens(env, 1)[0], "citizen")
        for path, number in STAFF_PAGES.items():
            staff = [log_in(base, number, "staff") for _ in range(4)]
            size = compressed_bytes(base, path, staff[0])
            rows[path] = {**wrk(base + path, [cookie_header(c) for c in staff], args.seconds,
                                args.connections), "bytes": size}
            sample[path] = (number, "staff")
        memory = worker_memory(portal)
    finally:
        for server in (portal, bare, floor):
            server.terminate()
            server.wait()
    counted = queries(env, sample)
    baseline = rows["bare Flask"]["rps"]
    database = env["DATABASE_URL"].split(":")[0]
    lines = [f"{args.workers} gunicorn workers × {args.threads} threads, wrk -c{args.connections} "
             f"{args.seconds:g} s per page, {database}, population {args.population}"
             f"{' (kept)' if args.keep else ''}, {time.strftime('%Y-%m-%d')}; "
             f"memory per worker {memory:.0f} MB",
             "",
             "| page | req/s | ratio to bare Flask | p50 ms | p99 ms | queries | bytes (compressed) |",
             "|---|---|---|---|---|---|---|"]
    for path, found in rows.items():
        lines.append(f"| `{path}` | {found['rps']:.0f} | {found['rps'] / baseline:.3f} | "
                     f"{found['p50']:.1f} | {found['p99']:.1f} | {counted.get(path, '')} | "
                     f"{found.get('bytes', '')} |"
                     + (f" {found['errors']} errors" if found["errors"] else ""))
    table = "\n".join(lines)
    print(table)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    stamp = int(time.time())
    (out / f"load-{stamp}.md").write_text(table + "\n")
    (out / f"load-{stamp}.json").write_text(json.dumps(
        {"args": vars(args), "rows": rows, "queries": counted, "memory_mb": memory}, indent=2))


if __name__ == "__main__":
    main()
