"""Renderers: each takes a result (plain data) and returns text or bytes. None imports the engine.

``terminal`` is the only one that imports rich, and only the CLI imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["get_renderer"]


def get_renderer(name: str) -> Callable[[Any], str | bytes]:
    """The renderer for a ``--format`` name; raises ``ScoringError`` for a format not built yet."""
    from ..errors import ScoringError

    if name == "json":
        from .json import render_json

        return render_json
    raise ScoringError(f"暂不支持输出格式 '{name}'", hint="可用：table、json")
