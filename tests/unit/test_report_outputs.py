"""Pure report outputs: charts, API tokens, xAPI statements, CSV and XLSX writers."""

import io
import json
import xml.etree.ElementTree as ET
from datetime import date, datetime

from openpyxl import load_workbook

from elearn.reports.charts import Segment, bar_chart, column_chart, stacked_bar_chart
from elearn.reports.tokens import bearer, hash_token, new_token, prefix_of, token_matches
from elearn.reports.writers import write_csv, write_xlsx
from elearn.reports.xapi import LearningEvent, statement

SVG = "{http://www.w3.org/2000/svg}"


def parse_svg(text):
    return ET.fromstring(text)


def test_bar_chart_is_accessible_and_escapes_labels():
    svg = bar_chart([("催收一部", 80), ("<script>", 40.5)], "通过率", "pass", max_value=100, unit="%")
    root = parse_svg(svg)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "通过率"
    assert "催收一部: 80%" in root.find(f"{SVG}desc").text
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect") if r.get("fill") != "#e9ecef"]
    assert widths == [264.0, 133.7]  # 80% and 40.5% of the 330px track


def test_stacked_chart_segments_fill_the_track_in_proportion():
    segs = [Segment("done", "已完成", "success"), Segment("overdue", "逾期", "danger")]
    svg = stacked_bar_chart([("二部", {"done": 3, "overdue": 1})], segs, "完成情况", "dept")
    rects = [r for r in parse_svg(svg).iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert [float(r.get("width")) for r in rects] == [285.0, 95.0]
    assert "二部: 已完成 3, 逾期 1" in svg


def test_empty_charts_say_so():
    assert "暂无数据" in column_chart([], "到期", "exp", empty_text="暂无数据")
    assert "暂无数据" in bar_chart([], "x", "x", empty_text="暂无数据")
    parse_svg(stacked_bar_chart([], [], "x", "y", empty_text="暂无数据"))


def test_column_chart_tallest_column_is_the_largest_value():
    root = parse_svg(column_chart([("2026-12", 2), ("2027-01", 8)], "到期", "exp"))
    heights = [float(r.get("height")) for r in root.iter(f"{SVG}rect")]
    assert heights == [37.5, 150.0]


def test_tokens_are_stored_as_hashes_and_checked():
    token, prefix, digest = new_token()
    assert prefix_of(token) == prefix and token not in digest
    assert token_matches(token, digest)
    assert not token_matches(token + "x", digest)
    assert digest == hash_token(token)
    assert prefix_of("garbage") is None and prefix_of("el_short_x") is None
    assert bearer(f"Bearer {token}") == token
    assert bearer("Basic abc") is None and bearer(None) is None and bearer("Bearer ") is None


def event(**kw):
    fields = {"kind": "passed", "employee_no": "C1001", "activity": "quizzes/law",
              "activity_name": {"zh": "法律测验", "en": "Law quiz"}, "at": datetime(2026, 11, 2, 8, 30, 5, 123),
              "score_percent": 85.0, "success": True, "ref": "quiz_attempt:7"}
    fields.update(kw)
    return LearningEvent(**fields)


def test_xapi_statement_shape_and_stable_ids():
    st = statement(event(), "https://elearn.example.cn/")
    assert st["actor"] == {"objectType": "Agent", "account": {"homePage": "https://elearn.example.cn", "name": "C1001"}}
    assert st["verb"]["id"] == "http://adlnet.gov/expapi/verbs/passed"
    assert st["object"]["id"] == "https://elearn.example.cn/quizzes/law"
    assert st["object"]["definition"]["name"] == {"zh-CN": "法律测验", "en-US": "Law quiz"}
    assert st["result"] == {"score": {"scaled": 0.85, "raw": 85.0, "min": 0, "max": 100}, "success": True,
                            "completion": True}
    assert st["timestamp"] == "2026-11-02T08:30:05Z"
    assert statement(event(), "https://elearn.example.cn")["id"] == st["id"]
    assert statement(event(ref="quiz_attempt:8"), "https://elearn.example.cn")["id"] != st["id"]
    json.dumps(st)
    assert "result" not in statement(event(kind="failed", score_percent=None, success=None), "http://x")


def test_csv_has_bom_crlf_chinese_and_no_formula_injection():
    data = write_csv(["工号", "姓名", "日期"], [["C1", "王芳", date(2026, 1, 2)], ["C2", "=cmd|' /C calc'!A0", None]])
    assert data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8")
    assert text.splitlines()[1] == "C1,王芳,2026-01-02"
    assert "'=cmd" in text and "\r\n" in text


def test_xlsx_header_is_frozen_and_filterable():
    calls = []
    rows = [[f"C{i}", "王芳", date(2026, 1, 2), i] for i in range(2100)]
    data = write_xlsx(["工号", "姓名", "日期", "n"], rows, "合规矩阵", progress=calls.append)
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "合规矩阵"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:D2101"
    assert sheet["B2"].value == "王芳" and sheet["A1"].font.bold
    assert calls == [1000, 2000]


def test_xlsx_keeps_formulas_as_text_and_dates_as_dates():
    data = write_xlsx(["a", "b", "c"], [["=HYPERLINK(\"http://evil\")", date(2026, 1, 2), 3.5]])
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet["A2"].value == '=HYPERLINK("http://evil")' and sheet["A2"].data_type == "s"
    assert sheet["B2"].value.date() == date(2026, 1, 2) and sheet["C2"].value == 3.5
