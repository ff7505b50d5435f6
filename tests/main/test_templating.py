"""The per-render gettext that every template's `_()` and `ngettext()` use."""

from flask import render_template_string
from flask_babel import refresh


def _render(app, source: str, language: str = "zh_CN", **values) -> str:
    with app.test_request_context(headers={"Accept-Language": language}):
        refresh()  # the test's app context outlives each request context: forget the last locale
        return render_template_string(source, **values)


def test_template_gettext_translates_formats_and_escapes_like_jinja(app):
    assert _render(app, '{{ _("Sign out") }}') == "退出登录"
    assert _render(app, '{{ _("Sign out") }}', language="en") == "Sign out"
    html = _render(app, '{{ _("%(n)s min", n=value) }}', value="<b>5</b>")
    assert html == "&lt;b&gt;5&lt;/b&gt; 分钟"  # variables are escaped, the translation is not
    assert _render(app, '{{ _("%(string)s!", string="x") }}') == "x!"  # a variable may be called string


def test_template_ngettext_fills_num_and_accepts_it_as_a_keyword(app):
    source = (
        '{{ ngettext("%(num)s question", "%(num)s questions", n) }}|'
        '{{ ngettext("%(num)s question", "%(num)s questions", n, num=7) }}'
    )
    assert _render(app, source, language="en", n=2) == "2 questions|7 questions"
