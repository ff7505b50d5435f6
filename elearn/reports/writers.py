"""Pure core: tables -> CSV (UTF-8 with BOM, so Excel keeps Chinese) and XLSX bytes.

A table is a header row plus an iterable of rows of plain values (str, int, float, date,
datetime, None). Neither writer knows about the database or Flask; the PDF lives in
``elearn.reports.pdf`` because it needs templates.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Neutralise spreadsheet formula injection in text cells (a name like "=HYPERLINK(...)")."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _text(value) -> str:
    if type(value) is str:
        return "'" + value if value and value[0] in FORMULA_START else value
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(safe_cell(value))


def write_csv(header: Sequence[str], rows: Iterable[Sequence], out: io.BufferedIOBase | None = None) -> bytes:
    """Write CSV with a UTF-8 BOM and CRLF line ends; returns the bytes when ``out`` is None."""
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_text(v) for v in row])
    data = b"\xef\xbb\xbf" + text.getvalue().encode("utf-8")
    if out is not None:
        out.write(data)
    return data


def write_xlsx(
    header: Sequence[str],
    rows: Iterable[Sequence],
    sheet_title: str = "Report",
    widths: Sequence[int] | None = None,
    progress=None,
) -> bytes:
    """Write an XLSX with a bold, frozen, filterable header row (openpyxl write-only: low memory).

    ``progress(n)`` is called every 1,000 rows, so a background task can report how far it is.
    """
    return write_xlsx_sheets([(sheet_title, header, rows)], widths, progress)


def write_xlsx_sheets(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]],
                      widths: Sequence[int] | None = None, progress=None) -> bytes:
    """Several (title, header, rows) tables, one sheet each, every header frozen and filterable."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, header, rows in sheets:
        _sheet(book, title, header, rows, widths, progress)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet(book, sheet_title: str, header: Sequence[str], rows: Iterable[Sequence], widths, progress) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(sheet_title[:31])
    sheet.freeze_panes = "A2"
    for i, width in enumerate(widths or [max(10, min(40, 2 * len(h) + 4)) for h in header], start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    bold, fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1F4E79")
    head = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font, cell.fill = bold, fill
        head.append(cell)
    sheet.append(head)
    count = 0
    for count, row in enumerate(rows, start=1):
        sheet.append([safe_cell(v) for v in row])
        if progress and count % 1000 == 0:
            progress(count)
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(len(header), 1))}{count + 1}"
