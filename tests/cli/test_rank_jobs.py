"""``scoring rank --jobs N``: the same output, whatever the number of worker processes."""

from __future__ import annotations

from .conftest import EVIDENCE, RULES


def test_jobs_do_not_change_the_output(run) -> None:
    serial = run("rank", RULES, EVIDENCE, "-f", "json", "--jobs", "1")
    assert serial.exit_code == 0, serial.stderr
    two = run("rank", RULES, EVIDENCE, "-f", "json", "--jobs", "2")
    assert two.exit_code == 0, two.stderr
    assert two.stdout == serial.stdout
    auto = run("rank", RULES, EVIDENCE, "-f", "json")  # four units: automatic means in this process
    assert auto.stdout == serial.stdout


def test_negative_jobs_is_a_usage_error(run) -> None:
    r = run("rank", RULES, EVIDENCE, "--jobs", "-1")
    assert r.exit_code == 2
