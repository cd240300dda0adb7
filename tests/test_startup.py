"""What ``import scoring`` loads: not the command line, not the web stack, not the cluster engine, not a pool."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

HEAVY = ("rich", "typer", "fastapi", "jinja2", "uvicorn", "dask", "distributed", "concurrent.futures.process",
         "multiprocessing")


def test_import_scoring_loads_none_of_the_heavy_parts() -> None:
    code = ("import scoring, sys; heavy = " + repr(HEAVY)
            + "; print(sorted(m for m in heavy if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_scoring_a_batch_loads_no_pool_until_asked() -> None:
    code = (f"import scoring, sys; b = scoring.load_rulebook({str(ROOT / 'rules/2023/x-county-fulian.yaml')!r}); "
            f"scoring.score_folder(b, {str(ROOT / 'evidence/2023')!r}); "
            "print('multiprocessing' in sys.modules, 'dask' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_a_command_imports_only_itself_and_app_still_has_every_command() -> None:
    code = (f"import sys; sys.argv = ['scoring', 'score', {str(ROOT / 'rules/2023/x-county-fulian.yaml')!r}, "
            f"{str(ROOT / 'evidence/2023/x-xiang')!r}, '-f', 'json']\n"
            "from scoring.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('\\nLOADED', sorted(m for m in sys.modules if m.startswith('scoring.cli._') and m != "
            "'scoring.cli._common' and m != 'scoring.cli._lang'), 'scoring.render.terminal' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PATH": "/usr/bin:/bin", "SCORING_CACHE": "off"}).stdout
    assert '"total": 100.0' in out  # it did score x-xiang (100 points, as the bundled example says)
    assert out.rsplit("LOADED", 1)[1].split() == ["['scoring.cli._score']", "False"]
    from scoring import cli
    from scoring.cli import app

    assert {c.name for c in app.registered_commands} | {g.name for g in app.registered_groups} == set(cli.COMMANDS)


def test_the_collector_is_handed_back_as_it_was() -> None:
    import gc

    from scoring.collector import GC_THRESHOLD0, batch_gc

    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    with batch_gc():
        assert gc.get_threshold()[0] == max(GC_THRESHOLD0, before[0]) and gc.get_freeze_count() > 0
        with batch_gc():  # nested: still managed
            assert gc.get_freeze_count() > 0
        assert gc.get_threshold()[0] == max(GC_THRESHOLD0, before[0])
    assert gc.get_threshold() == before and gc.get_freeze_count() == frozen
    with batch_gc():  # garbage in a cycle made while managed is still collected afterwards
        y: list[object] = []
        y.append(y)
        ref = __import__("weakref").ref(_Box(y))
    del y
    gc.collect()
    assert ref() is None


class _Box:
    def __init__(self, v: object) -> None:
        self.v = v
        self.me = self


def test_scoring_with_a_warm_plan_cache_imports_no_compiler(tmp_path: Path) -> None:
    """The cached path loads what scoring one unit needs: not the compiler, the expression checker, the
    rule-file schema's messages, the clause kinds this rulebook does not use, nor the batch machinery."""
    code = (f"import sys; sys.argv = ['scoring', 'score', {str(ROOT / 'rules/2023/x-county-fulian.yaml')!r}, "
            f"{str(ROOT / 'evidence/2023/x-xiang')!r}, '-f', 'json']\n"
            "from scoring.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('\\nLOADED', ' '.join(sorted(m for m in sys.modules if m.startswith(('scoring.', 'rich', 'ruamel')))))")
    env = {"PATH": "/usr/bin:/bin", "SCORING_CACHE_DIR": str(tmp_path)}
    cold = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout
    warm = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout
    assert len(list(tmp_path.iterdir())) == 1  # the first run wrote the entry the second one read
    assert cold.rsplit("LOADED", 1)[0] == warm.rsplit("LOADED", 1)[0]  # the same JSON, byte for byte
    assert '"total": 100.0' in warm
    cold_modules = set(cold.rsplit("LOADED", 1)[1].split())
    loaded = set(warm.rsplit("LOADED", 1)[1].split())
    compiling = {"scoring.compile.compiler", "scoring.compile.schema_errors", "scoring.expr._check",
                 "scoring.expr._codegen", "scoring.clauses.rank", "scoring.clauses.scaled"}
    assert compiling <= cold_modules  # compiling the rulebook (the cold run) does use them
    assert not loaded & compiling
    assert not loaded & {"scoring.engine._batch", "scoring.engine._parallel", "scoring.engine._stream"}
    assert not loaded & {"scoring.evidence.readers.xlsx", "scoring.evidence.readers.csv"}  # a folder of YAML files
    assert not {m for m in loaded if m == "rich" or m.startswith("rich.")}  # JSON is written without rich
    assert not {m for m in loaded if m.startswith("ruamel")}  # plain YAML evidence: the quick composer
    assert {"scoring.clauses.line_per_record", "scoring.engine._score"} <= loaded  # what this rulebook uses


def test_a_unit_scored_alone_without_cross_unit_rules_shares_nothing() -> None:
    """The share of a unit scored alone, made without validation, is exactly the validated defaults."""
    import scoring
    from scoring.engine._attribute import share_alone
    from scoring.models.transfer import Share

    book = scoring.load_rulebook(ROOT / "rules/2023/x-county-fulian.yaml")
    share = share_alone(book, scoring.load_evidence(ROOT / "evidence/2023/x-xiang", book))
    validated = Share(batch=False)
    assert share == validated and share.model_dump() == validated.model_dump()
    assert share.model_fields_set == validated.model_fields_set == {"batch"}


def test_help_imports_no_engine_compiler_or_renderer() -> None:
    """``scoring --help`` registers every command but imports only the command line (no engine, no models)."""
    code = ("import sys; sys.argv = ['scoring', '--help']\n"
            "from scoring.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('\\nLOADED', ' '.join(sorted(m for m in sys.modules\n"
            "                                  if m.startswith(('scoring.', 'rich', 'ruamel', 'pydantic')))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PATH": "/usr/bin:/bin"}).stdout
    shown, loaded = out.rsplit("LOADED", 1)
    assert "score" in shown and "new-year" in shown  # the help lists the commands
    outside = {m for m in loaded.split() if not m.startswith("scoring.cli")}
    assert outside <= {"scoring.files", "scoring.i18n"}  # no model (pydantic), no rich, no ruamel.yaml
