"""The HTML report in a real browser (Debian's chromium, headless): it renders, the DOM Chromium builds shows
the total and the charts, the screenshot has the bars in their colours, and the console stays silent.

Skipped with a visible reason where chromium is absent; under CI=true its absence fails the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import scoring
from scoring.render.html import render_html

from ..conftest import EVIDENCE_2023
from ._browser import chromium, count_colour, png_pixels, run
from ._dom import parse

BAR = (0x2F, 0x6F, 0xB3)  # --bar in the stylesheet
RED = (0xB3, 0x26, 0x1E)  # --red: a vetoed unit's bar


@pytest.fixture(scope="module")
def report(book2023: scoring.Rulebook, tmp_path_factory: pytest.TempPathFactory) -> Path:
    chromium()
    page = tmp_path_factory.mktemp("html") / "报告.html"
    page.write_text(render_html(scoring.score_folder(book2023, EVIDENCE_2023)), encoding="utf-8")
    return page


def test_chromium_renders_the_dom(report: Path, tmp_path: Path):
    dom, console = run(report, tmp_path / "profile", "--dump-dom")
    assert console == []
    doc = parse(dom)
    board = doc.find("table", "leaderboard").find("tbody").find_all("tr")
    assert [tr.find_all("td")[3].text() for tr in board] == ["100", "95", "62.3", "0"]
    assert len(doc.find("svg", "chart-units").find_all("rect", "bar")) == 4
    y = doc.find("section", data_unit="y-zhen")
    assert y.find("span", "total").text() == "62.3"
    assert len(y.find("svg", "chart-categories").find_all("rect", "bar")) == 2


def test_chromium_paints_the_charts(report: Path, tmp_path: Path):
    shot = tmp_path / "shot.png"
    # a 1000×700 CSS-pixel window at half scale: the leaderboard and its chart, 500×350 pixels to decode
    _, console = run(report, tmp_path / "profile", "--window-size=1000,700", "--force-device-scale-factor=0.5",
                     f"--screenshot={shot}")
    assert console == []
    width, height, rows = png_pixels(shot.read_bytes())
    assert (width, height) == (500, 350)
    assert count_colour(rows, BAR) > 500  # X乡 and Y镇's bars
    assert count_colour(rows, RED) > 200  # W乡's bar (一票否优) and the red rows


def test_the_console_check_catches_errors(tmp_path: Path):
    """The harness itself: a script and a network load (both blocked by the page's policy) reach the log."""
    chromium()
    page = tmp_path / "bad.html"
    html = render_html(scoring.result_from_json(_tiny_result_json()))
    page.write_text(html.replace(
        "</body>", '<img src="http://example.invalid/x.png"><script>throw new Error("boom")</script></body>'), encoding="utf-8")
    _, console = run(page, tmp_path / "profile", "--dump-dom")
    assert any("example.invalid" in line and "Content Security Policy" in line for line in console), console
    assert any("inline script" in line for line in console), console


def _tiny_result_json() -> str:
    return scoring.to_json(scoring.ScoreResult(
        rulebook={"id": "t", "title": "测试细则", "year": 2023}, unit={"id": "a", "name": "甲乡"},
        total=1, raw_total=1, max_total=2,
        items=[{"id": "c", "title": "类别", "kind": "category", "max_points": 2, "points": 1}]))
