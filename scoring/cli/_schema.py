"""``scoring schema [KIND] [RULEBOOK]``: JSON Schema for editors. Python: ``scoring.json_schema(kind, book)``."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from ._common import OutputOpt, app, emit, guarded


class Kind(str, Enum):
    rulebook = "rulebook"
    evidence = "evidence"
    reviews = "reviews"
    records = "records"
    result = "result"
    batch = "batch"


@app.command("schema")
@guarded
def schema_cmd(
    kind: Kind = typer.Argument(Kind.rulebook, help="rulebook 规则文件；evidence 单位文件 unit.yaml；"
                                                    "reviews 核查文件 reviews.yaml；records 证据记录文件（要写规则文件）；"
                                                    "result 一个单位的评分结果（--format json 的格式）；batch 排名结果"),
    rulebook: Path | None = typer.Argument(None, help="records 时：按哪个规则文件的证据类型生成"),
    output: Path | None = OutputOpt,
) -> None:
    """输出规则文件或证据文件的 JSON Schema，供编辑器（如 VS Code 的 YAML 插件）自动补全和标红错误；也可输出评分结果的 Schema，供其他系统对接。"""
    from .. import json_schema, load_rulebook

    book = load_rulebook(rulebook) if rulebook is not None and kind is Kind.records else None
    emit(json_schema(kind.value, book), output)
