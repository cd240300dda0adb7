"""Rulebook test cases (in the spirit of OpenFisca's YAML tests) and their coverage.

A test file sits beside its rulebook, ``x-county-fulian.tests.yaml`` next to
``x-county-fulian.yaml``::

    rulebook: x-county-fulian.yaml        # optional: by default the file name without ".tests"
    cases:
      - name: 回访覆盖率 95%，落在第 2 档
        unit: {id: t1, name: 测试乡, type: 乡, facts: {households: 100, households_visited: 95}}
        records:                          # inline records by evidence type …
          activity:
            - {date: 2023-03-01, kind: 慰问, title: 三八慰问}
        # evidence: ../../evidence/2023/x-xiang   … or an evidence folder, relative to this file
        expect:
          total: 58                       # any of: total, grade, items {id: points}, vetoes [ids that fire]
          items: {coverage: 4}

Coverage: an item (or sub-criterion) is *tested* when some case states its
expected points, or those of one of its sub-criteria. A *branch* is reached when
some case's scoring passed through it: a tier, pass/fail, full/partial, a
count of criteria met, a deduction line hit or not, a veto fired or not.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from ..clauses.outcome import branches as outcome_branches
from ..compile import schema_errors
from ..compile.compiler import load_rulebook, plan_of
from ..compile.plan import Plan, PNode
from ..compile.yaml import load_yaml_file
from ..engine import score
from ..errors import ErrorGroup, RulebookError, SchemaError, ScoringError
from ..evidence import evidence_from_dict, load_evidence
from ..location import Location
from ..models.pertype import PerType
from ..models.result import ScoreResult
from ..models.rulebook import Rulebook
from ..values import Frozen, Num, decimal_text

__all__ = ["Branch", "Case", "CaseFile", "CaseResult", "Coverage", "Expect", "Failure", "CaseReport",
           "find_case_files", "run_cases"]

SUFFIX = ".tests.yaml"


class Expect(Frozen):
    total: Num | None = Field(None, description="总分")
    grade: str | None = Field(None, description="等次")
    items: dict[str, Num] = Field(default_factory=dict, description="条目或子项 id → 得分")
    vetoes: list[str] | None = Field(None, description="触发的一票否决 id（写 [] 表示一个都不触发）")
    outcomes: list[str] | None = Field(None, description="得到的非分值结果（表彰、奖励、提请关注）id（写 [] 表示一个都没有）")


class Case(Frozen):
    name: str
    note: str | None = None
    evidence: str | None = Field(None, description="证据文件夹，相对于本文件")
    unit: dict[str, Any] | None = None
    records: dict[str, list[dict[str, Any]]] | None = None
    reviews: Any = None
    expect: Expect


class CaseFile(Frozen):
    rulebook: str | None = None
    cases: list[Case] = Field(min_length=1)


class Failure(Frozen):
    what: str = Field(description="total、grade、vetoes 或条目 id")
    expected: str
    got: str
    ledger: list[str] = Field(default_factory=list, description="失败条目的记账")


class CaseResult(Frozen):
    name: str
    location: Location
    passed: bool
    failures: list[Failure] = Field(default_factory=list)
    error: str | None = None


class Branch(Frozen):
    node: str
    title: str
    branch: str
    label: str


class Coverage(Frozen):
    rulebook: str
    untested: list[Branch] = Field(default_factory=list, description="没有任何用例写出期望得分的条目")
    unreached: list[Branch] = Field(default_factory=list, description="没有任何用例走到的分支")


class CaseReport(Frozen):
    cases: list[CaseResult] = Field(default_factory=list)
    coverage: list[Coverage] = Field(default_factory=list)

    @property
    def failed(self) -> list[CaseResult]:
        return [c for c in self.cases if not c.passed]

    @property
    def ok(self) -> bool:
        return bool(self.cases) and not self.failed


def find_case_files(path: str | Path) -> list[Path]:
    """A test file; the test file beside a rulebook; or every test file under a folder."""
    p = Path(path)
    if p.is_dir():
        return sorted(p.rglob(f"*{SUFFIX}"))
    if p.name.endswith(SUFFIX):
        return [p]
    beside = p.with_name(p.name[: -len(p.suffix)] + SUFFIX)
    if beside.is_file():
        return [beside]
    raise RulebookError(f"找不到测试用例文件 {beside}", location=Location(path=str(p)),
                        hint=f"测试用例写在规则文件旁边的 *{SUFFIX} 文件里，见 docs/yearly-cycle.md")


def _load_file(path: Path) -> tuple[CaseFile, dict[int, Location], Rulebook]:
    data, positions = load_yaml_file(path)
    try:
        cf = CaseFile.model_validate(data)
    except ValidationError as e:
        errs = schema_errors.translate(e, data, positions, str(path), [CaseFile, Case, Expect], SchemaError)
        if len(errs) == 1:
            raise errs[0] from None
        raise ErrorGroup(errs) from None
    name = cf.rulebook or path.name[: -len(SUFFIX)] + ".yaml"
    locs = {i: positions.get(("cases", i), Location(path=str(path))) for i in range(len(cf.cases))}
    return cf, locs, load_rulebook(path.parent / name)


def run_cases(path: str | Path) -> CaseReport:
    """Run every case found at ``path``; report passes, failures and coverage per rulebook."""
    results: list[CaseResult] = []
    coverage: list[Coverage] = []
    for f in find_case_files(path):
        cf, locs, book = _load_file(f)
        runs: list[tuple[Case, ScoreResult]] = []
        for i, case in enumerate(cf.cases):
            res, scored = _run(case, locs[i], book, f.parent)
            results.append(res)
            if scored is not None:
                runs.append((case, scored))
        coverage.append(_coverage(plan_of(book), runs, str(f)))
    return CaseReport(cases=results, coverage=coverage)


def _with_ids(records: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """Inline records without an id get ``type-n``: unique within the case."""
    return {t: [r if r.get("id") else {"id": f"{t}-{i + 1}", **r} for i, r in enumerate(rows or [])]
            for t, rows in records.items()}


def _run(case: Case, loc: Location, book: Rulebook, base: Path) -> tuple[CaseResult, ScoreResult | None]:
    try:
        if case.evidence is not None:
            ev = load_evidence(base / case.evidence, book)
            if case.records:  # a folder plus a few more records
                u = ev.unit
                extra = evidence_from_dict({"unit": {"id": u.id, "name": u.name, "type": u.type, "facts": u.facts},
                                            "records": _with_ids(case.records)}, book, name=str(loc))
                ev = ev.model_copy(update={"records": ev.records + extra.records})
        else:
            ev = evidence_from_dict({"unit": case.unit or {"id": "case", "name": case.name},
                                     "records": _with_ids(case.records or {}), "reviews": case.reviews}, book,
                                    name=str(loc))
        r = score(book, ev)
    except ScoringError as e:
        errs = e.errors if isinstance(e, ErrorGroup) else [e]
        shown = [str(x) for x in errs[:5]] + ([f"……共 {len(errs)} 个问题"] if len(errs) > 5 else [])
        return CaseResult(name=case.name, location=loc, passed=False, error="\n".join(shown)), None
    fails = _check(case.expect, r)
    return CaseResult(name=case.name, location=loc, passed=not fails, failures=fails), r


def _check(x: Expect, r: ScoreResult) -> list[Failure]:
    out = []
    if x.total is not None and x.total != r.total:
        lost = [f"{n.no or ''}{n.title}（{n.id}）{decimal_text(n.points)}/{decimal_text(n.max_points)}" for n in r.items
                if n.kind == "item" and n.points != n.max_points]
        lost += [f"{n.title} {decimal_text(n.points)}" for n in r.items if n.kind in ("bonus", "penalty") and n.points]
        out.append(Failure(what="total", expected=decimal_text(x.total), got=decimal_text(r.total),
                           ledger=lost + [f"{decimal_text(e.points)} {e.reason}" for e in r.ledger]))
    if x.grade is not None and x.grade != r.grade:
        out.append(Failure(what="grade", expected=x.grade, got=str(r.grade)))
    fired = [v.id for v in r.vetoes if v.fired]
    if x.vetoes is not None and sorted(x.vetoes) != sorted(fired):
        out.append(Failure(what="vetoes", expected=", ".join(x.vetoes) or "（无）", got=", ".join(fired) or "（无）"))
    got = [o.id for o in r.granted]
    if x.outcomes is not None and sorted(x.outcomes) != sorted(got):
        out.append(Failure(what="outcomes", expected=", ".join(x.outcomes) or "（无）", got=", ".join(got) or "（无）"))
    by_id = {n.id: n for n in r.items}
    for nid, want in x.items.items():
        n = by_id.get(nid)
        if n is None:
            out.append(Failure(what=nid, expected=decimal_text(want), got="（没有这个 id）"))
        elif n.points != want:
            sub = [m for m in r.items if m.parent == nid]
            lines = [f"{decimal_text(e.points)} {e.reason}" for e in n.ledger]
            lines += [f"{m.id} {decimal_text(m.points)}/{decimal_text(m.max_points)}：{e.reason}" for m in sub for e in m.ledger]
            out.append(Failure(what=nid, expected=decimal_text(want), got=decimal_text(n.points), ledger=lines))
    return out


# -- coverage ------------------------------------------------------------------------------------------------

def _branches(plan: Plan) -> list[Branch]:
    """Every branch the rulebook has, in file order: each clause kind lists its own (``scoring.clauses``)."""
    out: list[Branch] = []
    for pn in plan.nodes():
        B = _maker(pn)
        if not pn.children:
            out += [B(branch, label) for branch, label in pn.earning.branches(pn)]
        for pl in pn.lines + pn.bonus_lines:
            label = _label(pl.spec.title or pl.spec.reason or pl.id)
            word = "加分" if pl.kind == "bonus" else "扣分"
            out += [B(branch, text) for branch, text in pl.line_kind.branches(pl, word, label)]
        for rng in pn.ranges:  # reviewers' ranges (engine/_ranges): reached when an amount was entered or defaulted
            word = "酌情加分" if rng.bonus else "酌情扣分"
            out.append(B(f"range:{rng.id}", f"{word}：{rng.spec.reason or rng.id}"))
        for po in pn.outcomes:  # non-point outcomes (clauses/outcome): granted or not
            out += [B(branch, label) for branch, label in outcome_branches(po)]
    for pl in plan.bonus + plan.penalties:
        sec = "bonus" if pl.kind == "bonus" else "penalties"
        label = _label(pl.spec.title or pl.spec.reason or pl.id)
        word = "加分" if pl.kind == "bonus" else "扣分"
        out += [Branch(node=sec, title=label, branch=branch, label=text)
                for branch, text in pl.line_kind.branches(pl, word, label)]
    for v in plan.vetoes:
        out += [Branch(node=v.spec.id, title=v.spec.title, branch="fired", label="一票否决触发"),
                Branch(node=v.spec.id, title=v.spec.title, branch="not_fired", label="一票否决未触发")]
    for po in plan.outcomes:
        out += [Branch(node=po.id, title=po.spec.label, branch=branch, label=label)
                for branch, label in outcome_branches(po)]
    return out


def _label(text: str) -> str:
    """A line's reason with its placeholders shown as …: 逾期报送：{record} → 逾期报送： …"""
    return re.sub(r"\s*\{\w+\}\s*", " … ", text).strip()


def _maker(pn: PNode) -> Any:
    def B(branch: str, label: str) -> Branch:
        return Branch(node=pn.id, title=pn.spec.title, branch=branch, label=label)
    return B


def _reached(plan: Plan, r: ScoreResult) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    lines = {(str(pl.loc), pl.kind): pl.id for n in plan.nodes() for pl in n.lines + n.bonus_lines}
    lines.update({(str(pl.loc), pl.kind): pl.id for pl in plan.bonus + plan.penalties})
    for n in r.items:
        hit: set[str] = set()
        for e in n.ledger:
            if e.branch:
                out.add((n.id, e.branch.removesuffix(":undecided")))
            lid = lines.get((str(e.rule), e.kind))
            if lid is not None and e.points:
                hit.add(lid)
        if n.kind in ("bonus", "penalty"):
            owners, key = (plan.bonus, "bonus") if n.kind == "bonus" else (plan.penalties, "penalties")
        else:
            pn = plan.by_id[n.id]
            owners, key = (pn.lines + pn.bonus_lines if n.applicable else []), n.id
        for pl in owners:
            out.add((key, f"line:{pl.id}:{'hit' if pl.id in hit else 'ok'}"))
    for v in r.vetoes:
        out.add((v.id, "fired" if v.fired else "not_fired"))
    for o in r.outcomes:
        out.add((o.node or o.id, f"outcome:{o.id}:{'granted' if o.granted else 'not'}"))
    return out


def _coverage(plan: Plan, runs: list[tuple[Case, ScoreResult]], name: str) -> Coverage:
    reached: set[tuple[str, str]] = set()
    for _, r in runs:
        reached |= _reached(plan, r)
    asserted = {i for c, _ in runs for i in c.expect.items}
    untested = []
    for pn in plan.nodes():
        if pn.kind == "category":
            continue
        ids = {m.id for m in pn.walk()}
        parent_asserted = pn.kind == "criterion" and pn.parent in asserted
        if not ids & asserted and not parent_asserted:
            untested.append(Branch(node=pn.id, title=pn.spec.title, branch="item", label="没有用例写出期望得分"))
    unreached = [b for b in _branches(plan) if (b.node, b.branch) not in reached]
    return Coverage(rulebook=name, untested=untested, unreached=unreached)


def _text(v: Decimal | PerType) -> str:
    return decimal_text(v) if isinstance(v, Decimal) else str(v)
