"""What every command shares: the app, global options, error handling, output."""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer
from typer.exceptions import TyperException

from ..errors import ErrorGroup, ScoringError, describe_os_error, error_document, os_error
from ..files import check_output, write_atomic
from ..i18n import gettext as _
from ..jsonio import dumps_exact
from ._lang import Lang, LocalizedGroup

if TYPE_CHECKING:  # rich is imported when something is printed through it (JSON and files are written without)
    from rich.console import Console

__all__ = ["ALL_FORMATS", "INTERNAL_EXIT", "TEXT_FORMATS", "Format", "FormatOpt", "OutputOpt", "check_output",
           "format_option", "pick_format", "app", "console", "emit", "err_console", "fail",
           "guarded", "internal_error", "show", "state"]

app = typer.Typer(
    name="scoring",
    help="考评细则评分工具：用 YAML 规则文件为各单位的佐证材料评分，并说明每一分的来由。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    cls=LocalizedGroup,
)


class _State:
    debug = False
    inputs: list[Path] = []  # the command's input files and folders: -o may not overwrite them
    protected: list[Path] = []  # folders being read: -o may not write inside them


state = _State()


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("scoring")
        except PackageNotFoundError:  # pragma: no cover - running from a checkout that was never installed
            number = "0.0.0+unknown"
        typer.echo(f"scoring {number}")
        raise typer.Exit(0)


@app.callback(context_settings={"help_option_names": ["-h", "--help"]})
def _global(debug: bool = typer.Option(False, "--debug", help="出错时显示完整的 Python 调用栈（供开发人员排查）"),
            lang: Lang | None = typer.Option(None, "--lang", help="界面语言：zh 中文（默认）、en 英文；不写时看 LANG 环境变量"),
            version: bool = typer.Option(False, "--version", is_eager=True, callback=_version,
                                         help="显示版本号后退出"),
            ) -> None:
    """考评细则评分工具。"""
    state.debug = debug  # the language was already chosen by LocalizedGroup, before parsing


class Format(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"


ALL_FORMATS = ("table", "json", "markdown", "csv", "xlsx", "html")
TEXT_FORMATS = ("table", "json", "markdown")
_FORMAT_HELP = {ALL_FORMATS: "输出格式：table 表格（终端）、json、markdown、csv、xlsx、html",
                TEXT_FORMATS: "输出格式：table 表格（终端）、json 或 markdown",
                ("table", "json"): "输出格式：table 表格（终端）或 json"}


def format_option(*names: str) -> Any:
    """The ``--format`` option of a command that can write exactly ``names``; any other is a usage error (exit 2),
    said in the chosen language with the formats this command does write."""

    def check(value: str) -> Format:
        if value not in names:
            raise typer.BadParameter(_("这个命令不能写 '{value}' 格式，可以写：{formats}").format(
                value=value, formats="、".join(names)))
        return Format(value)

    return typer.Option("table", "--format", "-f", callback=check, help=_FORMAT_HELP[names], metavar="FORMAT")


FormatOpt = format_option(*ALL_FORMATS)
"""``--format`` for the commands that write every format (score, rank)."""

OutputOpt = typer.Option(None, "--output", "-o", help="写入文件（原子写入：不会留下写了一半的文件）")


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    no_color = os.environ.get("NO_COLOR") is not None
    return Console(stderr=stderr, no_color=no_color, highlight=False, soft_wrap=False,
                   force_terminal=None if not no_color else False)


def err_console() -> Console:
    c = console(stderr=True)
    c.soft_wrap = True  # messages keep their own lines: easy to copy, grep and test
    return c


F = TypeVar("F", bound=Callable[..., Any])


INTERNAL_EXIT = 3
"""Exit code for a fault of ours (a bug), never for bad input: bad input is exit 1."""


def guarded(fn: F) -> F:
    """Turn a ScoringError into its located message and exit code 1; no traceback unless --debug.

    With ``--format json`` the errors go to stdout as the JSON error document (docs/errors.md).
    An OSError is a located ``file.*`` error (exit 1); any other exception is reported as an
    internal fault (code ``internal``, exit 3) without a traceback unless ``--debug``.
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        as_json = kwargs.get("fmt") is Format.json
        given = [v for k, v in kwargs.items() if isinstance(v, Path) and k != "output"]
        state.inputs = given
        state.protected = [v for v in given if v.is_dir()]  # an evidence folder or root, a folder of cases
        try:
            if isinstance(kwargs.get("output"), Path):  # refuse a harmful -o before doing any work
                check_output(kwargs["output"], state.inputs, state.protected)
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, TyperException):
            raise
        except ScoringError as e:
            if state.debug:
                traceback.print_exc()
            fail(e, as_json)
            raise typer.Exit(1) from None
        except OSError as e:
            if state.debug:
                traceback.print_exc()
            if as_json:
                fail(os_error(e), True)
            else:
                err_console().print(f"[red]错误[/red]：{e.filename or ''}：{describe_os_error(e)}", markup=True)
            raise typer.Exit(1) from None
        except (Exception, RecursionError, MemoryError) as e:
            if state.debug:
                raise
            fail(internal_error(e), as_json)
            raise typer.Exit(INTERNAL_EXIT) from None

    return wrapper  # type: ignore[return-value]


def internal_error(e: BaseException) -> ScoringError:
    """A fault of ours, said plainly: no traceback, a hint how to get one."""
    return ScoringError(_("内部错误：{kind}: {text}").format(kind=type(e).__name__, text=str(e)[:300]),
                        code="internal",
                        hint=_("这是本工具的缺陷，不是您的材料的问题。请用 --debug 重新运行（例如 scoring --debug score …），"
                               "把显示的内容发给维护人员"))


def fail(e: ScoringError, as_json: bool) -> None:
    """Report ``e``: as the JSON error document on stdout, or as located messages on stderr."""
    if as_json:
        sys.stdout.write(dumps_exact(error_document(e)) + "\n")
        sys.stdout.flush()
    else:
        report(e)


def report(e: ScoringError) -> None:
    c = err_console()
    errs = e.errors if isinstance(e, ErrorGroup) else [e]
    for x in errs:
        label = _("警告") if x.severity == "warning" else _("错误")
        c.print(f"{label}：", style="bold yellow" if x.severity == "warning" else "bold red", end="")
        c.print(str(x), markup=False)
    if len(errs) > 1:
        c.print(_("共 {n} 个问题。").format(n=len(errs)), markup=False)


_BY_SUFFIX = {".json": Format.json, ".md": Format.markdown, ".markdown": Format.markdown, ".csv": Format.csv,
              ".xlsx": Format.xlsx, ".html": Format.html, ".htm": Format.html}


def pick_format(fmt: str | Format, output: Path | None, allowed: tuple[str, ...] = ALL_FORMATS) -> Format:
    """The format to write: ``-o 评分表.xlsx`` without ``-f`` means Excel. A file name whose kind this command
    cannot write (``scoring test … -o 结果.xlsx``) is a usage error, not a text table in a file named .xlsx."""
    chosen = Format(fmt)
    suffix = output.suffix.lower() if output is not None else ""
    if chosen is Format.table and suffix in _BY_SUFFIX:
        if _BY_SUFFIX[suffix].value not in allowed:
            raise typer.BadParameter(_("这个命令不能写 {suffix} 文件，可以写：{formats}").format(
                suffix=suffix, formats="、".join(allowed)), param_hint="'--output' / '-o'")
        return _BY_SUFFIX[suffix]  # -o 评分表.xlsx means an Excel file, not a text table
    return chosen


def show(result: Any, fmt: str | Format, output: Path | None, view: Callable[[Any], Any], soft_wrap: bool = False,
         *, note: str = "") -> None:
    """Write ``result`` in the chosen format: ``table`` through the rich ``view``, others by their renderer.

    ``soft_wrap``: long lines are not broken (``file:line:col: message`` stays one line for editors).
    ``note``: said after ``已写入 …`` (e.g. that some units could not be scored).
    """
    fmt = pick_format(fmt, output)
    if fmt is Format.table:
        if output is None:
            console().print(view(result), soft_wrap=soft_wrap)
            return
        import io

        from rich.console import Console

        file_console = Console(file=io.StringIO(), width=120, no_color=True, force_terminal=False, highlight=False)
        file_console.print(view(result), soft_wrap=soft_wrap)
        emit(file_console.file.getvalue(), output, note=note)  # type: ignore[attr-defined]
        return
    from ..render import get_renderer

    emit(get_renderer(fmt.value)(result), output, note=note)


def emit(data: str | bytes, output: Path | None, *, note: str = "") -> None:
    """Print text to stdout, or write it (atomically) to ``output``."""
    if output is not None:
        write_atomic(output, data, inputs=state.inputs, protected=state.protected)
        err_console().print(_("已写入 {path}").format(path=output) + (f"（{note}）" if note else ""), markup=False)
        return
    if isinstance(data, bytes):
        err_console().print(_("错误：这种格式是二进制文件，不能显示在屏幕上，请用 -o 指定文件名，例如 -o 评分表.xlsx"),
                            markup=False)
        raise typer.Exit(2)
    sys.stdout.write(data)
    sys.stdout.flush()
