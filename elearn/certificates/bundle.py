"""Bulk download (pure): many certificate PDFs in one ZIP with an index, built as a stream of progress."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
FIXED_TIME = (2020, 1, 1, 0, 0, 0)  # ZIP entry timestamps: fixed, so the same inputs give the same bytes


@dataclass(frozen=True)
class BundleItem:
    """One certificate in a bundle: index columns plus a callable that returns its PDF bytes."""

    serial: str
    employee_no: str
    holder_name: str
    course: str
    status: str
    pdf: Callable[[], bytes]


def entry_name(item: BundleItem) -> str:
    """A file name that opens on Windows too: serial, employee number and name, unsafe characters removed."""
    name = _UNSAFE.sub("_", f"{item.serial}_{item.employee_no}_{item.holder_name}").strip(" ._")
    return f"{name[:120]}.pdf"


def build_zip(items: Iterable[BundleItem], progress: Callable[[int], None] | None = None) -> bytes:
    """The ZIP bytes: one PDF per item and index.csv (UTF-8 with BOM, so Excel shows Chinese).

    `progress(done)` is called after each PDF so a background task can report how far it is.
    """
    buffer, rows = io.BytesIO(), []
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, item in enumerate(items, start=1):
            name = entry_name(item)
            archive.writestr(zipfile.ZipInfo(name, FIXED_TIME), item.pdf())
            rows.append([item.serial, item.employee_no, item.holder_name, item.course, item.status, name])
            if progress:
                progress(done)
        archive.writestr(zipfile.ZipInfo("index.csv", FIXED_TIME), _index(rows))
    return buffer.getvalue()


def _index(rows: list[list[str]]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["serial", "employee_no", "name", "course", "status", "file"])
    writer.writerows(rows)
    return "\ufeff".encode() + text.getvalue().encode("utf-8")
