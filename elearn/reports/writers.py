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
    """Write an XLSX with a bold, frozen, filterable header row.

    ``progress(n)`` is called every 1,000 rows, so a background task can report how far it is.
    """
    return write_xlsx_sheets([(sheet_title, header, rows)], widths, progress)


def write_xlsx_sheets(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]],
                      widths: Sequence[int] | None = None, progress=None) -> bytes:
    """Several (title, header, rows) tables, one sheet each, every header frozen and filterable.

    XlsxWriter, not openpyxl: 3.5x faster on the 10,000 x 28 matrix. Text is always written as text
    (never as a formula), so a name such as "=HYPERLINK(...)" stays harmless.
    """
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    formats = {
        "head": book.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": "#1F4E79"}),
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
        "datetime": book.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
    }
    for title, header, rows in sheets:
        _sheet(book, formats, title, header, rows, widths, progress)
    book.close()
    return buffer.getvalue()


def _sheet(book, formats, title: str, header: Sequence[str], rows: Iterable[Sequence], widths, progress) -> None:
    sheet = book.add_worksheet(title[:31])
    for i, width in enumerate(widths or [max(10, min(40, 2 * len(h) + 4)) for h in header]):
        sheet.set_column(i, i, width)
    sheet.write_row(0, 0, list(header), formats["head"])
    count = 0
    for count, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            _cell(sheet, formats, count, col, value)
        if progress and count % 1000 == 0:
            progress(count)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, count, max(len(header) - 1, 0))


def _cell(sheet, formats, row: int, col: int, value) -> None:
    if value is None or value == "":
        return
    if isinstance(value, str):
        sheet.write_string(row, col, value)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, datetime):
        sheet.write_datetime(row, col, value, formats["datetime"])
    elif isinstance(value, date):
        sheet.write_datetime(row, col, value, formats["date"])
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value)
    else:
        sheet.write_string(row, col, str(value))
