"""Every UI string goes through the catalog and has a Chinese translation (zh_CN is the default UI)."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
i18n = importlib.util.module_from_spec(spec)
spec.loader.exec_module(i18n)


def test_every_string_in_the_code_is_in_its_catalog():
    missing = i18n.not_in_catalogs()
    assert not missing, "run `python scripts/i18n.py update` and translate:\n" + "\n".join(missing)


def test_every_catalog_entry_has_a_chinese_translation():
    missing = i18n.untranslated()
    assert not missing, "untranslated:\n" + "\n".join(missing)


def test_a_msgid_has_one_translation_in_every_catalog():
    """The domains' catalogs are merged into one at run time (a later domain wins), so a msgid translated two
    ways showed the other domain's wording: the lesson page's "Next" read "下一页" (next page)."""
    different = i18n.conflicts()
    assert not different, "one wording per msgid (or a distinct msgid):\n" + "\n".join(different)


def test_column_headings_shown_side_by_side_stay_distinct_in_chinese(app):
    """The call list shows "Outcome" and "Result" side by side, the transcript "Score" and "Result": one Chinese
    wording for two of them would give two columns the same heading."""
    from flask_babel import force_locale, gettext

    with app.test_request_context(), force_locale("zh_CN"):
        for pair in (("Outcome", "Result"), ("Score", "Result")):
            assert len({gettext(text) for text in pair}) == 2, pair
