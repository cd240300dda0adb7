"""JSON: the result model itself, with exact decimal numbers."""

from __future__ import annotations

from pydantic import BaseModel

from ..jsonio import to_json

__all__ = ["render_json"]


def render_json(result: BaseModel) -> str:
    return to_json(result)
