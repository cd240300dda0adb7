"""Building result models from values the engine made itself, without validating them a second time.

``builder(Model)`` gives a function that does what ``Model.model_construct(**fields)`` does for our plain
frozen models (no aliases, no extra keys, no private attributes, no post-init), without its per-field
Python loop: defaults are looked up once per class. A model with any of those features gets
``model_construct`` itself. The caller passes every required field and no unknown one (the engine does);
tests check that validating what is built this way changes nothing.
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
    template: dict[str, Any] = {}  # every field in order, with its plain default (the dict order is the field order)
    factories: list[tuple[str, Callable[[], Any]]] = []
    for name, f in fields.items():
        template[name] = None if f.is_required() or f.default_factory is not None else f.default
        if f.default_factory is not None:
            factories.append((name, f.default_factory))  # type: ignore[arg-type]
    new = cls.__new__

    def build(**kw: Any) -> M:
        d = template.copy()
        d.update(kw)
        for name, factory in factories:
            if name not in kw:
                d[name] = factory()
        obj = new(cls)
        _set(obj, "__dict__", d)
        _set(obj, "__pydantic_fields_set__", set(kw))
        _set(obj, "__pydantic_extra__", None)
        _set(obj, "__pydantic_private__", None)
        return obj

    return build
