"""``scoring diff OLD NEW [--evidence ROOT]``. Python: ``scoring.cycle.diff_rulebooks``, ``scoring.cycle.impact``."""

from __future__ import annotations

from pathlib import Path

import typer

from ..i18n import gettext as _
from ._common import (
    TEXT_FORMATS,
    Format,
    OutputOpt,
    app,
    console,
    emit,
    err_console,
    format_option,
    guarded,
    pick_format,
)


@app.command("diff")
@guarded
def diff_cmd(
    old: Path = typer.Argument(..., help="原规则文件，例如 rules/2023/x-county-fulian.yaml"),
    new: Path = typer.Argument(..., help="新规则文件，例如 rules/2024/x-county-fulian.yaml"),
    evidence: Path | None = typer.Option(None, "--evidence", "-e", help="各单位证据的上级文件夹：用两套规则分别评分，看得分和名次的变化"),
    fmt: str = format_option(*TEXT_FORMATS),
    output: Path | None = OutputOpt,
) -> None:
    """按含义比较两个规则文件：新增、删除、更名、调整归属的条目，分值、条件和指标的变化，一票否决和加扣分的变化。"""
    from .. import load_rulebook
    from ..cycle import diff_rulebooks, impact
    from ..cycle.render import diff_json, diff_markdown, impact_markdown

    a, b = load_rulebook(old), load_rulebook(new)
    d = diff_rulebooks(a, b)
    im = impact(a, b, evidence) if evidence is not None else None
    for w in im.warnings if im is not None else []:
        err_console().print(_("警告") + "：" + w, markup=False)
    fmt = pick_format(fmt, output, TEXT_FORMATS)
    if fmt is Format.json:
        return emit(diff_json(d, im), output)
    if fmt is Format.markdown:
        return emit(diff_markdown(d) + ("\n" + impact_markdown(im) if im else ""), output)
    from ._diff_view import diff_view, impact_view

    c = console()
    with c.capture() as cap:
        c.print(diff_view(d))
        if im is not None:
            c.print(impact_view(im))
    emit(cap.get(), output)
