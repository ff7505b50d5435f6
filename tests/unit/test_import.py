"""The HR import core on the messy files real HR systems produce."""

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from elearn.employees.importing import (
    Existing,
    build_plan,
    decode,
    parse_date,
    parse_rows,
    read_table,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "hr"


def parse(name: str):
    data = (FIXTURES / name).read_bytes()
    table, encoding = read_table(data, name)
    return parse_rows(table, encoding)


def existing(no="C1000", name="李强", dept=("催收中心", "催收一部"), active=True, **kw):
    fields = {"position": "组长", "hire_date": date(2021, 7, 15), "manager_no": "", "email": "liqiang@example.com"}
    fields.update(kw)
    return Existing(no, name, dept, active=active, **fields)


@pytest.mark.parametrize("name", ["clean_utf8.csv", "clean_utf8_bom.csv"])
def test_utf8_with_and_without_bom_read_the_same(name):
    parsed = parse(name)
    assert parsed.problems == []
    assert [r.employee_no for r in parsed.rows] == ["C1001", "C1000", "C1002", "C1003"]
    assert parsed.rows[2].name == "欧阳娜娜"
    assert parsed.rows[2].hire_date == date(2025, 1, 6)
    assert parsed.rows[3].hire_date == date(2023, 9, 1)
    assert parsed.rows[0].department == ("催收中心", "催收一部", "A组")


def test_messy_gbk_file_reports_every_error_with_row_and_column():
    parsed = parse("messy_gbk.csv")
    assert parsed.encoding == "gb18030"
    where = {(p.row, p.column) for p in parsed.problems}
    # rows are file lines: blank lines count, header is row 1
    assert (6, "入职日期") in where  # 2025-13-45
    assert (7, "工号") in where  # duplicate C1001
    assert (8, "姓名") in where  # empty name
    assert (9, "状态") in where  # 休假 is not a status
    duplicate = next(p for p in parsed.problems if p.row == 7)
    assert "first on row 3" in duplicate.text()
    assert parsed.sensitive_columns == ["身份证号"]
    assert parsed.ignored_columns == ["备注"]


def test_unknown_manager_is_an_error_in_the_plan():
    plan = build_plan(parse("messy_gbk.csv"), [])
    assert not plan.ok
    manager = [p for p in plan.problems if p.row == 10]
    assert manager and manager[0].column == "上级工号"
    assert "C9999" in manager[0].text()


def test_fixed_file_plans_creates_updates_and_deactivations():
    parsed = parse("messy_gbk_fixed.csv")
    assert parsed.problems == []
    old = [
        existing(),  # C1000 unchanged except nothing
        existing("C1001", "王芳", ("催收中心", "催收二部"), position="催收专员", hire_date=date(2024, 3, 1),
                 manager_no="C1000", email=""),
        existing("C0999", "离职员工", ("催收中心",), email=""),
    ]
    plan = build_plan(parsed, old, known_departments=[("催收中心",), ("催收中心", "催收一部")],
                      deactivate_missing=True)
    assert plan.ok
    assert [r.employee_no for r in plan.creates] == ["C1002"]
    assert [c.employee_no for c in plan.updates] == ["C1001"]
    assert plan.updates[0].changes == {"department": (("催收中心", "催收二部"), ("催收中心", "催收一部", "A组"))}
    assert [c.employee_no for c in plan.deactivations] == ["C0999"]
    assert plan.new_departments == [("催收中心", "催收一部", "A组"), ("催收中心", "催收二部")]
    assert plan.summary()["unchanged"] == 1  # C1000: the file has no email column, so email is kept


def test_leaver_marked_in_file_is_a_deactivation_not_a_delete():
    table = [(1, ["工号", "姓名", "状态"]), (2, ["C1000", "李强", "离职"])]
    plan = build_plan(parse_rows(table), [existing(position="", hire_date=None, email="", dept=())])
    assert [c.employee_no for c in plan.deactivations] == ["C1000"]
    assert plan.creates == [] and plan.updates == []


def test_empty_hire_date_cell_never_erases_a_known_date():
    table = [(1, ["工号", "姓名", "部门", "职位", "邮箱", "入职日期"]),
             (2, ["C1000", "李强", "催收中心/催收一部", "组长", "liqiang@example.com", ""])]
    plan = build_plan(parse_rows(table), [existing()])
    assert plan.updates == [] and plan.unchanged == 1


def test_gb18030_only_characters_survive():
    parsed = parse("rare_gb18030.csv")
    assert parsed.rows[0].name == "𠮷田"


def test_xlsx_dates_numbers_blank_rows_and_bad_dates():
    parsed = parse("mixed.xlsx")
    assert parsed.encoding == "xlsx"
    assert parsed.sensitive_columns == ["Phone"]
    assert [r.employee_no for r in parsed.rows] == ["C3001", "3002"]
    assert parsed.rows[0].hire_date == date(2024, 6, 3)
    assert parsed.rows[1].department == ("催收中心", "催收二部")
    assert [(p.row, p.column) for p in parsed.problems] == [(5, "Hire date")]


def test_missing_required_column_stops_with_a_header_error():
    parsed = parse_rows([(1, ["姓名", "部门"]), (2, ["王芳", "催收中心"])])
    assert [(p.row, p.column) for p in parsed.problems] == [(1, "工号")]
    assert parsed.rows == []


def test_empty_file_and_undecodable_bytes():
    assert parse_rows([]).problems[0].row == 1
    with pytest.raises(ValueError):
        read_table(b"PK\x03\x04 broken", "staff.xlsx")
    assert decode("工号".encode("gbk")) == ("工号", "gb18030")


def test_tab_separated_export_is_understood():
    table, _ = read_table("工号\t姓名\nC1\t王芳\n".encode(), "x.txt")
    assert parse_rows(table).rows[0].name == "王芳"


@pytest.mark.parametrize(
    "text,expected",
    [("2024-03-01", date(2024, 3, 1)), ("2024/3/1", date(2024, 3, 1)), ("2024.03.01", date(2024, 3, 1)),
     ("2024年3月1日", date(2024, 3, 1)), ("20240301", date(2024, 3, 1))],
)
def test_date_forms(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["2024-02-30", "01/03/2024", "yesterday", "2024-3"])
def test_bad_dates_raise(text):
    with pytest.raises(ValueError):
        parse_date(text)


@given(st.lists(st.text(alphabet="工号姓名,\n\r\"C1王芳 ", max_size=12), max_size=8))
def test_parser_never_crashes_on_garbage(lines):
    data = "\n".join(lines).encode("utf-8")
    table, encoding = read_table(data, "x.csv")
    parsed = parse_rows(table, encoding)
    assert all(p.row >= 1 for p in parsed.problems)
