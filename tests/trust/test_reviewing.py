"""Writing reviews through the API: checked against the rulebook, bound to the record, atomic, readable back."""

from __future__ import annotations

import datetime as dt
import shutil
import threading
from decimal import Decimal
from pathlib import Path

import pytest

import scoring
from scoring.evidence.reviewing import add_deduction, add_rejection, record_snapshot

from .conftest import EVIDENCE, RULES

T = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def unit(tmp_path: Path) -> Path:
    dest = tmp_path / "y-zhen"
    shutil.copytree(EVIDENCE / "y-zhen", dest)
    return dest


@pytest.fixture(scope="module")
def book() -> scoring.Rulebook:
    return scoring.load_rulebook(RULES)


def _line_of(path: Path, text: str) -> int:
    return next(i for i, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in t)


def test_rejection_is_written_with_reviewer_time_and_snapshot(unit: Path, book: scoring.Rulebook) -> None:
    before = (unit / "reviews.yaml").read_text(encoding="utf-8")
    e = add_rejection(unit, book, record="yz-hd-03", reason="照片不符", reviewer="张三", at=T)
    after = (unit / "reviews.yaml").read_text(encoding="utf-8")
    # comments and earlier entries kept in order, the new entry inserted among them
    it = iter(after.splitlines())
    assert all(any(line == a for a in it) for line in before.splitlines())
    assert len(after.splitlines()) > len(before.splitlines())
    assert (e.kind, e.record, e.reviewer, e.at) == ("rejection", "yz-hd-03", "张三", "2026-12-01T09:30:00+00:00")
    # the snapshot is the record as written in activities.yaml
    line = next(t for t in (unit / "activities.yaml").read_text(encoding="utf-8").splitlines() if "yz-hd-03" in t)
    assert all(v in line for v in (e.judged or {}).values()) and "date" in (e.judged or {})
    assert e.line == _line_of(unit / "reviews.yaml", "record: yz-hd-03")
    ev = scoring.load_evidence(unit, book)
    [rj] = [r for r in ev.rejections if r.record == "yz-hd-03"]
    assert (rj.reviewer, rj.at, rj.source.line if rj.source else None) == ("张三", e.at, e.line)
    result = scoring.score(book, ev)
    [x] = [x for x in result.excluded if x.id == "yz-hd-03"]
    assert x.reviewer == "张三" and x.review is not None and x.review.line == e.line and "照片不符" in x.reason


def test_deduction_enters_the_ledger_with_its_own_source(unit: Path, book: scoring.Rulebook) -> None:
    before = scoring.score(book, scoring.load_evidence(unit, book)).item("legal_aid_visits").points
    e = add_deduction(unit, book, item="legal_aid_visits", deduct=Decimal("0.5"), reason="签收不全",
                      reviewer="李四", record="yz-hd-03", at=T)
    r = scoring.score(book, scoring.load_evidence(unit, book))
    assert r.item("legal_aid_visits").points == before - Decimal("0.5")
    [entry] = [x for x in r.item("legal_aid_visits").ledger if x.kind == "review" and "签收不全" in x.reason]
    assert entry.points == Decimal("-0.5") and entry.reviewer == "李四"
    assert (entry.sources[0].path, entry.sources[0].line) == (str(unit / "reviews.yaml"), e.line)
    assert entry.evidence == ["yz-hd-03"]


@pytest.mark.parametrize(("kwargs", "code"), [
    ({"item": "legal_aid_visits", "deduct": Decimal("2.5")}, "review.out-of-range"),  # range 0.5–2
    ({"item": "legal_aid_visits", "deduct": Decimal("0.1")}, "review.out-of-range"),
    ({"item": "legal_aid_visits", "deduct": Decimal("1.5")}, "review.over-limit"),  # 1 already + 1.5 > 2
    ({"item": "no_such_item", "deduct": Decimal(1)}, "review.unknown-item"),
    ({"item": "visits", "deduct": Decimal(1)}, "review.not-discretionary"),
    ({"item": "legal_aid_visits", "deduct": Decimal(1), "record": "nope"}, "review.unknown-record"),
    ({"item": "legal_aid_visits", "deduct": Decimal(1), "reviewer": " "}, "review.no-reviewer"),
])
def test_invalid_deductions_are_refused_and_nothing_is_written(unit: Path, book: scoring.Rulebook,
                                                                kwargs: dict[str, object], code: str) -> None:
    before = (unit / "reviews.yaml").read_bytes()
    args: dict[str, object] = {"reason": "理由", "reviewer": "王五", **kwargs}
    with pytest.raises(scoring.EvidenceError) as info:
        add_deduction(unit, book, **args)  # type: ignore[arg-type]
    assert info.value.code == code
    assert (unit / "reviews.yaml").read_bytes() == before
    assert sorted(p.name for p in unit.iterdir()) == sorted(p.name for p in (EVIDENCE / "y-zhen").iterdir())


def test_rejection_of_unknown_or_already_rejected_record(unit: Path, book: scoring.Rulebook) -> None:
    with pytest.raises(scoring.EvidenceError) as info:
        add_rejection(unit, book, record="yz-hd-99", reason="x", reviewer="张三")
    assert info.value.code == "review.unknown-record"
    with pytest.raises(scoring.EvidenceError) as info:
        add_rejection(unit, book, record="yz-hd-02", reason="x", reviewer="张三")  # reviews.yaml rejects it already
    assert info.value.code == "review.duplicate"
    with pytest.raises(scoring.EvidenceError) as info:
        add_rejection(unit, book, record="yz-hd-03", reason="x", reviewer="张三", at=dt.datetime(2026, 1, 1))
    assert info.value.code == "review.bad-time"


def test_a_changed_record_makes_its_review_stale_not_applied(unit: Path, book: scoring.Rulebook) -> None:
    e = add_rejection(unit, book, record="yz-hd-03", reason="照片不符", reviewer="张三", at=T)
    acts = unit / "activities.yaml"
    old_title = (e.judged or {})["title"]
    acts.write_text(acts.read_text(encoding="utf-8").replace(old_title, old_title + "（补）"), encoding="utf-8")
    with pytest.raises(scoring.EvidenceError) as info:
        scoring.load_evidence(unit, book)
    [stale] = [x for x in scoring.errors.flatten(info.value) if x.code == "review.stale"]
    assert stale.location is not None and (stale.location.path, stale.location.line) == (str(unit / "reviews.yaml"),
                                                                                         e.line)
    assert "yz-hd-03" in stale.message and old_title in stale.message and old_title + "（补）" in stale.message


def test_a_removed_record_makes_its_review_an_error(unit: Path, book: scoring.Rulebook) -> None:
    add_rejection(unit, book, record="yz-hd-03", reason="照片不符", reviewer="张三", at=T)
    acts = unit / "activities.yaml"
    acts.write_text("".join(t for t in acts.read_text(encoding="utf-8").splitlines(True) if "yz-hd-03" not in t),
                    encoding="utf-8")
    with pytest.raises(scoring.EvidenceError) as info:
        scoring.load_evidence(unit, book)
    assert "review.unknown-record" in {x.code for x in scoring.errors.flatten(info.value)}


def test_new_reviews_file_and_concurrent_writers(tmp_path: Path, book: scoring.Rulebook) -> None:
    unit = tmp_path / "x-xiang"
    shutil.copytree(EVIDENCE / "x-xiang", unit)
    assert not (unit / "reviews.yaml").exists()
    ev = scoring.load_evidence(unit, book)
    ids = [r.id for r in ev.records][:8]
    errors: list[BaseException] = []

    def reject(rid: str) -> None:
        try:
            add_rejection(unit, book, record=rid, reason="抽查不符", reviewer="张三")
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=reject, args=(rid,)) for rid in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    ev2 = scoring.load_evidence(unit, book)
    assert sorted(r.record for r in ev2.rejections) == sorted(ids)
    assert {r.record: r.judged for r in ev2.rejections} == {r.id: record_snapshot(r) for r in ev.records[:8]}
    assert [p.name for p in unit.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_a_snapshot_is_the_values_text_shown_everywhere() -> None:
    """A review's snapshot keeps each filled-in value as values.cell_text shows it (one home): numbers without
    trailing zeros, dates ISO, 是/否, list items each as their own text, joined by 、; unfilled values left out."""
    from datetime import date
    from decimal import Decimal

    from scoring.location import Location
    from scoring.models.evidence import Record

    rec = Record(id="r1", type="t", source=Location(path="a.yaml", line=3), values={"n": Decimal("2.50"), "d": date(2023, 5, 1), "ok": True, "none": None,
                                            "tags": ["甲", Decimal("1.0"), False]})
    assert record_snapshot(rec) == {"n": "2.5", "d": "2023-05-01", "ok": "是", "tags": "甲、1、否"}
