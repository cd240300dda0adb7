"""Expression micro-benchmark (issue #6): this engine vs simpleeval vs a hand-written lambda.

    python3 bench/bench_expr.py                      # the three-way table, then the differential run
    python3 bench/bench_expr.py --records 100000 --repeat 5
    python3 bench/bench_expr.py --differential 100000
    python3 bench/bench_expr.py --differential 0     # table only

For each condition, µs per condition over the same generated records (dicts of
Decimal / str values, as the engine sees them), best of ``--repeat`` runs:

* ``engine``: the compiled function ``fn(r, c)`` that ``compile_expression`` returns;
* ``engine+guard``: the same through ``CompiledExpression.evaluate`` (error translation, as the engine calls it);
* ``simpleeval``: parsed once, ``s.eval(text, previously_parsed=tree)`` with ``names`` set per record;
* ``lambda``: a hand-written Python lambda over the same dict.

``--differential N`` then runs the differential check of tests/strategies.py on
N generated (expression, record) cases and exits non-zero on any disagreement.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from simpleeval import EvalWithCompoundTypes  # noqa: E402

from scoring.expr import (  # noqa: E402
    NUMBER,
    TEXT,
    EvalContext,
    FieldInfo,
    RecordTypeInfo,
    Scope,
    compile_expression,
    decimal_context,
)

ACTIVITY = RecordTypeInfo("activity", {
    "participants": FieldInfo("participants", NUMBER),
    "attended": FieldInfo("attended", NUMBER),
    "invited": FieldInfo("invited", NUMBER),
    "kind": FieldInfo("kind", TEXT),
})
SCOPE = Scope(record_types={"activity": ACTIVITY})

_K = Decimal("0.8")

CONDITIONS: list[tuple[str, str, Callable[[dict[str, Any]], Any]]] = [
    ("field threshold", "participants >= 10", lambda r: r["participants"] >= 10),
    ("ratio of two fields", "attended / invited >= 0.8", lambda r: r["attended"] / r["invited"] >= _K),
    ("membership in a list", 'kind in ["宣讲", "培训", "慰问"]', lambda r: r["kind"] in ("宣讲", "培训", "慰问")),
]

KINDS = ["宣讲", "培训", "慰问", "亲子阅读", "专题研究", "宣传教育"]


def make_records(n: int, seed: int = 6) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        invited = rng.randint(1, 200)
        out.append({
            "participants": Decimal(rng.randint(0, 40)),
            "attended": Decimal(rng.randint(0, invited)),
            "invited": Decimal(invited),
            "kind": rng.choice(KINDS),
        })
    return out


class _Rec:
    __slots__ = ("id", "source", "values")

    def __init__(self, i: int, values: dict[str, Any]) -> None:
        self.id, self.source, self.values = f"act-{i}", "bench", values


def best_of_interleaved(repeat: int, runs: dict[str, Callable[[], object]]) -> dict[str, float]:
    """Best time of each run; the runs take turns, so a busy machine slows all of them alike."""
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(repeat):
        for name, run in runs.items():
            t0 = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - t0)
    return best


def bench(n: int, repeat: int) -> list[dict[str, Any]]:
    records = make_records(n)
    wrapped = [_Rec(i, r) for i, r in enumerate(records)]
    ctx = EvalContext({}, {})
    rows = []
    for label, text, hand in CONDITIONS:
        compiled = compile_expression(text, SCOPE, record=ACTIVITY)
        fn = compiled.fn
        evaluate = compiled.evaluate
        s = EvalWithCompoundTypes(functions={}, names={})  # plain SimpleEval has no list literals
        tree = s.parse(text)

        def run_engine(fn: Callable[[Any, Any], Any] = fn) -> list[Any]:
            return [fn(r, None) for r in records]

        def run_guarded(evaluate: Callable[..., Any] = evaluate) -> list[Any]:
            return [evaluate(ctx, w) for w in wrapped]

        def run_simpleeval(s: EvalWithCompoundTypes = s, tree: Any = tree, text: str = text) -> list[Any]:
            out = []
            for r in records:
                s.names = r
                out.append(s.eval(text, previously_parsed=tree))
            return out

        def run_lambda(hand: Callable[[dict[str, Any]], Any] = hand) -> list[Any]:
            return [hand(r) for r in records]

        with decimal_context():
            expected = run_lambda()
            # (simpleeval reads 0.8 as a float, so it is timed here, not compared: 4/5 >= 0.8 is False there.)
            for name, run in [("engine", run_engine), ("engine+guard", run_guarded)]:
                got = run()
                if got != expected:
                    raise SystemExit(f"{name} disagrees with the lambda on {text!r}")
            times = best_of_interleaved(repeat, {
                "engine": run_engine, "engine+guard": run_guarded,
                "simpleeval": run_simpleeval, "lambda": run_lambda})
            times = {name: t / n * 1e6 for name, t in times.items()}
        rows.append({"label": label, "text": text, **times})
    return rows


def print_table(rows: Iterable[dict[str, Any]], n: int, repeat: int) -> bool:
    print(f"µs per condition, {n:,} records, best of {repeat} (python {sys.version.split()[0]})\n")
    head = "| condition | expression | engine | engine+guard | simpleeval | lambda | engine / lambda | engine+guard / lambda |"
    print(head)
    print("|---|---|--:|--:|--:|--:|--:|--:|")
    ok = True
    for r in rows:
        ratio, gratio = r["engine"] / r["lambda"], r["engine+guard"] / r["lambda"]
        ok = ok and ratio <= 3
        print(f"| {r['label']} | `{r['text']}` | {r['engine']:.3f} | {r['engine+guard']:.3f} | "
              f"{r['simpleeval']:.3f} | {r['lambda']:.3f} | {ratio:.2f}× | {gratio:.2f}× |")
    print(f"\ntarget (engine within 3× of the lambda): {'met' if ok else 'NOT met'}")
    return ok


def differential(n: int, seed: int = 20231231) -> int:
    """Run n generated cases; print the counts; return the number of disagreements."""
    from tests.strategies import gen_expression, gen_record, run_case

    rng = random.Random(seed)
    agreed = disagreed = errors = 0
    shown = 0
    per_expr = 4  # each generated expression is checked on several generated records
    t0 = time.perf_counter()
    while agreed + disagreed < n:
        text = gen_expression(rng, rng.choice(["bool", "bool", "number", "text", "date"]), rng.randint(0, 4))
        for _ in range(min(per_expr, n - agreed - disagreed)):
            out = run_case(text, gen_record(rng))
            if out.agree:
                agreed += 1
                errors += out.engine[0] == "error"
            else:
                disagreed += 1
                if shown < 10:
                    shown += 1
                    print(f"DISAGREE {text!r} on {out.record}: engine {out.engine}, oracle {out.oracle}")
    took = time.perf_counter() - t0
    print(f"differential: {n:,} cases, {agreed:,} agreed ({errors:,} of them errors on both sides), "
          f"{disagreed:,} disagreed, {took:.0f} s")
    return disagreed


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--records", type=int, default=100_000)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--differential", type=int, default=100_000, metavar="N",
                   help="generated cases for the engine-vs-oracle check (0 to skip)")
    args = p.parse_args(argv)
    ok = True
    if args.records:
        ok = print_table(bench(args.records, args.repeat), args.records, args.repeat)
    if args.differential:
        print()
        if differential(args.differential):
            return 1
    return 0 if ok else 2


if __name__ == "__main__":
    sys.exit(main())
