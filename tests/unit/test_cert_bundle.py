"""Bulk ZIP of certificates."""

import csv
import io
import zipfile

from elearn.certificates.bundle import BundleItem, build_zip, entry_name


def item(serial, name, employee_no="E1"):
    return BundleItem(serial, employee_no, name, "合同与还款义务", "valid", lambda: f"%PDF {serial}".encode())


def test_zip_holds_each_pdf_and_an_excel_friendly_index():
    seen = []
    data = build_zip([item("ELC-2026-000001", "张伟"), item("ELC-2026-000002", "欧阳龘")], progress=seen.append)
    assert seen == [1, 2]
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    assert names == ["ELC-2026-000001_E1_张伟.pdf", "ELC-2026-000002_E1_欧阳龘.pdf", "index.csv"]
    assert archive.read(names[1]) == b"%PDF ELC-2026-000002"
    index = archive.read("index.csv")
    assert index.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(index.decode("utf-8-sig"))))
    assert rows[2][:3] == ["ELC-2026-000002", "E1", "欧阳龘"]


def test_same_inputs_give_the_same_bytes():
    items = [item("ELC-2026-000001", "张伟")]
    assert build_zip(items) == build_zip(items)


def test_entry_names_cannot_escape_the_archive():
    name = entry_name(item("ELC-1", '../..\\evil:"name"', employee_no="a/b"))
    assert "/" not in name and "\\" not in name and ":" not in name
    assert name.endswith(".pdf")
