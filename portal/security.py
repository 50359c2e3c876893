"""Security headers on every response: CSP without inline script, nosniff, no framing."""

from functools import cache
from urllib.parse import urlsplit

from flask import current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix


@cache
def csp(login_origins: tuple[str, ...] = ()) -> str:
    """Return the policy; forms may lead to the login providers (logout redirects there)."""
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "form-action " + " ".join(("'self'", *login_origins)),
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ])


def login_origins() -> tuple[str, ...]:
    """Return the origins of the configured login providers."""
    return tuple(sorted({"{0.scheme}://{0.netloc}".format(urlsplit(s["issuer"]))
                         for s in current_app.config["OIDC_PROVIDERS"].values()}))


def _headers(response):
    """Add the security headers; HSTS only where the request came over https."""
    response.headers.setdefault("Content-Security-Policy", csp(login_origins()))
    response.headers["X-Content-Type-Options"] = "nosniff"
    if not getattr(response, "frameable", False):
        response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if response.mimetype == "text/html":
        # Pages hold personal data: never kept by shared caches or the back button's cache.
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def init_app(app):
    """Add the headers to every response, and trust a proxy's headers where told to."""
    if app.config["PORTAL_PROXY_FIX"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    app.after_request(_headers)
