"""Renderers: each takes a result (plain data) and returns text or bytes. None imports the engine.

``terminal`` is the only one that imports rich, and only the CLI imports it.

====================  ========================  ==============================================
format                function                  output
====================  ========================  ==============================================
json                  ``json.render_json``      the result model, exact numbers
markdown              ``markdown.render_markdown``  a table for documents
csv                   ``csv.render_csv``        UTF-8 with BOM (Excel opens the Chinese text)
xlsx                  ``xlsx.render_xlsx``      the official score sheet (bytes)
html                  ``html.render_html``      one self-contained page
====================  ========================  ==============================================
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

__all__ = ["FORMATS", "available_formats", "get_renderer"]

FORMATS = ("table", "json", "markdown", "csv", "xlsx", "html")
"""Every ``--format`` name; ``table`` is the terminal view (rich), the others are files."""

_FUNCS = {"json": "render_json", "markdown": "render_markdown", "csv": "render_csv", "xlsx": "render_xlsx",
          "html": "render_html"}


def _load(name: str) -> Callable[[Any], str | bytes] | None:
    if name not in _FUNCS:
        return None
    try:
        module = importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as e:
        if e.name == f"{__name__}.{name}":
            return None
        raise
    fn: Callable[[Any], str | bytes] | None = getattr(module, _FUNCS[name], None)
    return fn


def available_formats() -> list[str]:
    """The formats this installation can write (``table`` always)."""
    return ["table"] + [n for n in _FUNCS if _load(n) is not None]


def get_renderer(name: str) -> Callable[[Any], str | bytes]:
    """The renderer for a ``--format`` name; raises ``ScoringError`` for a format not available."""
    from ..errors import ScoringError

    fn = _load(name)
    if fn is None:
        raise ScoringError(f"暂不支持输出格式 '{name}'", hint="可用：" + "、".join(available_formats()))
    return fn
