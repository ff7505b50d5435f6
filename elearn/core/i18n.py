"""Locale selection and bilingual content values."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale
from flask import current_app, has_request_context, request, session
from flask_babel import get_locale
from flask_login import current_user


def select_locale() -> str:
    """The user's saved language, else the one chosen this session, else the browser's, else zh_CN."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    best = request.accept_languages.best_match(["zh-CN", "zh", "en"])
    if best and best.startswith("en"):
        return "en"
    return current_app.config["BABEL_DEFAULT_LOCALE"]


@lru_cache(maxsize=16)
def _parsed(code: str) -> Locale:
    return Locale.parse(code)


def request_locale() -> Locale:
    """Flask-Babel's locale selector: `select_locale`, as a Locale parsed once per code per process
    (Flask-Babel parses a returned string again on every request)."""
    return _parsed(select_locale())


def current_language() -> str:
    """'zh' or 'en', the key used in bilingual content values."""
    locale = get_locale()
    return "en" if locale is not None and locale.language == "en" else "zh"


def localized(value, lang: str | None = None) -> str:
    """Pick the right language from a `{zh: ..., en: ...}` value; a plain string is returned as is."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    lang = lang or current_language()
    return value.get(lang) or value.get("zh") or value.get("en") or ""
