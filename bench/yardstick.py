"""The yardstick: the bundled 2023 rubric scored by hand, in plain Python.

No engine, no pydantic, no expression language: dicts, loops and ``Decimal``, written the way a
programmer would write this one rubric if there were no rules engine. It reads the same raw values
(``bench/batch.py``), checks them (dates, choices, numbers), and writes the same ledger the engine
writes: for every node its points and, per award or deduction, one entry with the same kind, points,
sentence, values, evidence ids, recovery hint and branch; the same exclusions, vetoes and totals.
``project`` reduces an engine ``ScoreResult`` to the same shape, so the two can be compared for equality.

What the yardstick does not build: the engine's ``params`` (per line, constant), ``sources`` (the
location of each evidence record) and the located error messages for bad input (it raises ``ValueError``).
So it is a lower bound: the engine does at least this work and a little more.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .batch import FIELDS

__all__ = ["check", "fmt", "project", "score", "score_raw"]

ZERO = Decimal(0)
ONE = Decimal(1)
START, END = dt.date(2023, 1, 1), dt.date(2023, 12, 31)
DOC_FIRST = dt.date(2019, 1, 1)  # documents count for 5 years before the period's end
DATE_FIELD = {"petition": "received_on", "incident": "date", "activity": "date", "legal_aid": "date",
              "document": "date", "report": "submitted_on", "subscription": "date", "honor": "date"}
OPTIONAL = {("petition", "summary"), ("activity", "participants"), ("report", "due")}
DEFAULT_FALSE = {("incident", "reminded"), ("incident", "force_majeure")}
PETITIONS = "对12338热线交办、上级妇联信访交办，以及来信、来访办结率达100％"
"""The item's title, which its recovery hints name."""
NAME_FIELDS = ("title", "summary", "project", "person", "name", "kind")

Entry = tuple[str, Decimal, str, dict[str, str], tuple[str, ...], "str | None", "str | None"]
"""kind, points, sentence, values, evidence ids, recovery hint, branch."""


# -- showing numbers ------------------------------------------------------------------------


def _text(d: Decimal) -> str:
    if d == d.to_integral_value():
        return str(d.quantize(ONE))
    return format(d.normalize(), "f")


def fmt(v: Any, places: int = 4) -> str:
    if isinstance(v, Decimal):
        s = _text(v)
        if "." in s and len(s) - s.index(".") - 1 > places:
            return "≈" + _text(v.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))
        return s
    return str(v)


def pct(v: Decimal) -> str:
    return fmt(v * 100, places=2) + "%"


def entry(kind: str, points: Decimal, reason: str, values: dict[str, Any] | None = None,
          evidence: list[str] | tuple[str, ...] = (), recover: str | None = None,
          branch: str | None = None) -> Entry:
    if not points:
        points = abs(points)
    return (kind, points, reason, {k: fmt(v) for k, v in (values or {}).items()},
            tuple(dict.fromkeys(evidence)), recover, branch)


# -- checking the evidence --------------------------------------------------------------------


def check(raw: dict[str, Any]) -> dict[str, Any]:
    """Raw values → typed records (dates parsed, choices checked, numbers as Decimal)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for t, rows in raw["records"].items():
        fields = FIELDS[t]
        typed = []
        for row in rows:
            rec: dict[str, Any] = {"id": str(row["id"])}
            for name, ftype, values in fields:
                v = row.get(name)
                if v is None or v == "":
                    if (t, name) in DEFAULT_FALSE:
                        v = False
                    elif (t, name) in OPTIONAL:
                        rec[name] = None
                        continue
                    else:
                        raise ValueError(f"{t} {rec['id']}: {name} is blank")
                if ftype == "date":
                    v = v if isinstance(v, dt.date) else dt.date.fromisoformat(v)
                elif ftype == "enum":
                    if v not in values:
                        raise ValueError(f"{t} {rec['id']}: {name} = {v!r}")
                elif ftype == "bool":
                    if not isinstance(v, bool):
                        raise ValueError(f"{t} {rec['id']}: {name} = {v!r}")
                elif ftype == "int":
                    v = Decimal(v)
                    if v < 0:
                        raise ValueError(f"{t} {rec['id']}: {name} < 0")
                else:
                    v = str(v).strip()
                rec[name] = v
            typed.append(rec)
        out[t] = typed
    u = raw["unit"]
    facts = {k: Decimal(u["facts"][k]) for k in ("households", "households_visited")}
    return {"id": u["id"], "name": u["name"], "type": u["type"], "facts": facts, "records": out}


def describe(rec: dict[str, Any], t: str) -> str:
    text = next((str(rec[f]) for f in NAME_FIELDS if rec.get(f)), None)
    if text is None:
        text = next((v for k, v in rec.items() if k != "id" and isinstance(v, str) and v), t)
    when = next((rec[name] for name, ftype, _ in FIELDS[t] if ftype == "date" and rec[name] is not None), None)
    return f"“{text}”（{rec['id']}" + (f"，{when.isoformat()}" if when else "") + "）"


# -- scoring ---------------------------------------------------------------------------------


def score_raw(raw: dict[str, Any]) -> dict[str, Any]:
    return score(check(raw))


def score(unit: dict[str, Any]) -> dict[str, Any]:
    """One unit's result: totals, grade, every node's points and ledger, exclusions, vetoes."""
    counted: dict[str, list[dict[str, Any]]] = {}
    excluded: list[tuple[str, str]] = []
    for t, recs in unit["records"].items():
        keep = counted[t] = []
        for rec in recs:
            d = rec[DATE_FIELD[t]]
            if t == "document":
                if not DOC_FIRST <= d <= END:
                    excluded.append((rec["id"], f"日期 {d} 不在有效期内（考核期结束前 5 年：{DOC_FIRST} 至 {END}）"))
                    continue
            elif not START <= d <= END:
                excluded.append((rec["id"], f"日期 {d} 不在考核期 {START} 至 {END} 内"))
                continue
            keep.append(rec)
    acts, reps, docs, incs = counted["activity"], counted["report"], counted["document"], counted["incident"]
    facts = unit["facts"]
    items: list[tuple[str, Decimal, Decimal, list[Entry]]] = []

    def node(nid: str, full: Decimal, ledger: list[Entry], floor: Decimal = ZERO) -> Decimal:
        running = sum((e[1] for e in ledger), ZERO)
        if running < floor:
            ledger.append(entry("clamp", floor - running, f"扣完为止：计算得 {fmt(running)} 分，按 {fmt(floor)} 分计",
                                {"计算值": running, "最低": floor}))
            running = floor
        items.append((nid, running, full, ledger))
        return running

    def base(full: Decimal) -> Entry:
        return entry("award", full, f"基础分 {fmt(full)} 分（达标得满分，再按下列扣分）")

    def shortfall(required: Decimal, hits: list[dict[str, Any]], amount: Decimal, what: str) -> Entry:
        actual = Decimal(len(hits))
        ids = [r["id"] for r in hits]
        n = max(ZERO, required - actual)
        pts = n * amount
        vals = {"要求": required, "实际": actual, "每次": amount}
        if n == 0:
            return entry("deduct", ZERO, f"要求 {fmt(required)}，实际 {fmt(actual)}，已达到，不扣分", vals, ids)
        return entry("deduct", -pts, f"{what.format(required=fmt(required), actual=fmt(actual))}，每少 1 扣 {fmt(amount)} 分，"
                                     f"共扣 {fmt(pts)} 分", vals, ids, f"再完成 {fmt(n)} 次可挽回 {fmt(pts)} 分")

    def per_record(t: str, rec: dict[str, Any], amt: Decimal, reason: str, kind: str = "deduct",
                   notes: list[str] | None = None, recover: str | None = None) -> Entry:
        desc = describe(rec, t)
        text = reason.replace("{record}", desc) if "{record}" in reason else f"{reason}：{desc}"
        extra = f"（{'；'.join(notes)}）" if notes else ""
        if kind == "bonus":
            return entry(kind, amt, f"{text}，加 {fmt(amt)} 分{extra}", {"分值": amt}, [rec["id"]])
        return entry(kind, -amt, f"{text}，扣 {fmt(amt)} 分{extra}", {"分值": amt}, [rec["id"]],
                     (recover or f"整改或核实记录 {rec['id']}") if amt else None)

    def tiers(value: Decimal, ids: list[str], table: list[tuple[Decimal, Decimal, str | None]], title: str,
              vtext: str, show: Any) -> Entry:
        vname = f"{title}："
        for i, (least, pts, label) in enumerate(table):
            if value >= least:
                better = [x for x in table[:i] if x[1] > pts]
                recover = None
                if better:
                    nxt = better[-1]
                    recover = f"{vname}达到 {show(nxt[0])} 可得 {fmt(nxt[1])} 分（多得 {fmt(nxt[1] - pts)} 分）"
                lab = f"（{label}）" if label else ""
                return entry("award", pts, f"第 {i + 1} 档{lab}：{show(value)} ≥ {show(least)}，得 {fmt(pts)} 分",
                             {"数值": value}, ids, recover, f"tier:{i}")
        return entry("award", ZERO, f"未达到任何一档：{title}为 {show(value)}，不得分",
                     {"数值": value}, ids, f"{vname}达到 {show(table[0][0])} 可得 {fmt(table[0][1])} 分", "tier:none")

    def proportional(value: Decimal, ids: list[str], target: Decimal, full: Decimal) -> Entry:
        ratio = min(ONE, max(ZERO, value / target))
        pts = full * ratio
        vals = {"完成": value, "目标": target}
        if ratio >= 1:
            return entry("award", pts, f"完成 {fmt(value)}，达到目标 {fmt(target)}，得满分 {fmt(full)} 分", vals, ids,
                         branch="full")
        return entry("award", pts, f"完成 {fmt(value)}/{fmt(target)}，按比例得 {fmt(pts)} 分（失 {fmt(full - pts)} 分）",
                     vals, ids, f"再完成 {fmt(target - value)} 可得满分（多得 {fmt(full - pts)} 分）", "partial")

    def count_met(crits: list[tuple[str, bool, list[str]]], points: Any) -> Entry:
        met = [c[0] for c in crits if c[1]]
        unmet = [c[0] for c in crits if not c[1]]
        ids = [i for c in crits for i in c[2]]
        n = len(met)
        pts = points(n)
        reason = f"符合 {n}/{len(crits)} 项（{'、'.join(met) or '无'}），得 {fmt(pts)} 分"
        if unmet:
            reason += f"；未符合：{'、'.join(unmet)}"
        return entry("award", pts, reason, {"符合项数": Decimal(n)}, ids,
                     f"做到：{'、'.join(unmet)}" if unmet else None, f"met:{n}")

    def late(rec: dict[str, Any]) -> bool:
        due = rec["due"]
        return bool(rec["submitted_on"] > (rec["submitted_on"] if due is None else due))

    # 一、三法实施 ------------------------------------------------------------------------------
    at = len(items)
    pets = counted["petition"]
    value = Decimal(sum(1 for r in pets if r["closed"])) / Decimal(len(pets)) if pets else ONE
    vids = [r["id"] for r in pets]
    full = Decimal(10)
    target, step, zero_at = ONE, Decimal("0.01"), Decimal("0.9")
    led = [entry("award", full, f"基础分 {fmt(full)} 分")]
    vals = {"数值": value, "目标": target}
    if value < zero_at:
        led.append(entry("deduct", -full, f"{pct(value)} 低于 {pct(zero_at)}，不得分", vals, vids,
                         f"{PETITIONS}：达到 {pct(target)} 可得满分", "zero"))
    elif not pets:  # nothing to close (#15 item 11): said so, never "100% 达到目标"
        led.append(entry("deduct", ZERO, "无应办事项（信访件 0 件），按规则计为 100%，不扣分", {**vals, "应办事项": ZERO},
                         vids, branch="met"))
    elif target - value <= 0:
        led.append(entry("deduct", ZERO, f"{pct(value)} 达到目标 {pct(target)}，不扣分", vals, vids, branch="met"))
    else:
        steps = (target - value) / step
        amount = steps * ONE
        led.append(entry("deduct", -amount, f"{pct(value)} 低于目标 {pct(target)}（差 {fmt((target - value) * 100)} 个百分点），"
                                            f"每差 {fmt(step * 100)} 个百分点扣 {fmt(ONE)} 分，扣 {fmt(amount)} 分",
                         vals, vids, f"{PETITIONS}：达到 {pct(target)} 可挽回 {fmt(min(amount, full))} 分", "below"))
    for rec in incs:
        if rec["kind"] != "舆情事件":
            continue
        amt = {"乡镇级": Decimal(2), "县级": Decimal(4), "市级": Decimal(4), "省级": Decimal(4)}[rec["level"]]
        shown = [f"{fmt(amt)} 分"]  # the ledger writes each adjustment as a step (docs/rule-language.md F5)
        if rec["reminded"]:
            amt = amt * 2
            shown.append(f"× 2（经催办仍未整改，加倍扣分） = {fmt(amt)} 分")
        if rec["force_majeure"]:
            amt = amt * 0
            shown.append(f"× 0（不可抗力，剔除扣分） = {fmt(amt)} 分")
        notes = [" ".join(shown)] if len(shown) > 1 else []
        led.append(per_record("incident", rec, amt, "发生涉妇女儿童舆情事件", notes=notes,
                              recover="及时处置舆情、消除影响，避免再次发生"))
    p1 = node("petitions", full, led)

    c_at = len(items)
    led = [base(Decimal(8)), shortfall(Decimal(2), [r for r in acts if r["kind"] == "慰问"], Decimal(4),
                                       "走访慰问活动不足 {required} 次（实际 {actual} 次）")]
    v1 = node("visits", Decimal(8), led)
    cov = facts["households_visited"] / facts["households"]
    v2 = node("coverage", Decimal(6), [tiers(cov, [], [(ONE, Decimal(6), "全覆盖"), (Decimal("0.9"), Decimal(4), None),
                                                       (Decimal("0.8"), Decimal(2), None)],
                                             "辖区家庭回访覆盖率", "households_visited / households", pct)])
    led = [base(Decimal(6))]
    led += [per_record("legal_aid", r, Decimal(5), "应当开展而未开展法律援助：{record}")
            for r in counted["legal_aid"] if not r["provided"]]
    v3 = node("legal_aid", Decimal(6), led)
    items.insert(c_at, ("legal_aid_visits", v1 + v2 + v3, Decimal(20), []))
    p2 = v1 + v2 + v3

    c_at = len(items)
    f1 = node("talks", Decimal(6), [base(Decimal(6)), shortfall(Decimal(3), [r for r in acts if r["kind"] == "宣讲"],
                                                                Decimal(2), "宣讲会、座谈会不足 {required} 次（实际 {actual} 次）")])
    school = [r["id"] for r in acts if r["kind"] == "进校园宣讲"]
    cond = 'exists(activity, kind == "进校园宣讲")'
    if school:
        e = entry("award", Decimal(4), "达标：开展进校园宣讲，得 4 分", {"条件": cond}, school, branch="pass")
    else:
        e = entry("award", ZERO, "未达标：开展进校园宣讲，不得分，失 4 分", {"条件": cond}, [],
                  "做到“开展进校园宣讲”可得 4 分", "fail")
    f2 = node("school_talk", Decimal(4), [e])
    items.insert(c_at, ("family_education", f1 + f2, Decimal(10), []))
    p3 = f1 + f2

    reading = [r["id"] for r in acts if r["kind"] == "亲子阅读"]
    p4 = node("parent_school", Decimal(10), [proportional(Decimal(len(reading)), reading, Decimal(4), Decimal(10))])
    items.insert(at, ("sanfa", p1 + p2 + p3 + p4, Decimal(50), []))
    cat1 = p1 + p2 + p3 + p4

    # 二、两个规划实施 ---------------------------------------------------------------------------
    at = len(items)
    committee = [r["id"] for r in docs if r["kind"] == "妇儿工委成立文件"]
    plan = [r["id"] for r in docs if r["kind"] == "年度工作计划"]
    study = [r["id"] for r in acts if r["kind"] == "专题研究"]
    table = {3: Decimal(10), 2: Decimal(6), 1: Decimal(3), 0: ZERO}
    q1 = node("annual_plan", Decimal(10), [count_met(
        [("成立妇儿工委", bool(committee), committee), ("纳入年度工作计划", bool(plan), plan),
         ("专题研究不少于2次", len(study) >= 2, study)], lambda n: table[n])])
    training = [r["id"] for r in acts if r["kind"] in ("宣传培训", "防艾培训")]
    q2 = node("publicity_training", Decimal(10), [tiers(
        Decimal(len(training)), training, [(Decimal(4), Decimal(10), None), (Decimal(2), Decimal(6), None),
                                           (ONE, Decimal(3), None)],
        "开展“两纲”“两规”及“三法”宣传培训", 'count(activity, kind in ["宣传培训", "防艾培训"])', fmt)])
    info = [r for r in reps if r["kind"] == "两规工作信息"]
    led = [base(Decimal(20)), shortfall(Decimal(4), info, Decimal(5), "两规工作信息不足 {required} 条（实际 {actual} 条）")]
    led += [per_record("report", r, ONE, "逾期报送：{record}") for r in info if late(r)]
    q3 = node("info_feedback", Decimal(20), led)

    c_at = len(items)
    scheme = [r["id"] for r in docs if r["kind"] == "两规实施方案"]
    contact = [r["id"] for r in docs if r["kind"] == "联系制度"]
    i1 = node("plan_documents", Decimal(3), [count_met(
        [("印发两规实施方案", bool(scheme), scheme), ("建立联系制度", bool(contact), contact)],
        lambda n: Decimal("1.5") * n)])
    subs = counted["subscription"]
    copies = ZERO
    for r in subs:
        copies += r["copies"]
    i2 = node("subscriptions", Decimal(3), [proportional(copies, [r["id"] for r in subs], Decimal(10), Decimal(3))])
    summaries = [r for r in reps if r["kind"] in ("半年工作总结", "年度工作总结")]
    led = [base(Decimal(2)), shortfall(Decimal(2), summaries, ONE, "工作总结缺报（应报 {required} 份，实报 {actual} 份）")]
    led += [per_record("report", r, Decimal("0.5"), "未按时上报：{record}") for r in summaries if late(r)]
    i3 = node("summaries", Decimal(2), led)
    winfo = [r["id"] for r in reps if r["kind"] == "妇女儿童工作信息"]
    i4 = node("work_info", Decimal(2), [tiers(Decimal(len(winfo)), winfo, [(Decimal(8), Decimal(2), None),
                                                                          (Decimal(4), ONE, None)],
                                              "报送妇女儿童工作信息", 'count(report, kind == "妇女儿童工作信息")', fmt)])
    items.insert(c_at, ("implementation", i1 + i2 + i3 + i4, Decimal(10), []))
    q4 = i1 + i2 + i3 + i4
    items.insert(at, ("liangge", q1 + q2 + q3 + q4, Decimal(50), []))
    cat2 = q1 + q2 + q3 + q4

    # vetoes --------------------------------------------------------------------------------------
    severe = [r["id"] for r in incs if r["kind"] == "侵权恶性案件"]
    major = [r["id"] for r in incs if r["kind"] == "重大舆情"]
    vetoes = [("rights_case", bool(severe), "辖区发生侵害妇女儿童权益恶性案件并造成恶劣影响：" + ("触发，总分计 0 分" if severe else "未触发"),
               tuple(severe)),
              ("major_opinion", bool(major), "发生涉妇女儿童重大舆情（一票否优）：" + ("触发，不得评为最高等次" if major else "未触发"),
               tuple(major))]

    # bonus and penalties -------------------------------------------------------------------------
    level_pts = {"县级": ONE, "市级": Decimal(2), "省级": Decimal(3)}
    best: dict[Any, tuple[dict[str, Any], Decimal]] = {}
    hits = [(r, level_pts[r["level"]]) for r in counted["honor"]]
    for h in hits:
        k = h[0]["project"] or ("<blank>", h[0]["id"])
        if k not in best or h[1] > best[k][1]:
            best[k] = h
    kept = {id(v[0]) for v in best.values()}
    led = []
    for r, amt in hits:
        if id(r) in kept:
            led.append(per_record("honor", r, amt, "获{record}", kind="bonus"))
        else:
            led.append(entry("bonus", ZERO, f"获{describe(r, 'honor')}：同一表彰项目就高不重复，不再加分", evidence=[r["id"]]))
    bonus = sum((e[1] for e in led), ZERO)
    if abs(bonus) > 5:
        over = abs(bonus) - 5
        led.append(entry("cap", -over, f"加分项合计最多加 5 分，超出的 {fmt(over)} 分不计", {"上限": Decimal(5)}))
        bonus -= over
    items.append(("bonus", bonus, Decimal(5), led))
    pen_pts = {"乡镇级": ONE, "县级": Decimal(2), "市级": Decimal(3), "省级": Decimal(5)}
    led = [per_record("incident", r, pen_pts[r["level"]], "被通报批评或媒体曝光：{record}", kind="penalty")
           for r in incs if r["kind"] in ("通报批评", "媒体曝光")]
    penalty = sum((e[1] for e in led), ZERO)
    items.append(("penalties", penalty, ZERO, led))

    # total, vetoes, rounding, grade ----------------------------------------------------------------
    top: list[Entry] = []
    running = cat1 + cat2 + bonus + penalty
    if severe and running:
        top.append(entry("veto", -running, "一票否决：辖区发生侵害妇女儿童权益恶性案件并造成恶劣影响，总分计 0 分", evidence=severe))
        running = ZERO
    raw = running
    total = raw.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if total != raw:
        top.append(entry("round", total - raw, f"总分 {fmt(raw)} 按四舍五入保留 1 位小数，为 {fmt(total)}"))
    grade = "优秀" if total >= 90 else "良好" if total >= 80 else "合格" if total >= 60 else "不合格"
    if grade == "优秀" and major:
        grade = "良好"
    return {"unit": unit["id"], "total": total, "raw_total": raw, "max_total": Decimal(100), "grade": grade,
            "items": items, "ledger": top, "vetoes": vetoes, "excluded": excluded,
            "counted": {t: len(rs) for t, rs in counted.items()}}


def project(result: Any) -> dict[str, Any]:
    """An engine ``ScoreResult`` in the yardstick's shape (for the equality check)."""

    def ent(e: Any) -> Entry:
        return (e.kind, e.points, e.reason, dict(e.values), tuple(e.evidence), e.recover, e.branch)

    return {"unit": result.unit.id, "total": result.total, "raw_total": result.raw_total,
            "max_total": result.max_total, "grade": result.grade,
            "items": [(n.id, n.points, n.max_points, [ent(e) for e in n.ledger]) for n in result.items],
            "ledger": [ent(e) for e in result.ledger],
            "vetoes": [(v.id, v.fired, v.reason, tuple(v.evidence)) for v in result.vetoes],
            "excluded": [(x.id, x.reason) for x in result.excluded], "counted": dict(result.counted)}


def exact(value: Any) -> Any:
    """``value`` with every Decimal as its exact text, so 3.0 and 3 differ (as they do in the JSON)."""
    if isinstance(value, Decimal):
        return ("D", str(value))
    if isinstance(value, dict):
        return {k: exact(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [exact(v) for v in value]
    return value
