"""The command line's language: ``--lang zh|en`` or the locale (LC_ALL / LC_MESSAGES / LANG).

The language is chosen before click parses anything (so ``scoring --lang en --help`` and
``LANG=en_US.UTF-8 scoring rank --help`` are in English), and every command's and option's help
text is passed through gettext. The Chinese text in the source is the msgid.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Any

from typer.core import TyperGroup

from ..i18n import LANGUAGES, gettext, set_language

__all__ = ["Lang", "LocalizedGroup", "lang_in", "localize"]


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


class LocalizedGroup(TyperGroup):
    """The ``scoring`` group: picks the language first, then parses as usual."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        set_language(lang_in(args))
        localize(self)
        return super().parse_args(ctx, args)
