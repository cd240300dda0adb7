"""Where something came from: a place in a rule file or an evidence file.

A location is plain data. It is carried by every rule node, every evidence
record and every error, so that a message can always say ``file:line:col``
(or ``file/sheet/row/column`` for spreadsheets).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["Location"]


class Location(BaseModel):
    """A place in an input file. Lines, columns and rows count from 1."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str
    line: int | None = None
    col: int | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        if self.sheet is not None or self.row is not None:
            parts = [self.path]
            if self.sheet is not None:
                parts.append(self.sheet)
            if self.row is not None:
                parts.append(f"第{self.row}行")
            if self.column is not None:
                parts.append(f"{self.column}列")
            return "/".join(parts)
        text = self.path
        if self.line is not None:
            text += f":{self.line}"
            if self.col is not None:
                text += f":{self.col}"
        return text

    def shifted(self, offset: int) -> Location:
        """The same place, ``offset`` characters further along the line."""
        if self.col is None:
            return self
        return self.model_copy(update={"col": self.col + offset})
