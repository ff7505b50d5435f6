"""GIFT questions without ::name:: are named from their text as Moodle does (values worked out by hand)."""

import pytest

from elearn.quizzes.gift import parse_gift
from elearn.quizzes.gift_names import default_name, shorten_text


def _name(gift: str) -> str:
    result = parse_gift(gift, id_prefix="bank")
    assert result.problems == []
    return result.questions[0].name


@pytest.mark.parametrize(("gift", "name"), [
    ("逾期还款属于违约吗？{T}", "逾期还款属于违约吗？"),
    # text after the block: the block becomes "_____" (Moodle's missing-word form), with no spaces added
    ("Grant is {~buried =entombed ~living} in Grant's tomb.", "Grant is _____ in Grant's tomb."),
    ("民法典自{=2021}年起施行。", "民法典自_____年起施行。"),
    ("[html]<p>What is <b>this</b>?</p>{T}", "What is this?"),     # tags stripped
    ("Is 1 \\= 1 \\{really\\}?{T}", "Is 1 = 1 {really}?"),           # escapes undone
    ("::Named:: 文本{T}", "Named"),
    ("{T}", "bank-1"),                                               # blank text: the question id
])
def test_unnamed_questions_are_named_from_their_text(gift, name):
    assert _name(gift) == name


def test_long_chinese_text_is_cut_at_77_characters_and_dotted():
    assert _name("催" * 100 + "{T}") == "催" * 77 + "..."


def test_long_latin_text_is_cut_after_the_last_space_before_the_limit():
    # 75 a, a space, then "bcdefgh ijk": the cut at 77 falls inside "bcdefgh", so it goes back to the space
    assert _name("a" * 75 + " bcdefgh ijk{T}") == "a" * 75 + " ..."
    assert _name("Hi. " + "x" * 90 + "{T}") == "Hi. ..."


def test_shorten_text_matches_moodle():
    assert shorten_text("The quick brown fox jumps over the lazy dog", 19) == "The quick brown ..."
    assert shorten_text("short", 19) == "short"
    # tags do not count; an entity counts as one character
    assert shorten_text("<b>" + "x" * 10 + "</b>", 10) == "<b>" + "x" * 10 + "</b>"
    assert shorten_text("&amp;" * 12, 10) == "&amp;" * 7 + "..."
    assert default_name("   ", "fallback") == "fallback"
