"""Load benchmark: the main pages against a bare endpoint, as ratios, in one run."""

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("/healthz", "/home", "/results/", "/records/", "/access-log/")
# Pages read by staff, and who reads them: the insight dashboard by Tone Moe, head of health
# and care in Ørland (shared/PERSONAS.md), over the default period of 12 months.
LEADER = "09896800024"
STAFF_PAGES = {"/insight/": LEADER}


def run(cmd, env):
    """Run a flask command, failing loudly."""
    subprocess.run([sys.executable, "-m", "flask", "--app", "app", *cmd], cwd=ROOT, env=env,
                   check=True, stdout=subprocess.DEVNULL)


def numbers(env, count: int) -> list[str]:
    """Return national ids of synthetic citizens to log in as."""
    code = ("from portal import create_app, db\nfrom sqlalchemy import text\n"
            "app = create_app()\nwith app.app_context():\n"
            f"    print(' '.join(r[0] for r in db.session.execute(text("
            f"\"select national_id from person order by id desc limit {count}\"))))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout
    return out.split()


def log_in(base: str, number: str, role: str = "citizen") -> requests.Session:
    """Log a client in through the test login (as a citizen, or as staff)."""
    client = requests.Session()
    page = client.get(base + "/auth/test-login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post(base + "/auth/test-login", data={"csrf_token": token, "pid": number,
                                                 "role": role}, allow_redirects=False)
    return client


def drive(base, clients, path, seconds) -> float:
    """Request one path from every client for a while; return requests per second."""
    done, stop = [], time.monotonic() + seconds

    def worker(client):
        count = 0
        while time.monotonic() < stop:
            response = client.get(base + path, allow_redirects=False)
            assert response.status_code == 200, (path, response.status_code)
            count += 1
        done.append(count)

    threads = [threading.Thread(target=worker, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / seconds


def main() -> None:
    """Seed, serve, drive, and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--population", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    env = {**os.environ, "PORTAL_TEST_LOGIN": "1", "SECRET_KEY": "bench",
           "PORTAL_LOGIN_RATE_LIMIT": "100000/minute"}
    env.setdefault("DATABASE_URL", f"sqlite:///{folder / 'bench.sqlite3'}")
    run(["db", "upgrade"], env)
    run(["demo", "--reset", "--population", str(args.population)], env)
    port = random.randint(20000, 40000)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(args.workers), "--threads", "4",
         "--bind", f"127.0.0.1:{port}", "app:app"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if requests.get(base + "/healthz", timeout=1).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.2)
        clients = [log_in(base, n) for n in numbers(env, args.clients)]
        rates = {path: drive(base, clients, path, args.seconds) for path in PAGES}
        for path, number in STAFF_PAGES.items():
            staff = [log_in(base, number, "staff") for _ in range(args.clients)]
            rates[path] = drive(base, staff, path, args.seconds)
    finally:
        server.terminate()
        server.wait()
    baseline = rates["/healthz"]
    print(f"{'page':<16}{'req/s':>10}{'ratio to /healthz':>20}")
    for path, rate in rates.items():
        print(f"{path:<16}{rate:>10.1f}{rate / baseline:>20.2f}")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / f"load-{int(time.time())}.json").write_text(json.dumps(
        {"args": vars(args), "rates": rates}, indent=2))


if __name__ == "__main__":
    main()
