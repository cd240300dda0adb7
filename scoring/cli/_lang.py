"""The command line's language: ``--lang zh|en`` or the locale (LC_ALL / LC_MESSAGES / LANG).

The language is chosen before click parses anything (so ``scoring --lang en --help`` and
``LANG=en_US.UTF-8 scoring rank --help`` are in English), and every command's and option's help
text is passed through gettext. The Chinese text in the source is the msgid.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from enum import Enum
from typing import Any

from typer._click.core import Context
from typer._click.formatting import HelpFormatter
from typer.core import TyperGroup

from ..i18n import LANGUAGES, get_language, gettext, set_language

__all__ = ["Lang", "LocalizedContext", "LocalizedFormatter", "LocalizedGroup", "lang_in", "localize", "usage_message"]


class Lang(str, Enum):
    zh = "zh"
    en = "en"


def lang_in(args: Sequence[str]) -> str | None:
    """The value of ``--lang`` among the arguments before the command name, if any."""
    for i, a in enumerate(args):
        if a == "--lang" and i + 1 < len(args):
            return args[i + 1] if args[i + 1] in LANGUAGES else None
        if a.startswith("--lang="):
            value = a.split("=", 1)[1]
            return value if value in LANGUAGES else None
        if not a.startswith("-"):
            return None
    return None


def _tr(obj: Any, attr: str) -> None:
    keep = f"_zh_{attr}"
    if not hasattr(obj, keep):
        setattr(obj, keep, getattr(obj, attr, None))
    original = getattr(obj, keep)
    if isinstance(original, str) and original:
        setattr(obj, attr, gettext(original))


# The words click and typer write around the help texts, in Chinese. Typer passes its section names through
# the process-wide gettext domain and click writes "Usage: " and the help option's text as literals, so the
# supported way in is click's ``Context.formatter_class``: a formatter that says these words in the language.
_HEADINGS_ZH = {"Arguments": "参数", "Options": "选项", "Commands": "命令"}
_DL_ZH = (
    (re.compile(r"Show this message and exit\."), "显示本帮助后退出"),  # no 。: the other option texts end without one
    (re.compile(r"\[required\]"), "[必填]"),
    (re.compile(r"\[default: (.*?); x>=(\S+?)\]"), r"[默认：\1；不小于 \2]"),  # an int range: typer's "x>=0"
    (re.compile(r"\[default: (.*?)\]"), r"[默认：\1]"),
    (re.compile(r"\[env var: (.*?)\]"), r"[环境变量：\1]"),
    (re.compile(r"\(dynamic\)"), "（动态）"),
)


# typer's English placeholders for a number in the left column ("<int range>") become N, like FORMAT
_METAVAR_ZH = {"<int range>": "N", "<integer>": "N", "<int>": "N"}  # ASCII: click aligns by len()
_TERM_ZH = re.compile("|".join(re.escape(k) for k in _METAVAR_ZH))


class LocalizedFormatter(HelpFormatter):
    """click's help formatter, with its own words (Usage, Options, …) in Chinese unless the language is English."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if get_language() != "en":
            args = args.replace("[OPTIONS]", "[选项]").replace("COMMAND [ARGS]...", "命令 [参数]...")
            prefix = "用法：" if prefix is None else prefix
        super().write_usage(prog, args, prefix)

    def write_heading(self, heading: str) -> None:
        if get_language() == "en":
            super().write_heading(heading)
        else:
            self.write(f"{'':>{self.current_indent}}{_HEADINGS_ZH.get(heading, heading)}：\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        if get_language() != "en":
            rows = [(_TERM_ZH.sub(lambda m: _METAVAR_ZH[m.group(0)], term), _dl_zh(text)) for term, text in rows]
        super().write_dl(rows, col_max, col_spacing)


def _dl_zh(text: str) -> str:
    for pattern, zh in _DL_ZH:
        text = pattern.sub(zh, text)
    return text


class LocalizedContext(Context):
    formatter_class = LocalizedFormatter


def localize(cmd: Any) -> None:
    """Translate the help texts of ``cmd``, its options and arguments, and its subcommands, in place; their help
    pages are laid out by ``LocalizedFormatter``."""
    cmd.context_class = LocalizedContext
    _tr(cmd, "help")
    _tr(cmd, "short_help")
    for p in cmd.params:
        _tr(p, "help")
    for sub in (getattr(cmd, "commands", None) or {}).values():  # a group (typer vendors its own click)
        localize(sub)


# click's usage errors, which it writes in English, in Chinese: (pattern of click's message, Chinese text)
_USAGE_ZH = (
    (r"No such option: (\S+)(?:\s*Did you mean (\S+)\?)?", "没有选项 {0}"),
    (r"Missing argument '(.+?)'\.", "缺少参数 {0}"),
    (r"Missing option '(.+?)'\.?.*", "缺少选项 {0}"),
    (r"Option '(.+?)' requires an argument\.", "选项 {0} 后面要写一个值"),
    (r"Option '(.+?)' requires (\d+) arguments\.", "选项 {0} 后面要写 {1} 个值"),
    (r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", "多写了参数：{0}"),
    (r"No such command '(.+?)'\.(?:\s*Did you mean '(.+?)'\?)?", "没有命令 {0}"),
    (r"Missing command\.", "缺少命令"),
    (r"Invalid value for (.+?): (?:Value error, )?'(.*?)' is not one of (.*)\.", "{0} 的值 '{1}' 不对，可以写：{2}"),
    (r"Invalid value for (.+?): (.*)", "{0} 的值不对：{1}"),
    (r"Invalid value: (.*)", "值不对：{0}"),
)


def usage_message(message: str) -> str:
    """A click usage error's message in the current language (click writes English)."""
    if get_language() == "en":
        return message
    for pattern, zh in _USAGE_ZH:
        m = re.fullmatch(pattern, message.strip(), flags=re.S)
        if m:
            text = zh.format(*(g or "" for g in m.groups()))
            if pattern.startswith(("No such option", "No such command")) and m.group(2):
                text += f"（您是不是想写 {m.group(2)}？）"
            return text
    return message


def _show_usage_error(e: Any) -> None:
    """What click prints for a usage error, with every word in the chosen language."""
    zh = get_language() != "en"
    ctx = e.ctx
    if ctx is not None:
        usage = ctx.get_usage()
        if zh:
            usage = usage.replace("Usage: ", "用法：", 1).replace("[OPTIONS]", "[选项]").replace("COMMAND", "命令")
        sys.stderr.write(usage + "\n")
        path = ctx.command_path
        sys.stderr.write((f"运行 {path} --help 查看帮助。" if zh else f"Try '{path} --help' for help.") + "\n\n")
    sys.stderr.write(("错误：" if zh else "Error: ") + usage_message(e.format_message()) + "\n")
    sys.stderr.flush()


class LocalizedGroup(TyperGroup):
    """The ``scoring`` group: picks the language first, then parses as usual; usage errors in that language."""

    context_class = LocalizedContext

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        set_language(lang_in(args))
        localize(self)
        return super().parse_args(ctx, args)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, windows_expand_args: bool = True, **extra: Any) -> Any:
        from typer._click.exceptions import UsageError

        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except UsageError as e:
            _show_usage_error(e)
            sys.exit(e.exit_code)
        sys.exit(rv if isinstance(rv, int) else 0)
