"""The certificate PDF: CJK font embedded, names in the text layer, QR decodes, resources locked down."""

import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date

import pytest

from elearn.certificates.pdf import (
    ASSETS,
    FONT_STACK,
    CertificateDocument,
    certificate_html,
    format_score,
    render_pdf,
    resolve_asset,
)

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")

DOC = CertificateDocument(
    holder_name="欧阳龘𠀾",
    employee_no="E10024",
    course_title_zh="合同与还款义务",
    course_title_en="Contract and repayment obligations",
    course_version=2,
    score=92.5,
    issued_on=date(2026, 11, 28),
    expires_on=date(2027, 11, 28),
    serial="ELC-2026-000042",
    verify_url="http://127.0.0.1:5000/verify/abcdefghijklmnopqrstuvwxyz",
    issuer_zh="示例银行信用卡中心",
    issuer_en="Example Bank Credit Card Centre",
)


@pytest.fixture(scope="module")
def pdf_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("cert") / "c.pdf"
    path.write_bytes(render_pdf(DOC))
    return path


def run(*args) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def test_cjk_font_is_embedded(pdf_file):
    fonts = run("pdffonts", str(pdf_file))
    cjk = [line for line in fonts.splitlines() if "Noto-Sans-CJK-SC" in line]
    assert cjk, fonts
    assert all(" yes yes yes " in line for line in cjk)  # embedded, subset, unicode map


def test_text_layer_has_name_with_rare_characters_and_the_facts(pdf_file):
    text = run("pdftotext", "-layout", str(pdf_file), "-")
    for expected in ("欧阳龘𠀾", "E10024", "合同与还款义务", "ELC-2026-000042", "92.5%", "2027-11-28", "v2"):
        assert expected in text


def test_one_a4_landscape_page(pdf_file):
    info = run("pdfinfo", str(pdf_file))
    assert "Pages:           1" in info
    assert "841.89 x 595.28" in info or "841.89 x 595.276" in info


def test_qr_code_decodes_to_the_verification_url(pdf_file, tmp_path):
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    for dpi in ("150", "50"):  # 50 dpi: under 2 px per module, a coarse scan or a distant phone camera
        run("pdftoppm", "-png", "-r", dpi, "-singlefile", str(pdf_file), str(tmp_path / dpi))
        found = zxingcpp.read_barcodes(Image.open(tmp_path / f"{dpi}.png"))
        assert [code.text for code in found] == [DOC.verify_url], dpi


def test_rendering_is_deterministic_and_depends_on_the_values():
    assert render_pdf(DOC) == render_pdf(DOC)
    assert render_pdf(DOC) != render_pdf(replace(DOC, holder_name="张伟"))


def test_the_file_identifier_is_stable_and_the_file_stays_valid(pdf_file):
    def file_ids(pdf: bytes) -> list[tuple[bytes, bytes]]:
        return re.findall(rb"/ID \[\((\w+)\) \((\w+)\)\]", pdf)

    [(first, second)] = file_ids(pdf_file.read_bytes())
    assert first == second  # a newly written file: both halves equal, as the PDF spec asks
    assert file_ids(render_pdf(replace(DOC, serial="ELC-2026-000043"))) != [(first, second)]
    checked = subprocess.run(["pdfinfo", str(pdf_file)], check=True, capture_output=True, text=True)
    assert checked.stderr == ""  # poppler found the cross-reference where startxref says


def test_markup_in_values_is_text_not_html(tmp_path):
    doc = replace(DOC, holder_name='<img src="file:///etc/passwd">李<b>雷</b>')
    path = tmp_path / "x.pdf"
    path.write_bytes(render_pdf(doc))
    assert '<img src="file:///etc/passwd">李<b>雷</b>' in run("pdftotext", str(path), "-").replace("\n", "")


def test_fetcher_serves_only_the_certificate_assets():
    assert resolve_asset((ASSETS / "certificate.css").as_uri()).name == "certificate.css"
    for url in (
        "file:///etc/passwd",
        (ASSETS / ".." / ".." / "pdf.py").as_uri(),
        "http://127.0.0.1/",
        "https://example.com/x.css",
        "data:text/plain,hi",
    ):
        with pytest.raises(ValueError):
            resolve_asset(url)


def test_stylesheet_uses_the_font_stack_of_the_floor():
    assert FONT_STACK in (ASSETS / "certificate.css").read_text()


def test_score_format():
    assert [format_score(s) for s in (92.5, 100.0, 80, None)] == ["92.5%", "100%", "80%", "—"]


def test_a_revoked_certificate_is_stamped():
    revoked = replace(DOC, revoked_on=date(2026, 12, 1))
    html = certificate_html(revoked)
    assert "已吊销 REVOKED" in html and "2026-12-01" in html
    assert "REVOKED" not in certificate_html(DOC)
    assert render_pdf(revoked) != render_pdf(DOC)
