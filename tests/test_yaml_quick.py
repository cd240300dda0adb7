"""The quick composer (scoring/compile/_quick.py) composes exactly what ruamel.yaml composes, or declines.

Checked on every YAML file of the repository and on generated documents, including broken ones: a text that
ruamel.yaml refuses is always declined, so its message stays ruamel.yaml's, and a text the quick composer
takes gives the same nodes (kinds, tags, values, styles, positions) and so the same data and positions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st
from ruamel.yaml import YAML

from scoring.compile import _nodes, _quick, yaml as syaml
from scoring.errors import YamlError

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(p for d in ("rules", "evidence", "tests", "docs") for p in (ROOT / d).rglob("*")
               if p.suffix in (".yaml", ".yml") and p.is_file())


def _sig(n: Any) -> Any:
    """A node as ruamel.yaml's composer leaves it: what scoring.compile.yaml's builder reads of it."""
    base = (type(n).__name__, str(n.tag), n.start_mark.line, n.start_mark.column)
    if n.id == "scalar":
        return (*base, n.value, n.style, n.end_mark.line)
    if n.id == "mapping":
        return (*base, tuple((_sig(k), _sig(v)) for k, v in n.value))
    return (*base, tuple(_sig(x) for x in n.value))


def _ruamel(text: str) -> Any:
    try:
        node = YAML(typ="rt", pure=True).compose(text)
    except Exception:  # noqa: BLE001 - any refusal: the quick composer must decline it too
        return "refused"
    return None if node is None else _sig(node)


def _same_or_declined(text: str) -> bool:
    """True when the quick composer took the text (and then it must match ruamel.yaml)."""
    quick = _quick.compose(text)
    if quick is None:
        return False
    assert _sig(quick) == _ruamel(text), text
    return True


def test_the_repository_files_compose_as_with_ruamel() -> None:
    taken = [p for p in FILES if _same_or_declined(p.read_text(encoding="utf-8-sig"))]
    assert len(FILES) > 40 and len(taken) > 25


def test_the_bundled_evidence_is_composed_quickly_and_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    files = sorted((ROOT / "evidence" / "2023").rglob("*.yaml"))
    assert all(_quick.compose(p.read_text(encoding="utf-8")) is not None for p in files)
    quick = [syaml.load_yaml_file(p) for p in files]
    monkeypatch.setattr(syaml, "quick_compose", lambda text: None)  # ruamel.yaml for every file
    assert [syaml.load_yaml_file(p) for p in files] == quick  # the same data and every position


def test_the_tags_of_plain_scalars_are_ruamel_yamls() -> None:
    """The copy of ruamel.yaml's YAML 1.2 implicit resolvers in ``_nodes`` is its table, entry for entry."""
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.resolver import VersionedResolver

    resolver = VersionedResolver()
    theirs = {ch: [(tag, rx.pattern, rx.flags) for tag, rx in entries]
              for ch, entries in resolver.versioned_resolver.items()}
    ours = {ch: [(tag, rx.pattern, rx.flags) for tag, rx in entries] for ch, entries in _nodes.TABLE.items()}
    assert ours == theirs
    for value in ["", "~", "null", "Null", "true", "False", "yes", "1", "-1", "0o7", "0x1F", "1_000", "1.5", ".5",
                  "-.inf", ".nan", "1e3", "2023-01-01", "2023-1-1", "2023-01-01 10:00:00", "<<", "=", "中文", "x"]:
        assert _nodes.resolve(value) == str(resolver.resolve(ScalarNode, value, (True, False))), value


def test_a_plain_file_is_read_without_importing_ruamel_yaml() -> None:
    import subprocess
    import sys

    code = (f"from scoring.compile.yaml import load_yaml_file; import sys\n"
            f"load_yaml_file({str(ROOT / 'evidence/2023/x-xiang/activities.yaml')!r})\n"
            "print(any(m.startswith('ruamel') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False"]


def test_what_the_subset_leaves_out_is_declined() -> None:
    for text in ['a: "q"\n', "a: 'q'\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: |\n  x\n", "a: >\n  x\n",
                 "a: x\n  y\n", "a:\tb\n", "---\na: 1\n", "%YAML 1.2\n---\na: 1\n", "a: {b: 1,\n  c: 2}\n",
                 "a:  # 空\nb: 1\n", "a:\n", "  a: 1\n", "a: b: c\n", "? a\n: b\n", "a: [1, 2,]\n", "a: {}\n",
                 "- - x\n", "a: 1\r\nb: 2\r\n", "a : 1\n", "a: x\u2028y\n", "# only a comment\n", ""]:
        assert _quick.compose(text) is None, text


def test_a_declined_file_keeps_ruamel_yamls_message() -> None:
    text = "a: 1\n b: 2\n"  # bad indentation: ruamel.yaml's error, in Chinese, located
    assert _quick.compose(text) is None
    with pytest.raises(YamlError) as e:
        syaml.load_yaml_text(text, "x.yaml")
    assert str(e.value.location) == "x.yaml:2:3"


# -- generated documents: plain ones the subset covers, with the pieces that trip YAML up mixed in -----------------

_ATOMS = ["x", "中文", "a b", "a:b", "a #b", "a#b", "-5", "- x", "x: y", "1.5", "2023-01-01", "null", "~", "true",
          "yes", "0x1F", "0o7", "1_000", "中文，标点", "a, b", "[a", "{a", "a]", "}", "?x", "", "x  # c", "'q'", '"d"',
          "http://h", "-", "1e3", ".5", "+1", "007", "True", "NULL", "a%", "%a", "@a", "a'b", "&a x", "*a", "!t x",
          "|", ">", "a:", ":a", "a ,b", "1:2", "12:30", "-.inf", ".nan", "0b11", "2023-1-1", "《法》宣讲", "标题（一）"]
_KEYS = ["a", "b", "id", "中文", "k k", "1", "title", "kind", "a ", "-k", "?k", "k#", "null", "2023-01-01", "<<",
         "[k]"]
_COMMENTS = ["", "", "  # c", " #c", "#c", " "]

atoms = st.sampled_from(_ATOMS)
flows = st.recursive(atoms, lambda inner: st.one_of(
    st.tuples(st.lists(st.tuples(st.sampled_from(_KEYS[:7]), inner), max_size=3), st.sampled_from(["}", " }", ",}", ""]))
    .map(lambda t: "{" + ", ".join(f"{k}: {v}" for k, v in t[0]) + t[1]),
    st.tuples(st.lists(inner, max_size=3), st.sampled_from(["]", " ]", ",]", ""]))
    .map(lambda t: "[" + ", ".join(t[0]) + t[1])), max_leaves=6)


@st.composite
def blocks(draw: st.DrawFn, indent: int = 0, depth: int = 0) -> list[str]:
    rows: list[str] = []
    pad = " " * indent
    if depth < 3 and draw(st.booleans()):
        for _ in range(draw(st.integers(1, 3))):
            key, comment = draw(st.sampled_from(_KEYS)), draw(st.sampled_from(_COMMENTS))
            if draw(st.booleans()):
                rows.append(f"{pad}{key}: {draw(st.one_of(atoms, flows))}{comment}")
            else:
                rows.append(f"{pad}{key}:{comment}")
                if draw(st.integers(0, 4)):
                    rows += draw(blocks(indent + draw(st.sampled_from([0, 2, 2, 4, 1])), depth + 1))
    else:
        for _ in range(draw(st.integers(1, 3))):
            kind = draw(st.integers(0, 2)) if depth < 3 else 0
            if kind == 0:
                rows.append(f"{pad}- {draw(st.one_of(atoms, flows))}{draw(st.sampled_from(_COMMENTS))}")
            elif kind == 1:
                sub = draw(blocks(indent + 2, depth + 1))
                rows += [f"{pad}- {sub[0].lstrip(' ')}", *sub[1:]]
            else:
                rows.append(f"{pad}-{draw(st.sampled_from(_COMMENTS))}")
                rows += draw(blocks(indent + draw(st.sampled_from([2, 4, 1])), depth + 1))
    if draw(st.integers(0, 9)) == 0:
        rows.insert(draw(st.integers(0, len(rows))), draw(st.sampled_from(["", "# c", "   # c"])))
    return rows


@settings(max_examples=400, deadline=None)
@given(rows=blocks(), end=st.sampled_from(["\n", ""]))
def test_a_generated_document_composes_as_with_ruamel_or_is_declined(rows: list[str], end: str) -> None:
    _same_or_declined("\n".join(rows) + end)
