"""``scoring check`` on a corpus of broken rule files: each finds its planted problem, whole message asserted.

Each ``tests/rulebooks/bad/<case>.yaml`` is a small valid rulebook with one kind of mistake (``many_problems``
has three, to show that every problem is reported). Lines and columns were counted by hand in each file
(line 1 is the comment; the expression of ``visits`` starts at line 21, column 15).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import scoring

from .conftest import ROOT, RULES

BAD = Path("tests/rulebooks/bad")

EXPECTED = {
    'chinese_punctuation': [
        ('error', 'tests/rulebooks/bad/chinese_punctuation.yaml:21:29: 表达式写法有误：含有不能识别的字符 ，（是否用了中文标点？表达式里的括号、引号、逗号要用英文半角）\n  提示：检查括号和引号是否成对；文字要加引号，例如 kind == "宣讲"；“并且”写 and，“或者”写 or'),
    ],
    'date_vs_number': [
        ('error', "tests/rulebooks/bad/date_vs_number.yaml:21:32: 不能用 '>' 比较 日期 和 数值\n  提示：日期只能和日期比较；"
                  "相差几天写 days(开始, 结束)，几个月写 months_between(开始, 结束)，年份写 year(日期)"),
    ],
    'deduction_exceeds_item': [
        ('warning', "tests/rulebooks/bad/deduction_exceeds_item.yaml:22:13: 'visits' 的扣分可能超过本项分值：最多少 4 次 × 每次 3 分 = 12 分，而本项只有 10 分\n  提示：超出的部分按“扣完为止”不扣，本项最低 0 分；如果细则就是这样，可以不改，或写 max_deduction: 10 说明上限"),
    ],
    'duplicate_id': [
        ('error', "tests/rulebooks/bad/duplicate_id.yaml:22:13: id 'visits' 重复（第一次出现在 tests/rulebooks/bad/duplicate_id.yaml:18:13）\n  提示：每个类别、条目、子项、否决项的 id 都要不同"),
    ],
    'duplicate_key': [
        ('error', "tests/rulebooks/bad/duplicate_key.yaml:21:9: 键 'points' 重复出现\n  提示：删除或合并重复的 'points'（第一次出现在第 20 行）"),
    ],
    'enum_typo': [
        ('error', "tests/rulebooks/bad/enum_typo.yaml:21:39: '尉问' 不是可选值之一\n  您是不是想写 '慰问'？\n  提示：可选值：慰问、宣讲"),
    ],
    'enum_value_typo_in_schema': [
        ('error', "tests/rulebooks/bad/enum_value_typo_in_schema.yaml:12:20: 'enumm' 不是允许的值（在 evidence > activity > fields > kind > type）\n  您是不是想写 'enum'？\n  提示：可选的值：text、int、decimal、date、bool、enum、list"),
    ],
    'expr_syntax': [
        ('error', 'tests/rulebooks/bad/expr_syntax.yaml:21:47: 表达式写法有误：无法解析这一处\n  提示：检查括号和引号是否成对；文字要加引号，例如 kind == "宣讲"；“并且”写 and，“或者”写 or'),
    ],
    'forbidden_attribute': [
        ('error', 'tests/rulebooks/bad/forbidden_attribute.yaml:21:31: 不允许用 \'.\' 访问属性或调用方法\n  提示：规则只能读取字段的值，例如写 kind == "宣讲"，不能写 x.y 或 x.clear()'),
    ],
    'many_problems': [
        ('error', "tests/rulebooks/bad/many_problems.yaml:9:11: date: 'day' 要是本证据类型中一个 date 类型的字段\n  提示：本证据类型的日期字段：date"),
        ('error', "tests/rulebooks/bad/many_problems.yaml:21:15: 未知的函数 'cnt'\n  您是不是想写 'count'？\n  提示：可用的函数：abs, add_months, avg, ceil, coalesce, count, date, date_of, days, distinct, end_of_month, exists, floor, is_blank, len, max, max_of, min, min_of, month, months_between, periods_met, periods_short, quarter, rate, round, sum, workdays, year"),
        ('error', "tests/rulebooks/bad/many_problems.yaml:25:32: 未知的名称 'kinds'：它不是证据类型 'activity' 的字段\n  您是不是想写 'kind'？\n  提示：可用的名称：date, kind, unit_type"),
    ],
    'missing_key': [
        ('error', "tests/rulebooks/bad/missing_key.yaml:2:1: 缺少必填的键 'title'（在 文件顶层）\n  提示：在这一层加上一行 title: ..."),
    ],
    'points_not_adding_up': [
        ('warning', "tests/rulebooks/bad/points_not_adding_up.yaml:16:13: 'work' 的分值是 10，但下一层合计 8\n  提示：核对各子项分值；合计超过时按本项分值封顶"),
    ],
    'same_titles': [
        ('warning', "tests/rulebooks/bad/same_titles.yaml:23:16: 条目 'talks' 和 'visits' 的标题相同：走访慰问\n  提示：两个条目考核内容不同时，请给它们不同的标题"),
    ],
    'tab_indent': [
        ('error', 'tests/rulebooks/bad/tab_indent.yaml:21:1: YAML 格式错误：含有制表符 Tab，YAML 只能用空格缩进\n  提示：把 Tab 换成两个空格'),
    ],
    'unknown_evidence_type': [
        ('error', "tests/rulebooks/bad/unknown_evidence_type.yaml:21:21: count() 的第一个参数要是证据类型，'activities' 不是\n  您是不是想写 'activity'？\n  提示：已声明的证据类型：activity"),
    ],
    'unknown_field': [
        ('error', "tests/rulebooks/bad/unknown_field.yaml:21:31: 未知的名称 'kinds'：它不是证据类型 'activity' 的字段\n  您是不是想写 'kind'？\n  提示：可用的名称：date, kind, unit_type"),
    ],
    'unknown_function': [
        ('error', "tests/rulebooks/bad/unknown_function.yaml:21:15: 未知的函数 'cnt'\n  您是不是想写 'count'？\n  提示：可用的函数：abs, add_months, avg, ceil, coalesce, count, date, date_of, days, distinct, end_of_month, exists, floor, is_blank, len, max, max_of, min, min_of, month, months_between, periods_met, periods_short, quarter, rate, round, sum, workdays, year"),
    ],
    'unknown_key': [
        # the misspelt key is reported once, with the suggestion (not also as "missing 'points'")
        ('error', "tests/rulebooks/bad/unknown_key.yaml:20:9: 未知的键 'point'（在 categories 第1项 > items 第1项）\n  您是不是想写 'points'？\n  提示：这一层可以写的键：applies_to、applies_when、base、bonuses、count_met、criteria、deductions、discretionary、floor、full_marks、grade_points、id、items、linear、max_deduction、method、no、note、outcomes、per_period、points、proportional、rank、reference、scaled、text、tiers、title、todo、value、verified_by、when"),
    ],
    'unused_evidence_type': [
        ('warning', "tests/rulebooks/bad/unused_evidence_type.yaml:13:3: 证据类型 'honor' 声明了但没有任何规则用到\n  提示：如果不再考核，删除这个证据类型；否则在规则里用到它，例如 count(honor) >= 1"),
    ],
    'veto_unknown_category': [
        ('error', "tests/rulebooks/bad/veto_unknown_category.yaml:27:15: 'wrk' 不是类别 id\n  您是不是想写 'work'？\n  提示：类别 id：work"),
    ],
    'wrong_type': [
        ('error', "tests/rulebooks/bad/wrong_type.yaml:20:17: '十分' 不是数字（在 categories 第1项 > items 第1项 > points）\n  提示：写一个数字，例如 2 或 0.5"),
    ],
    'yaml_syntax': [
        ('error', 'tests/rulebooks/bad/yaml_syntax.yaml:12:11: YAML 格式错误：花括号 { } 没有成对，或者两项之间少了逗号\n  提示：检查上一行的 { } 或 [ ] 是否成对，各项之间用英文逗号分开'),
    ],
}


def test_every_case_has_an_expectation() -> None:
    assert sorted(p.stem for p in (ROOT / BAD).glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_library_finds_the_planted_problems(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    found = scoring.check_rulebook(str(BAD / f"{case}.yaml"))
    assert [(p.severity, str(p)) for p in found] == EXPECTED[case]


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_cli_prints_each_problem_located(case: str, run) -> None:
    r = run("check", BAD / f"{case}.yaml")
    errors = sum(sev == "error" for sev, _ in EXPECTED[case])
    assert r.exit_code == (1 if errors else 0)
    lines = []
    for sev, text in EXPECTED[case]:
        where, _, message = text.partition(": ")  # "file:line:col" then the message
        label = "错误" if sev == "error" else "警告"
        first, *rest = message.split("\n")
        lines += [f"{where}: {label}：{first}", *rest]
    summary = f"{BAD / case}.yaml：{errors} 个错误，{len(EXPECTED[case]) - errors} 个警告。"
    assert r.stdout.splitlines() == lines + [summary]


def test_bundled_rulebook_is_clean(run) -> None:
    r = run("check", RULES)
    assert (r.exit_code, r.stdout) == (0, "rules/2023/x-county-fulian.yaml：没有发现问题。\n")


def test_json_output(run) -> None:
    import json

    r = run("check", BAD / "unknown_key.yaml", "--format", "json")
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    assert data["ok"] is False
    assert [(d["code"], d["severity"], d["where"], d["suggestion"]) for d in data["errors"]] == [
        ("rulebook.schema", "error", "tests/rulebooks/bad/unknown_key.yaml:20:9", "points")]


def test_missing_file(run) -> None:
    r = run("check", "rules/2023/nope.yaml")
    assert r.exit_code == 1
    assert r.stdout.startswith("rules/2023/nope.yaml: 错误：无法读取文件：找不到这个文件或文件夹")
