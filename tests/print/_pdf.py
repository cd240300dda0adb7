"""Printed pages, checked the way a reader would: LibreOffice or Chromium makes the PDF, pdfplumber reads it.

``office_pdf`` converts a workbook with ``soffice --headless --convert-to pdf`` (a fresh user profile per run,
so no earlier state can change the result); ``chromium_pdf`` prints an HTML file. ``overlaps`` lists pairs of
words whose boxes intersect (text drawn over text: what a row too low for its wrapped text produces), and
``column_text`` reads the text of one column of a table, top to bottom, whatever the other columns hold.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

__all__ = ["chromium_pdf", "column_text", "contains", "flat", "office_pdf", "overlaps", "pdfplumber", "words"]

import pytest

if os.environ.get("CI", "").lower() not in ("1", "true", "yes"):  # in the test extra: under CI a missing one fails
    pytest.importorskip("pdfplumber", reason="pdfplumber not installed: pip install -e '.[test]'")
import pdfplumber  # noqa: E402

logging.getLogger("pdfminer").setLevel(logging.ERROR)  # Chromium's CJK subset fonts lack a FontBBox; harmless


def _tool(names: tuple[str, ...], package: str) -> str:
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    msg = f"{names[0]} not installed: apt-get install {package}"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{msg} (CI=true: .ci/run installs it, so its absence is an error)")
    pytest.skip(msg)


def office_pdf(xlsx: Path, tmp: Path) -> Path:
    soffice = _tool(("soffice", "libreoffice"), "libreoffice-calc-nogui")
    profile = tmp / "lo-profile"
    out = tmp / "pdf"
    proc = subprocess.run([soffice, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
                           "--convert-to", "pdf", "--outdir", str(out), str(xlsx)],
                          capture_output=True, text=True, timeout=180, check=False)
    pdf = out / (xlsx.stem + ".pdf")
    assert proc.returncode == 0 and pdf.exists(), proc.stderr[-2000:]
    return pdf


def chromium_pdf(html: Path, tmp: Path) -> Path:
    from ..render_html._browser import chromium

    pdf = tmp / (html.stem + ".pdf")
    args = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", f"--user-data-dir={tmp / 'chromium-profile'}", "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}", html.resolve().as_uri()]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=180, check=False)
    assert proc.returncode == 0 and pdf.exists(), proc.stderr[-2000:]
    return pdf


def words(page: Any) -> list[dict[str, Any]]:
    return list(page.extract_words(x_tolerance=1, y_tolerance=1, keep_blank_chars=False, use_text_flow=False))


def overlaps(page: Any, slack: float = 0.6) -> list[tuple[str, str]]:
    """Pairs of words on the page whose boxes intersect by more than ``slack`` points both ways."""
    ws = sorted(words(page), key=lambda w: w["top"])
    out = []
    for i, a in enumerate(ws):
        for b in ws[i + 1:]:
            if b["top"] >= a["bottom"] - slack:
                break
            dx = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            dy = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            if dx > slack and dy > slack:
                out.append((a["text"], b["text"]))
    return out


def column_text(page: Any, left: str, right: str) -> str:
    """The text between the header words ``left`` and ``right`` (e.g. 序号 … 分值), whitespace removed."""
    ws = words(page)
    lo = next((w for w in ws if w["text"] == left), None)
    hi = next((w for w in ws if w["text"] == right and (lo is None or w["x0"] > lo["x1"])), None)
    if lo is None or hi is None:
        return ""
    region = page.within_bbox((lo["x1"] + 0.5, 0, hi["x0"] - 0.5, page.height))
    return flat(region.extract_text() or "")


def contains(hay: str, needle: str) -> bool:
    """``flat(needle)`` in ``hay``, where a CJK radical-supplement character in ``hay`` (⻓ U+2ED3, which
    Chromium's PDF writes for 长 and NFKC does not map back) stands for any character."""
    pattern = "".join(f"(?:{re.escape(c)}|[\u2e80-\u2eff])" for c in flat(needle))
    return re.search(pattern, hay) is not None


def flat(text: str) -> str:
    """Whitespace removed and NFKC-normalised: Chromium's PDF maps some CJK glyphs to Kangxi radicals (⼲ for 干)."""
    return "".join(unicodedata.normalize("NFKC", text).split())
