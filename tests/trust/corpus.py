"""The bad-input corpus: one small case per class of bad input the issue names (#13), built by this script.

``python -m tests.trust.corpus DEST`` writes it; ``build(dest)`` returns the cases. Each case is a rule file
and an evidence root holding the unit ``u`` (the case) and a good unit ``ok`` (so that ``rank`` shows that one
broken unit does not stop the others). ``where`` is the text the message must contain to locate the problem
(file and line, or file/sheet/row/column), written here from the case itself, never from the tool's output.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules" / "2023" / "x-county-fulian.yaml"
GOOD_UNIT = ROOT / "evidence" / "2023" / "x-xiang"


@dataclass(frozen=True)
class Case:
    name: str
    kind: str  # "rulebook": the rule file is bad; "evidence": the unit u is bad
    rulebook: Path
    root: Path
    where: str  # must appear in the located message
    words: str = ""  # and this (what is wrong), when given

    @property
    def unit(self) -> Path:
        return self.root / "u"


def _line_of(text: str, needle: str, col: bool = True) -> str:
    for n, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return f":{n}:{line.index(needle) + 1}" if col else f":{n}"
    raise AssertionError(needle)


def _rule_cases() -> list[tuple[str, str | bytes, str | None, str]]:
    """(name, rule file content, text whose position the message must name (None: the file alone), words)."""
    good = RULES.read_text(encoding="utf-8")
    deep_yaml = "id: t\nx: " + "[" * 5000 + "]" * 5000 + "\n"
    deep_block = "id: t\n" + "".join(" " * i + f"k{i}:\n" for i in range(200)) + " " * 200 + "v: 1\n"
    return [
        ("empty", "", None, "文件是空的"),
        ("whitespace", "  \n\n\t\n", None, "文件是空的"),
        ("bom-only", b"\xef\xbb\xbf", None, "文件是空的"),
        ("comment-only", "# 只有注释\n", None, "文件是空的"),
        ("unclosed-quote", good.replace("title: 走访慰问活动不少于2次", 'title: "走访慰问活动不少于2次', 1),
         '"走访慰问活动不少于2次', "引号"),
        ("control-char", good.replace("title: 走访慰问活动不少于2次", "title: 走访慰问\x07活动不少于2次", 1),
         "\x07", "控制字符"),
        ("long-number", good.replace("points: 20", "points: " + "9" * 5000, 1), "9" * 50, "数字"),
        ("huge-exponent", good.replace("points: 20", "points: 1e1000000", 1), "1e1000000", "数字"),
        ("deep-flow", deep_yaml, None, "嵌套"),
        ("deep-block", deep_block, None, "嵌套"),
        ("deep-json", '{"a":' * 5000 + "1" + "}" * 5000, None, "嵌套"),
        ("huge-file", "id: t\n" + "# 填充\n" * 3_000_000, None, "太大"),
        ("long-string", good.replace("title: 走访慰问活动不少于2次", "title: " + "长" * 200_000, 1), "长" * 20, "太长"),
        ("alias-bomb", "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)),
         None, "别名"),
        ("python-tag", good.replace("title: 走访慰问活动不少于2次", "title: !!python/object:os.system echo", 1),
         "!!python", "标签"),
        ("bad-template", good.replace("reason: 逾期报送：{record}", "reason: '逾期报送：{record.__class__}'", 1),
         "{record.__class__}", "占位符"),
        ("huge-template-width", good.replace("reason: 逾期报送：{record}", "reason: '{record:>400000000}'", 1),
         "{record:>", "宽度"),
        ("not-utf8", good.encode("gbk", errors="replace"), None, "UTF-8"),
        ("nul-bytes", good.replace("title: 走访慰问活动不少于2次", "title: 走访\x00慰问", 1), "\x00", "控制字符"),
    ]


def _evidence_cases() -> list[tuple[str, Callable[[Path], str], str]]:
    """(name, break the unit folder u and return the text the message must contain, words)."""

    def write(name: str, content: str | bytes) -> Callable[[Path], str]:
        def f(u: Path) -> str:
            p = u / name
            if isinstance(content, bytes):
                p.write_bytes(content)
            else:
                p.write_text(content, encoding="utf-8")
            return str(p)
        return f

    def replace_in(name: str, old: str, new: str, at: str | None = None, col: bool = True) -> Callable[[Path], str]:
        def f(u: Path) -> str:
            p = u / name
            text = p.read_text(encoding="utf-8").replace(old, new, 1)
            p.write_text(text, encoding="utf-8")
            return str(p) + (_line_of(text, at, col) if at else "")
        return f

    def special(kind: str) -> Callable[[Path], str]:
        def f(u: Path) -> str:
            p = u / ("活动.csv" if kind != "loop" else "loop.yaml")
            if kind == "fifo":
                os.mkfifo(p)
            elif kind == "dangling":
                p.symlink_to(u / "nowhere.csv")
            elif kind == "loop":
                p.symlink_to(u / "loop2.yaml")
                (u / "loop2.yaml").symlink_to(p)
            elif kind == "outside":
                p.symlink_to(RULES)
            elif kind == "device":
                p.symlink_to("/dev/zero")
            return str(p)
        return f

    padded = "编号,日期,活动类别,活动名称\nc-1,2023-03-08" + " " * 50_000 + ",慰问,慰问活动\n"
    return [
        ("empty-record-file", write("活动.csv", ""), "文件是空的"),
        ("bom-only-record-file", write("activities2.yaml", b"\xef\xbb\xbf"), "文件是空的"),
        ("whitespace-record-file", write("petitions2.yaml", "\n   \n"), "文件是空的"),
        ("empty-unit-file", write("unit.yaml", ""), "文件是空的"),
        ("huge-fact", replace_in("unit.yaml", "households: 2900", "households: 1e1000000", "1e1000000"), "数字"),
        ("long-fact", replace_in("unit.yaml", "households: 2900", "households: " + "9" * 30, "9" * 30), "数字"),
        ("huge-claim", replace_in("unit.yaml", "petitions: 10", "petitions: 1e999999", "1e999999"), "数字"),
        ("padded-date", write("活动.csv", padded), "日期"),
        ("unknown-suffix", write("活动.rtf", "{\\rtf1 活动}"), "不能读取"),
        ("unicode-text-export", lambda u: write("活动.txt", "\ufeff日期\t活动类别\t活动名称\n2023-03-08\t慰问\t\n"
                                                .encode("utf-16-le"))(u) + "/第2行", "活动名称"),
        ("word-file", write("总结.docx", b"PK\x03\x04"), "不能读取"),
        ("wps-file", write("活动.et", b"\xd0\xcf\x11\xe0"), "不能读取"),
        ("fifo", special("fifo"), "不是普通文件"),
        ("dangling-link", special("dangling"), "链接"),
        ("link-loop", special("loop"), "链接"),
        ("link-outside", special("outside"), "链接"),
        ("link-to-device", special("device"), "链接"),
        ("duplicate-id", replace_in("activities.yaml", "id: hd-02,", "id: hd-01,", "id: hd-01,", col=False), "重复"),
        ("deep-record-yaml", write("more.yaml", "activity: " + "[" * 5000 + "]" * 5000 + "\n"), "嵌套"),
        ("stale-review", write("reviews.yaml", "rejected:\n  - record: hd-03\n    reason: 不符\n    reviewer: 张三\n"
                                               "    judged: {date: '2023-03-20', kind: 宣讲, title: 别的活动}\n"),
         "改动过"),
        ("unknown-review-record", write("reviews.yaml", "rejected:\n  - record: hd-99\n    reason: 不符\n"), "不存在"),
    ]


def build(dest: Path) -> list[Case]:
    """Write every case under ``dest`` (which must not exist) and return them."""
    dest.mkdir(parents=True)
    cases: list[Case] = []
    for name, content, at, words in _rule_cases():
        d = dest / f"rule-{name}"
        d.mkdir()
        book = d / "rules.yaml" if name != "deep-json" else d / "rules.json"
        if isinstance(content, bytes):
            book.write_bytes(content)
        else:
            book.write_text(content, encoding="utf-8")
        text = content.decode("utf-8", errors="replace") if isinstance(content, bytes) else content
        where = str(book) + (_line_of(text, at) if at else "")
        root = d / "evidence"
        shutil.copytree(GOOD_UNIT, root / "u")
        shutil.copytree(GOOD_UNIT, root / "ok")
        (root / "ok" / "unit.yaml").write_text(
            (GOOD_UNIT / "unit.yaml").read_text(encoding="utf-8").replace("id: x-xiang", "id: ok-xiang"), encoding="utf-8")
        cases.append(Case(f"rule-{name}", "rulebook", book, root, where, words))
    for name, breaker, words in _evidence_cases():
        d = dest / f"evidence-{name}"
        d.mkdir()
        book = d / "rules.yaml"
        book.write_bytes(RULES.read_bytes())
        root = d / "evidence"
        shutil.copytree(GOOD_UNIT, root / "u")
        shutil.copytree(GOOD_UNIT, root / "ok")
        (root / "ok" / "unit.yaml").write_text(
            (GOOD_UNIT / "unit.yaml").read_text(encoding="utf-8").replace("id: x-xiang", "id: ok-xiang"), encoding="utf-8")
        where = breaker(root / "u")
        cases.append(Case(f"evidence-{name}", "evidence", book, root, where, words))
    return cases


if __name__ == "__main__":  # pragma: no cover - a helper for looking at the corpus by hand
    for c in build(Path(sys.argv[1])):
        print(c.name, c.where)
