"""``scoring draft``: a first rulebook from the published 考评细则 document.

    >>> from scoring.draft import draft_document
    >>> d = draft_document("2023年考评细则.docx")
    >>> d.write("rules/2023/draft.yaml")            # atomic; refuses to overwrite the document itself
    >>> print(d.report_text())                       # what was found, what is left for the editor

The pipeline: ``_read`` (the document's paragraphs and tables in order) → ``_outline`` (the tree from
the numbering or the table's rows, point values, the original text) → ``_recognise`` with the phrase
table ``_patterns`` (each sentence to a rule, or left as ``todo``) → ``_build`` (a ruamel.yaml map with
comments, the report, a self-check report's ``unit.yaml``). Every sentence not turned into a rule stays
under its item's ``todo:``, which loading reports as an error until someone writes it.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from ..files import write_atomic
from ..location import Location
from ._build import build
from ._outline import Outline, parse_blocks
from ._patterns import PATTERNS, Pattern
from ._read import SUFFIXES, DraftInputError, Paragraph, read_document
from ._report import DraftReport, LeftSentence, PointsCheck, RuleSentence, format_report

__all__ = ["PATTERNS", "SUFFIXES", "Draft", "DraftInputError", "DraftReport", "LeftSentence", "Pattern",
           "PointsCheck", "RuleSentence", "draft_blocks", "draft_document", "dump_yaml"]


def _yaml() -> YAML:
    y = YAML(typ="rt", pure=True)
    y.width = 100_000  # never re-wrap long Chinese lines
    y.indent(mapping=2, sequence=4, offset=2)
    y.representer.add_representer(Decimal, _decimal)
    return y


def _decimal(representer: Any, value: Decimal) -> Any:
    text = format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    tag = "tag:yaml.org,2002:int" if value == value.to_integral_value() else "tag:yaml.org,2002:float"
    return representer.represent_scalar(tag, text)


def dump_yaml(data: CommentedMap) -> str:
    buf = io.StringIO()
    _yaml().dump(data, buf)
    return buf.getvalue()


@dataclass
class Draft:
    """A drafted rulebook (with comments), a self-check's unit file when there is one, and the report."""

    rulebook: CommentedMap
    unit: CommentedMap | None
    report: DraftReport
    source: Path | None = None

    def rulebook_text(self) -> str:
        return _HEADER + dump_yaml(self.rulebook)

    def unit_text(self) -> str | None:
        return None if self.unit is None else dump_yaml(self.unit)

    def report_text(self) -> str:
        return format_report(self.report)

    def write(self, path: str | Path, unit_path: str | Path | None = None) -> None:
        """Write the rulebook (and the unit file) atomically; never over the document it was drafted from."""
        targets = [Path(path)] + ([Path(unit_path)] if unit_path is not None and self.unit is not None else [])
        for t in targets:
            if self.source is not None and t.exists() and os.path.samefile(t, self.source):
                raise DraftInputError("输出文件就是要起草的细则文件本身，不能覆盖", location=Location(path=str(t)),
                                      hint="用 -o 另写一个文件名，例如 -o rules/2023/draft.yaml")
            if t.suffix.lower() in SUFFIXES and t.suffix.lower() not in (".yaml", ".yml"):
                raise DraftInputError(f"输出文件要是 .yaml，不能写成 {t.suffix}", location=Location(path=str(t)),
                                      hint="例如 -o rules/2023/draft.yaml")
        write_atomic(path, self.rulebook_text())
        if unit_path is not None and self.unit is not None:
            write_atomic(unit_path, self.unit_text() or "")


_HEADER = """\
# 由 scoring draft 起草的规则文件（草稿）。
# - 每个条目的 text 是细则原文；认出的句子已写成规则，行末注释写明依据的句式和原句。
# - 认不出的句子留在 todo 下：scoring check 会把它们逐条报为错误，写好规则后删去 todo。
# - 证据类型（evidence）、单位数据（facts）的名称由 scoring draft 拟定，请改成贴切的名字。
"""


def draft_blocks(blocks: list[Any], source: str = "<text>") -> Draft:
    """Draft from blocks already read (``_read.Paragraph`` / ``_read.Table``)."""
    outline: Outline = parse_blocks(blocks)
    shape = "selfcheck" if outline.selfcheck else (
        "numbered" if all(isinstance(b, Paragraph) for b in blocks) else "table")
    built = build(outline, source, shape)
    return Draft(built.rulebook, built.unit, built.report)


def draft_document(path: str | Path) -> Draft:
    """Read a 考评细则 document (.docx, .xlsx/.xls/.ods, .txt/.md) and draft its rulebook."""
    p = Path(path)
    d = draft_blocks(read_document(p), p.name)
    d.source = p
    if not d.report.levels:
        raise DraftInputError("文件里没有找到带分值的考核项目", location=Location(path=str(p)),
                              hint="细则要有编号（一、（一）1.）和分值（如（10分）），或是带“考核项目”“分值”列的表格")
    return d
