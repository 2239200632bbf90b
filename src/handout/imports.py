"""Libraries loaded without the start-up work they do for features a handout never uses.

ReportLab and PyYAML compile some regular expressions when they are imported, and
ReportLab loads uharfbuzz for shaping of its own and Pillow for pictures: 60 ms of a
250 ms ``handout build``, paid again by the fork server of every batch.

- ReportLab's pattern for web addresses (28 ms) serves only ``uriWasteReduce``, which
  is off; its ``cjkwrap`` pattern serves only ``cjkwrap``, which handout does not call
  (``text.breaks`` breaks CJK lines); ``pdf.platypus`` imports ReportLab's layout
  engine without compiling them.  PyYAML's pure-Python reader checks characters with
  its pattern; handout reads YAML with the C loader where there is one (``model``).
  Each is compiled on first use instead (``patterns_on_first_use``): the same pattern
  from ``re``, so a use that does come behaves exactly as before.
- ReportLab shapes text only for a paragraph style with ``shaping`` set, which
  handout never sets: it shapes complex scripts itself (``text.shape``), and loads
  uharfbuzz then.  ``pdf`` imports ReportLab's fonts ``without`` it.
- ReportLab imports Pillow's image module when it is imported, and uses it only to
  read a picture or a logo: ``pdf`` has it loaded ``on_first_use``.  Its layout
  engine imports pyphen for a hyphenation handout does itself: ``pdf.platypus``
  imports it ``without``.
"""

from __future__ import annotations

import contextlib
import importlib.util
import re
import sys
from collections.abc import Iterator
from typing import Any

_METHODS = frozenset(
    ("match", "fullmatch", "search", "split", "findall", "finditer", "sub", "subn", "scanner")
)


class DeferredPattern:
    """A regular expression compiled by ``re`` the first time it is used."""

    __slots__ = ("_args", "_compiled")

    def __init__(self, pattern: str, flags: int) -> None:
        self._args = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> bool:
        """Whether the pattern has been compiled (it has been used)."""
        return self._compiled is not None

    def _pattern(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = _compile(*self._args)
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        if name in _METHODS:  # ``re.compile(...).split`` taken at import: still deferred
            return lambda *args, **kwargs: getattr(self._pattern(), name)(*args, **kwargs)
        return getattr(self._pattern(), name)


_compile = re.compile


@contextlib.contextmanager
def patterns_on_first_use(*starts: str) -> Iterator[list[DeferredPattern]]:
    """Within: ``re.compile`` of a pattern that begins with one of ``starts`` gives a
    ``DeferredPattern`` (listed in the value of the ``with``); any other compiles now.

    For module imports only: one thread, and nothing else compiling meanwhile.
    """
    made: list[DeferredPattern] = []

    def compile_(pattern: Any, flags: int = 0) -> Any:
        if isinstance(pattern, str) and pattern.startswith(starts):
            made.append(DeferredPattern(pattern, flags))
            return made[-1]
        return _compile(pattern, flags)

    re.compile = compile_
    try:
        yield made
    finally:
        re.compile = _compile


@contextlib.contextmanager
def without(module: str) -> Iterator[None]:
    """Within: importing ``module`` fails as if it were not installed.

    For a library that uses ``module`` if it can, for something handout does itself;
    once the ``with`` ends, handout imports ``module`` as usual where it needs it.
    """
    if module in sys.modules:  # loaded already: nothing to save
        yield
        return
    sys.modules[module] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        del sys.modules[module]


def on_first_use(name: str) -> None:
    """Have an import of ``name`` from now on give a module loaded on first attribute use.

    For a library that imports ``name`` when it is imported but needs it for one
    feature: the standard library's ``importlib.util.LazyLoader`` runs the module when
    that feature first touches it.  Nothing changes if ``name`` is loaded already, or
    cannot be found.
    """
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    package, _, child = name.rpartition(".")
    if package:  # as an import binds it: ``from package import child`` then finds it there
        setattr(sys.modules[package], child, module)
