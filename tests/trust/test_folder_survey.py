"""Every file in an evidence folder is read or reported; evidence check says which, per file."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

import scoring
from scoring.intake import check_folder

from .conftest import EVIDENCE, RULES


@pytest.fixture
def unit(tmp_path: Path) -> Path:
    dest = tmp_path / "x-xiang"
    shutil.copytree(EVIDENCE / "x-xiang", dest)
    return dest


@pytest.fixture(scope="module")
def book() -> scoring.Rulebook:
    return scoring.load_rulebook(RULES)


def test_a_word_file_is_an_error_unless_a_record_names_it(unit: Path, book: scoring.Rulebook) -> None:
    (unit / "总结.docx").write_bytes(b"PK\x03\x04")
    report = check_folder(unit, book)
    assert [(e.code, e.location.path if e.location else None) for e in report.errors] == [
        ("evidence.unread-file", str(unit / "总结.docx"))]
    acts = unit / "activities.yaml"
    text = acts.read_text(encoding="utf-8")
    acts.write_text(text.replace("participants: 24}", "participants: 24, attachments: [总结.docx]}", 1), encoding="utf-8")
    report = check_folder(unit, book)
    assert report.errors == []
    assert (str(unit / "总结.docx"), "附件（记录里列出）") in report.not_read


def test_hidden_files_and_attachment_folders_are_listed_not_read(unit: Path, book: scoring.Rulebook) -> None:
    (unit / ".DS_Store").write_bytes(b"\0\0")
    (unit / "~$模板.xlsx").write_bytes(b"lock")
    (unit / "照片").mkdir()
    report = check_folder(unit, book)
    assert report.errors == []
    assert sorted(Path(p).name for p, _ in report.not_read) == sorted([".DS_Store", "~$模板.xlsx", "照片"])


def test_an_excel_unicode_text_export_is_read(unit: Path, book: scoring.Rulebook) -> None:
    rows = "日期\t活动类别\t活动名称\n2023-12-20\t慰问\t年终慰问\n2023-12-21\t宣讲\t年终宣讲\n"
    (unit / "活动.txt").write_bytes(b"\xff\xfe" + rows.encode("utf-16-le"))
    ev = scoring.load_evidence(unit, book)
    from_txt = [r for r in ev.records if r.source.path == str(unit / "活动.txt")]
    assert [(r.values["kind"], r.values["title"]) for r in from_txt] == [("慰问", "年终慰问"), ("宣讲", "年终宣讲")]


@pytest.mark.parametrize("kind", ["fifo", "dangling", "outside", "loop"])
def test_special_entries_are_refused_before_opening(unit: Path, book: scoring.Rulebook, kind: str) -> None:
    p = unit / "more.yaml"
    if kind == "fifo":
        os.mkfifo(p)  # opening it would block: the survey must not open it
    elif kind == "dangling":
        p.symlink_to(unit / "gone.yaml")
    elif kind == "outside":
        p.symlink_to(RULES)
    else:
        p.symlink_to(unit / "more2.yaml")
        (unit / "more2.yaml").symlink_to(p)
    report = check_folder(unit, book)
    codes = {e.code for e in report.errors if e.location and Path(e.location.path).name == "more.yaml"}
    assert codes == {{"fifo": "input.special-file", "dangling": "evidence.dangling-link",
                      "outside": "evidence.link-outside", "loop": "file.link-loop"}[kind]}


def test_evidence_check_json_lists_what_was_not_read(run, unit: Path) -> None:
    (unit / "照片").mkdir()
    r = run("evidence", "check", RULES, unit, "-f", "json")
    assert r.exit_code == 0
    doc = json.loads(r.stdout)
    assert [n["path"] for n in doc["not_read"]] == [str(unit / "照片")]
