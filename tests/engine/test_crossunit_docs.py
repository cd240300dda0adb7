"""docs/rule-language.md, “跨单位佐证（第二版）”: the examples J1 and J2 scored with the records the page shows, in a
batch and alone; the expected points are the page's own hand arithmetic."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import scoring

from .._docblocks import BLOCKS, DOC, rulebook

D = Decimal


def _records_block() -> tuple[str, str]:
    """The page's record files for J1: X乡's and Y镇's, split where the second file's comment starts."""
    text = DOC.read_text(encoding="utf-8")
    found = re.search(r"```yaml\n(# evidence/2023/x-xiang/records.yaml.*?)```", text, flags=re.S)
    assert found is not None
    x, y = found.group(1).split("# evidence/2023/y-zhen/records.yaml")
    return x, "# evidence/2023/y-zhen/records.yaml" + y


def _unit(root: Path, uid: str, name: str, records: str) -> None:
    (root / uid).mkdir(parents=True)
    (root / uid / "unit.yaml").write_text(f"id: {uid}\nname: {name}\ntype: 乡\nfacts: {{households: 1, "
                                          "households_visited: 1, rate: 1, base_rate: 0, review_grade: 优, "
                                          "imported_score: 0}\n", encoding="utf-8")
    (root / uid / "records.yaml").write_text(records, encoding="utf-8")


def test_the_examples_are_there() -> None:
    assert {"J1", "J2"} <= {name for _, name in BLOCKS}


def test_j1_vehicle_accidents_in_a_batch_and_alone(tmp_path: Path) -> None:
    """Batch: X乡 6 − 2 + 4 = 8, Y镇 6 − 2 × 2 + 2 = 4. Alone: X乡 8, Y镇 6 − 2 + 4 = 8."""
    book = rulebook("J1")
    x, y = _records_block()
    root = tmp_path / "2023"
    _unit(root, "x-xiang", "X乡", x)
    _unit(root, "y-zhen", "Y镇", y)
    batch = {r.unit.id: r for r in scoring.score_folder(book, root).results}
    xr, yr = batch["x-xiang"], batch["y-zhen"]
    assert (xr.item("registered_vehicles").points, xr.item("accident_count").points, xr.total) == (D(4), D(4), D(8))
    assert (yr.item("registered_vehicles").points, yr.item("accident_count").points, yr.total) == (D(2), D(2), D(4))
    assert [x.reason for x in xr.excluded] == ["计入单位是Y镇（y-zhen）：这条记录转给Y镇计分，本单位不计"]
    [got] = [e for e in yr.item("registered_vehicles").ledger if "sg-02@x-xiang" in e.evidence]
    assert got.reason.endswith("（其他单位记录、计入本单位：sg-02@x-xiang 由X乡记录（"
                               f"{root / 'x-xiang' / 'records.yaml'}:4:5））")
    alone = {u: scoring.score(book, scoring.load_evidence(root / u, book)).total for u in ("x-xiang", "y-zhen")}
    assert alone == {"x-xiang": D(8), "y-zhen": D(8)}


def test_j2_referred_petitions(tmp_path: Path) -> None:
    """Batch: X乡 1 of 2 closed, 10 × 50% = 5; Y镇 1 of 1, 10. Alone: both 1 of 1, 10 each."""
    book = rulebook("J2")
    root = tmp_path / "2023"
    _unit(root, "x-xiang", "X乡", "referred_petition:\n  - {received_on: 2023-02-01, summary: 甲, closed: true}\n")
    _unit(root, "y-zhen", "Y镇", "referred_petition:\n  - {received_on: 2023-03-01, summary: 乙, closed: true}\n"
                                 "  - {received_on: 2023-04-01, summary: 丙, closed: false, charged_to: x-xiang}\n")
    batch = {r.unit.id: r.total for r in scoring.score_folder(book, root).results}
    assert batch == {"x-xiang": D(5), "y-zhen": D(10)}
    alone = {u: scoring.score(book, scoring.load_evidence(root / u, book)).total for u in ("x-xiang", "y-zhen")}
    assert alone == {"x-xiang": D(10), "y-zhen": D(10)}
