"""The Python API is as safe as the files: score() enforces the invariants itself, no decimal exception escapes,
and any fault of one unit in a batch is reported for that unit while the others are scored."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

import scoring
from scoring.engine._guard import arithmetic_guard
from scoring.models.evidence import Rejection, Review

from .conftest import EVIDENCE, RULES


@pytest.fixture(scope="module")
def book() -> scoring.Rulebook:
    return scoring.load_rulebook(RULES)


@pytest.fixture(scope="module")
def ev(book: scoring.Rulebook) -> scoring.EvidenceSet:
    return scoring.load_evidence(EVIDENCE / "y-zhen", book)


def test_a_hand_built_deduction_beyond_its_range_is_refused(book: scoring.Rulebook, ev: scoring.EvidenceSet) -> None:
    """The issue's case: a reviewer deduction of 59 on an item whose range is 0.5–2 scored it 59 of 20."""
    bad = ev.model_copy(update={"reviews": [Review(item="legal_aid_visits", deduct=Decimal(59), reason="x")]})
    with pytest.raises(scoring.EvidenceError) as info:
        scoring.score(book, bad)
    assert info.value.code == "review.out-of-range"
    two = [Review(item="legal_aid_visits", deduct=Decimal("1.5"), reason="x")] * 2  # 3 > max 2 together
    with pytest.raises(scoring.EvidenceError) as info:
        scoring.score(book, ev.model_copy(update={"reviews": two}))
    assert info.value.code == "review.over-limit"
    with pytest.raises(scoring.EvidenceError) as info:
        scoring.score(book, ev.model_copy(update={"reviews": [Review(item="visits", deduct=Decimal(1), reason="x")]}))
    assert info.value.code in ("review.not-discretionary", "review.unknown-item")


def test_a_rejection_must_name_a_record(book: scoring.Rulebook, ev: scoring.EvidenceSet) -> None:
    bad = ev.model_copy(update={"rejections": [Rejection(record="no-such-record", reason="x")]})
    with pytest.raises(scoring.EvidenceError) as info:
        scoring.score(book, bad)
    assert info.value.code == "review.unknown-record"


def test_duplicate_record_ids_in_a_hand_built_set(book: scoring.Rulebook, ev: scoring.EvidenceSet) -> None:
    bad = ev.model_copy(update={"records": [*ev.records, ev.records[0]]})
    with pytest.raises(scoring.EvidenceError) as info:
        scoring.score(book, bad)
    assert info.value.code == "evidence.duplicate-id" and ev.records[0].id in info.value.message


def test_a_valid_hand_built_set_scores_as_loaded(book: scoring.Rulebook, ev: scoring.EvidenceSet) -> None:
    copy = scoring.EvidenceSet.model_validate(ev.model_dump())
    assert scoring.score(book, copy).total == scoring.score(book, ev).total


def test_arithmetic_faults_become_located_evaluation_errors() -> None:
    where = scoring.Location(path="u/unit.yaml", line=3)
    with pytest.raises(scoring.EvaluationError) as info, arithmetic_guard(where):
        Decimal("1e40").quantize(Decimal("0.1"))  # needs 42 digits: InvalidOperation in a 28-digit context
    assert info.value.code == "evaluation.out-of-range" and info.value.location == where
    with pytest.raises(scoring.SchemaError), arithmetic_guard(where):
        raise scoring.SchemaError("kept as it is")
    assert issubclass(InvalidOperation, ArithmeticError)


def test_any_fault_in_one_unit_is_reported_for_it_and_the_others_are_scored(
        book: scoring.Rulebook, root_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import scoring.engine._parallel as batch  # where each unit is scored (in this process or a worker)

    real = batch.score  # type: ignore[attr-defined]

    def flaky(rulebook: scoring.Rulebook, evidence: scoring.EvidenceSet, *a: object, **k: object) -> object:
        if evidence.unit.id == "z-zhen":
            raise KeyError("a bug")
        return real(rulebook, evidence, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(batch, "score", flaky)
    result = scoring.score_folder(book, root_copy)
    [err] = result.errors
    assert err.unit == "z-zhen" and err.details[0].code == "internal" and "KeyError" in err.errors[0]
    assert sorted(s.unit_id for s in result.leaderboard) == ["w-xiang", "x-xiang", "y-zhen"]


def test_a_loader_fault_is_isolated_too(book: scoring.Rulebook, root_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import scoring.engine._parallel as ev_pkg  # where each unit's folder is read

    real = ev_pkg.load_evidence  # type: ignore[attr-defined]

    def flaky(path: object, rulebook: scoring.Rulebook, **k: object) -> scoring.EvidenceSet:
        if Path(str(path)).name == "w-xiang":
            raise RecursionError("deep")
        return real(path, rulebook)  # type: ignore[arg-type]

    monkeypatch.setattr(ev_pkg, "load_evidence", flaky)
    result = scoring.score_folder(book, root_copy)
    assert [e.unit for e in result.errors] == ["w-xiang"]
    assert len(result.leaderboard) == 3


def test_a_unit_submitted_twice_is_refused_naming_both_folders(run, root_copy: Path) -> None:
    import shutil

    shutil.copytree(root_copy / "x-xiang", root_copy / "x-xiang-again")
    r = run("rank", RULES, root_copy)
    assert r.exit_code == 1
    assert f"单位 id 'x-xiang' 出现在两个文件夹里：{root_copy / 'x-xiang'} 和 {root_copy / 'x-xiang-again'}" in r.stderr
    book = scoring.load_rulebook(RULES)
    with pytest.raises(scoring.EvidenceError) as info:
        scoring.score_folder(book, root_copy)
    assert info.value.code == "batch.duplicate-unit"
    unit = root_copy / "x-xiang-again" / "unit.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("id: x-xiang", "id: x-xiang-2"), encoding="utf-8")
    batch = scoring.score_folder(book, root_copy)  # same name, different id: ranked, with a warning
    assert [w.code for w in batch.warnings] == ["batch.duplicate-name"]
    assert len(batch.leaderboard) == 5


def test_a_folder_of_photos_under_the_root_is_reported_as_not_a_unit(run, root_copy: Path) -> None:
    """Every file is read or reported (docs/township-guide.md §4): a township that sent only its photos, with no
    template, is named as not a unit (a warning), and the four real units are still ranked."""
    photos = root_copy / "c-xiang" / "照片"
    photos.mkdir(parents=True)
    for name in ("慰问1.jpg", "慰问2.jpg"):
        (photos / name).write_bytes(b"\xff\xd8\xff")
    (root_copy / "汇总说明.docx").write_bytes(b"PK")
    (root_copy / "empty-folder").mkdir()  # nothing in it: nothing to report
    batch = scoring.score_folder(scoring.load_rulebook(RULES), root_copy)
    assert len(batch.leaderboard) == 4 and not batch.errors
    assert [(w.code, w.severity, w.file) for w in batch.warnings] == [
        ("batch.not-a-unit", "warning", str(root_copy / "c-xiang")),
        ("batch.not-a-unit", "warning", str(root_copy / "汇总说明.docx"))]
    assert batch.warnings[0].message == ("文件夹 'c-xiang' 不是单位的证据文件夹，没有参加评分：里面没有 unit.yaml、"
                                         "Excel 模板或记录文件，只有 2 个其他文件（照片/慰问1.jpg、照片/慰问2.jpg）")
    r = run("rank", RULES, root_copy)
    assert r.exit_code == 0
    assert f"警告：{root_copy / 'c-xiang'}: 文件夹 'c-xiang' 不是单位的证据文件夹" in r.stderr
