"""The benchmark's province batch: generated evidence for the bundled 2023 rubric, deterministic and seeded.

Plain data (the shape ``scoring.evidence_from_dict`` reads), so the engine and the hand-written
yardstick (``bench/yardstick.py``) start from the same raw values.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules" / "2023" / "x-county-fulian.yaml"

# The bundled rubric's evidence types and fields, in file order (the yardstick reads them from here too).
FIELDS: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    "petition": [("received_on", "date", ()), ("source", "enum", ("12338热线", "上级妇联交办", "来信", "来访")),
                 ("summary", "text", ()), ("closed", "bool", ())],
    "incident": [("date", "date", ()), ("kind", "enum", ("舆情事件", "通报批评", "媒体曝光", "侵权恶性案件", "重大舆情")),
                 ("level", "enum", ("乡镇级", "县级", "市级", "省级")), ("summary", "text", ()),
                 ("reminded", "bool", ()), ("force_majeure", "bool", ())],
    "activity": [("date", "date", ()),
                 ("kind", "enum", ("慰问", "宣讲", "进校园宣讲", "亲子阅读", "宣传培训", "防艾培训", "专题研究", "宣传教育")),
                 ("title", "text", ()), ("participants", "int", ())],
    "legal_aid": [("date", "date", ()), ("person", "text", ()), ("provided", "bool", ())],
    "document": [("date", "date", ()), ("kind", "enum", ("妇儿工委成立文件", "年度工作计划", "两规实施方案", "联系制度")),
                 ("title", "text", ())],
    "report": [("kind", "enum", ("半年工作总结", "年度工作总结", "两规工作信息", "妇女儿童工作信息")), ("title", "text", ()),
               ("submitted_on", "date", ()), ("due", "date", ())],
    "subscription": [("date", "date", ()), ("title", "text", ()), ("copies", "int", ())],
    "honor": [("date", "date", ()), ("project", "text", ()), ("level", "enum", ("县级", "市级", "省级")),
              ("title", "text", ())],
}

_START = dt.date(2022, 11, 1)


def make_unit(i: int, n_records: int, rng: random.Random) -> dict[str, Any]:
    """One unit's evidence: ``n_records`` records spread over the eight types, dates across and outside
    the period, 3% of negative events severe enough to veto."""
    types = list(FIELDS)
    records: dict[str, list[dict[str, Any]]] = {t: [] for t in types}
    for j in range(n_records):
        t = types[j % len(types)]
        rec: dict[str, Any] = {"id": f"u{i}-{j}"}
        for name, ftype, values in FIELDS[t]:
            if ftype == "date":
                rec[name] = (_START + dt.timedelta(days=rng.randrange(450))).isoformat()
            elif ftype == "enum":
                rec[name] = rng.choice(values)
            elif ftype == "bool":
                rec[name] = rng.random() < 0.8
            elif ftype == "int":
                rec[name] = rng.randrange(0, 50)
            else:
                rec[name] = f"记录{j}"
        if t == "incident" and rng.random() < 0.97:
            rec["kind"] = "舆情事件"  # keep vetoes rare, as in life
        records[t].append(rec)
    households = rng.randrange(500, 5000)
    return {"unit": {"id": f"u{i:04d}", "name": f"单位{i}", "type": rng.choice(["乡", "镇"]),
                     "facts": {"households": households, "households_visited": rng.randrange(0, households + 1)},
                     "claims": {}},
            "records": records}


def unit(i: int, n_records: int, seed: int = 2023) -> dict[str, Any]:
    """Unit ``i`` of the batch; each unit has its own seeded generator, so any worker can make any unit."""
    return make_unit(i, n_records, random.Random(f"{seed}:{i}"))


def units(n_units: int, n_records: int, seed: int = 2023, start: int = 0) -> Iterator[dict[str, Any]]:
    """Units ``start`` … ``start + n_units - 1``, one at a time (nothing is held: a generator)."""
    for i in range(start, start + n_units):
        yield unit(i, n_records, seed)
