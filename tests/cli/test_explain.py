"""``scoring explain``: one item in full, and its Python twin ``scoring.explain``.

By hand, Y镇 item visits (走访慰问活动不少于2次, 8 points, 每少1次扣4分): two 慰问 records were
submitted; yz-hd-02 was rejected by the county reviewer (reviews.yaml), so 1 counts: 8 − 1 × 4 = 4.
Y镇 parent_school (亲子阅读 ≥ 4 场, proportional, 10 points): yz-hd-07/08/09 count, yz-hd-06 is dated
2022-12-28, outside the period: 3 / 4 × 10 = 7.5.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

import scoring

from .conftest import EVIDENCE, RULES

Y = EVIDENCE / "y-zhen"
REJECTED = "核查不属实：慰问照片与活动时间不符，电话抽查未能核实（县妇联考核组）"
OUTSIDE = "日期 2022-12-28 不在考核期 2023-01-01 至 2023-12-31 内"


def _lines(out: str) -> list[str]:
    return [line.rstrip() for line in out.splitlines()]


def test_table_for_a_shortfall(run) -> None:
    r = run("explain", RULES, Y, "visits")
    assert r.exit_code == 0, r.stderr
    assert _lines(r.stdout) == [
        "走访慰问活动不少于2次  [visits]  Y镇：核定 4 / 8 分",
        "所属：“三法实施” > 开展困难妇女儿童法律援助及走访慰问",
        "规则位置：rules/2023/x-county-fulian.yaml:148:13",
        "记账（每一分的来由）：",
        "+8 [visits] 基础分 8 分（达标得满分，再按下列扣分）",
        "-4 [visits] 走访慰问活动不足 2 次（实际 1 次），每少 1 扣 4 分，共扣 4 分",
        "            要求 = 2，实际 = 1，每次 = 4",
        "计入的证据 1 条：",
        "  yz-hd-01 evidence/2023/y-zhen/activities.yaml:2:5 date=2023-03-08，kind=慰问，"
        "title=“三八”节慰问困难妇女，participants=30",
        "未计入的证据 2 条（activity）：",
        f"  yz-hd-02 evidence/2023/y-zhen/activities.yaml:3:5 {REJECTED}",
        f"  yz-hd-06 evidence/2023/y-zhen/activities.yaml:7:5 {OUTSIDE}",
        "如何挽回失分：",
        "  · 再完成 1 次可挽回 4 分",
    ]


def test_table_shows_rule_text_claim_and_params(run) -> None:
    out = _lines(run("explain", RULES, Y, "parent_school").stdout)
    assert out[0] == "（四）推进家长学校建设，按要求开展亲子阅读活动  [parent_school]  Y镇：核定 7.5 / 10 分"
    assert "细则原文：推进家长学校建设，按要求开展亲子阅读活动，全年不少于4场，未达到的按完成比例得分。" in out
    assert "考核单位：县妇联家庭和儿童工作部" in out and "考核方式：查阅活动记录" in out
    assert "自评分：自评 9 分，核定 7.5 分，自评偏高 1.5 分（亲子阅读少开展1场）" in out  # 9 − 7.5 = 1.5
    assert "+7.5 [parent_school] 完成 3/4，按比例得 7.5 分（失 2.5 分）" in out
    assert ("                     参数 reading_quota = 4（2023-01-01 起，"
            "《X县妇联关于进一步加强和规范村（社区）家长学校建设的通知》）") in out
    assert [line.split()[0] for line in out if line.startswith("  yz-hd-")] == [
        "yz-hd-07", "yz-hd-08", "yz-hd-09", "yz-hd-02", "yz-hd-06"]


def test_unknown_item_is_a_located_error_with_did_you_mean(run) -> None:
    r = run("explain", RULES, Y, "visit")
    assert r.exit_code == 1
    assert r.stdout == ""
    assert r.stderr.splitlines() == [
        "错误：rules/2023/x-county-fulian.yaml: 没有 id 为 'visit' 的考核项目",
        "  您是不是想写 'visits'？",
        "  提示：用 scoring score 的 --format json 查看各项目的 id，或在规则文件里查找 id:",
    ]
    assert "Traceback" not in r.stderr


def test_json(run) -> None:
    r = run("explain", RULES, Y, "visits", "-f", "json")
    data = json.loads(r.stdout, parse_float=Decimal)
    assert (data["item"]["id"], data["item"]["points"], data["item"]["max_points"]) == ("visits", 4, 8)
    assert [e[1]["points"] for e in data["entries"]] == [8, -4]
    assert [(x["id"], x["counted"], x["source"]["line"]) for x in data["counted"]] == [("yz-hd-01", True, 2)]
    assert [(x["id"], x["reason"]) for x in data["excluded"]] == [("yz-hd-02", REJECTED), ("yz-hd-06", OUTSIDE)]
    assert data["recover"] == ["再完成 1 次可挽回 4 分"]


def test_other_formats_are_refused_clearly(run) -> None:
    r = run("explain", RULES, Y, "visits", "-f", "csv")
    assert r.exit_code == 2  # a usage error: the command line is wrong, not the input
    assert r.stderr.splitlines() == [
        "用法：scoring explain [选项] {rulebook} {evidence} {item_id}", "运行 scoring explain --help 查看帮助。", "",
        "错误：'--format' / '-f' 的值不对：这个命令不能写 'csv' 格式，可以写：table、json"]


def test_python_twin() -> None:
    book = scoring.load_rulebook(RULES)
    ev = scoring.load_evidence(Y, book)
    ex = scoring.explain(scoring.score(book, ev), book, ev, "legal_aid_visits")
    assert ex.item.points == Decimal(8)  # 20 − 1 (reviewer) − 4 (visits) − 2 (coverage tier 2) − 5 (legal aid)
    assert [c.id for c in ex.children] == ["visits", "coverage", "legal_aid"]
    assert ex.reads == ["activity", "legal_aid"]
    assert [(n, e.points) for n, e in ex.entries] == [
        ("legal_aid_visits", -1), ("visits", 8), ("visits", -4), ("coverage", 4), ("legal_aid", 6), ("legal_aid", -5)]
    assert [c.id for c in ex.counted] == ["yz-hd-01", "yz-fy-02"]
    assert ex.counted[1].values == {"date": "2023-09-03", "person": "王某（单亲母亲抚养费纠纷）", "provided": "否"}
    with pytest.raises(scoring.UnknownNameError) as e:
        scoring.explain(scoring.score(book, ev), book, ev, "legal_aid_visit")
    assert e.value.suggestion == "legal_aid_visits"
