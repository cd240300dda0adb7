"""Break-out and resource attempts: each is rejected at load, cleanly, and the evidence is untouched.

The corpus starts from simpleeval's own ``tests/test_security.py`` (dunder
chains, ``__import__``, format-string tricks, huge powers and repetitions) and
adds what a rule file can try here: method calls on evidence, names the
generated code uses internally, YAML tags that construct objects, alias bombs,
and data that makes arithmetic explode at run time.

No test here asserts on time. The bounds are structural (MAX_LENGTH before
parsing, MAX_DEPTH, MAX_NODES while checking, MAX_EXPONENT / MAX_PLACES at run
time), and the tests check that each bound is what stops the attempt.
"""

from __future__ import annotations

import ast
import copy
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

import scoring
from scoring.expr import (
    MAX_DEPTH,
    MAX_LENGTH,
    MAX_NODES,
    NUMBER,
    TEXT,
    EvalContext,
    FieldInfo,
    RecordTypeInfo,
    Scope,
    _check,
    compile_expression,
    decimal_context,
    list_of,
)

ROOT = Path(__file__).resolve().parent.parent
RULES_2023 = ROOT / "rules" / "2023" / "x-county-fulian.yaml"

ACT = RecordTypeInfo("activity", {
    "participants": FieldInfo("participants", NUMBER),
    "x": FieldInfo("x", NUMBER, optional=True),
    "y": FieldInfo("y", NUMBER, optional=True),
    "kind": FieldInfo("kind", TEXT),
    "tags": FieldInfo("tags", list_of(TEXT)),
})
SCOPE = Scope(record_types={"activity": ACT})
WHERE = scoring.Location(path="rules/evil.yaml", line=7, col=13)


def _evidence() -> dict[str, object]:
    # A *list* for tags on purpose: if anything ever ran tags.clear(), this would show it.
    return {"participants": Decimal(12), "x": Decimal(2), "y": None, "kind": "宣讲", "tags": ["妇联", "宣讲"]}


BREAKOUTS = [
    # dunder chains (simpleeval test_security)
    "().__class__.__bases__[0].__subclasses__()",
    "''.__class__.__mro__[1].__subclasses__()",
    "kind.__class__",
    "tags.__class__.__base__",
    "(1).__class__",
    "__class__",
    "__builtins__",
    "__import__('os').system('echo hi')",
    "__import__",
    "x.__globals__",
    "participants.func_globals",
    # dangerous builtins by name
    "eval('1+1')",
    "exec('import os')",
    "open('/etc/passwd')",
    "getattr(kind, 'upper')",
    "setattr(kind, 'a', 1)",
    "compile('1', 'x', 'eval')",
    "globals()",
    "locals()",
    "vars()",
    "dir()",
    "type(kind)",
    "breakpoint()",
    "input()",
    "print(kind)",
    "help()",
    "isinstance(kind, str)",
    "rand()",
    "randint(10)",
    # the generated code's own names: unreachable, they start with '_' or are not in scope
    "_k0",
    "_f_min(1, 2)",
    "_nn(x, 'x')",
    "_pow(2, 1000000)",
    "_t0",
    "r",
    "c",
    "r['kind']",
    "c.vars",
    # method calls on data
    "tags.clear()",
    "tags.append('x')",
    "kind.upper()",
    "kind.format()",
    "min(tags.pop(), 'a')",
    "len(tags.copy())",
    # format-string tricks
    '"{0.__class__}".format(kind)',
    '"{0.__class__.__init__.__globals__}".format(kind)',
    '"{x}".format_map(tags)',
    'f"{kind.__class__}"',
    'f"{participants}"',
    'f"{kind!r:>{participants}}"',
    '"%s" % kind',
    '"%s" % participants',
    # lambdas, comprehensions, assignment, starred, subscripts, slices
    "lambda: 1",
    "(lambda: 1)()",
    "[k for k in tags]",
    "{k for k in tags}",
    "{k: 1 for k in tags}",
    "(k for k in tags)",
    "sum(1 for k in tags)",
    "(x := 1)",
    "min(*tags)",
    "[*tags]",
    "tags[0]",
    "kind[0:1]",
    "kind[::-1]",
    "{'a': 1}",
    "{1, 2}",
    # statements and other syntax
    "import os",
    "x = 1",
    "del x",
    "1; import os",
    "1\nimport os",
    "await x",
    "(yield)",
    "kind is None",
    "x is not None",
    "None",
    "...",
    "b'bytes' == b'bytes'",
    "1j == 1j",
    "~1",
    "1 << 10000",
    "1 | 2",
    "1 @ 2",
    # resources
    "9**9**9",
    "9 ** 9 ** 9 ** 9",
    "10 ** 10000",
    "participants ** 1000",
    "participants ** 0.5",
    "participants ** (2 ** 3)",
    "'a' * 10 ** 9",
    "kind * 1000000000",
    "[1] * 10 ** 9",
    "tags * participants",
    "kind + 1",
    "round(x, 100000)",
    "round(x, 0.5)",
    "1" + "0" * 200,
    "1e999999",
    "1" * 41,
    '"' + "a" * 1001 + '"',
    "1 in [" + ", ".join(["1"] * 1001) + "]",
    "(" * 1000 + "1" + ")" * 1000,
    "(" * 33 + "1" + ")" * 33,
    "[" * 40 + "1" + "]" * 40,
    "-" * 1999 + "1",
    "not " * 10000 + "true",
    "not " * 490 + "true",
    "1" + " + 1" * 499,
    "participants" + " + participants" * 130,
    "x" * (MAX_LENGTH + 1),
    "min(" * (MAX_DEPTH + 1) + "1" + ")" * (MAX_DEPTH + 1),
]


@pytest.mark.parametrize("text", BREAKOUTS, ids=lambda t: repr(t[:40]))
def test_breakout_rejected_at_load(text: str) -> None:
    evidence = _evidence()
    before = copy.deepcopy(evidence)
    with pytest.raises(scoring.ExpressionError) as info:
        compile_expression(text, SCOPE, location=WHERE, record=ACT)
    err = info.value
    assert err.location is not None and err.location.path == "rules/evil.yaml" and err.location.line is not None
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err.message)  # a Chinese message, for county staff
    assert "Traceback" not in str(err)
    assert evidence == before


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("tags.clear()", "不能调用方法"),
        ("kind.__class__", "不允许用 '.' 访问属性"),
        ("__import__('os')", "未知的函数 '__import__'"),
        ("__builtins__", "下划线开头"),
        ("eval('1')", "未知的函数 'eval'"),
        ('"{0.__class__}".format(kind)', "不能调用方法"),
        ('f"{kind}"', "f 字符串"),
        ("[k for k in tags]", "推导式"),
        ("lambda: 1", "lambda"),
        ("(x := 1)", "赋值"),
        ("tags[0]", "下标"),
        ("9**9**9", "连续乘方"),
        ("participants ** 1000", "指数"),
        ("'a' * 10 ** 9", "不能对 文本 和 数值 做 '*' 运算"),
        ("(" * 1000 + "1" + ")" * 1000, "太长"),
        ("(" * 40 + "1" + ")" * 40, "嵌套太深"),
        ("min(" + ", ".join(["1"] * 450) + ")", "太复杂"),
        ("round(x, 100000)", "小数位数"),
    ],
    ids=lambda v: repr(v[:30]),
)
def test_rejection_says_what_is_not_allowed(text: str, fragment: str) -> None:
    with pytest.raises(scoring.ExpressionError) as info:
        compile_expression(text, SCOPE, location=WHERE, record=ACT)
    assert fragment in info.value.message
    assert info.value.hint  # and how to fix it


def test_location_points_inside_the_expression() -> None:
    with pytest.raises(scoring.ForbiddenError) as info:
        compile_expression("participants >= 10 and tags.clear()", SCOPE, location=WHERE, record=ACT)
    # 'tags.clear()' starts at character 24 of the expression, which starts at column 13
    assert info.value.location is not None
    assert (info.value.location.line, info.value.location.col) == (7, 13 + 23)


def test_accepted_expressions_cannot_change_the_evidence() -> None:
    # What the language can do with a list field: read it. Nothing else reaches it.
    evidence = _evidence()
    before = copy.deepcopy(evidence)

    class Rec:
        id, source, values = "a-1", "a.yaml", evidence

    for text in ['"妇联" in tags', "len(tags) >= 2", '"x" not in tags and kind in ["宣讲"]', "is_blank(y)"]:
        e = compile_expression(text, SCOPE, record=ACT)
        with decimal_context():
            assert e.evaluate(EvalContext({}, {}), Rec()) is True
    assert evidence == before


# -- structural bounds on checking -------------------------------------------------------------------


def test_long_text_is_rejected_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a text over MAX_LENGTH reached the parser")

    monkeypatch.setattr("scoring.expr._check.ast.parse", no_parse)
    with pytest.raises(scoring.ForbiddenError, match="太长"):
        compile_expression("1 + " * 10_000 + "1", SCOPE, record=ACT)


def test_deep_brackets_are_rejected_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a text nested over MAX_DEPTH reached the parser")

    monkeypatch.setattr("scoring.expr._check.ast.parse", no_parse)
    with pytest.raises(scoring.ForbiddenError, match="嵌套太深"):
        compile_expression("(" * (MAX_DEPTH + 1) + "1" + ")" * (MAX_DEPTH + 1), SCOPE, record=ACT)


@pytest.mark.parametrize(
    "text",
    [
        "1" + " + 1" * ((MAX_LENGTH - 1) // 4),  # as many nodes as fit in MAX_LENGTH
        "-" * (MAX_LENGTH - 1) + "1",  # as deep as fits
        "not " * ((MAX_LENGTH - 4) // 4) + "true",
        " < ".join(["1"] * (MAX_LENGTH // 4)),  # one wide chain
        "min(" + ", ".join(["x"] * (MAX_LENGTH // 3 - 2)) + ")",  # one wide call
        "[" + ",".join(["1"] * (MAX_LENGTH // 2 - 1)) + "]",
    ],
)
def test_checking_work_is_bounded_by_max_nodes(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # The most work a text within MAX_LENGTH can ask for: the checker stops after MAX_NODES nodes
    # (or MAX_DEPTH levels) instead of walking the whole tree.
    assert len(text) <= MAX_LENGTH
    visits = 0
    real = _check._Checker.visit

    def counting(self: _check._Checker, node: ast.AST, rec: RecordTypeInfo | None, depth: int) -> object:
        nonlocal visits
        visits += 1
        return real(self, node, rec, depth)

    monkeypatch.setattr(_check._Checker, "visit", counting)
    with pytest.raises(scoring.ForbiddenError):
        compile_expression(text, SCOPE, location=WHERE, record=ACT)
    assert visits <= MAX_NODES + 1


# -- run-time guards: data cannot make an accepted expression hang or escape --------------------------


class _Rec:
    def __init__(self, values: dict[str, object]) -> None:
        self.id, self.source, self.values = "act-7", "evidence/活动.yaml", values


@pytest.mark.parametrize(
    ("text", "x", "y", "fragment"),
    [
        ("x ** y", Decimal(10), Decimal(10) ** 9, "乘方的指数"),  # exponent from data, a billion
        ("x ** y", Decimal(10), Decimal("1E+999999"), "乘方的指数"),
        ("x ** y", Decimal(2), Decimal("0.5"), "乘方的指数"),
        ("x ** y", Decimal("1E+999999"), Decimal(100), "数值过大"),
        ("x ** y", Decimal(0), Decimal(-1), "除数为 0"),
        ("x * y", Decimal("1E+999999"), Decimal("1E+999999"), "数值过大"),
        ("x / y", Decimal(1), Decimal(0), "除数为 0"),
        ("x // y", Decimal("1E+999999"), Decimal("1E-999999"), "无效的算术运算"),
        ("round(x, y)", Decimal(1), Decimal("1E+999999"), "小数位数"),  # would build a million-digit int
        ("round(x, y)", Decimal(1), Decimal("-1E+999999"), "小数位数"),
        ("x + y", Decimal(1), None, "为空"),
        ("round(coalesce(y, y))", Decimal(1), None, "为空"),
    ],
)
def test_runtime_guards_raise_evaluation_error(text: str, x: object, y: object, fragment: str) -> None:
    e = compile_expression(text, SCOPE, record=ACT)
    values = {"participants": Decimal(1), "x": x, "y": y, "kind": "宣讲", "tags": ("a",)}
    before = dict(values)
    with decimal_context(), pytest.raises(scoring.EvaluationError) as info:
        e.evaluate(EvalContext({}, {}), _Rec(values))
    assert fragment in info.value.message
    assert "act-7" in info.value.message and "evidence/活动.yaml" in info.value.message  # names the record
    assert values == before


# -- rule files: YAML tags and alias bombs --------------------------------------------------------------

_WHEN = 'when: exists(activity, kind == "进校园宣讲")'


def _rulebook_with(replacement: str) -> str:
    text = RULES_2023.read_text(encoding="utf-8")
    assert _WHEN in text
    return text.replace(_WHEN, replacement, 1)


def test_bundled_rulebook_still_parses() -> None:
    # The fixture the tests below start from is valid, so their errors come from the injected text.
    assert scoring.parse_rulebook(RULES_2023.read_text(encoding="utf-8"), "x.yaml").id == "x-county-fulian-2023"


@pytest.mark.parametrize(
    "tag",
    [
        '!!python/object/apply:os.system ["touch {marker}"]',
        "!!python/object/apply:subprocess.check_output [[touch, '{marker}']]",
        '!!python/object/new:subprocess.Popen [["touch", "{marker}"]]',
        "!!python/name:os.system ''",
        "!!python/module:os ''",
        '!!python/object:builtins.dict {{a: "{marker}"}}',
        '!custom "{marker}"',
    ],
)
def test_yaml_tags_never_construct_anything(tag: str, tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    text = _rulebook_with("when: " + tag.format(marker=marker))
    with pytest.raises(scoring.YamlError) as info:
        scoring.parse_rulebook(text, "rules/evil.yaml")
    assert info.value.location is not None
    assert "标签" in info.value.message and info.value.location.line == 190
    assert not marker.exists()


def test_expression_breakout_inside_a_rule_file_is_located() -> None:
    text = _rulebook_with('when: "().__class__.__bases__[0].__subclasses__()"')
    with pytest.raises(scoring.ForbiddenError) as info:
        scoring.parse_rulebook(text, "rules/evil.yaml")
    assert str(info.value.location) == "rules/evil.yaml:190:20"


_BOMB = textwrap.dedent(
    """
    import resource, sys, scoring
    resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))
    lines = ['id: bomb', 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i-1}"] * 9) + "]")
    try:
        scoring.parse_rulebook("\\n".join(lines) + "\\n", "bomb.yaml")
    except scoring.YamlError as e:
        print("REJECTED", e.location, e.message)
    """
)


def test_yaml_alias_bomb_fails_fast_with_a_clear_error() -> None:
    # A billion laughs: 9**10 values from a few hundred bytes. Run in a child process with a memory cap
    # (1.5 GB address space) and a 20 s limit, so a regression cannot take the test run down with it.
    try:
        out = subprocess.run([sys.executable, "-c", _BOMB], capture_output=True, text=True, timeout=20,
                             cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    except subprocess.TimeoutExpired:
        pytest.fail("the alias bomb was not rejected within 20 s")
    assert out.returncode == 0, out.stderr[-500:]
    assert "REJECTED bomb.yaml:" in out.stdout and "别名" in out.stdout


def test_list_literals_are_compiled_to_tuples() -> None:
    # A list written in a rule is a constant tuple in a slot: nothing at run time can grow or change it.
    e = compile_expression('kind in ["宣讲", "培训"]', SCOPE, record=ACT)
    assert e.source == "lambda r, c: (r['kind'] in _k0)"
    cells = dict(zip(e.fn.__code__.co_freevars, (c.cell_contents for c in e.fn.__closure__ or ()), strict=True))
    assert cells == {"_k0": ("宣讲", "培训")}
    assert e.fn.__globals__ == {"__builtins__": {}}  # nothing else is reachable from the compiled code


@pytest.mark.parametrize("text", ["id: x\na: &a [*a]\n", "id: x\na: &a {b: *a}\n"])
def test_yaml_recursive_alias_is_a_yaml_error(text: str) -> None:
    with pytest.raises(scoring.YamlError) as info:
        scoring.parse_rulebook(text, "rules/evil.yaml")
    assert info.value.location is not None
    assert info.value.location.line == 2
