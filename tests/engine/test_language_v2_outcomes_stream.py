"""The streamed leaderboard (``rank -o …json``) agrees with ``score_folder`` on outcomes and on ranking by score
rate: standings are built by the same functions."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import scoring
from scoring.engine import write_folder_json

from .._docblocks import block, rulebook_data

D = Decimal


def _unit(root: Path, uid: str, utype: str, talks: int, incidents: int) -> None:
    f = root / uid
    f.mkdir(parents=True)
    (f / "unit.yaml").write_text(f"id: {uid}\nname: {uid}\ntype: {utype}\nfacts: {{households: 1, households_visited: 1, rate: 1, base_rate: 0, review_grade: 优, imported_score: 0}}\n",
                                 encoding="utf-8")
    acts = [{"id": f"{uid}-a{i}", "date": "2023-05-01", "kind": "宣讲", "title": "宣讲"} for i in range(talks)]
    incs = [{"id": f"{uid}-i{i}", "date": "2023-05-01", "kind": "舆情事件", "level": "县级", "summary": "舆情"}
            for i in range(incidents)]
    (f / "records.json").write_text(json.dumps({"activity": acts, "incident": incs}, ensure_ascii=False),
                                    encoding="utf-8")


def test_rate_ranking_and_outcomes_streamed_equal_the_batch(tmp_path: Path) -> None:
    """H3's rate ranking plus a reward of 10 元 per point for a rate of at least 75%: 甲乡 15/20 (75%, 150 元),
    乙镇 7.5/10 (75%, 75 元), tied first; 丙镇 5/10 (50%) third, no reward and, with 2 舆情事件, a flag."""
    data = rulebook_data(block("H3"), "H3")
    data["outcomes"] = [
        {"id": "cash", "kind": "reward", "label": "达标奖励", "when": "points * 4 >= max_points * 3",
         "amount": "10 * points", "unit": "元"},
        {"id": "watch", "kind": "flag", "label": "提请关注", "when": 'count(incident, kind == "舆情事件") >= 2'}]
    book = scoring.rulebook_from_dict(data, "h3.yaml")
    root = tmp_path / "units"
    _unit(root, "甲乡", "乡", 3, 0)
    _unit(root, "乙镇", "镇", 3, 0)
    _unit(root, "丙镇", "镇", 2, 2)
    out = tmp_path / "rank.json"
    board, errors, _ = write_folder_json(book, root, out)
    whole = scoring.score_folder(book, root)
    assert errors == [] and out.read_text(encoding="utf-8") == scoring.to_json(whole)
    assert [(s.unit_id, s.rank, s.rate, s.rewards, s.outcomes) for s in board] == [
        ("乙镇", 1, D("0.7500"), {"元": D(75)}, ["cash"]), ("甲乡", 1, D("0.7500"), {"元": D(150)}, ["cash"]),
        ("丙镇", 3, D("0.5000"), {}, ["watch"])]
