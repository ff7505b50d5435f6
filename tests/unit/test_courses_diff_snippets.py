"""Version diffs and Chinese search snippets (pure helpers)."""

from elearn.courses.diff import diff_files
from elearn.courses.snippets import matches_all, query_terms, snippet


def test_diff_reports_changed_added_removed_files_with_line_numbers():
    old = {"course.yml": "version: 1\ntitle: 旧\n", "01-a.md": "一\n二\n三\n", "02-b.md": "删除我\n"}
    new = {"course.yml": "version: 2\ntitle: 旧\n", "01-a.md": "一\n二改\n三\n", "03-c.md": "新增\n"}
    diffs = {d.name: d for d in diff_files(old, new)}
    assert [d.status for d in diffs.values()] == ["changed", "changed", "added", "removed"]
    lesson = diffs["01-a.md"]
    assert [(line.kind, line.old_no, line.new_no, line.text) for line in lesson.lines] == [
        ("context", 1, 1, "一"),
        ("removed", 2, None, "二"),
        ("added", None, 2, "二改"),
        ("context", 3, 3, "三"),
    ]
    assert (lesson.added, lesson.removed) == (1, 1)


def test_identical_versions_have_no_diff():
    files = {"course.yml": "version: 1\n"}
    assert diff_files(files, dict(files)) == []


def test_long_files_collapse_unchanged_stretches():
    rows = [f"第{i}行" for i in range(40)]
    old = "\n".join(rows)
    new = "\n".join(row + "改" if i in (5, 35) else row for i, row in enumerate(rows))
    lines = diff_files({"a": old}, {"a": new})[0].lines
    assert any(line.kind == "gap" for line in lines)
    assert len(lines) < 25


def test_query_terms_normalise_full_width_and_dedupe():
    assert query_terms("  违约 ＡＢＣ 违约 “催收”") == ["违约", "abc", "催收"]


def test_matches_all_terms_in_chinese_without_spaces():
    assert matches_all("持卡人逾期未还款属于违约行为", ["违约", "逾期"])
    assert not matches_all("持卡人逾期未还款", ["违约"])


def test_snippet_highlights_every_match_in_window():
    text = "前言" * 40 + "持卡人逾期未还款属于违约行为，违约要承担责任。" + "后记" * 40
    segments = snippet(text, ["违约"], width=40)
    assert segments[0] == ("…", False) and segments[-1] == ("…", False)
    assert [s for s, hit in segments if hit] == ["违约", "违约"]
    assert sum(len(s) for s, _ in segments) <= 42
