"""Flask extensions, created once and bound to the app in create_app()."""

from flask import current_app
from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

babel = Babel()
compress = Compress()
csrf = CSRFProtect()
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def login_limit() -> str:
    """Return the rate limit of logging in, and of everything else that proves who one is
    (an app's codes, refresh tokens and secrets are not to be guessed either)."""
    return current_app.config["LOGIN_RATE_LIMIT"]
