"""The issue's round trip: template → filled by the test with X乡's YAML evidence → same score."""

from __future__ import annotations

from pathlib import Path

import scoring

from ..conftest import EVIDENCE_2023
from ._fill import fill_template


def test_template_filled_with_x_xiang_scores_like_the_yaml(book2023: scoring.Rulebook, tmp_path: Path) -> None:
    yaml_ev = scoring.load_evidence(EVIDENCE_2023 / "x-xiang", book2023)
    folder = tmp_path / "x-xiang"
    folder.mkdir()
    written = fill_template(book2023, yaml_ev, folder / "X乡2023.xlsx")
    assert sum(written.values()) == len(yaml_ev.records) == 48

    xlsx_ev = scoring.load_evidence(folder, book2023)  # no unit.yaml: the unit comes from the 封面 sheet
    assert xlsx_ev.unit.model_dump(exclude={"source"}) == yaml_ev.unit.model_dump(exclude={"source"})
    by_id = {r.id: r for r in xlsx_ev.records}
    assert sorted(by_id) == sorted(r.id for r in yaml_ev.records)
    for r in yaml_ev.records:
        assert by_id[r.id].values == r.values, r.id
        assert by_id[r.id].type == r.type

    a, b = scoring.score(book2023, yaml_ev), scoring.score(book2023, xlsx_ev)
    assert b.total == a.total
    assert [(n.id, n.points) for n in b.items] == [(n.id, n.points) for n in a.items]
    assert [(n.id, n.claim) for n in b.items] == [(n.id, n.claim) for n in a.items]


def test_records_point_at_their_sheet_row_and_column(book2023: scoring.Rulebook, tmp_path: Path) -> None:
    yaml_ev = scoring.load_evidence(EVIDENCE_2023 / "x-xiang", book2023)
    fill_template(book2023, yaml_ev, tmp_path / "t.xlsx")
    ev = scoring.load_evidence(tmp_path, book2023)
    rec = next(r for r in ev.records if r.id == "xf-03")  # the third petition: row 4 under the header
    assert str(rec.source) == f"{tmp_path / 't.xlsx'}/信访件/第4行"
