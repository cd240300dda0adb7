"""The phrase-pattern table: formulaic 考评细则 sentences → rules of the rule language.

Each :class:`Pattern` names the phrase (``name``), the clause of the catalogue it writes (A1 … C5,
docs/rule-language.md), an example sentence, the parts of a rubric where it applies, and a ``find``
function that reads one sentence (full-width forms folded, Chinese numerals before a measure word
turned into digits) and returns what it found: the span it covers and the rule fragment with the
numbers filled in. docs/draft.md lists the table and says how to add a pattern: write a ``find``
function, add a ``Pattern`` to ``PATTERNS`` at the right place (earlier entries win a span), and add a
test sentence with the rule it must give.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ._context import Ctx, Found, cn_numbers, dec, pct

__all__ = ["PATTERNS", "Pattern"]

N = r"(\d+(?:\.\d+)?)"
UNIT = r"(?:次|场|期|条|篇|个|项|份|件|户|名|人次|人|起|例|处|家|种|批|宗)"
ITEM = frozenset({"item"})
OUTSIDE = frozenset({"bonus", "penalty", "veto", "grades", "other", "item"})


@dataclass(frozen=True)
class Pattern:
    name: str
    clause: str
    example: str
    sections: frozenset[str]
    find: Callable[[str, Ctx], list[Found]]


def _rx(expr: str) -> re.Pattern[str]:
    return re.compile(expr)


def _first(rx: str, *texts: str) -> re.Match[str] | None:
    for t in texts:
        m = re.search(rx, t)
        if m:
            return m
    return None


# -- deductions ------------------------------------------------------------------------------------

_DEADLINE = _rx(r"(?:未按时|未按期|逾期|超期|迟报|未及时|不按时)[^,;]*?[,]?\s*每(?:次|条|份|项|期)?\s*扣\s*" + N + r"\s*分")
_DATE = _rx(r"(\d{1,2})月(\d{1,2})日(?:前|之前|以前)")


def _deadline(s: str, c: Ctx) -> list[Found]:
    out = []
    for m in _DEADLINE.finditer(s):
        d = _first(_DATE.pattern, s, c.text)
        if d:
            rec = c.rec()
            where = f'date > date("{c.year}-{int(d.group(1)):02d}-{int(d.group(2)):02d}")'
        else:
            rec = c.rec(due=True)
            where = "date > due"
        out.append(Found(m.span(), "deduct", {"per_record": rec, "where": where, "amount": dec(m.group(1)),
                                             "reason": "未按时：{record}"}))
    return out


_SHORT = _rx(r"每(?:少|缺|差|减少)\s*(\d*)\s*" + UNIT + r"?\s*(?:的)?\s*扣\s*" + N + r"\s*分")
_REQUIRED = r"(?:不少于|至少|不低于|不得少于|达到|满)[^\d,;]{0,6}?(\d+)\s*" + UNIT


def _shortfall(s: str, c: Ctx) -> list[Found]:
    out = []
    for m in _SHORT.finditer(s):
        req = _first(_REQUIRED, s[: m.start()], s, c.text)
        if req is None:
            continue
        per = dec(m.group(1)) if m.group(1) else Decimal(1)
        out.append(Found(m.span(), "deduct", {
            "shortfall": {"required": int(req.group(1)), "actual": f"count({c.rec()})"},
            "amount": dec(m.group(2)) / per, "reason": "不足 {required}（实际 {actual}）"}))
    return out


_LEVEL = r"(?:乡镇|乡|镇|县|市|州|省|国家|全国|中央)"
_LEVEL_MAP = _rx(r"((?:" + _LEVEL + r"级?[、,和及与]?){2,})(?:级)?[^,;]*?分别(加|扣)\s*((?:\d+(?:\.\d+)?\s*[、,和]\s*)+\d+(?:\.\d+)?)\s*分")
_LEVEL_PAIR = _rx(r"(" + _LEVEL + r"级)[^,;、]*?(加|扣)?\s*" + N + r"\s*分")
_LEVEL_RUN = _rx(r"(?:" + _LEVEL + r"级[^,;、]*?(?:加|扣)?\s*\d+(?:\.\d+)?\s*分[,、;]?\s*){2,}")
_HIGHEST = _rx(r"就高不重复|不重复(?:加|计)分|取最高|按最高|就高")


def _level_name(x: str) -> str:
    x = x.strip()
    return x if x.endswith("级") else x + "级"


def _by_level(s: str, c: Ctx) -> list[Found]:
    found: list[tuple[tuple[int, int], str, dict[str, Decimal]]] = []
    for m in _LEVEL_MAP.finditer(s):
        names = [_level_name(x) for x in re.split(r"[、,和及与]", m.group(1)) if x.strip()]
        values = [dec(x) for x in re.split(r"\s*[、,和]\s*", m.group(3))]
        if len(names) == len(values):
            found.append((m.span(), m.group(2), dict(zip(names, values, strict=True))))
    if not found:
        for m in _LEVEL_RUN.finditer(s):
            pairs = [(p.group(1), p.group(2), dec(p.group(3))) for p in _LEVEL_PAIR.finditer(m.group(0))]
            sign = next((p[1] for p in pairs if p[1]), None)
            if sign and len(pairs) >= 2:
                found.append((m.span(), sign, {lv: a for lv, _, a in pairs}))
    if re.search(_LEVEL + r"级?及?以上", s):  # 县级及以上: the levels above are not listed
        return []
    mentioned = {_level_name(x) for x in re.findall(_LEVEL + r"级", s)}
    found = [f for f in found if mentioned <= set(f[2])]  # a level named but given no amount: not understood
    out = []
    for span, sign, amounts in found:
        highest = bool(_HIGHEST.search(s))
        rec = c.rec(level=list(amounts), project=highest)
        line: dict[str, Any] = {"per_record": rec, "amount_by": {"field": "level", "map": amounts}}
        if highest:
            line["highest_per"] = "project"
        kind = "bonus" if sign == "加" else ("deduct" if c.section == "item" else "penalty")
        out.append(Found(span, kind, line))
    if out and (h := _HIGHEST.search(s)):
        out.append(Found(h.span(), "note", "就高不重复"))
    return out


_PER = _rx(r"每(?:发现|出现|发生|有|被)?\s*(?:1)?\s*(起|例|次|件|人次|个|条|处|宗)\s*(?:的)?\s*[^,;扣加]{0,12}?扣\s*" + N + r"\s*分")


def _per_record(s: str, c: Ctx) -> list[Found]:
    kind = "deduct" if c.section == "item" else "penalty"
    ms = list(_PER.finditer(s))
    if len(ms) != 1:  # 每起扣2分（县级以上通报的每起扣4分）: which records take which amount is not said plainly
        return []
    return [Found(ms[0].span(), kind, {"per_record": c.rec(), "amount": dec(ms[0].group(2))})]


_ZERO = _rx(r"扣完为止|扣完即止|扣至0分为止|扣完本项分值为止|扣满为止")
_CAP_D = _rx(r"(?:最多|最高|累计最多|累计)\s*扣\s*" + N + r"\s*分|扣分(?:累计)?(?:不超过|最多|最高)\s*" + N + r"\s*分")
_FLOOR = _rx(r"(?:[^,;]*?扣完[^,;]*?倒扣\s*,?\s*)?(?:(?:最多|最高)?倒扣\s*" + N + r"\s*分|倒扣[^,;]*?(?:不超过|最多)\s*"
             + N + r"\s*分)")
_DISC = _rx(r"酌情(?:扣|减|扣减)\s*" + N + r"\s*(?:分)?\s*[-~至到]\s*" + N + r"\s*分")


def _zero(s: str, c: Ctx) -> list[Found]:
    return [Found(m.span(), "note", "扣完为止") for m in _ZERO.finditer(s)]


def _cap_deduct(s: str, c: Ctx) -> list[Found]:
    out = []
    for m in _CAP_D.finditer(s):
        amount = dec(m.group(1) or m.group(2))
        out.append(Found(m.span(), "node" if c.section == "item" else "cap", {"max_deduction": amount}
                         if c.section == "item" else amount))
    return out


def _floor(s: str, c: Ctx) -> list[Found]:
    return [Found(m.span(), "node", {"floor": -dec(m.group(1) or m.group(2))}) for m in _FLOOR.finditer(s)]


def _discretionary(s: str, c: Ctx) -> list[Found]:
    return [Found(m.span(), "node", {"discretionary": {"min": dec(m.group(1)), "max": dec(m.group(2))}})
            for m in _DISC.finditer(s)]


# -- ways of earning -------------------------------------------------------------------------------

_MET = _rx(r"(?:符合)?\s*(\d+)\s*项(?:标准|要求|条件)?(?:的)?\s*得\s*" + N + r"\s*分")
_MET_PER = _rx(r"每(?:符合|完成|达到)\s*1?\s*项(?:标准|要求|条件)?\s*得\s*" + N + r"\s*分")


def _count_met(s: str, c: Ctx) -> list[Found]:
    if "符合" not in s and not _MET_PER.search(s):
        return []
    per = _MET_PER.search(s)
    runs = [] if per else list(_MET.finditer(s))
    if not per and not runs:
        return []
    candidates = [x for x in c.sentences if cn_numbers(x) != s and "分" not in x and x.strip(" 。") != c.title]
    points = {int(m.group(1)): dec(m.group(2)) for m in runs}
    n = max(points) if points else len(candidates)
    if n == 0:
        return []
    labels = candidates if len(candidates) == n else [f"第{k}项（草稿：请写明标准）" for k in range(1, n + 1)]
    of = [{"label": lab, "when": c.fact(f"met{k}", "bool", lab)} for k, lab in enumerate(labels, start=1)]
    body: dict[str, Any] = {"of": of}
    if per:
        body["per"] = dec(per.group(1))
        span = per.span()
    else:
        body["points"] = points
        span = (runs[0].start(), runs[-1].end())
    return [Found(span, "earn", {"count_met": body}, covers=labels if labels is candidates else [])]


_GRADE = _rx(r"(优秀|良好|较好|优|良|中等|中|一般|不合格|合格|较差|差|[A-E]等?|[一二三四]等|[一二三]类)(?:的|为|等次|等)?\s*(?:得|计)?\s*(-?\d+(?:\.\d+)?)\s*分")


def _grade_points(s: str, c: Ctx) -> list[Found]:
    ms = list(_GRADE.finditer(s))
    if len(ms) < 2:
        return []
    grades = {m.group(1): dec(m.group(2)) for m in ms}
    value = c.fact("grade", "enum", f"{c.title}：评定等级（草稿）", list(grades))
    out: dict[str, Any] = {"value": value, "grade_points": grades}
    if min(grades.values()) < 0:
        out["floor"] = min(grades.values())
    return [Found((ms[0].start(), ms[-1].end()), "earn", out)]


_TIER = _rx(r"([^,;、得]*?)\s*得\s*" + N + r"\s*分")


def _tier_cond(cond: str) -> tuple[str, str, Decimal] | None:
    """(count|rate, min|above, threshold) of a tier's condition."""
    for rx, key in ((r"(?:高于|超过|大于)\s*" + N + r"\s*%", "above"),
                    (N + r"\s*%\s*(?:及|或)?以上|(?:不低于|达到?|达)\s*" + N + r"\s*%", "min")):
        m = re.search(rx, cond)
        if m:
            return "rate", key, dec(next(g for g in m.groups() if g)) / 100
    if "全覆盖" in cond:
        return "rate", "min", Decimal(1)
    for rx, key in ((r"(?:高于|超过|多于)\s*" + N + r"\s*" + UNIT, "above"),
                    (N + r"\s*(?:" + UNIT + r")?\s*(?:及|或)?以上|(?:不少于|达到?)\s*" + N + r"\s*" + UNIT, "min"),
                    (N + r"\s*[-~至到]\s*\d+\s*" + UNIT, "min"), (N + r"\s*" + UNIT, "min")):
        m = re.search(rx, cond)
        if m:
            return "count", key, dec(next(g for g in m.groups() if g))
    return None


def _tiers(s: str, c: Ctx) -> list[Found]:
    if "符合" in s:
        return []
    ms = list(_TIER.finditer(s))
    conds = [_tier_cond(m.group(1)) for m in ms]
    if len(ms) < 2 or any(x is None for x in conds) or len({x[0] for x in conds if x}) != 1:
        return []
    kind = conds[0][0] if conds[0] else "count"
    tiers = []
    for m, cond in zip(ms, conds, strict=True):
        assert cond is not None
        thr: Decimal | str = cond[2] if kind == "count" else pct(str(cond[2] * 100))
        tiers.append({cond[1]: thr, "points": dec(m.group(2))})
    value = f"count({c.rec()})" if kind == "count" else c.fact("rate", "decimal", f"{c.title}：比率（草稿）")
    return [Found((ms[0].start(), ms[-1].end()), "earn", {"value": value, "tiers": tiers})]


_LINEAR = _rx(r"每(低|少|下降|降低|高|超|超出|上升|增加|提高)\s*(\d+(?:\.\d+)?)?\s*个?百分点\s*(?:的)?\s*扣\s*" + N
              + r"\s*分(?:\s*[,;]?\s*(?:低于|高于|超过)\s*" + N + r"\s*%\s*(?:的)?\s*(?:不得分|得0分|不计分|该项不得分|本项不得分))?")


def _linear(s: str, c: Ctx) -> list[Found]:
    out = []
    for m in _LINEAR.finditer(s):
        below = m.group(1) in ("低", "少", "下降", "降低")
        trx = r"(?:达到?|不低于|为)\s*" + N + r"\s*%" if below else r"(?:不超过|不高于|控制在|低于)\s*" + N + r"\s*%"
        t = _first(trx, s[: m.start()], s, c.text)
        if t is None:
            continue
        lin: dict[str, Any] = {"target": pct(t.group(1)), "step": pct(m.group(2) or "1"), "deduct": dec(m.group(3))}
        if m.group(4):
            lin["zero_at"] = pct(m.group(4))
        if not below:
            lin["direction"] = "above"
        value = c.fact("rate", "decimal", f"{c.title}：比率（草稿）")
        out.append(Found(m.span(), "earn", {"value": value, "linear": lin}))
    return out


_PROP = _rx(r"按(?:完成)?比例(?:得分|计分|折算)")


def _proportional(s: str, c: Ctx) -> list[Found]:
    m = _PROP.search(s)
    if not m:
        return []
    t = _first(r"(?:不少于|至少|达到|不低于)\s*(\d+)\s*" + UNIT + r"|(\d+)\s*" + UNIT + r"\s*(?:及)?以上", s, c.text)
    if t is None:
        return []
    return [Found((0, m.end()), "earn", {"value": f"count({c.rec()})",
                                          "proportional": {"target": int(t.group(1) or t.group(2))}})]


_ALL = _rx(r"得\s*(?:" + N + r"\s*分|满分)\s*[,;]?\s*(?:否则|反之|未\S{0,12}?的?)\s*(?:不得分|得0分)")
_NOT = _rx(r"^未[^,;]{1,30}?的?\s*(?:本项|该项)?(?:不得分|得0分)$")


def _all_or_nothing(s: str, c: Ctx) -> list[Found]:
    m = _ALL.search(s) or _NOT.search(s)
    if not m:
        return []
    if m.re is _ALL and m.group(1) and c.points is not None and dec(m.group(1)) != c.points:
        return []
    d = _DATE.search(s)
    if d:
        when = f'exists({c.rec()}, date <= date("{c.year}-{int(d.group(1)):02d}-{int(d.group(2)):02d}"))'
    else:
        when = c.fact("ok", "bool", f"{c.title}：是否达标（草稿）")
    return [Found((0, len(s)) if m.re is _NOT else (0, m.end()), "earn", {"when": when})]


# -- bonus, vetoes, grades -------------------------------------------------------------------------

_PER_BONUS = _rx(r"每(?:采取|开展|多|增加|有|获|推出|创建)?\s*(?:1)?\s*" + UNIT + r"[^,;加]{0,15}?加\s*" + N + r"\s*分")
_CAP = _rx(r"(?:加分|扣分)?(?:累计|合计|总计)?\s*(?:不超过|最多加|最高加|最多扣|最高扣|最多|最高|封顶|上限为?)\s*" + N + r"\s*分")


def _per_bonus(s: str, c: Ctx) -> list[Found]:
    return [Found(m.span(), "bonus", {"count": f"count({c.rec()})", "amount": dec(m.group(1))})
            for m in _PER_BONUS.finditer(s)]


def _cap(s: str, c: Ctx) -> list[Found]:
    return [Found(m.span(), "cap", dec(m.group(1))) for m in _CAP.finditer(s)]


_VETO = [(r"一票否优|不得评为优秀|取消(?:年度)?评先评优资格|取消评优评先资格|不得评先评优", "no_top_grade"),
         (r"不参与排名|不参加排名", "exclude_from_ranking"), (r"一票否决|实行否决", "zero_total")]


def _veto(s: str, c: Ctx) -> list[Found]:
    for rx, effect in _VETO:
        m = re.search(rx, s)
        if m:
            title = re.sub(r"[,;]?\s*(?:的)?\s*[,;]?\s*(?:实行|予以|给予|则|即)?\s*$", "", s[: m.start()]).strip(" ,;")
            return [Found((0, len(s)), "veto", {"title": title or s, "effect": effect})]
    if c.section == "veto":  # a listed case under a 一票否决 heading
        return [Found((0, len(s)), "veto", {"title": s.rstrip("的"), "effect": None})]
    return []


_GRADE_WORD = r"[\"“]?(优秀|良好|合格|不合格|一般|较好|先进|达标|基本合格|较差|好|差)"
_BANDS = [(_rx(N + r"\s*分(?:\(含\))?\s*(?:及|\(含\))?以上(?:的)?\s*(?:为|评为|定为|确定为)?\s*" + _GRADE_WORD), "min"),
          (_rx(N + r"\s*(?:分)?\s*[-~至]\s*\d+(?:\.\d+)?\s*分(?:的)?\s*(?:为|评为|定为|确定为)?\s*" + _GRADE_WORD), "min"),
          (_rx(r"(?:低于\s*\d+(?:\.\d+)?\s*分|\d+(?:\.\d+)?\s*分以下)(?:的)?\s*(?:为|评为|定为|确定为)?\s*" + _GRADE_WORD), "zero")]


def _grades(s: str, c: Ctx) -> list[Found]:
    bands: list[tuple[int, int, Decimal, str]] = []
    for rx, key in _BANDS:
        for m in rx.finditer(s):
            if any(a < m.end() and m.start() < b for a, b, _, _ in bands):
                continue
            bands.append((m.start(), m.end(), Decimal(0) if key == "zero" else dec(m.group(1)), m.groups()[-1]))
    if len(bands) < 2:
        return []
    bands.sort()
    grades: list[dict[str, Any]] = [{"min": b[2], "grade": b[3]} for b in sorted(bands, key=lambda b: b[2], reverse=True)]
    return [Found((bands[0][0], bands[-1][1]), "grades", grades)]


_OTHERWISE = _rx(r"(?:否则|其余|其他情况|未达到的?|以下的?)\s*(?:不得分|得0分)")


def _otherwise(s: str, c: Ctx) -> list[Found]:
    return [Found(m.span(), "note", "其余不得分") for m in _OTHERWISE.finditer(s)]


PATTERNS: list[Pattern] = [
    Pattern("一票否决 / 一票否优", "C4", "发生侵害妇女儿童权益恶性案件的，实行一票否决", OUTSIDE, _veto),
    Pattern("等次", "C5", "90分以上为优秀，80-89分为良好，60分以下为不合格", OUTSIDE - {"item"}, _grades),
    Pattern("按符合的项数得分", "A3", "符合3项得10分，2项得6分，1项得3分", ITEM, _count_met),
    Pattern("等级对应分值", "A7", "审读结果优10分、良5分、中-10分", ITEM, _grade_points),
    Pattern("分档", "A4", "全年4次及以上得10分，2-3次得6分，1次得3分", ITEM, _tiers),
    Pattern("每低一个百分点扣分", "A6/A8", "办结率达到100%，每低1个百分点扣1分，低于90%不得分", ITEM, _linear),
    Pattern("按完成比例得分", "A5", "全年不少于4场，未达到的按完成比例得分", ITEM, _proportional),
    Pattern("达标得分，否则不得分", "A1", "按时上报半年总结得2分，否则不得分", ITEM, _all_or_nothing),
    Pattern("按时报送", "B10", "未按时上报的每次扣0.5分", ITEM | {"penalty"}, _deadline),
    Pattern("每少一次扣分", "B2", "年内至少开展3次，每少一次扣1分", ITEM, _shortfall),
    Pattern("按级别加分或扣分", "B9/C1", "获县、市、省级表彰分别加1、2、3分，同一项目就高不重复", OUTSIDE, _by_level),
    Pattern("每发现一起扣分", "B1", "应当开展而未开展法律援助的个案每例扣5分", ITEM | {"penalty"}, _per_record),
    Pattern("每项措施加分", "C2", "每采取一种措施加3分", frozenset({"bonus"}), _per_bonus),
    Pattern("酌情扣分", "B6", "酌情扣0.5-2分", ITEM, _discretionary),
    Pattern("倒扣", "B5", "分值扣完后实行倒扣，最多倒扣2分", ITEM, _floor),
    Pattern("扣分上限", "B4", "每项最高扣10分", ITEM | {"penalty"}, _cap_deduct),
    Pattern("加分、扣分上限", "C3", "加分累计不超过5分", frozenset({"bonus", "penalty"}), _cap),
    Pattern("扣完为止", "B3", "每少1条扣5分，扣完为止", ITEM | {"penalty"}, _zero),
    Pattern("其余不得分", "A1/A4", "否则不得分", ITEM, _otherwise),
]
"""In order: a span found by an earlier pattern is not read again by a later one."""
