"""Packages that import a module only when one of its names is first used (PEP 562).

A package's ``__init__`` names what it exports and where each name lives;
importing the package then costs nothing, so a command that never computes
metrics never imports networkx or scipy.

Examples
--------
>>> namespace = {}
>>> exported, getattr_, dir_ = lazy_exports("demo", namespace, {"json": ("dumps",), "math": ("tau", "pi")})
>>> exported, dir_()
(['dumps', 'tau', 'pi'], ['dumps', 'pi', 'tau'])
>>> getattr_("dumps")({"a": 1}), "dumps" in namespace
('{"a": 1}', True)
>>> getattr_("loads")
Traceback (most recent call last):
AttributeError: module 'demo' has no attribute 'loads'
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

__all__ = ["lazy_exports"]


def lazy_exports(package: str, namespace: dict, where: dict[str, tuple[str, ...]]
                 ) -> tuple[list[str], Callable[[str], object], Callable[[], list[str]]]:
    """Return a package's ``__all__``, ``__getattr__`` and ``__dir__`` for names imported on first use.

    Parameters
    ----------
    package : str
        The package's ``__name__`` (for the error message).
    namespace : dict
        The package's ``globals()``: a name, once imported, is kept there.
    where : dict of str to tuple of str
        Module -> the names the package exports from it.
    """
    module_of = {name: module for module, names in where.items() for name in names}

    def __getattr__(name: str):
        if name not in module_of:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(module_of[name]), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(module_of))

    return list(module_of), __getattr__, __dir__
