"""Streaming batches: the JSON written unit by unit is byte-identical to the whole batch's JSON."""

from __future__ import annotations

import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import scoring
from bench import batch as gen
from scoring.engine import write_folder_json

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules" / "2023" / "x-county-fulian.yaml"
EVIDENCE = ROOT / "evidence" / "2023"


def _folders(root: Path, n: int, records: int, seed: int) -> Path:
    for d in gen.units(n, records, seed=seed):
        f = root / d["unit"]["id"]
        f.mkdir(parents=True)
        (f / "unit.json").write_text(json.dumps(d["unit"], ensure_ascii=False), encoding="utf-8")
        (f / "records.json").write_text(json.dumps(d["records"], ensure_ascii=False), encoding="utf-8")
    return root


def test_bundled_units_streamed_equal_the_batch(tmp_path: Path) -> None:
    book = scoring.load_rulebook(RULES)
    out = tmp_path / "out" / "rank.json"
    board, errors, warnings = write_folder_json(book, EVIDENCE, out)
    whole = scoring.score_folder(book, EVIDENCE)
    assert out.read_text(encoding="utf-8") == scoring.to_json(whole)
    assert board == whole.leaderboard and errors == whole.errors and warnings == whole.warnings == []
    assert [p.name for p in out.parent.iterdir()] == ["rank.json"]  # no spool or temporary file left


def test_a_generated_batch_with_a_broken_unit_streamed_on_threads(tmp_path: Path) -> None:
    book = scoring.load_rulebook(RULES)
    root = _folders(tmp_path / "ev", 25, 30, seed=8)
    (root / "u0003" / "records.json").write_text("{not json", encoding="utf-8")
    out = tmp_path / "rank.json"
    with ThreadPoolExecutor(2) as ex:
        _, errors, _ = write_folder_json(book, root, out, executor=ex)
    whole = scoring.score_folder(book, root)
    assert [e.unit for e in errors] == ["u0003"]
    assert out.read_bytes() == scoring.to_json(whole).encode("utf-8")
    assert [r["rank"] for r in json.loads(out.read_text(encoding="utf-8"))["results"]] == [
        r.rank for r in whole.results]


def test_nothing_scored_is_still_the_same_bytes(tmp_path: Path) -> None:
    book = scoring.load_rulebook(RULES)
    root = tmp_path / "ev"
    shutil.copytree(EVIDENCE / "x-xiang", root / "x-xiang")
    (root / "x-xiang" / "unit.yaml").write_text("id: [\n", encoding="utf-8")
    out = tmp_path / "rank.json"
    write_folder_json(book, root, out)
    assert out.read_text(encoding="utf-8") == scoring.to_json(scoring.score_folder(book, root))


def test_rank_json_to_a_file_streams_with_the_same_bytes(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from scoring.cli import app

    out = tmp_path / "r.json"
    r = CliRunner().invoke(app, ["rank", str(RULES), str(EVIDENCE), "-f", "json", "-o", str(out)])
    assert r.exit_code == 0, r.output
    plain = CliRunner().invoke(app, ["rank", str(RULES), str(EVIDENCE), "-f", "json"])
    assert out.read_text(encoding="utf-8") == plain.stdout


def test_the_same_unit_twice_is_refused_and_nothing_written(tmp_path: Path) -> None:
    """#13's guarantee on the streamed path: a unit submitted twice would be ranked twice."""
    book = scoring.load_rulebook(RULES)
    root = tmp_path / "ev"
    shutil.copytree(EVIDENCE / "x-xiang", root / "x-xiang")
    shutil.copytree(EVIDENCE / "x-xiang", root / "x-xiang-again")
    out = tmp_path / "rank.json"
    try:
        write_folder_json(book, root, out)
    except scoring.EvidenceError as e:
        assert e.code == "batch.duplicate-unit" and str(root / "x-xiang-again") in e.message
    else:
        raise AssertionError("a duplicate unit was written")
    assert not out.exists() and [p.name for p in tmp_path.iterdir()] == ["ev"]
    unit = root / "x-xiang-again" / "unit.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("id: x-xiang", "id: x-xiang-2"), encoding="utf-8")
    _, _, warnings = write_folder_json(book, root, out)  # the same name, another id: a warning, as score_folder
    whole = scoring.score_folder(book, root)
    assert [w.code for w in warnings] == ["batch.duplicate-name"] and warnings == whole.warnings
    assert out.read_text(encoding="utf-8") == scoring.to_json(whole)


def test_the_output_guard_holds_on_the_streamed_path(tmp_path: Path) -> None:
    book = scoring.load_rulebook(RULES)
    root = tmp_path / "ev"
    shutil.copytree(EVIDENCE / "x-xiang", root / "x-xiang")
    inside = root / "x-xiang" / "rank.json"
    try:
        write_folder_json(book, root, inside, protected=[root])
    except scoring.ScoringError as e:
        assert e.code == "output.inside-evidence"
    else:
        raise AssertionError("written inside the evidence")
    assert not inside.exists()
