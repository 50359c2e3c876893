"""Settings from the environment, with embedded defaults for one machine."""

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from portal.auth.oidc import settings_from_environment as oidc_settings

ROOT = Path(__file__).resolve().parent.parent


def _flag(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key(instance_path: Path) -> str:
    """Return SECRET_KEY, or a random key kept in instance/ so sessions survive restarts."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = instance_path / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def database_url(instance_path: Path) -> str:
    """Return DATABASE_URL, or the SQLite file in instance/."""
    return normalise_url(
        os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'portal.sqlite3'}"
    )


def normalise_url(url: str) -> str:
    """Point PostgreSQL URLs at the psycopg 3 driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def _trusted_hosts() -> list[str] | None:
    """Return the hosts requests may name: PORTAL_BASE_URL's, and PORTAL_TRUSTED_HOSTS.

    Without PORTAL_BASE_URL (the embedded default on one machine), any host is accepted.
    """
    base = os.environ.get("PORTAL_BASE_URL")
    if not base:
        return None
    extra = [h.strip() for h in os.environ.get("PORTAL_TRUSTED_HOSTS", "").split(",") if h.strip()]
    return [urlsplit(base).hostname, *extra]


def from_environment(instance_path: Path) -> dict:
    """Build the Flask config mapping from environment variables."""
    https = _flag("PORTAL_HTTPS")
    return {
        "SECRET_KEY": _secret_key(instance_path),
        "DATABASE_URL": database_url(instance_path),
        # The role that owns the tables and runs the migrations (PostgreSQL); the app's own
        # role, in DATABASE_URL, may then only SELECT and INSERT the access log.
        "DATABASE_OWNER_URL": normalise_url(os.environ["DATABASE_OWNER_URL"])
        if os.environ.get("DATABASE_OWNER_URL") else None,
        "PORTAL_TEST_LOGIN": _flag("PORTAL_TEST_LOGIN"),
        "PORTAL_PROXY_FIX": _flag("PORTAL_PROXY_FIX"),
        "SESSION_COOKIE_SECURE": https,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_NAME": "portal_session",
        # Pages go out in brotli, else gzip. Compressed pages that echo input beside a secret
        # (the CSRF token) invite BREACH; the session cookie's SameSite=Lax keeps another
        # site's requests, which that attack needs, from carrying the session.
        "COMPRESS_ALGORITHM": ["br", "gzip"],
        "COMPRESS_ALGORITHM_STREAMING": ["br"],
        "LANG_COOKIE_SECURE": https,
        "IDLE_TIMEOUT_MINUTES": int(os.environ.get("PORTAL_IDLE_TIMEOUT_MINUTES", "30")),
        "ABSOLUTE_TIMEOUT_HOURS": int(os.environ.get("PORTAL_ABSOLUTE_TIMEOUT_HOURS", "8")),
        "MAX_CONTENT_LENGTH": int(os.environ.get("PORTAL_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024))),
        # One attachment to a message; the whole request is capped by MAX_CONTENT_LENGTH.
        "PORTAL_MAX_ATTACHMENT_BYTES": int(os.environ.get("PORTAL_MAX_ATTACHMENT_BYTES",
                                                          str(5 * 1024 * 1024))),
        # Attachments live outside the static files, in the instance folder by default.
        "PORTAL_UPLOAD_FOLDER": os.environ.get("PORTAL_UPLOAD_FOLDER",
                                               str(instance_path / "uploads")),
        # Appointments: how long a waiting-list offer holds a freed time, and the video service.
        "PORTAL_WAITLIST_OFFER_HOURS": int(os.environ.get("PORTAL_WAITLIST_OFFER_HOURS", "24")),
        "PORTAL_VIDEO_BASE_URL": os.environ.get("PORTAL_VIDEO_BASE_URL",
                                                "https://video.example.no/room/"),
        # Links in e-mail, SMS and calendar files are made from this, never from a request's
        # Host header; where it is set, requests for any other host are refused.
        "PORTAL_BASE_URL": os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
        "TRUSTED_HOSTS": _trusted_hosts(),
        # Notices: e-mail through this SMTP server (none: written to the log), SMS to the log.
        "PORTAL_SMTP_HOST": os.environ.get("PORTAL_SMTP_HOST") or None,
        "PORTAL_SMTP_PORT": int(os.environ.get("PORTAL_SMTP_PORT", "25")),
        "PORTAL_SMTP_USER": os.environ.get("PORTAL_SMTP_USER") or None,
        "PORTAL_SMTP_PASSWORD": os.environ.get("PORTAL_SMTP_PASSWORD") or None,
        "PORTAL_SMTP_STARTTLS": _flag("PORTAL_SMTP_STARTTLS"),
        "PORTAL_MAIL_FROM": os.environ.get("PORTAL_MAIL_FROM", "helseportal@example.no"),
        "BABEL_DEFAULT_LOCALE": "nb",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Oslo",
        "BABEL_TRANSLATION_DIRECTORIES": str(ROOT / "translations"),
        "LANGUAGES": ("nb", "nn", "en"),
        "RATELIMIT_STORAGE_URI": os.environ.get("REDIS_URL", "memory://"),
        "LOGIN_RATE_LIMIT": os.environ.get("PORTAL_LOGIN_RATE_LIMIT", "20/minute"),
        "OIDC_PROVIDERS": oidc_settings(),
        "RATELIMIT_HEADERS_ENABLED": True,
        "WTF_CSRF_TIME_LIMIT": None,
    }
