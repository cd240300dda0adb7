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

from typer.core import TyperGroup

from ..i18n import LANGUAGES, get_language, gettext, set_language

__all__ = ["Lang", "LocalizedGroup", "lang_in", "localize", "usage_message"]


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


def localize(cmd: Any) -> None:
    """Translate the help texts of ``cmd``, its options and arguments, and its subcommands, in place."""
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
