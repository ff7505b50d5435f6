"""Pure core of the HR import: file bytes -> validated rows -> a plan of changes.

No Flask and no SQLAlchemy here. The service layer (``elearn.employees.services``) reads the
current employees into :class:`Existing` values, calls :func:`build_plan` and applies the plan
in one transaction, or shows it as a dry run. Every problem is an :class:`ImportProblem` that
names the row (the line of the file, header = 1) and the column.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime


def N_(message: str) -> str:
    """Mark a message for translation; the caller translates it (pybabel extracts N_)."""
    return message


FIELDS = ("employee_no", "name", "department", "position", "hire_date", "manager_no", "status", "email")
REQUIRED = ("employee_no", "name")
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "employee_no": (
        "工号", "员工编号", "员工工号", "employee_no", "employee number", "emp_no", "employee id", "staff no",
    ),
    "name": ("姓名", "员工姓名", "name", "display_name", "display name", "full name"),
    "department": ("部门", "所属部门", "部门路径", "department", "dept"),
    "position": ("职位", "岗位", "position", "job title", "title"),
    "hire_date": ("入职日期", "入职时间", "hire_date", "hire date", "start date"),
    "manager_no": ("上级工号", "直属上级工号", "manager_no", "manager", "manager number"),
    "status": ("状态", "在职状态", "status"),
    "email": ("邮箱", "电子邮箱", "email", "e-mail"),
}
# Columns an HR export often carries that we must not store (minimum personal data).
SENSITIVE_HINTS = ("身份证", "证件", "手机", "电话", "phone", "mobile", "id card", "id_no", "id number")
ACTIVE_WORDS = {"", "active", "在职", "1", "yes", "y", "是", "正常", "试用"}
INACTIVE_WORDS = {"inactive", "离职", "0", "no", "n", "否", "left", "已离职"}
EMPLOYEE_NO_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
DEPT_SPLIT_RE = re.compile(r"\s*[/>＞／]\s*")


@dataclass(frozen=True)
class ImportProblem:
    """One error: the file row (header is row 1), the column header and a translatable message."""

    row: int
    column: str
    message: str
    params: dict = field(default_factory=dict, compare=False, hash=False)

    def text(self, translate=lambda s: s) -> str:
        return translate(self.message) % self.params


@dataclass(frozen=True)
class EmployeeRow:
    """A valid row, normalised. ``department`` is a path of names from the root."""

    row: int
    employee_no: str
    name: str
    department: tuple[str, ...]
    position: str
    hire_date: date | None
    manager_no: str
    active: bool
    email: str


@dataclass(frozen=True)
class Existing:
    """What the database holds about one employee, in the same shape as a row."""

    employee_no: str
    name: str
    department: tuple[str, ...]
    position: str
    hire_date: date | None
    manager_no: str
    active: bool
    email: str


@dataclass
class ParsedFile:
    rows: list[EmployeeRow] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    sensitive_columns: list[str] = field(default_factory=list)
    encoding: str = ""
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def compared(self) -> tuple[str, ...]:
        """Fields the file carries: a column that is absent never changes stored data."""
        present = {"active" if name == "status" else name for name in self.labels}
        return tuple(f for f in COMPARED if f in present)

    def label(self, name: str) -> str:
        return self.labels.get(name, HEADER_ALIASES[name][0])


@dataclass(frozen=True)
class Change:
    employee_no: str
    name: str
    changes: dict  # field -> (old, new)
    row: EmployeeRow | None = None


@dataclass
class ImportPlan:
    """Everything an apply would do; ``ok`` only when there is no problem at all."""

    creates: list[EmployeeRow] = field(default_factory=list)
    updates: list[Change] = field(default_factory=list)
    deactivations: list[Change] = field(default_factory=list)
    unchanged: int = 0
    new_departments: list[tuple[str, ...]] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    sensitive_columns: list[str] = field(default_factory=list)
    encoding: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> dict[str, int]:
        return {
            "creates": len(self.creates),
            "updates": len(self.updates),
            "deactivations": len(self.deactivations),
            "unchanged": self.unchanged,
            "errors": len(self.problems),
        }


# --- reading files -------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes as UTF-8 (with or without BOM), else GB18030 (a superset of GBK).

    Returns (text, encoding name). Raises UnicodeDecodeError when neither fits.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("gb18030"), "gb18030"


def read_table(data: bytes, filename: str) -> tuple[list[tuple[int, list]], str]:
    """Return [(row number, cells)] with the header first, and the encoding or "xlsx".

    Raises ValueError with a readable message when the file cannot be read at all.
    """
    if filename.lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(data), "xlsx"
    try:
        text, encoding = decode(data)
    except UnicodeDecodeError as exc:
        raise ValueError(N_("The file is neither UTF-8 nor GBK/GB18030 text.")) from exc
    return _read_csv(text), encoding


def _read_csv(text: str) -> list[tuple[int, list]]:
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out: list[tuple[int, list]] = []
    start = 1
    for cells in reader:
        out.append((start, cells))
        start = reader.line_num + 1
    return out


def _read_xlsx(data: bytes) -> list[tuple[int, list]]:
    from openpyxl import load_workbook  # local: only XLSX imports pay for it

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ValueError(N_("The file is not a readable XLSX workbook.")) from exc
    sheet = book.worksheets[0]
    rows = [(i, list(values)) for i, values in enumerate(sheet.iter_rows(values_only=True), start=1)]
    book.close()
    return rows


# --- parsing rows --------------------------------------------------------------------------


def _norm_header(value) -> str:
    text = str(value or "").replace("\ufeff", "").replace("_", " ")
    return re.sub(r"\s+", " ", text).strip().lower()


def map_header(cells: list) -> tuple[dict[str, int], list[str], list[str], list[ImportProblem]]:
    """Map header cells to canonical fields: (field -> index, ignored, sensitive, problems)."""
    lookup = {_norm_header(alias): name for name, aliases in HEADER_ALIASES.items() for alias in aliases}
    index: dict[str, int] = {}
    ignored: list[str] = []
    sensitive: list[str] = []
    problems: list[ImportProblem] = []
    for i, cell in enumerate(cells):
        label = _norm_header(cell)
        name = lookup.get(label)
        if name is None:
            if label:
                hint = any(h in label for h in SENSITIVE_HINTS)
                (sensitive if hint else ignored).append(str(cell).strip())
        elif name in index:
            problems.append(ImportProblem(1, str(cell), N_("Column appears twice in the header.")))
        else:
            index[name] = i
    for name in REQUIRED:
        if name not in index:
            problems.append(
                ImportProblem(1, HEADER_ALIASES[name][0], N_("Required column is missing from the header."))
            )
    return index, ignored, sensitive, problems


def parse_date(value) -> date:
    """Parse the date forms HR exports contain; raises ValueError otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    match = DATE_RE.match(text) or COMPACT_DATE_RE.match(text)
    if not match:
        raise ValueError(text)
    year, month, day = (int(part) for part in match.groups())
    return date(year, month, day)


def _cell(cells: list, index: dict[str, int], name: str) -> str:
    i = index.get(name)
    if i is None or i >= len(cells) or cells[i] is None:
        return ""
    value = cells[i]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\u3000", " ").strip()


def _raw(cells: list, index: dict[str, int], name: str):
    i = index.get(name)
    return cells[i] if i is not None and i < len(cells) else None


def _is_blank(cells: list) -> bool:
    return all(c is None or str(c).strip() == "" for c in cells)


def parse_rows(table: list[tuple[int, list]], encoding: str = "") -> ParsedFile:
    """Validate every data row; collect all problems rather than stopping at the first."""
    result = ParsedFile(encoding=encoding)
    body = [(n, cells) for n, cells in table if not _is_blank(cells)]
    if not body:
        result.problems.append(ImportProblem(1, "", N_("The file is empty.")))
        return result
    _header_row, header = body[0]
    index, result.ignored_columns, result.sensitive_columns, problems = map_header(header)
    result.problems.extend(problems)
    if problems:
        return result
    labels = {name: str(header[i]).replace("\ufeff", "").strip() for name, i in index.items()}
    result.labels = labels
    seen: dict[str, int] = {}
    for number, cells in body[1:]:
        row, row_problems = _parse_row(number, cells, index, labels)
        result.problems.extend(row_problems)
        if row is None:
            continue
        if row.employee_no in seen:
            result.problems.append(
                ImportProblem(
                    number,
                    labels["employee_no"],
                    N_("Duplicate employee number %(no)s (first on row %(first)s)."),
                    {"no": row.employee_no, "first": seen[row.employee_no]},
                )
            )
            continue
        seen[row.employee_no] = number
        result.rows.append(row)
    return result


def _parse_row(number, cells, index, labels) -> tuple[EmployeeRow | None, list[ImportProblem]]:
    problems: list[ImportProblem] = []

    def bad(name: str, message: str, **params) -> None:
        problems.append(ImportProblem(number, labels.get(name, name), message, params))

    employee_no = _cell(cells, index, "employee_no")
    name = _cell(cells, index, "name")
    if not employee_no:
        bad("employee_no", N_("Employee number is empty."))
    elif not EMPLOYEE_NO_RE.match(employee_no):
        bad("employee_no", N_("Employee number %(value)s is not valid (letters, digits, - and _)."), value=employee_no)
    if not name:
        bad("name", N_("Name is empty."))
    elif len(name) > 64:
        bad("name", N_("Name is longer than 64 characters."))
    hire_date = _parse_hire_date(_raw(cells, index, "hire_date"), bad)
    active = _parse_status(_cell(cells, index, "status"), bad)
    email = _cell(cells, index, "email")
    if email and not EMAIL_RE.match(email):
        bad("email", N_("Email address %(value)s is not valid."), value=email)
    manager_no = _cell(cells, index, "manager_no")
    if manager_no and manager_no == employee_no:
        bad("manager_no", N_("An employee cannot be their own manager."))
    if problems:
        return None, problems
    department = tuple(p for p in DEPT_SPLIT_RE.split(_cell(cells, index, "department")) if p)
    position = _cell(cells, index, "position")[:64]
    return EmployeeRow(number, employee_no, name, department, position, hire_date, manager_no, active, email), []


def _parse_hire_date(raw, bad) -> date | None:
    if raw is None or str(raw).strip() == "":
        return None
    try:
        return parse_date(raw)
    except ValueError:
        bad("hire_date", N_("%(value)s is not a date (use YYYY-MM-DD)."), value=str(raw).strip())
        return None


def _parse_status(text: str, bad) -> bool:
    word = text.lower()
    if word in ACTIVE_WORDS:
        return True
    if word in INACTIVE_WORDS:
        return False
    bad("status", N_("Status %(value)s is not one of 在职/离职/active/inactive."), value=text)
    return True


# --- planning ------------------------------------------------------------------------------

COMPARED = ("name", "department", "position", "hire_date", "manager_no", "email", "active")


def build_plan(
    parsed: ParsedFile,
    existing: Iterable[Existing],
    known_departments: Iterable[tuple[str, ...]] = (),
    deactivate_missing: bool = False,
) -> ImportPlan:
    """Compare the file with the database and list creates, updates and deactivations.

    With ``deactivate_missing`` the file is a full snapshot: active employees absent from it are
    deactivated (never deleted). Managers must exist in the file or the database.
    """
    plan = ImportPlan(
        problems=list(parsed.problems),
        ignored_columns=parsed.ignored_columns,
        sensitive_columns=parsed.sensitive_columns,
        encoding=parsed.encoding,
    )
    current = {e.employee_no: e for e in existing}
    in_file = {r.employee_no for r in parsed.rows}
    for row in parsed.rows:
        if row.manager_no and row.manager_no not in in_file and row.manager_no not in current:
            plan.problems.append(
                ImportProblem(
                    row.row, parsed.label("manager_no"), N_("Manager %(no)s is not a known employee."),
                    {"no": row.manager_no},
                )
            )
        _classify(plan, row, current.get(row.employee_no), parsed.compared)
    if deactivate_missing:
        for emp in sorted(current.values(), key=lambda e: e.employee_no):
            if emp.active and emp.employee_no not in in_file:
                plan.deactivations.append(Change(emp.employee_no, emp.name, {"active": (True, False)}))
    plan.new_departments = _new_departments(parsed.rows, known_departments)
    return plan


def _classify(plan: ImportPlan, row: EmployeeRow, old: Existing | None, compared: tuple[str, ...]) -> None:
    if old is None:
        plan.creates.append(row)
        return
    changes = {f: (getattr(old, f), getattr(row, f)) for f in compared if getattr(old, f) != getattr(row, f)}
    if not row.hire_date and old.hire_date:
        changes.pop("hire_date", None)  # an empty cell never erases what we know
    if not changes:
        plan.unchanged += 1
    elif set(changes) == {"active"} and old.active and not row.active:
        plan.deactivations.append(Change(row.employee_no, row.name, changes, row))
    else:
        plan.updates.append(Change(row.employee_no, row.name, changes, row))


def _new_departments(rows: list[EmployeeRow], known: Iterable[tuple[str, ...]]) -> list[tuple[str, ...]]:
    have = set(known)
    wanted: list[tuple[str, ...]] = []
    for row in rows:
        for depth in range(1, len(row.department) + 1):
            path = row.department[:depth]
            if path not in have:
                have.add(path)
                wanted.append(path)
    return wanted
