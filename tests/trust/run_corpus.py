"""Run the commands on corpus cases inside one process with a memory ceiling and a per-command time guard.

``python -m tests.trust.run_corpus CASES.json OUT.json``: CASES is a list of ``{"name", "argv": [[...], ...]}``;
OUT gets, per case and command, the exit code, stdout, stderr, and whether a guard stopped it. The guards are
limits, not measurements: ``RLIMIT_AS`` allows this process ``MEMORY_MB`` more address space than it had after
importing everything, and ``SECONDS`` of wall time per command (SIGALRM).
"""

from __future__ import annotations

import json
import resource
import signal
import sys
from typing import Any

MEMORY_MB = 500
SECONDS = 5


class Stalled(BaseException):
    """The time guard fired: not an Exception, so no handler in the tool can swallow it."""


def _vm_bytes() -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmSize")  # pragma: no cover


def main(cases_path: str, out_path: str) -> None:
    from typer.testing import CliRunner

    import scoring.cli
    import scoring.evidence  # noqa: F401  everything a command may import, before the ceiling
    import scoring.render.html  # noqa: F401
    import scoring.render.xlsx  # noqa: F401

    cases = json.loads(open(cases_path, encoding="utf-8").read())
    limit = _vm_bytes() + MEMORY_MB * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    def stalled(signum: int, frame: Any) -> None:
        raise Stalled()

    signal.signal(signal.SIGALRM, stalled)
    results: list[dict[str, Any]] = []
    for case in cases:
        runs = []
        for argv in case["argv"]:
            guard = ""
            signal.alarm(SECONDS)
            try:
                r = CliRunner().invoke(scoring.cli.app, argv, catch_exceptions=True)
                code, out, err = r.exit_code, r.stdout, r.stderr
                if r.exception is not None and not isinstance(r.exception, SystemExit):
                    import traceback

                    err += "".join(traceback.format_exception(r.exception))
            except Stalled:
                code, out, err, guard = -1, "", "", "time"
            except MemoryError:
                code, out, err, guard = -1, "", "", "memory"
            finally:
                signal.alarm(0)
            runs.append({"argv": argv, "exit": code, "stdout": out, "stderr": err, "guard": guard})
        results.append({"name": case["name"], "runs": runs})
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(results, f, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
