"""Score one unit: walk the rule tree, apply sections, vetoes, rounding, grades, claims.

Order of operations (docs/rule-language.md, "How a total is computed"):

0. applicability, inherited down the tree (applies_to, applies_when); what does
   not apply is listed but never evaluated, and leaves the unit's maximum;
1. every node: earn (or sum children), capped at its points unless it declares a
   ``base`` → bonus lines → deductions → deduction cap → reviewer ranges (both
   ways) → capped at its points → clamped at its floor (扣完为止);
2. vetoes that zero a category;
3. bonus lines (capped), penalty lines (capped);
4. vetoes that zero the total;
5. rounding, once, as declared;
6. grade band (one step down if 一票否优), self-assessment comparison;
7. non-point outcomes (表彰、奖励、提请关注) on the points so found: they never change them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import cast

from ..clauses.outcome import outcome_results
from ..compile.plan import Plan, PLine, PNode, fixed, plan_of
from ..errors import ScoringError
from ..evidence.invariants import check_evidence
from ..expr import decimal_context
from ..location import Location
from ..models.evidence import EvidenceSet
from ..models.result import (
    ItemDisplay,
    LedgerEntry,
    NodeResult,
    RulebookRef,
    ScoreResult,
    UnitRef,
    VetoResult,
)
from ..models.rulebook import Rulebook, Veto
from ..models.transfer import Share
from ..values import round_to
from ._attribute import transfer_notes
from ._context import UnitRun, built, fmt
from ._earn import earn
from ._guard import arithmetic_guard
from ._lines import line_entries
from ._ranges import range_entries

__all__ = ["rulebook_ref", "score"]

ZERO = Decimal(0)


@dataclass
class _Acc:
    """A node result being built (results are frozen, so we build then freeze)."""

    data: dict[str, object]
    ledger: list[LedgerEntry] = field(default_factory=list)
    points: Decimal = ZERO


def rulebook_ref(plan: Plan) -> RulebookRef:
    b = plan.rulebook
    items = b.rounding.items
    return built(RulebookRef, id=b.id, title=b.title, year=b.year, path=plan.path, digest=plan.digest,
                 labels={n: t.label or n for n, t in b.evidence.items()},
                 period=(b.period.start.isoformat(), b.period.end.isoformat()),
                 item_rounding=ItemDisplay(places=items.places, mode=items.mode or b.rounding.mode)
                 if items is not None else None)


def score(rulebook: Rulebook | Plan, evidence: EvidenceSet,
          ranks: dict[str, tuple[int, int, Decimal]] | None = None, *, share: Share | None = None) -> ScoreResult:
    """Score one unit against a rulebook or its compiled plan (``scoring.plan_of``).

    ``ranks`` carries batch ranking positions and ``share`` the batch's cross-unit records for this unit (both
    computed by ``score_many``); without ``share`` the unit is scored alone: records it charges to another unit
    are not counted, and the result says records others charge to it are only seen in a batch."""
    plan = plan_of(rulebook).for_type(evidence.unit.type)
    check_evidence(plan, evidence)  # a hand-built EvidenceSet is held to the loader's rules
    with decimal_context(), arithmetic_guard(evidence.unit.source or Location(path=evidence.path or "<EvidenceSet>")):
        return _Scorer(plan, evidence, ranks, share).run()


class _Scorer:
    def __init__(self, plan: Plan, ev: EvidenceSet, ranks: dict[str, tuple[int, int, Decimal]] | None,
                 share: Share | None = None) -> None:
        self.plan = plan
        self.u = UnitRun(plan, ev, ranks, share)
        self.accs: list[_Acc] = []
        self.by_id: dict[str, _Acc] = {}
        self.applies: dict[str, bool] = {}
        # "missing" self-assessment is only meaningful when the unit assessed items (not just categories)
        self.claims_items = any(plan.by_id[k].kind == "item" for k in ev.unit.claims if k in plan.by_id)

    def run(self) -> ScoreResult:
        plan, u = self.plan, self.u
        book = plan.rulebook
        max_total = ZERO
        for cat in plan.categories:
            self.applicability(cat, True)
        for cat in plan.categories:
            self.node(cat)
            max_total += self.full(cat)
        vetoes, fired = self.vetoes()
        top: list[LedgerEntry] = []
        for v in fired:
            if v.spec.effect == "zero_category" and v.spec.category in self.by_id:
                acc = self.by_id[v.spec.category]
                if acc.points:
                    acc.ledger.append(u.entry("veto", -acc.points, f"一票否决：{v.spec.title}，本类别计 0 分", v.loc,
                                              evidence=v.evidence))
                    acc.points = ZERO
        running = sum((a.points for a in self.accs if a.data["depth"] == 0), ZERO)
        running += self.section("bonus", plan.bonus)
        running += self.section("penalties", plan.penalties)
        for v in fired:
            if v.spec.effect == "zero_total" and running:
                top.append(u.entry("veto", -running, f"一票否决：{v.spec.title}，总分计 0 分", v.loc,
                                   evidence=v.evidence))
                running = ZERO
        raw = running
        total = round_to(raw, book.rounding.places, book.rounding.mode)
        if total != raw:
            mode = {"half_up": "四舍五入", "half_even": "银行家舍入", "down": "舍去", "up": "进一"}[book.rounding.mode]
            top.append(u.entry("round", total - raw, f"总分 {fmt(raw)} 按{mode}保留 {book.rounding.places} 位小数，"
                                                     f"为 {fmt(total)}", plan.loc))
        grade = self.grade(total, any(v.spec.effect == "no_top_grade" for v in fired))
        items = [self.freeze(a) for a in self.accs]
        claims = [c.points for k, c in u.ev.unit.claims.items() if k in self.by_id
                  and self.by_id[k].data["kind"] == "item" and self.by_id[k].data["applicable"]]
        nodes = {str(a.data["id"]): (bool(a.data["applicable"]), a.points, cast(Decimal, a.data["max_points"]))
                 for a in self.accs if a.data["kind"] not in ("bonus", "penalty")}
        outcomes = outcome_results(u, plan, nodes, total, max_total, grade)  # after the points: they never change
        ev = u.ev
        return built(
            ScoreResult,
            rulebook=rulebook_ref(plan),
            unit=built(UnitRef, id=ev.unit.id, name=ev.unit.name, type=ev.unit.type, path=ev.path),
            total=total, raw_total=raw, max_total=max_total, grade=grade,
            excluded_from_ranking=any(v.spec.effect == "exclude_from_ranking" for v in fired),
            claimed_total=sum(claims, ZERO) if claims else None,
            ledger=top, items=items, vetoes=vetoes, excluded=u.excluded,
            counted={t: len(rs) for t, rs in u.counted.items()}, outcomes=outcomes,
            passed_on=u.share.passed_on, received=u.share.received, notes=transfer_notes(book, u.share),
        )

    # -- nodes -------------------------------------------------------------------------------

    def applicability(self, pn: PNode, parent: bool) -> None:
        """Whether each node applies to this unit: its parent does, its type is listed, its applies_when holds."""
        ok = parent and pn.applies(self.u.unit_type)
        if ok and pn.applies_when is not None:
            try:
                ok = bool(self.u.eval(pn.applies_when))
            except ScoringError as e:
                raise e.with_context(rule_id=pn.id, location=pn.loc) from None
            self.u.touched()
        self.applies[pn.id] = ok
        for c in pn.children:
            self.applicability(c, ok)

    def full(self, pn: PNode) -> Decimal:
        """This unit's maximum: 0 where the node does not apply; a parent shrinks when some children do not apply."""
        if not self.applies[pn.id]:
            return ZERO
        declared = pn.max_points(self.u.unit_type)
        if not self.shrunk(pn):
            return declared
        return min(declared, sum((self.full(c) for c in pn.children if self.applies[c.id]), ZERO))

    def shrunk(self, pn: PNode) -> bool:
        """Whether something below ``pn`` does not apply (then its maximum is what still applies, at most)."""
        return any(not self.applies[c.id] or self.shrunk(c) for c in pn.children)

    def lowest(self, pn: PNode) -> Decimal:
        """The lowest points: as written; else, for a parent, what its children may reach below 0 (倒扣 flows up)."""
        if "floor" in pn.spec.model_fields_set or not pn.children:
            return fixed(pn.spec.floor)
        below = sum((self.lowest(c) for c in pn.children if self.applies[c.id]), ZERO)
        return min(ZERO, below)

    def node(self, pn: PNode) -> Decimal:
        s = pn.spec
        applies = self.applies[pn.id]
        full = self.full(pn)
        acc = _Acc(dict(id=pn.id, title=s.title, kind=pn.kind, no=s.no, parent=pn.parent, depth=pn.depth,
                        applicable=applies, max_points=full, text=s.text, reference=s.reference,
                        verified_by=s.verified_by, method=s.method, rule=pn.loc))
        self.accs.append(acc)
        self.by_id[pn.id] = acc
        if not applies:
            for child in pn.children:  # listed too, as not applicable, so nothing goes missing
                self.node(child)
            return ZERO
        try:
            self.node_body(pn, acc, full)
        except ScoringError as e:
            raise e.with_context(rule_id=pn.id, location=pn.loc) from None
        return acc.points

    def node_body(self, pn: PNode, acc: _Acc, full: Decimal) -> None:
        u, s = self.u, pn.spec
        if pn.children:
            running = sum((self.node(c) for c in pn.children), ZERO)
        else:
            acc.ledger += earn(u, pn, full)
            running = sum((e.points for e in acc.ledger), ZERO)
        if running > full and s.base is None:  # earned points are capped first; a declared base only at the end
            acc.ledger.append(u.entry("cap", full - running, f"合计 {fmt(running)} 分超过分值，按 {fmt(full)} 分封顶",
                                      pn.loc))
            running = full
        bonuses: list[LedgerEntry] = []
        for pl in pn.bonus_lines:
            bonuses += line_entries(u, pl)
        acc.ledger += bonuses
        running += sum((e.points for e in bonuses), ZERO)
        deductions: list[LedgerEntry] = []
        for pl in pn.lines:
            deductions += line_entries(u, pl)
        taken = -sum((e.points for e in deductions), ZERO)
        most = fixed(s.max_deduction) if s.max_deduction is not None else None
        if most is not None and taken > most:
            deductions.append(u.entry("cap", taken - most, f"本项最多扣 {fmt(most)} 分，超出的 {fmt(taken - most)} 分不扣",
                                      pn.loc, values={"扣分上限": most}))
        for rng in pn.ranges:
            deductions += range_entries(u, rng)
        acc.ledger += deductions
        running += sum((e.points for e in deductions), ZERO)
        if running > full:  # bonuses, a base or a reviewer's bonus never lift an item above its points
            acc.ledger.append(u.entry("cap", full - running, f"合计 {fmt(running)} 分超过分值，按 {fmt(full)} 分封顶",
                                      pn.loc, values={"计算值": running, "分值": full}))
            running = full
        floor = self.lowest(pn)
        if running < floor:
            what = "扣完为止" if floor == 0 else f"最多倒扣至 {fmt(floor)} 分"
            acc.ledger.append(u.entry("clamp", floor - running, f"{what}：计算得 {fmt(running)} 分，按 {fmt(floor)} 分计",
                                      pn.loc, values={"计算值": running, "最低": floor}))
            running = floor
        acc.points = running

    @property
    def item_places(self) -> int | None:
        items = self.plan.rulebook.rounding.items
        return items.places if items is not None else None

    def round_item(self, v: Decimal) -> Decimal:
        r = self.plan.rulebook.rounding
        assert r.items is not None
        return round_to(v, r.items.places, r.items.mode or r.mode)

    def freeze(self, acc: _Acc) -> NodeResult:
        d = dict(acc.data)
        claims = self.u.ev.unit.claims
        claim = claims.get(str(d["id"]))
        status = None
        shown = acc.points if self.item_places is None else self.round_item(acc.points)
        if claim is not None and d["applicable"]:
            status = "match" if claim.points == shown else ("over" if claim.points > shown else "under")
        elif claim is None and d["kind"] == "item" and d["applicable"] and self.claims_items:
            status = "missing"
        recover = [e.recover for e in acc.ledger if e.recover]
        return built(
            NodeResult, **d, points=acc.points, rounded=shown if self.item_places is not None else None,
            ledger=acc.ledger, recover=recover,
            claimed=claim.points if claim else None, claim=status,
            claim_reason=claim.reason if claim else None, claim_measure=claim.measure if claim else None)

    # -- sections, vetoes, grades -----------------------------------------------------------------

    def section(self, key: str, lines: list[PLine]) -> Decimal:
        sec = getattr(self.plan.rulebook, key)
        if sec is None:
            return ZERO
        u = self.u
        kind = "bonus" if key == "bonus" else "penalty"
        loc = self.plan.section_locs.get(key)
        entries: list[LedgerEntry] = []
        for pl in lines:
            entries += line_entries(u, pl)
        total = sum((e.points for e in entries), ZERO)
        cap = fixed(sec.cap) if sec.cap is not None else None
        if cap is not None and abs(total) > cap:
            over = abs(total) - cap
            sign = Decimal(-1) if kind == "bonus" else Decimal(1)
            word = "加" if kind == "bonus" else "扣"
            entries.append(u.entry("cap", sign * over, f"{sec.title or key}合计最多{word} {fmt(cap)} 分，"
                                                       f"超出的 {fmt(over)} 分不计", loc, values={"上限": cap}))
            total += sign * over
        title = sec.title or ("加分项" if kind == "bonus" else "扣分项")
        acc = _Acc(dict(id=key, title=title, kind=kind, no=None, parent=None, depth=0, applicable=True,
                        max_points=cap if cap is not None else ZERO, text=None, reference=None,
                        verified_by=None, method=None, rule=loc), ledger=entries, points=total)
        self.accs.append(acc)
        return total

    def vetoes(self) -> tuple[list[VetoResult], list[_Fired]]:
        u = self.u
        out, fired = [], []
        for v in self.plan.vetoes:
            hit = bool(u.eval(v.when))
            ids = u.touched()
            effect = {"zero_total": "总分计 0 分", "zero_category": f"“{self._title(v.spec.category)}”计 0 分",
                      "no_top_grade": "不得评为最高等次", "exclude_from_ranking": "不参与排名"}[v.spec.effect]
            reason = f"{v.spec.title}：{'触发，' + effect if hit else '未触发'}"
            out.append(built(VetoResult, id=v.spec.id, title=v.spec.title, effect=v.spec.effect, fired=hit, reason=reason,
                                  evidence=ids if hit else [], rule=v.loc))
            if hit:
                fired.append(_Fired(v.spec, v.loc, ids))
        return out, fired

    def _title(self, node_id: str | None) -> str:
        pn = self.plan.by_id.get(node_id or "")
        return pn.spec.title if pn is not None else str(node_id)

    def grade(self, total: Decimal, no_top: bool) -> str | None:
        bands = self.plan.rulebook.grades
        for i, b in enumerate(bands):
            if total >= fixed(b.min):
                if i == 0 and no_top and len(bands) > 1:
                    return bands[1].grade
                return b.grade
        return None


@dataclass
class _Fired:
    spec: Veto
    loc: Location
    evidence: list[str]
