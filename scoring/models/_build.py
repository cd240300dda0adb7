"""Building result models from values the engine made itself, without validating them a second time.

``builder(Model)`` gives a function that does what ``Model.model_construct(**fields)`` does for our plain
frozen models (no aliases, no extra keys, no private attributes, no post-init), without its per-field
Python loop: defaults are looked up once per class. A model with any of those features gets
``model_construct`` itself. Tests check that validating what is built this way changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel

__all__ = ["builder"]

M = TypeVar("M", bound=BaseModel)
_BUILDERS: dict[type, Callable[..., Any]] = {}
_set = object.__setattr__


def builder(cls: type[M]) -> Callable[..., M]:
    found = _BUILDERS.get(cls)
    if found is None:
        found = _BUILDERS[cls] = _make(cls)
    return found


def _make(cls: type[M]) -> Callable[..., M]:
    fields = cls.model_fields
    plain = (not cls.__private_attributes__ and not cls.__pydantic_post_init__
             and cls.model_config.get("extra") != "allow" and not cls.__pydantic_root_model__
             and all(f.alias is None and f.validation_alias is None for f in fields.values()))
    if not plain:
        return cls.model_construct
    order = list(fields)
    static: dict[str, Any] = {}
    factories: dict[str, Callable[[], Any]] = {}
    for name, f in fields.items():
        if f.default_factory is not None:
            factories[name] = f.default_factory  # type: ignore[assignment]
        elif not f.is_required():
            static[name] = f.default
    new = cls.__new__

    def build(**kw: Any) -> M:
        d: dict[str, Any] = {}
        for name in order:
            if name in kw:
                d[name] = kw[name]
            elif name in static:
                d[name] = static[name]
            elif name in factories:
                d[name] = factories[name]()
        obj = new(cls)
        _set(obj, "__dict__", d)
        _set(obj, "__pydantic_fields_set__", set(kw))
        _set(obj, "__pydantic_extra__", None)
        _set(obj, "__pydantic_private__", None)
        return obj

    return build
