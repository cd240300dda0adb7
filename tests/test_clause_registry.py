"""Guards for the clause registry (#14): one module per clause kind, and everything iterates the registry.

- every field of the rule model is owned by exactly one registered clause kind or marked structural;
- every registered clause kind has its compile step, evaluation, coverage branches and diff labels;
- ``scoring test`` coverage lists the branches of every way of earning (rank and scaled were missing);
- a toy clause kind, defined in this one test module, is compiled, scored, covered and diffed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import scoring
from scoring.clauses import REGISTRY, Earning, LineKind
from scoring.clauses.base import At, Compiling, fmt
from scoring.cycle import diff_rulebooks, run_cases
from scoring.expr import BOOL, CompiledExpression, Scope
from scoring.models.rulebook import Line, Node
from scoring.values import Frozen

from .engine._rb import book, rulebook_text

if TYPE_CHECKING:
    from scoring.compile.plan import PNode
    from scoring.engine import UnitRun
    from scoring.models.result import LedgerEntry

D = Decimal


# -- ownership -----------------------------------------------------------------------------------------------------

def test_every_rule_model_field_is_owned_by_a_clause_or_structural() -> None:
    assert REGISTRY.unowned() == set()


def test_no_field_has_two_owners() -> None:
    node_owners = [f for c in REGISTRY.earnings for f in c.fields] + list(REGISTRY.structural_node)
    line_owners = [f for k in REGISTRY.lines for f in k.fields] + list(REGISTRY.structural_line)
    assert len(node_owners) == len(set(node_owners))
    assert len(line_owners) == len(set(line_owners))
    assert set(node_owners) == set(Node.model_fields) and set(line_owners) == set(Line.model_fields)


def test_a_field_nobody_owns_is_found() -> None:
    class Stray(Node):
        stray: str | None = None

    assert REGISTRY.unowned(node_model=Stray) == {"Node.stray"}


# -- every clause kind is complete --------------------------------------------------------------------------------

def _overrides(obj: object, base: type, name: str) -> bool:
    return getattr(type(obj), name) is not getattr(base, name)


@pytest.mark.parametrize("clause", REGISTRY.earnings, ids=lambda c: c.key)
def test_every_way_of_earning_has_compile_evaluation_coverage_and_diff(clause: Earning[Any]) -> None:
    for part in ("compile", "earn", "branches"):
        assert _overrides(clause, Earning, part), f"{clause.key} has no {part}"
    assert clause.fields and set(clause.labels) == set(clause.fields)
    assert all(label and not label.isascii() for label in clause.labels.values())  # diff speaks Chinese


@pytest.mark.parametrize("kind", REGISTRY.lines, ids=lambda k: k.key)
def test_every_kind_of_line_has_compile_evaluation_coverage_and_diff(kind: LineKind[Any]) -> None:
    for part in ("compile", "entries", "expressions"):
        assert _overrides(kind, LineKind, part), f"{kind.key} has no {part}"
    assert kind.fields and set(kind.labels) == set(kind.fields)
    assert kind.key in kind.fields


def test_diff_compares_every_clause_field() -> None:
    compared = set(REGISTRY.scoring_fields())
    for c in REGISTRY.earnings:
        assert set(c.fields) <= compared


# -- coverage of every way of earning ------------------------------------------------------------------------------

EVERY_WAY = """
- {id: w_when, title: 达标, points: 2, when: "rate_now >= 0.5"}
- id: w_tiers
  title: 分档
  points: 2
  value: rate_now
  tiers: [{min: 0.5, points: 2}, {points: 1}]
- {id: w_prop, title: 比例, points: 2, value: rate_now, proportional: {target: 1}}
- {id: w_linear, title: 线性, points: 2, value: rate_now, linear: {target: 1, step: 0.1, deduct: 0.5}}
- {id: w_grade, title: 等级, points: 2, value: grade, grade_points: {优: 2, 良: 1, 中: 0, 差: 0}}
- id: w_count
  title: 符合项数
  points: 2
  count_met: {per: 1, of: [{label: 甲, when: "rate_now >= 0.5"}, {label: 乙, when: "base_rate >= 0.5"}]}
- {id: w_rank, title: 名次, points: 2, value: rate_now, rank: {points: [2, 1]}}
- {id: w_scaled, title: 折算, points: 2, value: imported, scaled: {out_of: 10}}
"""


def test_coverage_lists_and_reaches_every_way_of_earning(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text(rulebook_text(EVERY_WAY, cat_points=16), encoding="utf-8")
    (tmp_path / "t.tests.yaml").write_text(
        "cases:\n"
        "  - name: 一半\n"
        "    unit: {id: a, name: 甲, type: 乡, facts: {rate_now: 0.6, base_rate: 0.2, grade: 良, imported: 5}}\n"
        "    expect: {items: {w_scaled: 1}}\n", encoding="utf-8")
    (cov,) = run_cases(tmp_path / "t.tests.yaml").coverage
    # each way of earning has branches of its own, rank and scaled too
    nodes_with_branches = {b.node for b in cov.unreached} | {"w_when", "w_rank"}
    assert {"w_when", "w_tiers", "w_prop", "w_linear", "w_grade", "w_count", "w_rank", "w_scaled"} <= \
        nodes_with_branches
    unreached = {(b.node, b.branch) for b in cov.unreached}
    # by hand: 0.6 ≥ 0.5 passes; tier 0 hit; 0.6/1 is partial; 0.6 below 1; 良; 1 of 2 met; alone = 1st;
    # 5/10 of the points is partial
    assert ("w_when", "fail") in unreached and ("w_when", "pass") not in unreached
    assert ("w_tiers", "tier:1") in unreached and ("w_tiers", "tier:0") not in unreached
    assert ("w_prop", "full") in unreached and ("w_prop", "partial") not in unreached
    assert ("w_linear", "met") in unreached and ("w_linear", "below") not in unreached
    assert ("w_grade", "grade:优") in unreached and ("w_grade", "grade:良") not in unreached
    assert ("w_count", "met:2") in unreached and ("w_count", "met:1") not in unreached
    assert ("w_scaled", "full") in unreached and ("w_scaled", "partial") not in unreached
    assert ("w_rank", "rank:listed") not in unreached
    labels = {(b.node, b.branch): b.label for b in cov.unreached}
    assert labels[("w_scaled", "full")] == "导入得分为满分"


def test_a_rank_item_outside_the_listed_places_reaches_otherwise() -> None:
    b = book("""
- {id: r, title: 名次, points: 2, value: rate_now, rank: {points: [2]}}
""", cat_points=2)
    units = [scoring.evidence_from_dict({"unit": {"id": i, "name": i, "type": "乡", "facts": {"rate_now": v}}}, b)
             for i, v in (("a", "0.9"), ("b", "0.1"))]
    res = {r.unit.id: r for r in scoring.score_many(b, units).results}
    branch = {u: next(n for n in r.items if n.id == "r").ledger[0].branch for u, r in res.items()}
    assert branch == {"a": "rank:listed", "b": "rank:otherwise"}
    assert (res["a"].total, res["b"].total) == (D(2), D(0))


# -- a toy clause kind, all in this module ----------------------------------------------------------------------

class Coin(Frozen):
    heads: str


class CoinNode(Node):
    """The toy clause's fragment of the rule model: a node that may carry ``coin``."""

    coin: Coin | None = None


@dataclass
class CoinSlots:
    heads: CompiledExpression


class CoinToss(Earning[CoinSlots]):
    """Heads: full points; tails: half."""

    key = "coin"
    fields = ("coin",)
    labels = {"coin": "掷硬币"}

    def compile(self, c: Compiling, spec: Node, at: At, scope: Scope) -> CoinSlots | None:
        assert isinstance(spec, CoinNode) and spec.coin is not None
        e = c.expr(spec.coin.heads, at + ("coin", "heads"), BOOL, scope)
        return CoinSlots(e) if e else None

    def expressions(self, slots: CoinSlots | None) -> list[CompiledExpression]:
        return [slots.heads] if slots else []

    def earn(self, u: UnitRun, pn: PNode, full: Decimal, value: Any, vids: list[str]) -> list[LedgerEntry]:
        heads = bool(u.eval(self.slots(pn).heads))
        pts = full if heads else full / 2
        return [u.entry("award", pts, f"{'正面' if heads else '反面'}，得 {fmt(pts)} 分", pn.loc, evidence=u.touched(),
                        branch="heads" if heads else "tails")]

    def branches(self, pn: PNode) -> list[tuple[str, str]]:
        return [("heads", "正面"), ("tails", "反面")]


COIN = CoinToss()


def _with_coin(heads: str) -> scoring.Rulebook:
    base = book("- {id: plain, title: 普通, points: 4}", cat_points=14)
    cat = base.categories[0]
    toss = CoinNode(id="toss", title="掷硬币", points=D(10), coin=Coin(heads=heads))
    return base.model_copy(update={"categories": [cat.model_copy(update={"items": [*cat.children, toss]})]})


def _unit(b: scoring.Rulebook, rate: str) -> scoring.EvidenceSet:
    return scoring.evidence_from_dict({"unit": {"id": "u", "name": "甲乡", "type": "乡", "facts": {"rate_now": rate}}}, b)


def test_a_toy_clause_is_compiled_scored_covered_and_diffed() -> None:
    from scoring.cycle.casetest import Case, _coverage

    with REGISTRY.extended(COIN):
        assert REGISTRY.unowned(node_model=CoinNode) == set()
        b = _with_coin("rate_now >= 0.5")
        plan = scoring.plan_of(b)
        toss = plan.by_id["toss"]
        assert toss.earning is COIN and isinstance(toss.slots, CoinSlots)
        assert REGISTRY.methods(toss.spec) == ["coin"]
        heads, tails = scoring.score(b, _unit(b, "0.6")), scoring.score(b, _unit(b, "0.2"))
        # by hand: plain 4 + heads 10 = 14; plain 4 + tails 10/2 = 9
        assert (heads.total, tails.total) == (D(14), D(9))
        assert next(n for n in tails.items if n.id == "toss").ledger[0].reason == "反面，得 5 分"

        case = Case(name="正面", expect={"items": {"toss": 10}})
        cov = _coverage(plan, [(case, heads)], "toy")
        assert [(x.node, x.branch, x.label) for x in cov.unreached if x.node == "toss"] == [("toss", "tails", "反面")]

        changes = diff_rulebooks(b, _with_coin("rate_now >= 0.8")).changes
        assert [(c.id, c.field, c.label) for c in changes] == [("toss", "coin", "得分规则调整：掷硬币")]
    # outside the block the toy is unknown again: the guard names its field
    assert REGISTRY.unowned(node_model=CoinNode) == {"Node.coin"}
    assert COIN not in REGISTRY.earnings


def test_a_toy_clause_is_checked_like_the_others() -> None:
    with REGISTRY.extended(COIN), pytest.raises(scoring.RulebookError) as e:
        scoring.plan_of(_with_coin("rate_nw >= 0.5"))
    assert "rate_nw" in str(e.value) and "rate_now" in str(e.value)  # located, with a did-you-mean
