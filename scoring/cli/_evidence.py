"""``scoring evidence check RULEBOOK EVIDENCE_DIR``. Python: ``scoring.intake.check_folder(dir, book)``."""

from __future__ import annotations

from pathlib import Path

import typer

from ._common import Format, app, emit, format_option, guarded, report

evidence_app = typer.Typer(name="evidence", help="检查各单位交来的佐证材料。", no_args_is_help=True,
                           rich_markup_mode=None)
app.add_typer(evidence_app, name="evidence")


@evidence_app.command("check")
@guarded
def check_cmd(
    rulebook: Path = typer.Argument(..., help="规则文件，例如 rules/2023/x-county-fulian.yaml"),
    evidence: Path = typer.Argument(..., help="一个单位的证据文件夹（YAML、Excel、CSV 都可以）"),
    encoding: str | None = typer.Option(None, "--encoding", help="CSV 文件的编码，例如 gbk；不写则自动识别"),
    fmt: str = format_option("table", "json"),
) -> None:
    """检查证据文件夹（不评分）：列出每个文件读到几条记录，以及所有问题及其位置。有问题时退出码为 1。"""
    from .. import load_rulebook
    from ..errors import ErrorGroup, error_document
    from ..intake import check_folder, format_summary
    from ..jsonio import dumps_exact

    book = load_rulebook(rulebook)
    result = check_folder(evidence, book, encoding=encoding)
    if fmt is Format.json:
        files = [{"path": f.path, "records": f.total, "counts": f.counts} for f in result.files]
        not_read = [{"path": p, "reason": why} for p, why in result.not_read]
        doc = error_document(result.errors, folder=result.folder, unit_source=result.unit_source, files=files,
                             not_read=not_read)
        emit(dumps_exact(doc) + "\n", None)
        if result.errors:
            raise typer.Exit(1)
        return
    typer.echo(format_summary(result, book))
    if result.errors:
        report(ErrorGroup(result.errors) if len(result.errors) > 1 else result.errors[0])
        raise typer.Exit(1)
    typer.echo("没有发现问题。")
