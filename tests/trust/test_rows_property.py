"""Property tests over CSV and xlsx evidence (#13, done-when):

* every non-blank row in is exactly one of: a counted record, a record excluded with a reason, or an error
  reported at its row — for mixes of good, bad, blank, duplicate-id and out-of-period rows;
* inserting a row anywhere never changes which record a review applies to (ids come from the content).
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

import scoring
from scoring.intake import check_folder
from tests.engine._rb import book as make_book

BOOK = make_book("""
- id: x
  title: 工作
  points: 100
  deductions:
    - {shortfall: {required: 100, actual: 'count(act)'}, amount: 1}
""")
KINDS = ["宣讲", "培训", "慰问", "阅读"]
HEADER = ["编号", "date", "kind", "n"]

good = st.tuples(st.just("good"), st.sampled_from(KINDS), st.integers(1, 12), st.integers(1, 28), st.integers(0, 99))
bad = st.tuples(st.just("bad"), st.sampled_from(["聚餐", "旅游", "宣 讲x"]), st.integers(1, 12), st.integers(1, 28),
                st.integers(0, 99))
blank = st.tuples(st.just("blank"), st.just(""), st.just(0), st.just(0), st.just(0))
old = st.tuples(st.just("old"), st.sampled_from(KINDS), st.integers(1, 12), st.integers(1, 28), st.integers(0, 99))
ROWS = st.lists(st.one_of(good, bad, blank, old), min_size=1, max_size=14)


def _unit(folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "unit.yaml").write_text("id: u\nname: 单位\ntype: 乡\n", encoding="utf-8")


def _cells(rows: list[tuple[str, str, int, int, int]], dup_every: int) -> list[list[str]]:
    out = []
    for i, (kind, value, m, d, n) in enumerate(rows):
        if kind == "blank":
            out.append(["", "", "", ""])
            continue
        year = 2022 if kind == "old" else 2023
        rid = f"r{i}" if dup_every == 0 or i % dup_every else "r-dup"
        out.append([rid, f"{year}-{m:02d}-{d:02d}", value, str(n)])
    return out


def _write(folder: Path, cells: list[list[str]], fmt: str) -> Path:
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(HEADER)
        w.writerows(cells)
        (folder / "act.csv").write_text(buf.getvalue(), encoding="utf-8")
        return folder / "act.csv"
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "act"
    ws.append(HEADER)
    for row in cells:
        ws.append([c if c != "" else None for c in row])
    wb.save(folder / "act.xlsx")
    return folder / "act.xlsx"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=ROWS, fmt=st.sampled_from(["csv", "xlsx"]), dup_every=st.sampled_from([0, 0, 3]))
def test_every_row_is_counted_excluded_or_an_error(rows: list[tuple[str, str, int, int, int]], fmt: str,
                                                    dup_every: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "u"
        _unit(folder)
        cells = _cells(rows, dup_every)
        _write(folder, cells, fmt)
        # what each row is, by construction (row 1 is the header)
        dup_seen: set[str] = set()
        expect_error, expect_old, expect_good = set(), set(), set()
        for i, (kind, *_rest) in enumerate(rows):
            r = i + 2
            if kind == "blank":
                continue
            if kind == "bad" or cells[i][0] in dup_seen:
                expect_error.add(r)
            elif kind == "old":
                expect_old.add(r)
            else:
                expect_good.add(r)
            dup_seen.add(cells[i][0])
        report = check_folder(folder, BOOK)
        assert {e.location.row for e in report.errors if e.location} == expect_error
        assert all(e.location and e.location.row for e in report.errors)  # every error names its row
        # the rows without errors score: counted + excluded-with-reason = the rest, exactly
        kept = [c for i, c in enumerate(cells) if i + 2 not in expect_error and any(c)]
        shutil.rmtree(folder)
        _unit(folder)
        _write(folder, kept, fmt)
        ev = scoring.load_evidence(folder, BOOK)
        result = scoring.score(BOOK, ev)
        assert len(ev.records) == len(expect_good) + len(expect_old)
        assert len(result.excluded) == len(expect_old) and all("考核期" in x.reason for x in result.excluded)
        assert result.item("x").points == len(expect_good)  # 100 − one point per counted record short of 100


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(good, min_size=2, max_size=10, unique_by=lambda r: r[1:]), fmt=st.sampled_from(["csv", "xlsx"]),
       target=st.integers(0, 100), where=st.integers(0, 100), new=good)
def test_inserting_a_row_never_moves_a_review(rows: list[tuple[str, str, int, int, int]], fmt: str, target: int,
                                              where: int, new: tuple[str, str, int, int, int]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "u"
        _unit(folder)
        cells = [[""] + c[1:] for c in _cells(rows, 0)]  # no 编号: ids come from the content
        _write(folder, cells, fmt)
        ev = scoring.load_evidence(folder, BOOK)
        judged = ev.records[target % len(ev.records)]
        (folder / "reviews.yaml").write_text(f"rejected:\n  - record: {judged.id}\n    reason: 不符\n", encoding="utf-8")
        before = scoring.score(BOOK, scoring.load_evidence(folder, BOOK))
        [x] = before.excluded
        assert x.id == judged.id
        extra = [""] + _cells([new], 0)[0][1:]
        cells.insert(where % (len(cells) + 1), extra)
        _write(folder, cells, fmt)
        after_ev = scoring.load_evidence(folder, BOOK)
        after = scoring.score(BOOK, after_ev)
        rejected = [r for r in after_ev.records if r.id in {e.id for e in after.excluded}]
        # the review still applies to the record it judged (same content), to no other
        assert [r.values for r in rejected if r.values == judged.values] == [judged.values]
        assert all(r.values == judged.values for r in rejected)
