"""The live portal for the browser tests, served from a process of its own.

The app factory binds the module-level `portal.db.session` to one database, so a second
app in the pytest process (tests/conftest.py's `app`) would steal or lose that binding.
The browser tests' server therefore runs in a child process; it stops when its stdin closes.
"""

import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def serve(overrides: dict) -> None:
    """Serve the app on a free loopback port, print the port, and stop when stdin closes."""
    from werkzeug.serving import make_server

    from portal import create_app

    server = make_server("127.0.0.1", 0, create_app(overrides), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    print(server.server_port, flush=True)
    sys.stdin.read()
    server.shutdown()
    server.server_close()


def _healthy(base_url: str) -> bool:
    """Tell whether the server answers /healthz with 200."""
    try:
        with urllib.request.urlopen(base_url + "/healthz", timeout=5) as response:
            return response.status == 200
    except urllib.error.HTTPError as error:
        error.close()
        return False
    except OSError:
        return False


@contextmanager
def running(overrides: dict, log_path: Path, timeout: float = 30):
    """Start the server in a child process, yield its base URL, and stop it afterwards."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.browser.live_server", json.dumps(overrides)],
            cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
            text=True,
        )
    try:
        port = process.stdout.readline().strip()
        base_url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + timeout
        while not (port.isdigit() and _healthy(base_url)):
            if not port.isdigit() or process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the live server did not start; its log ({log_path}):\n"
                                   + log_path.read_text()[-4000:])
            time.sleep(0.1)
        yield base_url
    finally:
        process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()


if __name__ == "__main__":
    serve(json.loads(sys.argv[1]))
