"""The language of the command line and the reports: Chinese by default, English on request.

Standard gettext: the source strings are Chinese (the msgids), the English catalogue is
``scoring/locale/en/LC_MESSAGES/scoring.po``, compiled to ``scoring.mo`` beside it with
:func:`compile_po` (``python3 -m scoring.i18n`` rewrites the ``.mo``; a test checks they match).

Only the words of the tool itself are translated (column headers, labels, summaries, help texts).
Messages from the engine and the ledger's reasons are Chinese data and stay Chinese.
"""

from __future__ import annotations

import ast
import gettext as _gettext
import os
import struct
from collections.abc import Mapping
from pathlib import Path

__all__ = ["LANGUAGES", "compile_po", "gettext", "get_language", "language_from_env", "read_po", "set_language"]

DOMAIN = "scoring"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("zh", "en")

_current: _gettext.NullTranslations = _gettext.NullTranslations()
_lang = "zh"


def language_from_env(environ: Mapping[str, str] | None = None) -> str:
    """``en`` when the locale (LC_ALL, then LC_MESSAGES, then LANG) starts with ``en``, else ``zh``."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:
            return "en" if value.lower().startswith("en") else "zh"
    return "zh"


def set_language(lang: str | None) -> str:
    """Use ``lang`` (``zh`` or ``en``; ``None``: from the environment) for later messages. Returns it."""
    global _current, _lang
    lang = language_from_env() if lang is None else lang
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}")
    if lang == "zh":
        _current = _gettext.NullTranslations()
    else:
        _current = _gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)
    _lang = lang
    return lang


def get_language() -> str:
    return _lang


def gettext(message: str) -> str:
    """``message`` (Chinese) in the current language."""
    return _current.gettext(message)


# -- catalogues: a small, standard .po reader and .mo writer (the format of GNU msgfmt) ------------

def read_po(text: str) -> dict[str, str]:
    """``msgid → msgstr`` of a .po file (no plural forms; fuzzy and untranslated entries are skipped)."""
    out: dict[str, str] = {}
    fuzzy = False
    key: str | None = None
    parts: dict[str, list[str]] = {}

    def flush() -> None:
        nonlocal fuzzy
        if "msgid" in parts and "msgstr" in parts:
            mid, mstr = "".join(parts["msgid"]), "".join(parts["msgstr"])
            if mstr and not (fuzzy and mid):
                out[mid] = mstr
        parts.clear()
        fuzzy = False

    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("#"):
            if "msgid" in parts and "msgstr" in parts:
                flush()
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            continue
        if not line:
            continue
        if line.startswith("msgid "):
            if "msgstr" in parts:
                keep = fuzzy
                flush()
                fuzzy = keep
            key, line = "msgid", line[6:]
        elif line.startswith("msgstr "):
            key, line = "msgstr", line[7:]
        elif not line.startswith('"'):
            raise ValueError(f"cannot read .po line: {raw!r}")
        assert key is not None
        parts.setdefault(key, []).append(ast.literal_eval(line))
    flush()
    return out


def compile_po(text: str) -> bytes:
    """The .mo bytes for a .po text: what ``msgfmt`` writes (no hash table), keys sorted, deterministic."""
    catalog = read_po(text)
    keys = sorted(catalog, key=lambda k: k.encode("utf-8"))
    ids = b""
    strs = b""
    offsets: list[tuple[int, int, int, int]] = []
    for k in keys:
        kb, vb = k.encode("utf-8"), catalog[k].encode("utf-8")
        offsets.append((len(ids), len(kb), len(strs), len(vb)))
        ids += kb + b"\0"
        strs += vb + b"\0"
    n = len(keys)
    keystart = 7 * 4 + 16 * n
    valuestart = keystart + len(ids)
    koffsets: list[int] = []
    voffsets: list[int] = []
    for o1, l1, o2, l2 in offsets:
        koffsets += [l1, o1 + keystart]
        voffsets += [l2, o2 + valuestart]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, n, 7 * 4, 7 * 4 + n * 8, 0, 0)
    return header + struct.pack(f"{len(koffsets)}i", *koffsets) + struct.pack(
        f"{len(voffsets)}i", *voffsets) + ids + strs


def catalogue_paths(lang: str = "en") -> tuple[Path, Path]:
    base = LOCALE_DIR / lang / "LC_MESSAGES"
    return base / f"{DOMAIN}.po", base / f"{DOMAIN}.mo"


if __name__ == "__main__":  # python3 -m scoring.i18n: recompile the catalogues
    for lang in LANGUAGES[1:]:
        po, mo = catalogue_paths(lang)
        mo.write_bytes(compile_po(po.read_text(encoding="utf-8")))
        print(f"wrote {mo}")
