"""One sentence through the pattern table: what it became, and whether anything of it is left."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ._context import Ctx, Found, cn_numbers
from ._patterns import PATTERNS, Pattern

__all__ = ["Hit", "recognise"]

_SCORING_WORDS = re.compile(r"扣|加\s*\d|得\s*\d|\d\s*分|否决|不得分|得满分|比例|否优")


@dataclass
class Hit:
    sentence: str
    found: list[tuple[Pattern, Found]] = field(default_factory=list)
    rest: str = ""

    @property
    def partial(self) -> bool:
        """Some of it was recognised, but words about points remain outside every pattern."""
        return bool(_SCORING_WORDS.search(self.rest))

    @property
    def rules(self) -> list[tuple[Pattern, Found]]:
        return [(p, f) for p, f in self.found if f.kind != "note"]


def recognise(sentence: str, ctx: Ctx) -> Hit:
    s = cn_numbers(sentence)
    hit = Hit(sentence)
    taken: list[tuple[int, int]] = []
    for pattern in PATTERNS:
        if ctx.section not in pattern.sections:
            continue
        for f in pattern.find(s, ctx):
            a, b = f.span
            if any(a < y and x < b for x, y in taken):
                continue
            taken.append(f.span)
            hit.found.append((pattern, f))
    rest = list(s)
    for a, b in taken:
        rest[a:b] = [" "] * (b - a)
    hit.rest = "".join(rest)
    return hit
