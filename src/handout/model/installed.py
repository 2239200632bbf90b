"""Installed font families (``fontpkg-*`` packages), each found by its package's name.

``fontpkg`` finds its families through the entry points of every installed
distribution (``importlib.metadata``), which costs about 30 ms at every start, a
sixth of a whole ``handout build``.  A ``fontpkg-*`` package is an import package
``fontpkg_<slug>`` holding a ``metadata.json`` that lists its files, and that file is
all ``fontpkg`` reads of it: so a family is looked up here in the package of its
name, read the same way, and ``fontpkg`` itself is asked only for a family packaged
otherwise, and to list every family (in messages).  ``tests/test_font_faces.py``
checks that both give the same files for every installed family.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Family:
    """An installed family: its name as its package gives it, and its font files."""

    name: str
    files: tuple[FontFile, ...]


@dataclass(frozen=True)
class FontFile:
    """One file of a family, as ``fontpkg.FontFile`` describes it."""

    path: Path
    style: str
    weight: int | None
    variable: bool
    wght_min: int | None = None
    wght_max: int | None = None


def slug(name: str) -> str:
    """``fontpkg.slugify``: ``"Atkinson Hyperlegible"`` -> ``"atkinson-hyperlegible"``."""
    return re.sub(r"[\s_]+", "-", name.strip().lower())


@functools.cache
def family(name: str) -> Family | None:
    """The installed family ``name`` (any case, spaces or hyphens), or ``None``."""
    return _from_package(slug(name)) or _from_fontpkg(name)


def _from_package(wanted: str) -> Family | None:
    """The family whose package is ``fontpkg_<slug>``, read from its ``metadata.json``."""
    try:
        spec = importlib.util.find_spec("fontpkg_" + wanted.replace("-", "_"))
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        try:
            meta = json.loads((Path(folder) / "metadata.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(meta, dict) and meta.get("slug") == wanted:
            return _family(meta, Path(folder))
    return None


def _family(meta: dict[str, Any], root: Path) -> Family:
    """As ``fontpkg.family_from_metadata`` reads a package's metadata."""
    wght = next((a for a in meta.get("axes", []) if a["tag"] == "wght"), None)
    files = []
    for entry in meta["files"]:
        variable = bool(entry.get("variable"))
        weight = entry.get("weight")
        files.append(
            FontFile(
                path=root.joinpath(*entry["path"].split("/")),
                style=entry.get("style", "normal"),
                weight=int(weight) if weight is not None else None,
                variable=variable,
                wght_min=int(float(wght["min"])) if variable and wght else None,
                wght_max=int(float(wght["max"])) if variable and wght else None,
            )
        )
    return Family(str(meta["family"]), tuple(files))


def _from_fontpkg(name: str) -> Family | None:
    import fontpkg  # scans every distribution's entry points: only for other packages

    try:
        found = fontpkg.family(name)
    except fontpkg.FontpkgError:
        return None
    files = tuple(
        FontFile(f.path, f.style, f.weight, f.variable, f.wght_min, f.wght_max) for f in found.files
    )
    return Family(found.name, files)


def path(found: Family, weight: int, style: str) -> Path:
    """The file of ``found`` for ``weight`` and ``style`` (``normal`` or ``italic``), or
    the nearest weight of that style: ``fontpkg.path(..., nearest=True)``.

    ``ValueError`` when the family has no file of that style."""
    styled = [f for f in found.files if f.style == style]
    for f in styled:
        low, high = f.wght_min, f.wght_max
        if f.variable and low is not None and high is not None and low <= weight <= high:
            return f.path
    exact = [f for f in styled if f.weight == weight]
    if exact:
        return exact[0].path
    static = [f for f in styled if f.weight is not None]
    if static:
        return min(static, key=lambda f: (abs((f.weight or 0) - weight), f.weight or 0)).path
    variable = [f for f in styled if f.variable and f.wght_min is not None]
    if variable:
        return variable[0].path
    raise ValueError(f"{found.name} has no {style} file")


def names() -> list[str]:
    """Every installed family's name (``fontpkg``'s list), for messages."""
    import fontpkg

    return sorted(f.name for f in fontpkg.families().values())
