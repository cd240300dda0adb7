"""How a compiled expression's function is bound, and brought back in another process or from the plan cache.

The generated function closes over the runtime helpers (``HELPERS``) and its literal slots (``_k0`` …); it
does not pickle. What travels is its source, its slots and its code object (``marshal``), tagged with the
Python that made it: the same Python binds the code object to fresh cells at once, without compiling
(``scoring score`` with a cached plan compiles no expression); any other Python compiles the source again
(``scoring.expr._codegen.rebuild``), which gives the same function.
"""

from __future__ import annotations

import marshal
import sys
import types
from collections.abc import Callable
from typing import Any

from . import _runtime as rt
from ._functions import FUNCTIONS

__all__ = ["HELPERS", "Frozen", "freeze", "revive", "slots_of"]

HELPERS: dict[str, Any] = {"_nn": rt.nn, "_pow": rt.pow_}
"""What every generated function may call, by the private names the code generator writes."""
HELPERS.update({f"_f_{name}": spec.impl for name, spec in FUNCTIONS.items()})

Frozen = tuple[str, bytes]
"""A function's code object as ``(sys.version, marshal bytes)``: only the Python that wrote it reads it."""


def slots_of(fn: Callable[[Any, Any], Any]) -> dict[str, Any]:
    """The literal slots a generated function closes over (the inverse of ``rebuild``)."""
    cells = fn.__closure__ or ()
    return {name: cell.cell_contents for name, cell in zip(fn.__code__.co_freevars, cells, strict=True)
            if name.startswith("_k")}


def freeze(fn: Callable[[Any, Any], Any]) -> Frozen:
    return sys.version, marshal.dumps(fn.__code__)


def revive(source: str, slots: dict[str, Any], frozen: Frozen | None) -> Callable[[Any, Any], Any]:
    """The function of ``source`` with its ``slots``: from the frozen code object when this Python wrote it."""
    if frozen is not None and frozen[0] == sys.version:
        code = marshal.loads(frozen[1])
        bound = {**HELPERS, **slots}
        closure = tuple(types.CellType(bound[name]) for name in code.co_freevars)
        fn: Callable[[Any, Any], Any] = types.FunctionType(code, {"__builtins__": {}}, None, None, closure)
        return fn
    from ._codegen import rebuild  # another Python (or an entry without code): compile the source again

    return rebuild(source, slots)
