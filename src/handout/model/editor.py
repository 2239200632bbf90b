"""JSON Schemas (2020-12) of content and style files, for editors.

An editor with the YAML language server (VS Code's YAML extension, and others) reads
a schema named in a file's first line, ``# yaml-language-server: $schema=...``, and
then completes keys and underlines mistakes as the author types.  The schemas are
made from the definitions ``validate`` uses: the key lists of ``content`` and
``figure``, the leaves of a style file and their kinds (``stylefile.FIELDS``), the
label keys, the limits.  A key added there appears here; what its value may be comes
from ``CONTENT_SHAPES`` or the kind's entry in ``KIND_SHAPES``, and a key with no
shape yet is still offered, taking any value (``validate`` stays the judge).

``handout new`` points its files at the copy of the content schema shipped in the
package (``SHIPPED``); a test keeps those copies equal to what this module makes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import content, labels, stylefile
from . import figure as figures
from .paper import PAPER_SIZES
from .stylemodel import FACES, GET_HELP_PLACES, QR_PLACES
from .stylevalues import ALIGNS, PALETTE, UNITS

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SHIPPED = Path(__file__).resolve().parents[1] / "data"
"""Where the package keeps ``content.schema.json`` and ``style.schema.json``."""
KINDS = ("content", "style")

Schema = dict[str, Any]


def schema(kind: str) -> Schema:
    """The schema of a ``content`` or ``style`` file."""
    return content_schema() if kind == "content" else style_schema()


def text(kind: str) -> str:
    """The schema as the JSON text ``handout schema KIND`` prints and the package ships."""
    return json.dumps(schema(kind), indent=2, ensure_ascii=False) + "\n"


def shipped(kind: str) -> Path:
    """The package's copy of the schema, for an editor to read."""
    return SHIPPED / f"{kind}.schema.json"


def modeline(kind: str = "content") -> str:
    """The comment line that makes the YAML language server use the shipped schema."""
    return f"# yaml-language-server: $schema={shipped(kind).as_uri()}"


# --- pieces ------------------------------------------------------------------------------


def _nullable(shape: Schema) -> Schema:
    """``shape``, or nothing (``key:`` with no value), which validate takes as left out."""
    return {"anyOf": [shape, {"type": "null"}]}


def _object(
    properties: dict[str, Schema], required: tuple[str, ...] = (), description: str = ""
) -> Schema:
    out: Schema = {"type": "object"}
    if description:
        out["description"] = description
    out["properties"] = properties
    if required:
        out["required"] = list(required)
    out["additionalProperties"] = False
    return out


def _any_case(words: tuple[str, ...] | list[str]) -> Schema:
    """One of ``words`` in any case (validate lowers what it reads); completion offers them."""
    pattern = "^\\s*(" + _letters(words) + ")\\s*$"
    return {"anyOf": [{"enum": list(words)}, {"type": "string", "pattern": pattern}]}


def _letters(words: tuple[str, ...] | list[str]) -> str:
    """A pattern matching any of ``words`` in any case: ``[aA]4|[lL][eE]...``."""

    def one(word: str) -> str:
        return "".join(
            f"[{c.lower()}{c.upper()}]" if c.isalpha() else ("\\" + c if c in "-." else c)
            for c in word
        )

    return "|".join(one(w) for w in words)


TEXT: Schema = {"type": "string", "pattern": "\\S"}
"""Text that is not empty (validate refuses an empty required text)."""
NUMBER = "([+-]?(\\d+(\\.\\d*)?|\\.\\d+))"
LENGTH: Schema = {
    "anyOf": [
        {"type": "number"},
        {
            "type": "string",
            "pattern": f"^\\s*{NUMBER}\\s*({_letters(list(UNITS))})?\\s*$",
        },
    ],
    "description": "A length: a number of points, or with a unit: 12pt, 0.75in, 2cm, 20mm.",
}


# --- content files -----------------------------------------------------------------------


FIGURE_SHAPES: dict[str, Schema] = {
    "image": {
        **TEXT,
        "description": "The picture: a PNG, JPEG or SVG file, relative to this file.",
    },
    "alt": {
        "type": "string",
        "maxLength": figures.MAX_ALT_CHARS,
        "description": 'What the picture shows, for readers who cannot see it; "" if decoration.',
    },
    "caption": _nullable({**TEXT, "description": "A line printed under the picture."}),
}

SECTION_SHAPES: dict[str, Schema] = {
    "heading": {**TEXT, "description": "The section's heading."},
    "summary": _nullable({**TEXT, "description": "One sentence: the section's key point."}),
    "body": {**TEXT, "description": "Paragraphs, separated by a blank line."},
    "figure": _nullable(
        _object(
            {k: FIGURE_SHAPES.get(k, {}) for k in figures.KEYS},
            figures.REQUIRED,
            "A picture after the body: image, alt and caption.",
        )
    ),
}

META_SHAPES: dict[str, Schema] = {
    "id": _nullable({**TEXT, "description": "Your catalogue number, such as MSK-014."}),
    "version": _nullable({"type": ["string", "number"], "description": 'Such as "1.2".'}),
    "reviewed": _nullable(
        {
            "type": "string",
            "pattern": "^\\d{4}-\\d{2}-\\d{2}$",
            "description": "The date a clinician last reviewed it: YYYY-MM-DD.",
        }
    ),
    "source": _nullable({**TEXT, "description": "Where the text came from."}),
    "url": _nullable(
        {
            "type": "string",
            "pattern": "^\\s*[hH][tT][tT][pP][sS]://[^\\s/]+\\.[^\\s]+",
            "maxLength": content.MAX_URL_CHARS,
            "description": "The https:// address where the handout can be read online.",
        }
    ),
}

CONTENT_SHAPES: dict[str, Schema] = {
    "title": {**TEXT, "description": "The handout's title, one line."},
    "subtitle": _nullable({"type": "string", "description": "A line under the title."}),
    "language": {
        "type": "string",
        "pattern": "^\\s*[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*\\s*$",
        "description": "The language the text is written in: en, es, en-US ...",
    },
    "items": {
        "type": "array",
        "minItems": content.MIN_ITEMS,
        "maxItems": content.MAX_ITEMS,
        "items": {**TEXT, "maxLength": content.MAX_ITEM_CHARS},
        "description": f"The {content.MIN_ITEMS} to {content.MAX_ITEMS} things compared.",
    },
    "summary": {**TEXT, "description": "The 'What's the difference?' text; lines may be lists."},
    "comparison": {
        "type": "array",
        "minItems": 1,
        "items": _object(
            {"attribute": TEXT, "values": {"type": "array", "items": TEXT}},
            content.ROW_KEYS,
            "A row: its attribute and one value per item.",
        ),
        "description": "The comparison table, one row per attribute.",
    },
    "sections": {
        "type": "array",
        "minItems": 1,
        "items": _object(
            {k: SECTION_SHAPES.get(k, {}) for k in content.SECTION_KEYS},
            content.SECTION_REQUIRED,
            "A section: heading, key point (summary), body and a picture (figure).",
        ),
    },
    "actions": _nullable(
        {
            "type": "array",
            "items": TEXT,
            "description": "What you can do: a checklist, one action a line.",
        }
    ),
    "get_help": _nullable(
        _object(
            {key: _nullable({"type": "array", "items": TEXT}) for key in content.GET_HELP_KEYS},
            description="When to get help: emergency signs, and reasons to call the clinic.",
        )
    ),
    "check": _nullable(
        _object(
            {"skip": _nullable({"type": "array", "items": {"enum": list(content.SKIPPABLE)}})},
            description="Kinds of `handout check` finding not to report for this file.",
        )
    ),
    "disclaimer": _nullable({"type": "string", "description": "Small print at the end."}),
    "meta": _nullable(
        _object(
            {k: META_SHAPES.get(k, {}) for k in content.META_KEYS},
            description="Facts about the handout: id, version, reviewed, source, url.",
        )
    ),
}
"""What each key of a content file may hold, where more is known than its name."""


def content_schema() -> Schema:
    """The schema of a content file."""
    return {
        "$schema": DIALECT,
        "title": "handout content file",
        "description": "What one patient handout says (`handout help content`).",
        **_object({k: CONTENT_SHAPES.get(k, {}) for k in content.TOP_KEYS}, content.REQUIRED_KEYS),
    }


# --- style files -------------------------------------------------------------------------


COLOUR: Schema = {
    "type": "string",
    "examples": ["#1F4E79", *PALETTE],
    "description": 'A colour in quotes: "#RRGGBB", "#RGB", a CSS name, or a key of colors.',
}

FAMILY: Schema = {
    "anyOf": [
        TEXT,
        {
            "type": "object",
            "properties": {face: TEXT for face in FACES},
            "required": ["regular"],
            "additionalProperties": False,
        },
    ],
    "description": "A font family, the path of a .ttf file, or files per face: "
    "{regular: ..., bold: ..., italic: ..., bold_italic: ...}.",
}

KIND_SHAPES: dict[str, Schema] = {
    "paper": {
        "anyOf": [
            _any_case(list(PAPER_SIZES)),
            {"type": "array", "minItems": 2, "maxItems": 2, "items": LENGTH},
        ],
        "description": "letter, a4, legal or [width, height].",
    },
    "margin": LENGTH,
    "font_size": LENGTH,
    "leading": {"type": "number", "minimum": 1, "maximum": 3},
    "bool": {"type": "boolean"},
    "text": TEXT,
    "opt_text": _nullable({"type": "string"}),
    "label": _nullable({"type": "string"}),
    "align": _any_case(ALIGNS),
    "qr_place": _any_case(QR_PLACES),
    "get_help_place": _any_case(GET_HELP_PLACES),
    "colour": COLOUR,
    "family": FAMILY,
    "families": {"type": "array", "items": FAMILY},
    "logo": _nullable({**TEXT, "description": "A PNG or JPEG file, relative to this file."}),
}
"""What a leaf of each kind (``stylefile.FIELDS``) may hold."""


def _style_tree(path: tuple[str, ...]) -> Schema:
    """The schema of the style group at ``path`` (``()``: the groups of the top)."""
    if path == ("page", "margins"):
        sides = _object({s: LENGTH for s in stylefile.SIDES})
        return {"anyOf": [LENGTH, sides], "description": "One length for all sides, or each."}
    kind = stylefile.FIELDS.get(path)
    if kind is not None:
        return KIND_SHAPES.get(kind, {})
    children = [p[len(path)] for p in stylefile.FIELDS if p[: len(path)] == path]
    names = list(dict.fromkeys(children))
    return _nullable(_object({n: _style_tree((*path, n)) for n in names}))


def style_schema() -> Schema:
    """The schema of a style file."""
    words = _nullable(_object({k: _nullable({"type": "string"}) for k in labels.KEYS}))
    special: dict[str, Schema] = {
        "name": {**TEXT, "description": "The style's name, as `handout styles` lists it."},
        "description": _nullable({"type": "string"}),
        "extends": {**TEXT, "description": "The style this one starts from: a name or a path."},
        "labels": _nullable(
            {
                "type": "object",
                "description": "The words printed, per language: {es: {key_point: ...}}.",
                "propertyNames": {"pattern": "^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"},
                "additionalProperties": words,
            }
        ),
    }
    props = {
        key: special[key] if key in special else _style_tree((key,)) for key in stylefile.TOP_KEYS
    }
    return {
        "$schema": DIALECT,
        "title": "handout style file",
        "description": "How a handout looks (docs/style-format.md).",
        **_object(props),
    }
