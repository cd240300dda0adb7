"""Uploads and reviews through the pages: checked before saving, located errors, history kept, reviews.yaml
written and read back by the library, the audit log, undo, and the limits (size, count, names, concurrency)."""

from __future__ import annotations

import threading
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import scoring

from ._workbook import filled, template
from .conftest import BOOK, audit, book2023

UNIT = "/years/2023/units"


def _book(ws: Path) -> scoring.Rulebook:
    return book2023()


def _total(ws: Path, unit: str) -> Decimal:
    book = _book(ws)
    return scoring.score(book, scoring.load_evidence(ws / "evidence/2023" / unit, book)).total


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    """X乡's year as a new unit's filled template: once with a bad date (activity sheet, row 3), once right."""
    from .conftest import ROOT

    rules = ROOT / "rules/2023" / f"{BOOK}.yaml"
    tpl = template(rules, tmp_path_factory.mktemp("tpl") / "模板.xlsx")
    book = book2023()
    x = scoring.load_evidence(ROOT / "evidence/2023/x-xiang", book)
    return (filled(tpl, book, x, unit_id="c-xiang", name="C乡", bad_date_row=3),
            filled(tpl, book, x, unit_id="c-xiang", name="C乡"))


def _post_new(client: TestClient, folder: str, data: bytes, name: str = "C乡2023.xlsx"):
    return client.post(f"{UNIT}?book={BOOK}", data={"unit": folder},
                       files={"files": (name, data, "application/octet-stream")})


def test_a_workbook_with_an_error_is_refused_with_its_place(client: TestClient, workspace: Path, workbooks):
    bad, _ = workbooks
    r = _post_new(client, "c-xiang", bad)
    assert r.status_code == 422
    assert "evidence/2023/c-xiang/C乡2023.xlsx/活动/第3行/日期" in r.text
    assert "2023-13-45" in r.text
    assert not (workspace / "evidence/2023/c-xiang").exists()  # nothing saved
    assert not list((workspace / ".workbench/staging").iterdir())  # and nothing left behind


def test_the_fixed_workbook_is_saved_and_scored(client: TestClient, workspace: Path, workbooks):
    _, good = workbooks
    r = _post_new(client, "c-xiang", good)
    assert r.status_code == 200 and "已上传并重新评分" in r.text
    saved = workspace / "evidence/2023/c-xiang/C乡2023.xlsx"
    assert saved.read_bytes() == good
    # the same records as X乡 give X乡's total, read by the library from the saved folder
    assert _total(workspace, "c-xiang") == _total(workspace, "x-xiang") == Decimal("100.0")
    entry = audit(client).entries()[0]
    assert (entry.who, entry.action, entry.unit, entry.before) == ("张三", "upload", "c-xiang", None)
    assert entry.after is not None and entry.after.startswith("100.0")


def test_a_replaced_file_goes_to_history(client: TestClient, workspace: Path):
    folder = workspace / "evidence/2023/y-zhen"
    old = (folder / "honors.yaml").read_bytes()
    new = old.replace(b"\n", b"\n", 1) + b"\n# \xe5\x86\x8d\xe6\xac\xa1\xe4\xb8\x8a\xe4\xbc\xa0\n"
    r = client.post(f"{UNIT}/y-zhen/upload?book={BOOK}", files={"files": ("honors.yaml", new, "text/yaml")})
    assert r.status_code == 200, r.text
    assert (folder / "honors.yaml").read_bytes() == new
    kept = list((folder / ".history").iterdir())
    assert len(kept) == 1 and kept[0].name.endswith("-honors.yaml") and kept[0].read_bytes() == old


def test_a_bad_file_leaves_the_unit_as_it_was(client: TestClient, workspace: Path):
    folder = workspace / "evidence/2023/y-zhen"
    before = {f.name: f.read_bytes() for f in folder.iterdir() if f.is_file()}
    bad = b"activity:\n  - {date: 2023-03-08, kind: \xe6\x85\xb0\xe9\x97\xae, titel: x}\n"
    r = client.post(f"{UNIT}/y-zhen/upload?book={BOOK}", files={"files": ("more.yaml", bad, "text/yaml")})
    assert r.status_code == 422
    assert "evidence/2023/y-zhen/more.yaml:2:" in r.text and "titel" in r.text and "title" in r.text
    assert {f.name: f.read_bytes() for f in folder.iterdir() if f.is_file()} == before


@pytest.mark.parametrize("name, data, says", [
    ("坏的.xlsx", b"PK\x03\x04 this is not a workbook", "坏的.xlsx"),
    ("说明.docx", b"hello", "不能读取"),
    ("空.csv", b"\xef\xbb\xbf\r\n", "文件是空的"),
    ("reviews.yaml", b"rejected: []\n", "核查意见不能上传"),
    (".hidden.yaml", b"activity: []\n", "不能用作文件或文件夹名"),
    ("../../evil.yaml", b"activity: []\n", "不能用作文件或文件夹名"),
    ("..\\evil.yaml", b"activity: []\n", "不能用作文件或文件夹名"),
])
def test_files_that_cannot_be_taken(client: TestClient, workspace: Path, name: str, data: bytes, says: str):
    before = sorted(p.relative_to(workspace) for p in workspace.rglob("*") if ".workbench" not in p.parts)
    r = client.post(f"{UNIT}/y-zhen/upload?book={BOOK}", files={"files": (name, data, "application/octet-stream")})
    assert r.status_code == 422, r.text
    assert says in r.text
    after = sorted(p.relative_to(workspace) for p in workspace.rglob("*") if ".workbench" not in p.parts)
    assert after == before


@pytest.mark.parametrize("folder", ["../rules", "..", ".history", "a/b", "evil\\x", "", "  "])
def test_new_unit_names_cannot_leave_the_year(client: TestClient, workspace: Path, folder: str):
    r = _post_new(client, folder, b"activity: []\n", "a.yaml")
    assert r.status_code == 422, r.text
    assert not (workspace / "rules/a.yaml").exists() and not (workspace / "evidence/a.yaml").exists()


@pytest.mark.parametrize("url", ["/years/2023/units/..%2F..%2Frules/upload", "/years/..%2F2023/units/y-zhen/upload",
                                 "/years/2023/units/%2E%2E/upload", "/years/2023/units/.history/upload"])
def test_paths_in_urls_cannot_leave_the_workspace(client: TestClient, workspace: Path, url: str):
    r = client.post(url, files={"files": ("x.yaml", b"activity: []\n", "text/yaml")})
    assert r.status_code in (404, 422), r.text
    assert not list(workspace.rglob("x.yaml"))


def test_an_oversized_upload_is_refused_before_it_is_read(client: TestClient, workspace: Path):
    big = b"#" * (3 * 1024 * 1024)  # the client fixture allows 2 MB
    r = client.post(f"{UNIT}/y-zhen/upload", files={"files": ("big.yaml", big, "text/yaml")})
    assert r.status_code == 413
    assert r.json()["errors"][0]["code"] == "serve.too-large" and "2 MB" in r.json()["errors"][0]["message"]
    assert not (workspace / "evidence/2023/y-zhen/big.yaml").exists()


def test_an_oversized_body_without_a_length_is_refused(client: TestClient):
    def chunks():
        for _ in range(40):
            yield b"x" * 100_000

    r = client.post("/api/v1/rulebooks/2023/x-county-fulian/score", content=chunks(),
                    headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_too_many_files(client: TestClient):
    files = [("files", (f"f{i}.yaml", b"activity: []\n", "text/yaml")) for i in range(4)]  # limit: 3
    r = client.post(f"{UNIT}/y-zhen/upload", files=files)
    assert r.status_code == 413 and "最多上传 3 个文件" in r.text


def test_reject_a_record(client: TestClient, workspace: Path):
    before = _total(workspace, "y-zhen")
    r = client.post(f"{UNIT}/y-zhen/reject?book={BOOK}", data={"record": "yz-hd-01", "reason": "照片与台账不符"})
    assert r.status_code == 200 and "已标记为不属实" in r.text
    # yz-hd-01 was Y镇's one counted visit: 走访慰问不少于2次, 每少1次扣4分 → the item drops from 4 to 0
    assert _total(workspace, "y-zhen") == before - 4
    book = _book(workspace)
    ev = scoring.load_evidence(workspace / "evidence/2023/y-zhen", book)
    assert {(x.record, x.reason) for x in ev.rejections} >= {("yz-hd-01", "照片与台账不符")}
    text = (workspace / "evidence/2023/y-zhen/reviews.yaml").read_text(encoding="utf-8")
    assert "张三" in text and "# 县妇联考核组的核查意见" in text  # who, and the hand-written comment kept
    e = audit(client).entries()[0]
    assert (e.action, e.target, e.before, e.after) == ("reject", "yz-hd-01", "62.3（第3名）", "58.3（第3名）")


def test_undo_is_a_new_entry(client: TestClient, workspace: Path):
    client.post(f"{UNIT}/y-zhen/reject?book={BOOK}", data={"record": "yz-hd-01", "reason": "照片与台账不符"})
    entry = audit(client).entries()[0]
    r = client.post(f"{UNIT}/y-zhen/undo?book={BOOK}", data={"entry": str(entry.id)})
    assert r.status_code == 200 and "已撤销" in r.text
    assert _total(workspace, "y-zhen") == Decimal("62.3")
    log = audit(client).entries()
    assert [x.action for x in log[:2]] == ["undo", "reject"] and log[0].undoes == entry.id
    again = client.post(f"{UNIT}/y-zhen/undo?book={BOOK}", data={"entry": str(entry.id)})
    assert again.status_code == 422 and "已经撤销过" in again.text


def test_audit_log_is_append_only(client: TestClient, workspace: Path):
    import sqlite3

    client.post(f"{UNIT}/y-zhen/reject?book={BOOK}", data={"record": "yz-hd-01", "reason": "不符"})
    db = sqlite3.connect(audit(client).path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    for sql in ("UPDATE entries SET who = 'x'", "DELETE FROM entries"):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            db.execute(sql)
    assert db.execute("SELECT who, action FROM entries").fetchall() == [("张三", "reject")]


def test_discretionary_deduction_within_its_range(client: TestClient, workspace: Path):
    before = _total(workspace, "x-xiang")
    for bad in ("3", "0.2", "abc", "-1"):  # legal_aid_visits allows 0.5–2
        r = client.post(f"{UNIT}/x-xiang/deduct?book={BOOK}",
                        data={"item": "legal_aid_visits", "points": bad, "reason": "台账不全"})
        assert r.status_code == 422, bad
    assert client.post(f"{UNIT}/x-xiang/deduct", data={"item": "petitions", "points": "1", "reason": "x"}
                       ).status_code == 422
    r = client.post(f"{UNIT}/x-xiang/deduct?book={BOOK}",
                    data={"item": "legal_aid_visits", "points": "1.5", "reason": "台账不全"})
    assert r.status_code == 200, r.text
    assert _total(workspace, "x-xiang") == before - Decimal("1.5")
    ev = scoring.load_evidence(workspace / "evidence/2023/x-xiang", _book(workspace))
    assert [(x.item, x.deduct, x.reason) for x in ev.reviews] == [("legal_aid_visits", Decimal("1.5"), "台账不全")]


def test_writes_need_a_reviewer_and_this_site(workspace: Path):
    from scoring.serve import create_app

    with TestClient(create_app(workspace)) as anon:
        r = anon.post(f"{UNIT}/y-zhen/reject", data={"record": "yz-hd-01", "reason": "x"})
        assert r.status_code == 403 and "核查人" in r.text
        anon.post("/session", data={"reviewer": "李四", "next": "/"})
        r = anon.post(f"{UNIT}/y-zhen/reject", data={"record": "yz-hd-01", "reason": "x"},
                      headers={"origin": "http://evil.example"})
        assert r.status_code == 403
    assert "x" not in (workspace / "evidence/2023/y-zhen/reviews.yaml").read_text(encoding="utf-8").split("reason:")[-1]


def test_unknown_record_is_refused(client: TestClient):
    r = client.post(f"{UNIT}/y-zhen/reject", data={"record": "yz-hd-99", "reason": "x"})
    assert r.status_code == 422 and "yz-hd-99" in r.text


def test_two_concurrent_writes_to_one_unit(client: TestClient, workspace: Path):
    """Two reviewers reject two records of one unit at the same moment: both land, the file stays valid."""
    go = threading.Barrier(2)
    codes: list[int] = []

    def reject(record: str) -> None:
        go.wait()
        codes.append(client.post(f"{UNIT}/y-zhen/reject", data={"record": record, "reason": "同时核查"}).status_code)

    threads = [threading.Thread(target=reject, args=(r,)) for r in ("yz-hd-01", "yz-hd-03")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes == [200, 200]
    ev = scoring.load_evidence(workspace / "evidence/2023/y-zhen", _book(workspace))
    assert {x.record for x in ev.rejections} == {"yz-hd-02", "yz-hd-01", "yz-hd-03"}
    assert sorted(e.target for e in audit(client).entries()) == ["yz-hd-01", "yz-hd-03"]


def test_concurrent_upload_and_review(client: TestClient, workspace: Path):
    folder = workspace / "evidence/2023/y-zhen"
    honors = (folder / "honors.yaml").read_bytes()
    go = threading.Barrier(2)
    codes: dict[str, int] = {}

    def upload() -> None:
        go.wait()
        codes["upload"] = client.post(f"{UNIT}/y-zhen/upload", files={"files": ("honors.yaml", honors + b"\n",
                                                                               "text/yaml")}).status_code

    def review() -> None:
        go.wait()
        codes["review"] = client.post(f"{UNIT}/y-zhen/reject", data={"record": "yz-hd-01", "reason": "x"}).status_code

    threads = [threading.Thread(target=upload), threading.Thread(target=review)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes == {"upload": 200, "review": 200}
    ev = scoring.load_evidence(folder, _book(workspace))
    assert "yz-hd-01" in {x.record for x in ev.rejections}
    assert (folder / "honors.yaml").read_bytes() == honors + b"\n"
