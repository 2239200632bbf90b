"""One style file on its own: the keys it may hold and the reading of their values.

``FIELDS`` names every leaf of a style file and the kind of value it holds;
``FileReader`` walks one file, reports unknown keys and bad values (see
``stylevalues``) and keeps each good value in its final unit.  Following ``extends``
and merging the files is ``style``'s work.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import labels, stylevalues
from .schema import one_line
from .stylevalues import BAD, PALETTE, FileChecker
from .yamlfile import PathKey, YamlDoc

Flat = dict[PathKey, Any]
"""Leaves of a style file, each in its final unit."""

FONT_ROLES = ("body", "heading", "title", "subtitle", "table", "small")
FONT_KEYS = ("family", "size", "leading", "bold", "italic")
SIDES = ("top", "right", "bottom", "left")
GROUPS = (
    "page",
    "fonts",
    "colors",
    "summary_box",
    "table",
    "clinic",
    "footer",
    "sections",
    "fit",
    "qr",
    "get_help",
)
TOP_KEYS = ("name", "description", "extends", *GROUPS, "labels", "align")

# Every leaf of a style file and the kind of value it holds.
FIELDS: dict[tuple[str, ...], str] = {
    ("page", "size"): "paper",
    **{("page", "margins", side): "margin" for side in SIDES},
    **{
        ("fonts", role, key): {"size": "font_size", "bold": "bool", "italic": "bool"}.get(key, key)
        for role in FONT_ROLES
        for key in FONT_KEYS
    },
    ("fonts", "fallbacks"): "families",
    **{("colors", key): "colour" for key in PALETTE},
    ("summary_box", "background"): "colour",
    ("summary_box", "border"): "colour",
    ("summary_box", "label"): "label",
    ("table", "header_background"): "colour",
    ("table", "header_text"): "colour",
    ("table", "stripe"): "colour",
    ("table", "grid"): "colour",
    ("table", "attribute_label"): "label",
    ("clinic", "name"): "opt_text",
    ("clinic", "phone"): "opt_text",
    ("clinic", "website"): "opt_text",
    ("clinic", "logo"): "logo",
    ("clinic", "logo_alt"): "opt_text",
    ("footer", "text"): "opt_text",
    ("footer", "page_numbers"): "bool",
    ("sections", "show_summaries"): "bool",
    ("sections", "summary_label"): "label",
    ("sections", "summary_background"): "colour",
    ("sections", "summary_border"): "colour",
    ("sections", "at_a_glance"): "bool",
    ("sections", "at_a_glance_label"): "label",
    ("fit", "enabled"): "bool",
    ("fit", "min_leading"): "leading",
    ("fit", "last_resort_leading"): "leading",
    ("qr", "place"): "qr_place",
    ("get_help", "emergency_number"): "text",
    ("get_help", "place"): "get_help_place",
    ("get_help", "after_section"): "opt_text",
    ("get_help", "background"): "colour",
    ("get_help", "border"): "colour",
    ("align",): "align",
}


def _children() -> dict[PathKey, tuple[str, ...]]:
    out: dict[PathKey, list[str]] = {}
    for path in FIELDS:
        for i in range(len(path)):
            names = out.setdefault(path[:i], [])
            if path[i] not in names:
                names.append(path[i])
    return {k: tuple(v) for k, v in out.items()}


_CHILDREN = _children()


# --- reading one file on its own -----------------------------------------------------------


class FileReader:
    """Checks one style file on its own and turns its leaves into final units."""

    def __init__(self, doc: YamlDoc, base: Path) -> None:
        self.doc = doc
        self.c = FileChecker(doc, base)
        self.values: Flat = {}
        self.origins: dict[PathKey, PathKey] = {}
        self.name: str | None = None
        self.description: str | None = None

    def read(self) -> None:
        data = self.doc.data
        if data is None:
            self.c.fail((), "the file is empty; see docs/style-format.md for what a style holds")
            return
        top = self.c.mapping(
            (), data, TOP_KEYS, what="a mapping of style settings (page:, fonts:, colors:, ...)"
        )
        for key, value in (top or {}).items():
            if key == "name":
                self.name = self._one_line(("name",), value)
            elif key == "description":
                blank = isinstance(value, str) and not value.strip()
                self.description = "" if blank else self._one_line(("description",), value)
            elif key == "labels":
                for leaf, (text, where) in labels.read_style_group(self.c, value).items():
                    self.values[leaf] = text
                    self.origins[leaf] = where
            elif key in TOP_KEYS and key != "extends":
                self._walk((str(key),), value)

    def _one_line(self, path: PathKey, value: Any) -> str | None:
        text = self.c.text(path, value)
        return one_line(text) if text else None

    def _walk(self, path: tuple[str, ...], value: Any) -> None:
        if path == ("page", "margins"):
            self._margins(path, value)
            return
        kind = FIELDS.get(path)
        if kind is not None:
            result = _READERS[kind](self.c, path, value)
            if result is not BAD:
                self.values[path] = result
                self.origins[path] = path
            return
        if value is None:
            return  # an empty section, e.g. every line under `clinic:` commented out
        allowed = _CHILDREN[path]
        mapping = self.c.mapping(path, value, allowed)
        for key, child in (mapping or {}).items():
            if key in allowed:
                self._walk((*path, str(key)), child)

    def _margins(self, path: PathKey, value: Any) -> None:
        if isinstance(value, dict):
            mapping = self.c.mapping(path, value, SIDES)
            for side, raw in (mapping or {}).items():
                if side in SIDES:
                    length = stylevalues.length(self.c, (*path, side), raw, minimum=0.0)
                    if length is not None:
                        self.values[(*path, side)] = length
                        self.origins[(*path, side)] = (*path, side)
            return
        length = stylevalues.length(self.c, path, value, minimum=0.0)
        if length is not None:
            for side in SIDES:
                self.values[(*path, side)] = length
                self.origins[(*path, side)] = path


_READERS: dict[str, stylevalues.Read] = {
    kind: stylevalues.READERS[kind] for kind in set(FIELDS.values()) - {"margin"}
}
"""A reader per kind of leaf; margins are read whole by ``FileReader._margins``."""
