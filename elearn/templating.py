"""Jinja filters and globals shared by every template, and the security headers of every response."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from flask import current_app, g, request, session
from flask_babel import format_date, format_datetime, get_locale, get_translations
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from jinja2 import pass_context
from markupsafe import Markup

from elearn.core.caching import remember
from elearn.core.clock import to_local
from elearn.core.i18n import current_language, localized
from elearn.core.masking import mask_card, mask_employee_no, mask_name
from elearn.main.registry import nav_for


def localdt(value: datetime | None, fmt: str = "yyyy-MM-dd HH:mm") -> str:
    """A stored naive-UTC datetime in the display time zone."""
    if value is None:
        return ""
    local = to_local(value, current_app.config["DISPLAY_TIMEZONE"]).replace(tzinfo=None)
    return format_datetime(local, fmt, rebase=False)


def localdate(value: date | datetime | None) -> str:
    """A date as yyyy-MM-dd (the format Chinese HR reports use)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_local(value, current_app.config["DISPLAY_TIMEZONE"]).date()
    return format_date(value, "yyyy-MM-dd")


def progress_bar(percent: float, label: str) -> Markup:
    """A progress bar with its accessible name. The width is a class in 5% steps (w-0p ... w-100p in
    app.css), as the CSP allows no inline styles. A function rather than a macro: importing a macro
    module costs a template render about 15 us."""
    value, step = int(round(percent)), int(round(percent / 5)) * 5
    return Markup(
        '<div class="progress" role="progressbar" aria-label="{}" aria-valuenow="{}" aria-valuemin="0"'
        ' aria-valuemax="100">\n  <div class="progress-bar w-{}p">{}%</div>\n</div>'
    ).format(label, value, step, value)


def colon() -> str:
    """The colon after a label: the full-width "：" in Chinese, ": " in English. Plain text with nothing to
    escape, so it renders the same as the inline expression and macro it replaces."""
    return "：" if current_language() == "zh" else ": "


FRAGMENTS_MAX = 4096  # cached fragments per process; the cache is emptied when it is full


def cached_fragment(*key, caller) -> Markup:
    """The HTML of a `{% call cached_fragment(key...) %}...{% endcall %}` block, rendered once per process.

    Only for markup that is a pure function of the key, the interface language and the script root
    (translated labels, url_for links, published content): the body is not rendered again on a hit, so
    it must not read the user, the session, the CSRF token, flashed messages or the clock unless
    those values are part of the key. The cache belongs to the app (app.extensions).
    """
    scope = g.get("_fragment_scope")
    if scope is None:  # once per request: a page uses several fragments
        store = current_app.extensions.setdefault("template_fragments", {})
        scope = g._fragment_scope = (store, (str(get_locale()), request.script_root))
    store, suffix = scope
    full_key = key + suffix
    html = store.get(full_key)
    if html is None:
        html = remember(store, full_key, Markup(caller()), FRAGMENTS_MAX)
    return html


CSRF_SIGNED_MAX = 20000  # sessions whose signed token is kept per process


def csrf_token() -> str:
    """Flask-WTF's `generate_csrf`, signed once per session token instead of once per request.

    The token in a page is the session's secret token, signed; signing it again on each page only
    changes its timestamp, which nothing checks while WTF_CSRF_TIME_LIMIT is None (our setting). With
    a time limit, or before the session has a token, this is plain `generate_csrf`. Validation is
    unchanged (Flask-WTF checks the signature and that the token matches the session's).
    """
    config = current_app.config
    raw = session.get(config["WTF_CSRF_FIELD_NAME"])
    if raw is None or config.get("WTF_CSRF_TIME_LIMIT") is not None:
        return generate_csrf()
    store = current_app.extensions.setdefault("csrf_signed", {})
    token = store.get(raw)
    if token is None:
        token = remember(store, raw, generate_csrf(), CSRF_SIGNED_MAX)
    return token


@lru_cache(maxsize=16)
def bound_gettext(translations) -> dict:
    """`gettext` and `ngettext` for templates, bound to one catalogue, with Jinja's newstyle rules.

    Flask-Babel's template callables look the request's catalogue up again on every `_()` (about
    10 us each, most of a cached page's remaining template time); a render looks it up once and puts
    these in its context, where `_()` finds them before the globals. Behaviour is Jinja's newstyle
    gettext: the translation is Markup when autoescaping and is always %-formatted with the variables.
    """

    @pass_context
    def gettext(context, string: str, /, **variables) -> str:
        text = translations.ugettext(string)
        return (Markup(text) if context.eval_ctx.autoescape else text) % variables

    @pass_context
    def ngettext(context, singular: str, plural: str, num: int, /, **variables) -> str:
        variables.setdefault("num", num)
        text = translations.ungettext(singular, plural, num)
        return (Markup(text) if context.eval_ctx.autoescape else text) % variables

    return {"gettext": gettext, "ngettext": ngettext}


def security_headers(response):
    """Strict defaults: no inline scripts, no framing, no sniffing, no referrer leaks."""
    headers = response.headers
    headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    )
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def register(app) -> None:
    app.jinja_env.filters.update(
        localdt=localdt, localdate=localdate, localized=localized,
        mask_name=mask_name, mask_card=mask_card, mask_employee_no=mask_employee_no,
    )
    app.jinja_env.globals.update(
        current_language=current_language, cached_fragment=cached_fragment, progress_bar=progress_bar, colon=colon
    )
    app.after_request(security_headers)

    @app.context_processor
    def navigation():
        return {"nav_items": nav_for(current_user._get_current_object()), "site_name": app.config["SITE_NAME"],
                "organisation_name": app.config["ORGANISATION_NAME"], "csrf_token": csrf_token,
                **bound_gettext(get_translations())}
