"""The compiled-rulebook cache: same results, used when nothing changed, invalidated by any byte of the rule
file or of a file it extends, safe to delete or damage, off on request."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

import scoring
from scoring import plan_cache
from scoring.plan_cache import load_rulebook_cached

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules" / "2023" / "x-county-fulian.yaml"
UNIT = ROOT / "evidence" / "2023" / "y-zhen"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("SCORING_CACHE_DIR", str(where))
    monkeypatch.delenv("SCORING_CACHE", raising=False)
    return where


def _json(book: scoring.Rulebook) -> str:
    return scoring.to_json(scoring.score(book, scoring.load_evidence(UNIT, book)))


def _no_parsing(monkeypatch) -> None:
    def refuse(path):
        raise AssertionError(f"{path} was parsed although the cache had it")

    monkeypatch.setattr(plan_cache, "load_rulebook", refuse)


def test_a_second_load_comes_from_the_cache_with_the_same_result(cache, tmp_path, monkeypatch):
    rules = tmp_path / "r.yaml"
    shutil.copy(RULES, rules)
    first = load_rulebook_cached(rules)
    assert _json(first) == _json(scoring.load_rulebook(rules))
    assert len(list(cache.iterdir())) == 1
    _no_parsing(monkeypatch)
    assert _json(load_rulebook_cached(rules)) == _json(first)


def test_any_byte_change_of_the_file_is_a_new_entry(cache, tmp_path, monkeypatch):
    rules = tmp_path / "r.yaml"
    text = RULES.read_text(encoding="utf-8")
    rules.write_text(text, encoding="utf-8")
    load_rulebook_cached(rules)
    rules.write_text(text.replace("title: 2023年度", "title: 2023 年度", 1), encoding="utf-8")
    book = load_rulebook_cached(rules)
    assert book.title.startswith("2023 年度")
    rules.write_text(text + "\n", encoding="utf-8")  # one byte more, nothing else
    load_rulebook_cached(rules)
    assert len(list(cache.iterdir())) == 3


def test_a_change_in_the_extended_file_invalidates(cache, tmp_path):
    parent = tmp_path / "2023.yaml"
    child = tmp_path / "2024.yaml"
    shutil.copy(RULES, parent)
    child.write_text("extends: 2023.yaml   # 只写改动\nid: c-2024\nyear: 2024\n"
                     "period: {start: 2024-01-01, end: 2024-12-31}\n", encoding="utf-8")
    assert load_rulebook_cached(child).title == scoring.load_rulebook(parent).title
    parent.write_text(parent.read_text(encoding="utf-8").replace("title: 2023年度", "title: 改过的", 1),
                      encoding="utf-8")
    again = load_rulebook_cached(child)
    assert again.title.startswith("改过的")
    assert again.title == scoring.load_rulebook(child).title


def test_a_damaged_entry_is_rebuilt_and_the_cache_can_be_deleted(cache, tmp_path):
    rules = tmp_path / "r.yaml"
    shutil.copy(RULES, rules)
    want = _json(load_rulebook_cached(rules))
    [entry] = cache.iterdir()
    entry.write_bytes(b"not a pickle")
    assert _json(load_rulebook_cached(rules)) == want
    shutil.rmtree(cache)
    assert _json(load_rulebook_cached(rules)) == want


def test_off_means_off(cache, tmp_path, monkeypatch):
    monkeypatch.setenv("SCORING_CACHE", "off")
    load_rulebook_cached(RULES)
    assert not cache.exists()


def test_a_rule_file_with_errors_still_reports_them(cache, tmp_path):
    rules = tmp_path / "bad.yaml"
    rules.write_text(RULES.read_text(encoding="utf-8").replace("points: 10\n", "points: 十\n", 1), encoding="utf-8")
    with pytest.raises(scoring.RulebookError):
        load_rulebook_cached(rules)
    assert not cache.exists() or not list(cache.iterdir())


def _functions(book: scoring.Rulebook) -> list[Any]:
    return [e.fn for e in scoring.plan_of(book).all_exprs()]


def test_a_cached_expression_is_the_compiled_function_without_compiling_again(monkeypatch):
    import pickle

    from scoring.expr import _codegen

    book = scoring.load_rulebook(RULES)
    data = pickle.dumps(book)

    def refuse(source, slots):
        raise AssertionError(f"{source} was compiled again under the Python that wrote it")

    monkeypatch.setattr(_codegen, "rebuild", refuse)
    again = pickle.loads(data)
    pairs = list(zip(_functions(book), _functions(again), strict=True))
    assert len(pairs) >= 30  # the bundled rulebook's conditions, amounts and values
    for fn, revived in pairs:
        assert revived is not fn and revived.__code__ == fn.__code__
        assert [c.cell_contents for c in revived.__closure__ or ()] == [c.cell_contents for c in fn.__closure__ or ()]
        assert revived.__globals__ == {"__builtins__": {}}  # no builtins, as when compiled
    assert _json(again) == _json(book)


def test_under_another_python_a_cached_expression_is_compiled_from_its_source(monkeypatch):
    import pickle

    from scoring.expr import _codegen, _revive

    book = scoring.load_rulebook(RULES)
    data = pickle.dumps(book)
    monkeypatch.setattr("sys.version", "another Python")  # the code objects were written by this one
    revived: list[str] = []
    compiled: list[str] = []
    real_revive, real_rebuild = _revive.revive, _codegen.rebuild

    def count_revive(source, slots, frozen):
        revived.append(source)
        return real_revive(source, slots, frozen)

    def count_rebuild(source, slots):
        compiled.append(source)
        return real_rebuild(source, slots)

    monkeypatch.setattr("scoring.expr.revive", count_revive)
    monkeypatch.setattr(_codegen, "rebuild", count_rebuild)
    again = pickle.loads(data)
    assert len(revived) >= len(_functions(book)) and compiled == revived  # every one compiled from its source
    assert [f.__code__.co_code for f in _functions(again)] == [f.__code__.co_code for f in _functions(book)]
    assert _json(again) == _json(book)
