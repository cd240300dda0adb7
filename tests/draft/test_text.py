"""Pasted text (.txt in the encodings the CSV reader accepts, .md), and the bundled rubric's own text."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import scoring
from scoring.draft import draft_document

from ._docs import numbered_docx
from .test_roundtrip import BUNDLED, RULE_KEYS, _nodes, _plain

PASTED = """\
Z县2023年度村（社区）妇联工作考核细则
考核满分100分，另设加分项。
第一部分 基础工作（共30分）
1. 组织建设 分值：10分
（1）妇联执委配备到位（4分）。执委配备率不低于95%，每低1个百分点扣0.5分。
（2）阵地建设 6 分
① 建有妇女之家（3分）。建有妇女之家得3分，否则不得分。
② 妇女之家活动（3分）。全年至少开展4次活动，每少一次扣1分，最多扣3分。
2. 信息宣传 20 分
审读结果优20分、良10分、中-5分。
第二部分 重点工作（共70分）
1. 关爱帮扶（40分）
上级交办的帮扶任务完成率达100%，每低1个百分点扣1分。
分值扣完后实行倒扣，最多倒扣2分。
2. 组织建设（30分）
工作有创新、有特色的，由考核组综合评定。
第三部分 加分项（加分累计不超过10分）
每采取一种创新措施加3分，最多加6分。
获得市级以上表彰的加分，由县妇联认定。
第四部分 扣分项
被县级通报批评每例扣2分，市级3分，省级5分。
第五部分 其他
发生侵害妇女儿童权益的重大事件的，取消评先评优资格。
90分以上为优秀，75-89分为良好，60-74分为合格，60分以下为不合格。
"""


def _rules(book: Any) -> dict[str, Any]:
    return {n["id"]: r for c in book["categories"] for n in _nodes(c)
            if (r := {k: _plain(n[k]) for k in RULE_KEYS if k in n})}


def test_pasted_text_in_gb18030_every_point_form_and_clause(tmp_path: Path) -> None:
    path = tmp_path / "通知.txt"
    path.write_bytes(PASTED.encode("gb18030"))  # what Chinese Windows Notepad saves
    d = draft_document(path)
    book = d.rulebook
    tree = [(n["id"], n["no"], n["title"], n["points"]) for c in book["categories"] for n in _nodes(c)]
    assert tree == [
        ("c1", "第一部分", "基础工作", 30), ("c1_1", "1.", "组织建设", 10), ("c1_1_1", "（1）", "妇联执委配备到位", 4),
        ("c1_1_2", "（2）", "阵地建设", 6), ("c1_1_2_1", "①", "建有妇女之家", 3), ("c1_1_2_2", "②", "妇女之家活动", 3),
        ("c1_2", "2.", "信息宣传", 20), ("c2", "第二部分", "重点工作", 70), ("c2_1", "1.", "关爱帮扶", 40),
        ("c2_2", "2.", "组织建设", 30)]
    assert _rules(book) == {
        "c1_1_1": {"value": "c1_1_1_rate", "linear": {"target": "95%", "step": "1%", "deduct": Decimal("0.5")}},
        "c1_1_2_1": {"when": "c1_1_2_1_ok"},
        "c1_1_2_2": {"deductions": [{"shortfall": {"required": 4, "actual": "count(c1_1_2_2_rec)"}, "amount": 1,
                                     "reason": "全年至少开展4次活动，每少一次扣1分，最多扣3分"}], "max_deduction": 3},
        "c1_2": {"value": "c1_2_grade", "grade_points": {"优": 20, "良": 10, "中": -5}, "floor": -5},
        "c2_1": {"value": "c2_1_rate", "linear": {"target": "100%", "step": "1%", "deduct": 1}, "floor": -2},
        "c2_2": {"todo": ["工作有创新、有特色的，由考核组综合评定"]},
    }
    assert book["total"] == 100 and d.report.slips == []
    bonus = _plain(book["bonus"])
    assert bonus["cap"] == 10
    assert [(x["count"], x["amount"], x["cap"]) for x in bonus["lines"]] == [("count(bonus1_rec)", 3, 6)]
    assert bonus["todo"] == ["获得市级以上表彰的加分，由县妇联认定"]
    assert [x["amount_by"]["map"] for x in _plain(book["penalties"])["lines"]] == [{"县级": 2, "市级": 3, "省级": 5}]
    assert [(v["title"], v["effect"]) for v in book["vetoes"]] == [("发生侵害妇女儿童权益的重大事件", "no_top_grade")]
    assert [(g["min"], g["grade"]) for g in book["grades"]] == [(90, "优秀"), (75, "良好"), (60, "合格"), (0, "不合格")]
    assert d.report.duplicated_titles == [["c1_1", "c2_2"]]
    assert [(x.node, x.sentence) for x in d.report.left] == [
        ("c2_2", "工作有创新、有特色的，由考核组综合评定"), ("bonus", "获得市级以上表彰的加分，由县妇联认定")]
    assert "标题相同的条目（原文可能有笔误）：\n  c1_1、c2_2" in d.report_text()


def test_markdown_table_and_a_sentence_without_its_quota(tmp_path: Path) -> None:
    path = tmp_path / "细则.md"
    path.write_text("# W县2023年度考评细则\n\n| 考核项目 | 分值 | 评分标准 |\n|---|---|---|\n"
                    "| 一、组织建设 | 10 | 成立领导小组得10分，否则不得分。 |\n"
                    "| 二、阵地建设 | 10 | 每少1个妇女之家扣2分。 |\n", encoding="utf-8")
    d = draft_document(path)
    assert [(c["id"], c["title"], c["points"]) for c in d.rulebook["categories"]] == [
        ("c1", "组织建设", 10), ("c2", "阵地建设", 10)]
    assert _rules(d.rulebook) == {"c1": {"when": "c1_ok"}, "c2": {"todo": ["每少1个妇女之家扣2分"]}}
    assert d.rulebook["title"] == "W县2023年度考评细则" and d.report.shape == "table"


def test_the_bundled_rubrics_own_text(tmp_path: Path) -> None:
    """Each bundled item's title with its points, then its ``text:`` verbatim as the next paragraph."""
    ref = scoring.load_rulebook(BUNDLED)
    paras = [ref.title]
    for cat in ref.categories:
        paras.append(f"{cat.no}、{cat.title}（{cat.points}分）")
        for item in cat.items or []:
            paras += [f"{item.no}{item.title}（{item.points}分）", item.text or ""]
    d = draft_document(numbered_docx(tmp_path / "细则.docx", paras))
    got: dict[str, list[str]] = {r.node: [] for r in d.report.rules}
    for r in d.report.rules:
        got[r.node] += [p.split(" ")[0] for p in r.patterns]
    assert got == {"c1_1": ["A6/A8"], "c1_2": ["B2", "B1", "B6"], "c1_3": ["B2"], "c1_4": ["A5"],
                   "c2_1": ["A3", "A3", "A3", "A3"], "c2_2": ["A4"], "c2_3": ["B2", "B3", "B10"]}
    left: dict[str, list[str]] = {}
    for x in d.report.left:
        left.setdefault(x.node, []).append(x.sentence)
    assert left == {
        "c1_1": ["发生涉妇女儿童舆情事件的，每起扣2分（县级以上通报的每起扣4分）"],
        "c1_2": ["辖区家庭回访全覆盖"],
        "c1_3": ["开展进校园宣讲至少1次"],
        "c2_2": ["组织开展新“两纲”“两规”、男女平等基本国策、“三法”实施等宣传培训及防艾知识培训"],
        "c2_4": ["在贯彻落实两规工作中，制定并落实推动“两规”实施的文件、方案和措施",
                 "完成县妇联下达的报刊杂志订阅数量，按要求完成县妇联及县妇儿工委办安排的各项工作任务，并及时上报相关材料和信息"],
    }
    texts = {n["id"]: n["text"] for c in d.rulebook["categories"] for n in c["items"]}
    assert [texts[f"c{i}_{j}"].split("\n")[1] for i, j in ((1, 1), (2, 3))] == [
        ref.categories[0].items[0].text, ref.categories[1].items[2].text]  # type: ignore[index]


def test_a_township_self_check_report(tmp_path: Path) -> None:
    """The shape of a 自检自查报告: （分值：N分，自评分：N分） per line, the township's narrative after it."""
    src = Path(__file__).parent / "fixtures" / "selfcheck.txt"
    d = draft_document(src)
    book = d.rulebook
    tree = [(n["id"], n["no"], n["title"], n["points"]) for c in book["categories"] for n in _nodes(c)]
    assert tree == [("c1", "一、", "“三法实施”", 30), ("c1_1", "（一）", "信访件办结率达100％", 10),
                    ("c1_2", "（二）", "开展困难妇女儿童走访慰问", 20), ("c2", "二、", "两个规划实施", 20),
                    ("c2_1", "（三）", "将“两纲”“两规”相关内容纳入年度工作计划", 10),
                    ("c2_2", "（四）", "将“两纲”“两规”相关内容纳入年度工作计划", 10)]
    # the narrative is the unit's evidence, not the rubric: only the titles are left for the editor
    assert [(n["id"], n.get("text"), list(n["todo"])) for c in book["categories"] for n in c["items"]] == [
        ("c1_1", None, ["信访件办结率达100％"]), ("c1_2", None, ["开展困难妇女儿童走访慰问"]),
        ("c2_1", None, ["将“两纲”“两规”相关内容纳入年度工作计划"]), ("c2_2", None, ["将“两纲”“两规”相关内容纳入年度工作计划"])]
    assert (book["title"], book["issuer"], book["reference"], book["year"], list(book["unit_types"])) == (
        "2023年度大比拼目标考核妇女儿童工作考评细则", "V县妇联", "V县妇联《关于印发2023年度大比拼目标考核妇女儿童工作考评细则的通知》",
        2023, ["乡", "镇"])
    assert d.unit is not None and _plain(d.unit) == {
        "id": "W乡", "name": "W乡", "type": "乡", "claims": {"c1_1": 10, "c1_2": 18, "c2_1": 10, "c2_2": 10}}
    assert d.report.shape == "selfcheck" and d.report.duplicated_titles == [["c2_1", "c2_2"]]
    assert [(x.sentence, x.why) for x in d.report.outside if x.node == "-"] == [
        ("三、存在问题", "这一部分没有分值，不是考核内容，未写入规则"), ("四、下步工作计划", "这一部分没有分值，不是考核内容，未写入规则")]
    out = tmp_path / "草稿.yaml"
    d.write(out, tmp_path / "unit.yaml")
    assert "claims:" in (tmp_path / "unit.yaml").read_text(encoding="utf-8")
    errors = [p for p in scoring.check_rulebook(out) if p.severity == "error"]
    assert len(errors) == 4 and {type(e).__name__ for e in errors} == {"UnwrittenRuleError"}
