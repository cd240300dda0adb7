"""Bad evidence folders: every problem reported, located, in plain Chinese; nothing dropped silently."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import scoring

from ..conftest import EVIDENCE_2023


def _folder(tmp_path: Path, files: dict[str, str]) -> Path:
    d = tmp_path / "u"
    d.mkdir()
    (d / "unit.yaml").write_text("id: u\nname: 某乡\ntype: 乡\nfacts: {households: 10, households_visited: 10}\n",
                                 encoding="utf-8")
    for name, text in files.items():
        (d / name).write_text(text, encoding="utf-8")
    return d


def _messages(exc: scoring.ScoringError) -> list[str]:
    errs = exc.errors if isinstance(exc, scoring.ErrorGroup) else [exc]
    return [str(e) for e in errs]


def test_every_problem_in_a_record_file_is_reported(tmp_path: Path, book2023: scoring.Rulebook) -> None:
    d = _folder(tmp_path, {"a.yaml": (
        "activity:\n"
        "  - {date: 2023-03-01, kind: 宣讲, titel: 宣讲会}\n"          # line 2: unknown field (typo of title)
        "  - {date: 2023-02-30, kind: 宣讲, title: 错误日期}\n"        # line 3: impossible date
        "  - {date: 2023-03-01, kind: 亲子阅渎, title: 错字}\n"        # line 4: enum typo
        "  - {date: 2023-03-01, kind: 宣讲, title: 人数, participants: 十几}\n"  # line 5: not a number
        "activty:\n"                                                   # line 6: unknown type
        "  - {date: 2023-03-01}\n"
    )})
    with pytest.raises(scoring.EvidenceError) as info:
        scoring.load_evidence(d, book2023)
    msgs = _messages(info.value)
    f = str(d / "a.yaml")
    assert msgs == [
        f"{f}:2:5: 活动记录缺少必填字段“活动名称”（title）\n  提示：填写这一项",
        f"{f}:2:34: 证据类型 'activity' 没有字段 'titel'\n  您是不是想写 'title'？\n"
        "  提示：字段：date（日期）、kind（活动类别）、title（活动名称）、participants（参加人数）",
        f"{f}:3:12: 字段 '日期' 的值有误：'2023-02-30' 不是存在的日期\n"
        "  提示：日期写成 2023-05-01（也可以写 2023/5/1 或 2023年5月1日）",
        f"{f}:4:30: 字段 '活动类别' 的值 '亲子阅渎' 不是可选值之一\n  您是不是想写 '亲子阅读'？\n"
        "  提示：可选值：慰问、宣讲、进校园宣讲、亲子阅读、宣传培训、防艾培训、专题研究、宣传教育",
        f"{f}:5:59: 字段 '参加人数' 的值有误：'十几' 不是数字\n  提示：写一个整数，例如 12",
        f"{f}:6:1: 未知的证据类型 'activty'\n  您是不是想写 'activity'？\n"
        "  提示：规则文件声明的证据类型：petition、incident、activity、legal_aid、document、report、subscription、honor",
    ]


def test_unit_file_problems(tmp_path: Path, book2023: scoring.Rulebook) -> None:
    d = tmp_path / "u"
    d.mkdir()
    (d / "unit.yaml").write_text(
        "id: u\nname: 某乡\ntype: 县\nfacts: {households: 10}\nclaims:\n  petitons: 10\n", encoding="utf-8")
    with pytest.raises(scoring.EvidenceError) as info:
        scoring.load_evidence(d, book2023)
    f = str(d / "unit.yaml")
    heads = [m.splitlines()[0] for m in _messages(info.value)]
    assert heads == [
        f"{f}:3:7: 单位类型 '县' 不在规则文件的 unit_types 里",
        f"{f}:4:8: facts 缺少 'households_visited'（全年回访户数）",
        f"{f}:6:3: 自评分里的 'petitons' 不是规则文件中的条目 id",
    ]
    assert "您是不是想写 'petitions'？" in _messages(info.value)[2]


def test_duplicate_record_ids(tmp_path: Path, book2023: scoring.Rulebook) -> None:
    d = _folder(tmp_path, {"a.yaml": "honor:\n  - {id: h1, date: 2023-01-02, project: 甲, level: 县级, title: 甲}\n",
                           "b.yaml": "honor:\n  - {id: h1, date: 2023-01-03, project: 乙, level: 县级, title: 乙}\n"})
    with pytest.raises(scoring.EvidenceError, match=r"b\.yaml:2:5: 记录编号 'h1' 重复（第一次出现在 .*a\.yaml:2:5）"):
        scoring.load_evidence(d, book2023)


def test_missing_unit_file_and_folder(tmp_path: Path, book2023: scoring.Rulebook) -> None:
    with pytest.raises(scoring.EvidenceError, match="找不到证据文件夹"):
        scoring.load_evidence(tmp_path / "nope", book2023)
    with pytest.raises(scoring.EvidenceError, match="没有 unit.yaml"):
        scoring.load_evidence(tmp_path, book2023)


def test_records_in_equal_records_out(book2023: scoring.Rulebook) -> None:
    """Every record in Y镇's files is either counted or excluded with a reason: none lost, none invented."""
    ev = scoring.load_evidence(EVIDENCE_2023 / "y-zhen", book2023)
    rows = 0
    for f in (EVIDENCE_2023 / "y-zhen").glob("*.yaml"):
        if f.name not in ("unit.yaml", "reviews.yaml"):
            rows += sum(1 for line in f.read_text(encoding="utf-8").splitlines() if line.lstrip().startswith("- "))
    r = scoring.score(book2023, ev)
    assert len(ev.records) == rows
    assert sum(r.counted.values()) + len(r.excluded) == rows
    assert {x.id for x in r.excluded} == {"yz-hd-02", "yz-hd-06"}


def test_inputs_are_never_modified(tmp_path: Path, book2023: scoring.Rulebook) -> None:
    src = tmp_path / "y"
    shutil.copytree(EVIDENCE_2023 / "y-zhen", src)
    before = {p.name: p.read_bytes() for p in src.iterdir()}
    scoring.score(book2023, scoring.load_evidence(src, book2023))
    assert {p.name: p.read_bytes() for p in src.iterdir()} == before
