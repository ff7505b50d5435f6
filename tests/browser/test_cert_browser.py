"""In Chromium: a learner downloads their certificate, its QR code opens a page saying valid; after HR
revokes it, the same page says revoked."""

import subprocess
from pathlib import Path

import pytest

from elearn.certificates import services
from elearn.core.clock import now
from elearn.extensions import db

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/cert-shots")


def _sign_in(page, base, user):
    from tests.conftest import TEST_PASSWORD

    page.goto(f"{base}/auth/login")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", TEST_PASSWORD)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")


def _shot(page, name):
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _qr_text(pdf: Path) -> str:
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", str(pdf), str(pdf.with_suffix(""))], check=True)
    [code] = zxingcpp.read_barcodes(Image.open(pdf.with_suffix(".png")))
    return code.text


def test_download_scan_verify_revoke(app, make_user, live_server, page, tmp_path, monkeypatch):
    from tests.certificates.conftest import FakeLearning

    world = FakeLearning()
    world.publish()
    monkeypatch.setattr(services, "real_learning", world.learning)
    app.config["BASE_URL"] = live_server.url
    learner = make_user(display_name="欧阳龘")
    hr = make_user(role="hr", display_name="赵敏")
    world.complete(learner)
    cert = services.issue_if_met(learner, "contract", now(), world.learning())
    db.session.commit()

    _sign_in(page, live_server.url, learner)
    page.goto(f"{live_server.url}/certificates/")
    _shot(page, "mine")
    with page.expect_download() as info:
        page.get_by_role("link", name="下载 PDF").click()
    pdf = tmp_path / "cert.pdf"
    info.value.save_as(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "欧阳龘" in text and cert.serial in text

    url = _qr_text(pdf)
    assert url == f"{live_server.url}/verify/{cert.code}"
    page.goto(url)
    assert page.locator("#verify-title").inner_text().strip().endswith("证书真实有效")
    card = page.locator(".verify-result").inner_text()
    assert "欧**" in card and "欧阳龘" not in card
    _shot(page, "verify-valid")

    page.context.clear_cookies()
    _sign_in(page, live_server.url, hr)
    page.goto(f"{live_server.url}/certificates/{cert.id}")
    page.fill("textarea[name=reason]", "测验作答违规")
    _shot(page, "detail-hr")
    page.get_by_role("button", name="吊销证书").click()
    page.wait_for_load_state("load")
    page.goto(f"{live_server.url}/certificates/manage")
    _shot(page, "manage")

    page.goto(url)
    assert "吊销" in page.locator("#verify-title").inner_text()
    _shot(page, "verify-revoked")
    assert page.problems == []
