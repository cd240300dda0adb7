"""The pages: each renders what the library computes, in Chinese or English, without script or outside
resources; downloads are byte for byte what the command line writes; the audit log exports to Excel."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from scoring.cli import app
from scoring.serve._text import EN

from .conftest import BOOK, ROOT, audit

PAGES = ["/", f"/rulebooks/2023/{BOOK}", "/years/2023", "/years/2023/units/y-zhen",
         "/years/2023/units/y-zhen/items/legal_aid_visits", "/years/2023/units/y-zhen/evidence", "/diff",
         "/diff?old=2023/x-county-fulian&new=2024/x-county-fulian", "/audit"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders_alone(ro_client: TestClient, url: str):
    r = ro_client.get(url)
    assert r.status_code == 200
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp
    assert "<script" not in r.text and "http://" not in r.text.replace("http://127.0.0.1", "")
    assert re.findall(r'(?:href|src)="([^"]+)"', r.text)
    for link in re.findall(r'(?:href|src)="([^"]+)"', r.text):
        assert link.startswith(("/", "?")) or link == "data:,", link  # nothing from another site


def test_leaderboard_shows_the_ranking(ro_client: TestClient):
    text = ro_client.get("/years/2023").text
    rows = re.findall(r'<tr data-unit="([^"]+)"[^>]*>\s*<td class="rank">(\d+)</td>.*?<td class="n total">([\d.]+)</td>',
                      text, re.S)
    assert rows == [("x-xiang", "1", "100"), ("w-xiang", "2", "95"), ("y-zhen", "3", "62.3"), ("z-zhen", "4", "0")]


def test_unit_page_links_every_item_to_its_explanation(ro_client: TestClient):
    text = ro_client.get("/years/2023/units/y-zhen").text
    assert '<span class="total" id="total">62.3</span>' in text and '<strong id="rank">3</strong>' in text
    links = set(re.findall(r'/years/2023/units/y-zhen/items/([a-z_]+)\?', text))
    assert {"legal_aid_visits", "visits", "coverage", "petitions"} <= links
    for item in sorted(links)[:3]:
        assert ro_client.get(f"/years/2023/units/y-zhen/items/{item}").status_code == 200


def test_explanation_page(ro_client: TestClient):
    text = ro_client.get("/years/2023/units/y-zhen/items/legal_aid_visits").text
    assert "慰问台账不规范，缺少签收记录" in text  # the reviewer's deduction, from reviews.yaml
    assert "evidence/2023/y-zhen/activities.yaml:3:5" in text  # where the rejected record is, relative
    assert str(Path("/tmp")) not in text.split("<footer>")[0]


def test_evidence_page_names_each_source(ro_client: TestClient, ro_workspace: Path):
    text = ro_client.get("/years/2023/units/y-zhen/evidence").text
    records = re.findall(r'<tr data-record="([^"]+)"', text)
    import scoring

    ev = scoring.load_evidence(ro_workspace / "evidence/2023/y-zhen", scoring.load_rulebook(
        ro_workspace / f"rules/2023/{BOOK}.yaml"))
    assert records == [r.id for r in ev.records]
    for r in ev.records:
        loc = r.source
        assert f"evidence/2023/y-zhen/{Path(loc.path).name}:{loc.line}:{loc.col}" in text
    assert text.count('name="reason" required') == len(ev.records) - len(ev.rejections)


def test_english(ro_client: TestClient):
    r = ro_client.get("/years/2023/units/y-zhen?lang=en")
    assert ">Points<" in r.text and "Reviewer" in r.text and 'lang="en"' in r.text
    assert r.cookies.get("lang") == "en"
    again = ro_client.get("/years/2023")
    assert "Rank" in again.text
    ro_client.get("/?lang=zh")


def test_every_word_of_the_pages_has_english():
    words: set[str] = set()
    for page in (ROOT / "scoring/serve/templates").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        words |= set(re.findall(r'(?<![\w.])t\("([^"]+)"\)', text)) | set(re.findall(r"(?<![\w.])t\('([^']+)'\)", text))
    words |= {"上传材料", "核查不属实", "酌情扣分", "撤销"}  # audit action labels
    words |= {"已上传并重新评分。", "已标记为不属实，并重新评分。", "已记入酌情扣分，并重新评分。", "已撤销，并重新评分。"}
    missing = sorted(w for w in words if w not in EN and re.search(r"[\u4e00-\u9fff]", w))
    assert not missing, missing


@pytest.mark.parametrize("fmt, flag", [("xlsx", "xlsx"), ("html", "html"), ("markdown", "markdown"), ("csv", "csv"),
                                       ("json", "json")])
def test_downloads_are_what_the_command_line_writes(ro_client: TestClient, ro_workspace: Path, tmp_path: Path,
                                                     fmt: str, flag: str):
    rules = ro_workspace / f"rules/2023/{BOOK}.yaml"
    unit = ro_client.get(f"/years/2023/units/y-zhen/download/{fmt}")
    batch = ro_client.get(f"/years/2023/download/{fmt}")
    assert unit.status_code == batch.status_code == 200
    assert "attachment" in unit.headers["content-disposition"]
    for args, got in ((["score", str(rules), str(ro_workspace / "evidence/2023/y-zhen")], unit),
                      (["rank", str(rules), str(ro_workspace / "evidence/2023")], batch)):
        out = tmp_path / f"{args[0]}.{fmt}"
        r = CliRunner().invoke(app, [*args, "-f", flag, "-o", str(out)], catch_exceptions=False)
        assert r.exit_code == 0, r.output
        assert got.content == out.read_bytes(), (args[0], fmt)


def test_unknown_download_format(ro_client: TestClient):
    assert ro_client.get("/years/2023/download/pdf").status_code == 404


def test_audit_page_and_export(client: TestClient):
    client.post(f"/years/2023/units/y-zhen/reject?book={BOOK}", data={"record": "yz-hd-01", "reason": "照片不符"})
    page = client.get("/audit").text
    assert "照片不符" in page and "张三" in page and "核查不属实" in page
    r = client.get("/audit.xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(r.content))["审计日志"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:4] == ("序号", "时间", "操作人", "操作")
    entry = audit(client).entries()[0]
    assert rows[1][0] == entry.id and rows[1][2:7] == ("张三", "核查不属实", 2023, "y-zhen", "yz-hd-01")
    assert rows[1][8:10] == ("62.3（第3名）", "58.3（第3名）")


def test_a_unit_that_does_not_read_shows_its_errors(client: TestClient, workspace: Path):
    (workspace / "evidence/2023/y-zhen/extra.yaml").write_text("activity:\n  - {date: 2023-02-30, kind: 慰问, title: x}\n",
                                                               encoding="utf-8")
    board = client.get("/years/2023").text
    assert "evidence/2023/y-zhen/extra.yaml:2:" in board and "2023-02-30" in board
    assert 'data-unit="y-zhen"' in board.split("材料有问题")[1]
    unit = client.get("/years/2023/units/y-zhen").text
    assert "还不能评分" in unit and "extra.yaml" in unit


def test_rulebook_check_page(client: TestClient, workspace: Path):
    (workspace / "rules/2023/broken.yaml").write_text("id: b\ntitle: 坏\nyear: 2023\n", encoding="utf-8")
    home = client.get("/").text
    assert "个错误" in home
    text = client.get("/rulebooks/2023/broken").text
    assert "rules/2023/broken.yaml" in text and "错误" in text


def test_session_sets_the_reviewer(workspace: Path):
    from scoring.serve import create_app

    with TestClient(create_app(workspace)) as c:
        r = c.post("/session", data={"reviewer": "王五", "next": "//evil.example/"})
        assert r.url.path == "/" and "王五" in r.text
