"""Chinese by default; English with --lang en or an English locale; the .mo is the compiled .po."""

from __future__ import annotations

import gettext

import pytest

from scoring import i18n as _i18n

from .conftest import EVIDENCE, RULES


def test_mo_matches_po() -> None:
    po, mo = _i18n.catalogue_paths("en")
    assert mo.read_bytes() == _i18n.compile_po(po.read_text(encoding="utf-8")), (
        "scoring.mo is stale: run python3 -m scoring.i18n")
    # and the standard library reads it
    with mo.open("rb") as f:
        t = gettext.GNUTranslations(f)
    assert t.gettext("核定分") == "Awarded"
    assert t.gettext("共 {n} 个单位，{ok} 个评分完成") == "{n} units, {ok} scored"


def test_every_translation_keeps_the_placeholders() -> None:
    po, _ = _i18n.catalogue_paths("en")
    import re

    for zh, en in _i18n.read_po(po.read_text(encoding="utf-8")).items():
        if zh:
            assert sorted(re.findall(r"\{\w+\}", zh)) == sorted(re.findall(r"\{\w+\}", en)), zh


@pytest.mark.parametrize(("env", "lang"), [
    ({"LANG": "en_US.UTF-8"}, "en"), ({"LANG": "zh_CN.UTF-8"}, "zh"), ({"LANG": "C.UTF-8"}, "zh"), ({}, "zh"),
    ({"LANG": "zh_CN.UTF-8", "LC_ALL": "en_GB.UTF-8"}, "en"), ({"LANG": "en_US", "LC_ALL": "zh_CN"}, "zh")])
def test_language_from_env(env: dict[str, str], lang: str) -> None:
    assert _i18n.language_from_env(env) == lang


def test_rank_in_english(run) -> None:
    r = run("--lang", "en", "rank", RULES, EVIDENCE)
    assert "┃ Rank ┃ ID      ┃ Unit ┃ Total ┃ Maximum ┃ Grade  ┃ Vetoes " in r.stdout
    # engine data (grades, veto titles) stays Chinese
    assert "│    2 │ w-xiang │ W乡  │    95 │     100 │ 良好   │ No top grade：发生涉妇女儿童重大舆情（一票否优） " in r.stdout
    assert r.stdout.rstrip().endswith("4 units, 4 scored")


def test_english_from_the_locale_and_help(run) -> None:
    r = run("score", RULES, EVIDENCE / "x-xiang", "-f", "csv", env={"LANG": "en_US.UTF-8"})
    assert r.stdout.lstrip("\ufeff").startswith("No.,ID,Item,Points,Self-assessed,Awarded,Reasons for deductions")
    h = run("check", "--help", env={"LANG": "en_US.UTF-8"}).stdout
    assert "Check a rule file (no evidence needed)" in h and "The rule file to check" in h
    h = run("--lang", "en", "--help").stdout
    assert "explain   Explain one item in full" in h


def test_chinese_by_default_even_after_english(run) -> None:
    run("--lang", "en", "check", RULES)
    r = run("check", RULES)
    assert r.stdout == "rules/2023/x-county-fulian.yaml：没有发现问题。\n"
    assert "检查规则文件（不需要证据）" in run("check", "--help").stdout


def test_help_pages_speak_the_chosen_language_throughout(run) -> None:
    """Not only the help texts: click's and typer's own words on a help page (用法, 参数, 选项, 命令, the help
    option, required and default marks) are Chinese by default and English with --lang en."""
    top = run("--help").stdout
    assert top.startswith("用法：scoring [选项] 命令 [参数]...\n")
    assert "\n选项：\n" in top and "\n命令：\n" in top
    assert "-h, --help      显示本帮助后退出\n" in top
    rank = run("rank", "--help").stdout
    assert rank.startswith("用法：scoring rank [选项] ")
    assert "\n参数：\n" in rank and "\n选项：\n" in rank
    assert "rulebook <path>  规则文件，例如 rules/2023/x-county-fulian.yaml  [必填]" in rank
    assert "[默认：table]" in rank
    flat = " ".join(rank.split())  # the jobs option's words wrap at the terminal's width
    assert "-j, --jobs N " in rank and "[默认：0；不小于 0]" in flat
    english = ("Usage:", "Options", "Arguments", "Commands", "Show this message", "[required]", "default:",
               "int range", "x>=")
    for page in (top, rank, run("evidence", "--help").stdout, run("evidence", "check", "--help").stdout):
        assert not [w for w in english if w in page], page
    en = run("--lang", "en", "rank", "--help").stdout
    assert en.startswith("Usage: scoring rank [OPTIONS] ")
    assert "\nArguments:\n" in en and "\nOptions:\n" in en and "Show this message and exit." in en
    assert "[required]" in en and "[default: table]" in en
    assert "--jobs <int range>" in en and "x>=0" in " ".join(en.split())
    assert run("--help").stdout == top  # Chinese again after English, in the same process
