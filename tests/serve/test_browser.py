"""The workbench in a real browser: headless Chromium (Debian's package) driven by Playwright, against
``scoring serve`` (uvicorn) on 127.0.0.1 and a free port.

A county reviewer signs in, adds a township whose workbook (made with ``scoring template``) has a bad date,
sees the located message, uploads the corrected workbook, rejects one record with a reason, and sees the
unit's score and rank change. The numbers expected are computed independently: the workbook holds X乡's
records, so it scores X乡's 100 and ties for first; rejecting one of its two visits costs 4 points (每少1次扣4分),
giving 96 and second place.

Skipped with a reason where chromium is absent; under CI=true its absence fails. With SCORING_SCREENSHOTS=DIR
the pages are also saved as PNG there (the screenshots of docs/workbench.md).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import scoring

from ._workbook import filled, template
from .conftest import BOOK, ROOT, book2023

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CHROMIUM = "/usr/bin/chromium"


def _need_chromium() -> None:
    if not Path(CHROMIUM).exists():
        msg = f"{CHROMIUM} not installed: apt-get install chromium"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"{msg} (CI=true: .ci/run installs it, so its absence is an error)")
        pytest.skip(msg)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    _need_chromium()
    ws = tmp_path / "ws"
    ws.mkdir()
    shutil.copytree(ROOT / "rules", ws / "rules")
    shutil.copytree(ROOT / "evidence", ws / "evidence")
    port = _free_port()
    env = {**os.environ, "LANG": "C.UTF-8", "NO_COLOR": "1"}
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "scoring", "serve", str(ws), "--host", "127.0.0.1",
                                 "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=out)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"scoring serve did not start: {log.read_text(errors='replace')[-2000:]}")
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", ws
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:  # pragma: no cover
            proc.kill()
            proc.wait()


def test_upload_fix_reject_and_see_the_rank_change(server: tuple[str, Path], tmp_path: Path):
    try:
        from playwright import sync_api
    except ImportError:  # pragma: no cover - the test extra installs it
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("playwright (python) is not installed; the test extra installs it")
        pytest.skip("playwright (python) is not installed: pip install -e '.[test]'")
    base, ws = server
    book = book2023()
    tpl = template(ROOT / "rules/2023" / f"{BOOK}.yaml", tmp_path / "模板.xlsx")
    x = scoring.load_evidence(ROOT / "evidence/2023/x-xiang", book)
    bad, good = tmp_path / "bad" / "C乡2023.xlsx", tmp_path / "good" / "C乡2023.xlsx"
    for path, bad_row in ((bad, 3), (good, None)):
        path.parent.mkdir()
        path.write_bytes(filled(tpl, book, x, unit_id="c-xiang", name="C乡", bad_date_row=bad_row))
    shots = os.environ.get("SCORING_SCREENSHOTS")

    def shot(page, name: str) -> None:
        if shots:
            page.screenshot(path=str(Path(shots) / f"{name}.png"), full_page=False)

    with sync_api.sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(str(tmp_path / "profile"), executable_path=CHROMIUM, args=FLAGS,
                                                   headless=True, viewport={"width": 1200, "height": 800},
                                                   locale="zh-CN")
        console: list[str] = []
        try:
            page = ctx.new_page()
            page.on("console", lambda m: console.append(m.text))
            page.goto(base + "/")
            shot(page, "home")
            page.fill("input[name=reviewer]", "张三")
            page.click("form.who button")
            assert page.input_value("input[name=reviewer]") == "张三"

            page.goto(f"{base}/years/2023")
            shot(page, "board")
            page.fill("form.upload input[name=unit]", "c-xiang")
            page.set_input_files("form.upload input[type=file]", str(bad))
            page.click("form.upload button")
            assert page.locator("h1").inner_text() == "上传的材料有问题，没有保存"
            where = page.locator("ul.errors li .where").first.inner_text()
            assert where.startswith("evidence/2023/c-xiang/C乡2023.xlsx/活动/第3行/日期"), where
            assert "2023-13-45" in page.locator("ul.errors li").first.inner_text()
            shot(page, "upload-error")
            assert not (ws / "evidence/2023/c-xiang").exists()

            assert page.input_value("form.upload input[name=unit]") == "c-xiang"
            page.set_input_files("form.upload input[type=file]", str(good))
            page.click("form.upload button")
            assert page.locator("#total").inner_text() == "100"
            assert page.locator("#rank").inner_text() == "1"  # tied with X乡
            shot(page, "unit")

            page.click("text=证据材料（逐条核查）")
            row = page.locator('tr[data-record="c-xiang-hd-01"]')
            row.locator("input[name=reason]").fill("照片与活动时间不符")
            shot(page, "evidence")
            row.locator("button").click()
            assert "已标记为不属实" in page.locator("p.done").inner_text()
            assert page.locator("#total").inner_text() == "96"
            assert "未计入" in page.locator('tr[data-record="c-xiang-hd-01"]').inner_text()

            page.click("text=C乡")
            assert page.locator("#rank").inner_text() == "2"
            page.goto(f"{base}/years/2023")
            assert page.locator('tr[data-unit="c-xiang"] td.rank').inner_text() == "2"
            assert page.locator('tr[data-unit="x-xiang"] td.rank').inner_text() == "1"
            page.goto(f"{base}/years/2023/units/c-xiang/items/legal_aid_visits")
            shot(page, "item")
            page.goto(f"{base}/audit")
            assert page.locator("table.audit tbody tr").count() == 2
            shot(page, "audit")
        finally:
            ctx.close()
    # no script errors, nothing blocked by the page's policy; only the refused upload's own status is logged
    assert [m for m in console if "status of 422" not in m] == [], console
    text = (ws / "evidence/2023/c-xiang/reviews.yaml").read_text(encoding="utf-8")
    assert "c-xiang-hd-01" in text and "张三" in text and "照片与活动时间不符" in text
