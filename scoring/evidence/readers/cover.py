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
from ...errors import EvidenceError, ScoringError
from ...location import Location
from ...values import is_blank
from .table import Formula, col_letter

__all__ = ["CLAIM_HEADERS", "COVER", "LISTS", "UNIT_KEYS", "cover_to_unit"]

COVER = "封面"
LISTS = "下拉选项"  # the template's hidden sheet of long dropdown lists
UNIT_KEYS = {"id": "单位编号", "name": "单位名称", "type": "单位类型"}
CLAIM_HEADERS = ("序号", "编号", "考核项目", "分值", "自评分", "失分原因", "整改措施")


def _val(v: Any) -> Any:
    return v.strip() if isinstance(v, str) else v


_EXAMPLE = {"id": "x-xiang", "name": "X乡"}


def cover_to_unit(rows: Iterable[tuple[int, Sequence[Any]]], path: str,
                  errors: list[ScoringError] | None = None) -> tuple[dict[str, Any], Positions, bool]:
    """unit.yaml-shaped data and positions from the cover's rows; the flag says whether anything was filled in.

    A blank 单位编号 or 单位名称 is reported here, at its cell and in the cover's words, and the rest of the cover
    is still checked (a placeholder keeps the schema from stopping there), so every problem comes in one pass.
    Blank rows keep their position, so that a missing 单位类型 or 单位数据 is reported at its cell too."""
    data: dict[str, Any] = {}
    facts: dict[str, Any] = {}
    claims: dict[str, Any] = {}
    at0 = Location(path=path, sheet=COVER)
    pos: Positions = {(): at0, ("facts",): at0, ("claims",): at0}
    in_table = False
    filled = False
    blanks: dict[str, int] = {}

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
            if key in UNIT_KEYS:
                pos[(key, "<value>")] = pos[(key,)] = at(r, 1, UNIT_KEYS[key])
                blanks[key] = r
            elif key.startswith("facts."):
                name = key[len("facts."):]
                pos[("facts", name, "<value>")] = pos[("facts", name)] = at(r, 1, str(c[0] or name))
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
    if filled and errors is not None:
        for key in ("id", "name"):
            if key in data:
                continue
            label = UNIT_KEYS[key]
            where = f"B{blanks[key]}" if key in blanks else "B 列"
            errors.append(EvidenceError(
                f"封面没有填写“{label}”", location=pos.get((key,)) or at0,
                hint=f"在“{COVER}”工作表的 {where} 格填写{label}，例如 {_EXAMPLE[key]}"))
            data[key] = f"（未填写{label}）"  # checked above; the placeholder lets the other checks run
    return data, pos, filled
