"""Numbers that differ by unit type: ``{乡: 4, 镇: 3, default: 2}`` wherever the rule language has a number.

One syntax for every number (docs/rule-language.md §8.1). A rulebook holds ``PerType`` values as written;
``specialise(book, unit_type)`` returns the same rulebook with each of them replaced by the number for that type,
so the compiler and the engine only ever see plain numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, RootModel

from ..values import Num, decimal_text

__all__ = ["DEFAULT", "PerType", "TNum", "TNonNeg", "TPositive", "find_per_type", "has_per_type", "resolve",
           "specialise"]

DEFAULT = "default"


class PerType(RootModel[dict[str, Num]]):
    """A number per unit type; ``default`` gives the value for the types not listed."""

    model_config = ConfigDict(frozen=True)

    def value_for(self, unit_type: str | None) -> Decimal | None:
        if unit_type is not None and unit_type in self.root:
            return self.root[unit_type]
        return self.root.get(DEFAULT)

    def values(self) -> list[Decimal]:
        return list(self.root.values())

    def __str__(self) -> str:
        return "、".join(f"{k} {decimal_text(v)}" for k, v in self.root.items())


def _check(test: Callable[[Decimal], bool], message: str) -> Callable[[Any], Any]:
    def check(v: Any) -> Any:
        for x in v.values() if isinstance(v, PerType) else [v]:
            if isinstance(x, Decimal) and not test(x):
                raise ValueError(message.format(decimal_text(x)))
        return v
    return check


TNum = Num | PerType
"""A number, or a number per unit type."""
TNonNeg = Annotated[TNum, AfterValidator(_check(lambda x: x >= 0, "不能是负数（这里是 {}）"))]
TPositive = Annotated[TNum, AfterValidator(_check(lambda x: x > 0, "要大于 0（这里是 {}）"))]


def resolve(v: Any, unit_type: str | None) -> Any:
    """The number for ``unit_type`` (``PerType``), or ``v`` itself. A type with no value and no default gives 0;
    the loader makes that impossible for the types a node applies to."""
    if isinstance(v, PerType):
        found = v.value_for(unit_type)
        return found if found is not None else Decimal(0)
    return v


def _walk(value: Any, path: tuple[Any, ...], skip: frozenset[str]) -> Iterator[tuple[tuple[Any, ...], PerType]]:
    if isinstance(value, PerType):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in skip:
                yield from _walk(getattr(value, name), path + (name,), skip)
    elif isinstance(value, list):
        for i, x in enumerate(value):
            yield from _walk(x, path + (i,), skip)
    elif isinstance(value, dict):
        for k, x in value.items():
            yield from _walk(x, path + (k,), skip)


def find_per_type(model: BaseModel, skip: frozenset[str] = frozenset()) -> list[tuple[tuple[Any, ...], PerType]]:
    """Every per-type number in ``model`` with its path of field names and indexes; fields in ``skip`` are not
    entered (a node's ``items``/``criteria``, to look at one node at a time)."""
    return list(_walk(model, (), skip))


def has_per_type(model: BaseModel) -> bool:
    return next(_walk(model, (), frozenset()), None) is not None


M = TypeVar("M")


def specialise(value: M, unit_type: str | None) -> M:
    """``value`` with every ``PerType`` replaced by its number for ``unit_type``; untouched parts are shared."""
    out: Any
    if isinstance(value, PerType):
        out = resolve(value, unit_type)
        return out  # type: ignore[no-any-return]
    if isinstance(value, BaseModel):
        update = {}
        for name in type(value).model_fields:
            old = getattr(value, name)
            new = specialise(old, unit_type)
            if new is not old:
                update[name] = new
        out = value.model_copy(update=update) if update else value
        return out  # type: ignore[no-any-return]
    if isinstance(value, list):
        items = [specialise(x, unit_type) for x in value]
        out = items if any(a is not b for a, b in zip(items, value, strict=True)) else value
        return out  # type: ignore[no-any-return]
    if isinstance(value, dict):
        pairs = {k: specialise(x, unit_type) for k, x in value.items()}
        out = pairs if any(pairs[k] is not value[k] for k in value) else value
        return out  # type: ignore[no-any-return]
    return value
