"""Languages: bokmål by default, nynorsk and English; chosen with ?lang= and remembered."""

from datetime import date, datetime
from functools import lru_cache

from babel.numbers import NumberPattern, parse_pattern
from flask import current_app, g, request
from flask_babel import format_date, format_datetime, format_percent, get_locale, get_translations

from portal.extensions import babel

LANG_COOKIE = "portal_lang"
_ONE_YEAR = 365 * 24 * 3600


def select_locale() -> str:
    """Pick the language: ?lang= first, then the remembered choice, then bokmål."""
    languages = current_app.config["LANGUAGES"]
    for candidate in (request.args.get("lang"), request.cookies.get(LANG_COOKIE)):
        if candidate in languages:
            return candidate
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _remember_language(response):
    """Keep a language chosen with ?lang= in a cookie of its own, so it outlives logout."""
    chosen = request.args.get("lang")
    if chosen in current_app.config["LANGUAGES"] and request.cookies.get(LANG_COOKIE) != chosen:
        response.set_cookie(
            LANG_COOKIE,
            chosen,
            max_age=_ONE_YEAR,
            httponly=True,
            samesite="Lax",
            secure=current_app.config["LANG_COOKIE_SECURE"],
        )
    return response


@lru_cache(maxsize=16)
def _number_pattern(pattern: str) -> NumberPattern:
    """Return a number pattern parsed once: Babel parses it anew on every call, and a list of
    results formats a hundred numbers (issue 22)."""
    return parse_pattern(pattern)


def _decimal(value, pattern: str) -> str:
    """Format a number by a pattern in the reader's locale, as Babel's format_decimal does."""
    return _number_pattern(pattern).apply(value, get_locale())


def _number(value, digits: int = 0) -> str:
    """Format a number in the reader's locale (decimal comma in Norwegian)."""
    if value is None:
        return ""
    return _decimal(value, "#,##0" + ("." + "0" * digits if digits else ""))


def measure(value) -> str:
    """Format a measured value with the decimals it has (at most two), in the reader's locale."""
    return "" if value is None else _decimal(value, "#,##0.##")


# Date patterns per language; Babel supplies the month names.
PATTERNS = {
    "long": {"nb": "d. MMMM y", "nn": "d. MMMM y", "en": "d MMMM y"},
    "short": {"nb": "dd.MM.y", "nn": "dd.MM.y", "en": "dd/MM/y"},
    "datetime": {"nb": "d. MMMM y 'kl.' HH:mm", "nn": "d. MMMM y 'kl.' HH:mm",
                 "en": "d MMMM y, HH:mm"},
    "time": {"nb": "HH:mm", "nn": "HH:mm", "en": "HH:mm"},
}


def _percent(value) -> str:
    """Format a share given in percent in the reader's locale ("58 %" in Norwegian)."""
    return "" if value is None else format_percent(value / 100)


def _pattern(style: str) -> str:
    """Return the date pattern of a style in the request's language."""
    return PATTERNS[style][g.get("lang", "nb")]


def format_day(value, style: str = "long") -> str:
    """Format a date (or a moment, as its Oslo date) in the reader's language."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value, _pattern(style))
    return format_date(value, _pattern(style))


def _isodate(value: str, style: str = "long") -> str:
    """Format a date kept as text in ISO 8601 (an answer in a questionnaire)."""
    return format_day(date.fromisoformat(value), style) if value else ""


def _datetime(value, style: str = "datetime") -> str:
    """Format a moment as date and time (or time alone) in the reader's language, Oslo time."""
    return "" if value is None else format_datetime(value, _pattern(style))


def _catalogue():
    """Return the catalogue of the request's language, looked up once per language a request
    uses: Flask-Babel looks it up anew on every call (three lookups in `g` and the locale's
    name built again), and a page calls it a hundred times or more (issue 22)."""
    if not g:  # outside an app context Flask-Babel gives the untranslated text
        return get_translations()
    locale = get_locale()
    kept = g.get("_catalogue")
    if kept is None or kept[0] is not locale:  # force_locale() gives another Locale object
        kept = g._catalogue = (locale, get_translations())
    return kept[1]


def init_app(app):
    """Set up Flask-Babel, the language cookie and locale-aware template filters."""
    babel.init_app(app, locale_selector=select_locale)
    # Templates translate through the request's catalogue, kept (see `_catalogue`).
    app.jinja_env.install_gettext_callables(
        gettext=lambda text: _catalogue().ugettext(text),
        ngettext=lambda singular, plural, n: _catalogue().ungettext(singular, plural, n),
        pgettext=lambda context, text: _catalogue().upgettext(context, text),
        npgettext=lambda context, singular, plural, n: _catalogue().unpgettext(
            context, singular, plural, n),
        newstyle=True)
    app.after_request(_remember_language)

    @app.before_request
    def _set_lang():
        g.lang = select_locale()

    app.add_template_filter(_number, "number")
    app.add_template_filter(measure, "measure")
    app.add_template_filter(_percent, "percent")
    app.add_template_filter(format_day, "date")
    app.add_template_filter(_isodate, "isodate")
    app.add_template_filter(_datetime, "datetime")
