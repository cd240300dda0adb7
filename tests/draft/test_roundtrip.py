"""The round trip: the bundled 2023 rulebook written out as a county would publish it (a Word file with
numbered paragraphs: its titles, points and scoring sentences in ordinary wording) → ``scoring draft`` →
a small scripted edit (the editor renames the draft evidence names and writes the one item left) →
X乡 scores 100 and Y镇 62.3, as with the bundled rulebook."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

import scoring
from scoring.cli import app
from scoring.draft import draft_document
from scoring.errors import UnwrittenRuleError

from ._docs import numbered_docx

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "rules" / "2023" / "x-county-fulian.yaml"

# Each item's scoring sentences in ordinary wording (the bundled file's rules, said as a 细则 says them).
SENTENCES = {
    "petitions": "办结率每低1个百分点扣1分，低于90%不得分。发生涉妇女儿童舆情事件的，乡镇级每起扣2分，"
                 "县级及以上通报的每起扣4分，经催办仍未整改的加倍扣分，不可抗力的剔除扣分。",
    "legal_aid_visits": "慰问台账不规范等酌情扣0.5–2分。",
    "visits": "每少1次扣4分。",
    "coverage": "全覆盖得6分，达到90%得4分，达到80%得2分。",
    "legal_aid": "应当开展而未开展法律援助的个案每例扣5分。",
    "talks": "每少一次扣2分。",
    "school_talk": "开展进校园宣讲得4分，否则不得分。",
    "parent_school": "全年不少于4场，未达到的按完成比例得分。",
    "annual_plan": "成立妇女儿童工作委员会；把促进妇女儿童发展的内容纳入年度工作计划；年内专题研究两规实施工作不少于2次。"
                   "符合3项得10分，2项得6分，1项得3分。",
    "publicity_training": "组织开展宣传培训及防艾知识培训，全年4次及以上得10分，2–3次得6分，1次得3分。",
    "info_feedback": "全年报送两规工作信息不少于4条，每少1条扣5分，扣完为止；逾期报送的每条扣1分。",
    "plan_documents": "印发两规实施方案；建立联系制度；每符合1项得1.5分。",
    "subscriptions": "订阅不少于10份，未完成的按完成比例得分。",
    "summaries": "至少上报2份，每少1份扣1分；未按时上报的每份扣0.5分。",
    "work_info": "报送8条及以上得2分，4条及以上得1分。",
}
TAIL = ["三、加分项（最多加5分）", "获县、市、省级表彰分别加1、2、3分，同一项目就高不重复。",
        "四、扣分项", "被通报批评或媒体曝光的，乡镇级、县级、市级、省级分别扣1、2、3、5分。",
        "五、一票否决", "辖区发生侵害妇女儿童权益恶性案件并造成恶劣影响的，实行一票否决。", "发生涉妇女儿童重大舆情的，实行一票否优。",
        "六、考核等次", "90分以上为优秀，80-89分为良好，60-79分为合格，60分以下为不合格。"]


def _document(book: scoring.Rulebook) -> list[str]:
    out = [f"X县妇联{book.title}", f"本细则总分{book.total}分。"]
    for cat in book.categories:
        out.append(f"{cat.no}、{cat.title}（{cat.points}分）")
        for item in cat.items or []:
            out.append(f"{item.no}{item.title}（{item.points}分）。{SENTENCES.get(item.id, '')}".rstrip("。") + "。")
            for k, crit in enumerate(item.criteria or [], start=1):
                out.append(f"{k}.{crit.title}（{crit.points}分）。{SENTENCES[crit.id]}")
    return out + TAIL


# draft id → the bundled rulebook's id (what the editor renames them to, for the units' claims)
IDS = {"c1": "sanfa", "c1_1": "petitions", "c1_2": "legal_aid_visits", "c1_2_1": "visits", "c1_2_2": "coverage",
       "c1_2_3": "legal_aid", "c1_3": "family_education", "c1_3_1": "talks", "c1_3_2": "school_talk",
       "c1_4": "parent_school", "c2": "liangge", "c2_1": "annual_plan", "c2_2": "publicity_training",
       "c2_3": "info_feedback", "c2_4": "implementation", "c2_4_1": "plan_documents", "c2_4_2": "subscriptions",
       "c2_4_3": "summaries", "c2_4_4": "work_info"}
# the draft's evidence names → the county's evidence (the editor's renaming)
NAMES = {
    "c1_1_rate": "rate(petition, closed, empty=1)",
    "count(c1_2_1_rec)": 'count(activity, kind == "慰问")',
    "c1_2_2_rate": "households_visited / households",
    "count(c1_3_1_rec)": 'count(activity, kind == "宣讲")',
    "c1_3_2_ok": 'exists(activity, kind == "进校园宣讲")',
    "count(c1_4_rec)": 'count(activity, kind == "亲子阅读")',
    "c2_1_met1": 'exists(document, kind == "妇儿工委成立文件")',
    "c2_1_met2": 'exists(document, kind == "年度工作计划")',
    "c2_1_met3": 'count(activity, kind == "专题研究") >= 2',
    "count(c2_2_rec)": 'count(activity, kind in ["宣传培训", "防艾培训"])',
    "count(c2_3_rec)": 'count(report, kind == "两规工作信息")',
    "c2_4_1_met1": 'exists(document, kind == "两规实施方案")',
    "c2_4_1_met2": 'exists(document, kind == "联系制度")',
    "count(c2_4_2_rec)": "sum(subscription, copies)",
    "count(c2_4_3_rec)": 'count(report, kind in ["半年工作总结", "年度工作总结"])',
    "count(c2_4_4_rec)": 'count(report, kind == "妇女儿童工作信息")',
}
# per-record lines: the draft type → (evidence type, which records)
RECORDS = {
    "c1_2_3_rec": ("legal_aid", "not provided"),
    "c2_3_rec": ("report", 'kind == "两规工作信息" and submitted_on > coalesce(due, submitted_on)'),
    "c2_4_3_rec": ("report", 'kind in ["半年工作总结", "年度工作总结"] and submitted_on > coalesce(due, submitted_on)'),
    "bonus1_rec": ("honor", None),
    "penalty1_rec": ("incident", 'kind in ["通报批评", "媒体曝光"]'),
}
VETO_EVENTS = {"veto1": 'exists(incident, kind == "侵权恶性案件")', "veto2": 'exists(incident, kind == "重大舆情")'}


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.width = 100_000
    return y


def _rename(text: str) -> str:
    for old, new in NAMES.items():
        text = text.replace(old, new)
    return text


def _edit_lines(lines: list[Any]) -> None:
    for line in lines:
        if "per_record" in line:
            etype, where = RECORDS[line["per_record"]]
            line["per_record"] = etype
            if where is None:
                line.pop("where", None)
            else:
                line["where"] = where
        if "shortfall" in line:
            line["shortfall"]["actual"] = _rename(line["shortfall"]["actual"])


def _edit_node(node: Any, bundled: dict[str, Any]) -> None:
    node["id"] = IDS[node["id"]]
    for key in ("value", "when"):
        if key in node:
            node[key] = _rename(str(node[key]))
    for crit in (node.get("count_met") or {}).get("of", []):
        crit["when"] = _rename(crit["when"])
    _edit_lines(node.get("deductions", []))
    if "todo" in node:  # the item left for the editor: written as the county means it
        del node["todo"]
        node["deductions"] = bundled[node["id"]]["deductions"]
    for child in node.get("items", []) + node.get("criteria", []):
        _edit_node(child, bundled)


def _edit(draft_text: str) -> str:
    """The editor's work: declarations from the county's evidence, names renamed, the todo item written."""
    y = _yaml()
    book = y.load(draft_text)
    ref = y.load(BUNDLED.read_text(encoding="utf-8"))
    bundled = {n["id"]: n for c in ref["categories"] for n in [c] + list(c.get("items", []))}
    for key in ("unit_types", "facts", "params", "evidence"):
        book[key] = ref[key]
    for cat in book["categories"]:
        _edit_node(cat, bundled)
    _edit_lines(book["bonus"]["lines"])
    _edit_lines(book["penalties"]["lines"])
    for veto in book["vetoes"]:
        veto["when"] = VETO_EVENTS[veto["id"]]
        veto["id"] = {"veto1": "rights_case", "veto2": "major_opinion"}[veto["id"]]
    buf = io.StringIO()
    y.dump(book, buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    folder = tmp_path_factory.mktemp("roundtrip")
    doc = numbered_docx(folder / "2023年考评细则.docx", _document(scoring.load_rulebook(BUNDLED)))
    out = folder / "draft.yaml"
    d = draft_document(doc)
    d.write(out)
    return out, d


def test_the_draft_reads_every_item_and_point_value(drafted: tuple[Path, Any]) -> None:
    _, d = drafted
    ref = scoring.load_rulebook(BUNDLED)
    book = d.rulebook
    assert [(c["title"], c["points"]) for c in book["categories"]] == [(c.title, c.points) for c in ref.categories]
    for dc, rc in zip(book["categories"], ref.categories, strict=True):
        assert [(i["no"], i["title"], i["points"]) for i in dc["items"]] == [
            (i.no, i.title, i.points) for i in rc.items or []]
        for di, ri in zip(dc["items"], rc.items or [], strict=True):
            assert [(c["title"], c["points"]) for c in di.get("criteria", [])] == [
                (c.title, c.points) for c in ri.criteria or []]
    assert d.report.levels == [2, 8, 9]
    assert d.report.total == 100 and d.report.total_of_categories == 100 and d.report.slips == []


def test_the_only_item_left_is_the_one_the_patterns_cannot_say(drafted: tuple[Path, Any]) -> None:
    path, d = drafted
    assert [(x.node, x.sentence) for x in d.report.left] == [
        ("c1_1", "发生涉妇女儿童舆情事件的，乡镇级每起扣2分，县级及以上通报的每起扣4分，经催办仍未整改的加倍扣分，不可抗力的剔除扣分")]
    problems = scoring.check_rulebook(path)
    errors = [p for p in problems if p.severity == "error"]
    assert [type(e) for e in errors] == [UnwrittenRuleError]
    assert "'c1_1'" in errors[0].message and errors[0].location is not None and errors[0].location.line


def test_the_recognised_rules_say_what_the_bundled_rulebook_says(drafted: tuple[Path, Any]) -> None:
    _, d = drafted
    edited = scoring.parse_rulebook(_edit(d.rulebook_text()), "edited.yaml")
    ref = scoring.load_rulebook(BUNDLED)
    mine = {n.id: n for c in edited.categories for n in [c, *(c.items or [])] for n in [n, *(n.criteria or [])]}
    theirs = {n.id: n for c in ref.categories for n in [c, *(c.items or [])] for n in [n, *(n.criteria or [])]}
    for nid, n in theirs.items():
        assert mine[nid].linear == n.linear, nid
        assert [(t.min, t.points) for t in mine[nid].tiers or []] == [(t.min, t.points) for t in n.tiers or []], nid
        assert (mine[nid].discretionary is None) == (n.discretionary is None), nid
        assert mine[nid].when == n.when, nid
    disc = mine["legal_aid_visits"].discretionary
    assert not isinstance(disc, list) and disc is not None
    assert (disc.min, disc.max, disc.reason) == (Decimal("0.5"), 2, "慰问台账不规范等酌情扣0.5–2分")
    plan, docs = mine["annual_plan"].count_met, mine["plan_documents"].count_met
    assert plan is not None and plan.points == {3: 10, 2: 6, 1: 3}  # the bundled file adds 0: 0, the default
    assert [c.label for c in plan.of] == ["成立妇女儿童工作委员会", "把促进妇女儿童发展的内容纳入年度工作计划",
                                          "年内专题研究两规实施工作不少于2次"]
    assert docs is not None and docs.per == Decimal("1.5") and [c.label for c in docs.of] == ["印发两规实施方案", "建立联系制度"]
    assert mine["parent_school"].proportional is not None and mine["parent_school"].proportional.target == 4
    assert mine["subscriptions"].proportional is not None and mine["subscriptions"].proportional.target == 10
    assert edited.bonus is not None and ref.bonus is not None and edited.bonus.cap == ref.bonus.cap == 5
    assert [(v.title, v.effect) for v in edited.vetoes] == [(v.title.removesuffix("（一票否优）"), v.effect)
                                                           for v in ref.vetoes]
    assert edited.grades == ref.grades


@pytest.mark.parametrize(("unit", "total"), [("x-xiang", Decimal("100.0")), ("y-zhen", Decimal("62.3"))])
def test_completed_draft_scores_the_units_as_the_bundled_rulebook(drafted: tuple[Path, Any], tmp_path: Path,
                                                                   unit: str, total: Decimal) -> None:
    path, d = drafted
    edited = tmp_path / "edited.yaml"
    edited.write_text(_edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    book = scoring.load_rulebook(edited)
    ref = scoring.load_rulebook(BUNDLED)
    folder = ROOT / "evidence" / "2023" / unit
    result = scoring.score(book, scoring.load_evidence(folder, book))
    assert result.total == total == scoring.score(ref, scoring.load_evidence(folder, ref)).total
    out = CliRunner().invoke(app, ["score", str(edited), str(folder), "--format", "json"])
    assert out.exit_code == 0, out.output
    assert f'"total": "{total}"' in out.stdout or f'"total": {total}' in out.stdout


def _plain(o: Any) -> Any:
    if isinstance(o, dict):
        return {k: _plain(v) for k, v in o.items()}
    if isinstance(o, list):
        return [_plain(v) for v in o]
    return o


RULE_KEYS = ("value", "when", "tiers", "proportional", "linear", "grade_points", "count_met", "deductions",
             "max_deduction", "floor", "discretionary", "todo")
D = Decimal
# Worked from the document's sentences by hand (SENTENCES and TAIL above).
EXPECTED = {
    "c1_1": {"value": "c1_1_rate", "linear": {"target": "100%", "step": "1%", "deduct": 1, "zero_at": "90%"},
             "todo": [SENTENCES["petitions"].split("。")[1]]},
    "c1_2": {"discretionary": {"min": D("0.5"), "max": 2, "reason": "慰问台账不规范等酌情扣0.5–2分"}},
    "c1_2_1": {"deductions": [{"shortfall": {"required": 2, "actual": "count(c1_2_1_rec)"}, "amount": 4,
                               "reason": "每少1次扣4分"}]},
    "c1_2_2": {"value": "c1_2_2_rate", "tiers": [{"min": "100%", "points": 6}, {"min": "90%", "points": 4},
                                                 {"min": "80%", "points": 2}]},
    "c1_2_3": {"deductions": [{"per_record": "c1_2_3_rec", "amount": 5, "reason": "应当开展而未开展法律援助的个案每例扣5分"}]},
    "c1_3_1": {"deductions": [{"shortfall": {"required": 3, "actual": "count(c1_3_1_rec)"}, "amount": 2,
                               "reason": "每少一次扣2分"}]},
    "c1_3_2": {"when": "c1_3_2_ok"},
    "c1_4": {"value": "count(c1_4_rec)", "proportional": {"target": 4}},
    "c2_1": {"count_met": {"of": [{"label": "成立妇女儿童工作委员会", "when": "c2_1_met1"},
                                  {"label": "把促进妇女儿童发展的内容纳入年度工作计划", "when": "c2_1_met2"},
                                  {"label": "年内专题研究两规实施工作不少于2次", "when": "c2_1_met3"}],
                           "points": {3: 10, 2: 6, 1: 3}}},
    "c2_2": {"value": "count(c2_2_rec)", "tiers": [{"min": 4, "points": 10}, {"min": 2, "points": 6},
                                                   {"min": 1, "points": 3}]},
    "c2_3": {"deductions": [{"shortfall": {"required": 4, "actual": "count(c2_3_rec)"}, "amount": 5,
                             "reason": "全年报送两规工作信息不少于4条，每少1条扣5分，扣完为止"},
                            {"per_record": "c2_3_rec", "where": "date > due", "amount": 1, "reason": "逾期报送的每条扣1分"}]},
    "c2_4_1": {"count_met": {"of": [{"label": "印发两规实施方案", "when": "c2_4_1_met1"},
                                    {"label": "建立联系制度", "when": "c2_4_1_met2"}], "per": D("1.5")}},
    "c2_4_2": {"value": "count(c2_4_2_rec)", "proportional": {"target": 10}},
    "c2_4_3": {"deductions": [{"shortfall": {"required": 2, "actual": "count(c2_4_3_rec)"}, "amount": 1,
                               "reason": "至少上报2份，每少1份扣1分"},
                              {"per_record": "c2_4_3_rec", "where": "date > due", "amount": D("0.5"),
                               "reason": "未按时上报的每份扣0.5分"}]},
    "c2_4_4": {"value": "count(c2_4_4_rec)", "tiers": [{"min": 8, "points": 2}, {"min": 4, "points": 1}]},
}


def _nodes(node: Any) -> Any:
    yield node
    for child in node.get("items", []) + node.get("criteria", []):
        yield from _nodes(child)


def test_every_recognised_rule_with_its_numbers(drafted: tuple[Path, Any]) -> None:
    _, d = drafted
    book = d.rulebook
    got = {n["id"]: r for c in book["categories"] for n in _nodes(c)
           if (r := {k: _plain(n[k]) for k in RULE_KEYS if k in n})}
    assert got == EXPECTED
    bonus, penalties = _plain(book["bonus"]), _plain(book["penalties"])
    assert bonus["cap"] == 5 and [(x["per_record"], x["amount_by"], x.get("highest_per")) for x in bonus["lines"]] == [
        ("bonus1_rec", {"field": "level", "map": {"县级": 1, "市级": 2, "省级": 3}}, "project")]
    assert [(x["per_record"], x["amount_by"]) for x in penalties["lines"]] == [
        ("penalty1_rec", {"field": "level", "map": {"乡镇级": 1, "县级": 2, "市级": 3, "省级": 5}})]
    assert [(v["title"], v["effect"]) for v in book["vetoes"]] == [
        ("辖区发生侵害妇女儿童权益恶性案件并造成恶劣影响", "zero_total"), ("发生涉妇女儿童重大舆情", "no_top_grade")]
    assert _plain(book["grades"]) == [{"min": 90, "grade": "优秀"}, {"min": 80, "grade": "良好"},
                                      {"min": 60, "grade": "合格"}, {"min": 0, "grade": "不合格"}]
    # the draft names are declared, for the editor to rename
    assert set(book["facts"]) == {"c1_1_rate", "c1_2_2_rate", "c1_3_2_ok", "c2_1_met1", "c2_1_met2", "c2_1_met3",
                                  "c2_4_1_met1", "c2_4_1_met2"}
    assert book["evidence"]["c2_3_rec"]["fields"]["due"]["type"] == "date"
    assert book["evidence"]["bonus1_rec"]["fields"]["level"]["values"] == ["县级", "市级", "省级"]


def test_each_rule_has_a_comment_naming_its_pattern_and_sentence(drafted: tuple[Path, Any]) -> None:
    path, _ = drafted
    text = path.read_text(encoding="utf-8")
    assert "linear: {target: 100%, step: 1%, deduct: 1, zero_at: 90%}  # A6/A8 每低一个百分点扣分：「办结率每低1个百分点扣1分，低于90%不得分」" in text
    assert "# B3 扣完为止：「全年报送两规工作信息不少于4条，每少1条扣5分，扣完为止」" in text
    assert re.search(r"todo: +# 评分规则待写：scoring check 会报错", text)
