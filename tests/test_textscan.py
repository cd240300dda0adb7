"""The pass before the YAML parser: control characters found and located (one search for a clean text)."""

from __future__ import annotations

import pytest

from scoring.errors import YamlError
from scoring.textscan import _CONTROL, control_character, prescan


def test_the_one_search_finds_exactly_the_control_characters() -> None:
    for o in [*range(0x10000), *range(0x10000, 0x10100), 0x10FFFF]:
        ch = chr(o)
        assert (_CONTROL.match(ch) is not None) == control_character(ch), hex(o)


@pytest.mark.parametrize(("text", "where", "hint"), [
    ("a: b\x07c\n", "x.yaml:1:5", "删除这个字符：它常常是从网页或其他软件复制文字时带进来的"),
    ("a: 1\nb: 1  # x\x01\n", "x.yaml:2:10", "删除这个字符"),  # in a comment: found when the comment is skipped
])
def test_a_control_character_is_located(text: str, where: str, hint: str) -> None:
    with pytest.raises(YamlError) as e:
        prescan(text, "x.yaml")
    assert str(e.value.location) == where and e.value.hint == hint and e.value.code == "input.control-character"


def test_a_clean_text_passes() -> None:
    prescan("a: 1\n# 注释\nb: [1, {c: 2}]\n", "x.yaml")
