"""The template's cover sheet (封面): its layout, and reading it back as unit.yaml data.

Unit details are rows with the label in column A, the value in column B and a
key in column C (``id``, ``name``, ``type``, ``facts.<name>``); the
self-assessment table starts at a row whose columns A and B read 序号 and 编号,
then one row per item: A 序号, B 编号 (item id), C 考核项目, D 分值, E 自评分,
F 失分原因, G 整改措施. Rows are matched by these keys, not by position, so a
township inserting a row does not break the read-back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ...compile.yaml import Positions
from ...location import Location
from ...values import is_blank
from .table import Formula, col_letter

__all__ = ["CLAIM_HEADERS", "COVER", "UNIT_KEYS", "cover_to_unit"]

COVER = "封面"
UNIT_KEYS = {"id": "单位编号", "name": "单位名称", "type": "单位类型"}
CLAIM_HEADERS = ("序号", "编号", "考核项目", "分值", "自评分", "失分原因", "整改措施")


def _val(v: Any) -> Any:
    return v.strip() if isinstance(v, str) else v


def cover_to_unit(rows: Iterable[tuple[int, Sequence[Any]]], path: str) -> tuple[dict[str, Any], Positions, bool]:
    """unit.yaml-shaped data and positions from the cover's rows; the flag says whether anything was filled in."""
    data: dict[str, Any] = {}
    facts: dict[str, Any] = {}
    claims: dict[str, Any] = {}
    at0 = Location(path=path, sheet=COVER)
    pos: Positions = {(): at0, ("facts",): at0, ("claims",): at0}
    in_table = False
    filled = False

    def at(r: int, j: int, head: str) -> Location:
        return Location(path=path, sheet=COVER, row=r, column=f"{head}（{col_letter(j)}）")

    for r, cells in rows:
        c = [None if isinstance(v, Formula) else _val(v) for v in cells] + [None] * 7
        if tuple(str(x or "") for x in c[:2]) == CLAIM_HEADERS[:2]:
            in_table = True
            continue
        if in_table:
            item = c[1]
            if is_blank(item) or is_blank(c[4]) and is_blank(c[5]) and is_blank(c[6]):
                continue
            filled = True
            key = str(item)
            claim = {"points": c[4]} if is_blank(c[5]) and is_blank(c[6]) else {
                "points": c[4], **({"reason": str(c[5])} if not is_blank(c[5]) else {}),
                **({"measure": str(c[6])} if not is_blank(c[6]) else {})}
            claims[key] = claim["points"] if len(claim) == 1 else claim
            pos[("claims", key)] = at(r, 1, "编号")
            pos[("claims", key, "<value>")] = at(r, 4, "自评分")
            pos[("claims", key, "points", "<value>")] = at(r, 4, "自评分")
            continue
        key = str(c[2] or "").strip()
        if is_blank(c[1]):
            continue
        if key in UNIT_KEYS:
            data[key] = str(c[1])
            pos[(key, "<value>")] = pos[(key,)] = at(r, 1, UNIT_KEYS[key])
            filled = True
        elif key.startswith("facts."):
            name = key[len("facts."):]
            facts[name] = c[1]
            pos[("facts", name, "<value>")] = pos[("facts", name)] = at(r, 1, str(c[0] or name))
            filled = True
    data["facts"] = facts
    data["claims"] = claims
    return data, pos, filled
