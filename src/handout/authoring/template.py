"""New content files as text: the standard template, and the YAML writer that
``handout new`` and ``handout import`` share.

The writer lays a file out the way a person would (block scalars for paragraphs,
blank lines between parts, comments where a person has work to do) and is
deterministic: the same draft always gives the same bytes.  What it writes is
validated before it is written, so neither command can leave an invalid file.
"""

from __future__ import annotations

import functools
import json
import re
import textwrap
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import HandoutError, UsageError
from ..files import write_atomic
from ..model import content, editor, labels, schema, yamlfile
from ..model.blocks import Block, TextList, escape_start
from ..model.yamllib import yaml

WIDTH = 80
"""Paragraphs are wrapped to this many columns, indentation included."""

DATA = Path(__file__).parent / "data" / "template.yaml"
"""The template's words per language (docs/languages.md)."""


@functools.cache
def _words() -> dict[str, dict[str, Any]]:
    with DATA.open(encoding="utf-8") as fh:
        data: dict[str, dict[str, Any]] = yaml.safe_load(fh)
    return data


def template_language(language: str) -> str:
    """The template's language for a BCP 47 tag (``es-MX`` -> ``es``).

    Raises ``HandoutError`` for a tag that is not one, or a language without a template.
    """
    if not labels.TAG.fullmatch(language):
        raise HandoutError(f"'{language}' is not a language tag; write e.g. es, vi or es-MX")
    tag = next((t for t in labels.fallbacks(language) if t in _lower()), "")
    if not tag:
        raise HandoutError(
            f"there is no template in '{language}' (there is one in {', '.join(_words())}); "
            "start from one of those and change language: in the file"
        )
    return _lower()[tag]


@functools.cache
def _lower() -> dict[str, str]:
    """The template's languages by lower-case tag (``zh-hant`` -> ``zh-Hant``)."""
    return {t.lower(): t for t in _words()}


STANDARD_SECTIONS: dict[str, str] = _words()["en"]["sections"]
"""Heading -> what its placeholder asks for (``{all}``: the items), in English."""
STANDARD_ATTRIBUTES: dict[str, str] = _words()["en"]["attributes"]
"""Comparison row -> what each of its placeholders asks for, in English."""
PLACEHOLDER = "TODO:"
"""Starts every text ``handout new`` leaves for the writer; ``handout check`` finds them."""


@dataclass(frozen=True)
class DraftRow:
    attribute: str
    values: tuple[str, ...]
    note: str | None = None
    """Written as a ``# ...`` comment line just above the row."""


@dataclass(frozen=True)
class DraftSection:
    heading: str
    body: tuple[Block, ...]
    """Paragraphs and lists."""
    summary: str | None = None


@dataclass(frozen=True)
class Draft:
    """Everything a content file holds, in the order it is written."""

    title: str
    items: tuple[str, ...]
    summary: tuple[Block, ...]
    rows: tuple[DraftRow, ...]
    sections: tuple[DraftSection, ...]
    subtitle: str | None = None
    disclaimer: str | None = None
    meta: tuple[tuple[str, str], ...] = ()
    header: tuple[str, ...] = ()
    """Comment lines at the top of the file."""
    footer: tuple[str, ...] = ()
    """Comment lines at the end (after ``meta``, or where it would be)."""
    language: str = "en"
    actions: tuple[str, ...] = ()
    """The "What you can do" checklist."""
    get_help: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """The get_help: block's lists (``emergency``, ``call_us``), in the order written."""
    schema: str | None = None
    """The first line: the comment that points an editor at the content schema."""


def slug(title: str) -> str:
    """The file name ``new`` and ``import`` give a title: ASCII, whatever its script.

    ``Muscle Atrophy vs. Muscle Denervation`` -> ``muscle-atrophy-vs-muscle-denervation``:
    every letter is written in ASCII by ``anyascii`` (accents dropped, other scripts
    transliterated: ``Cảm lạnh`` -> ``cam-lanh``, ``感冒`` -> ``ganmao``, ``Γρίπη`` ->
    ``gripi``, ``Грипп`` -> ``gripp``, ``نزلة`` -> ``nzlh``, ``फ़्लू`` -> ``ph-lu``), lower
    case, anything but letters and digits becomes one ``-``; a title left with nothing
    is ``handout``.
    Such a name can be typed on any keyboard, and is the same on every system.
    """
    from anyascii import anyascii  # loaded only when a file is named

    ascii_title = anyascii(unicodedata.normalize("NFC", title)).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title).strip("-") or "handout"


@functools.cache
def _euphony(language: str) -> dict[str, tuple[str, re.Pattern[str]]]:
    """A language's conjunctions that change before some sounds (the data file's
    ``before``): ``{"y": ("e", <h?[ií] but not hie>), ...}`` for Spanish; ``{}`` elsewhere."""
    tag = next((t for t in labels.fallbacks(language) if t in _lower()), "")
    rules: dict[str, dict[str, str]] = _words()[_lower()[tag]].get("before", {}) if tag else {}
    return {
        word: (form, re.compile(pattern, re.IGNORECASE))
        for word, change in rules.items()
        for form, pattern in change.items()
    }


def conjunction(word: str, following: str, language: str) -> str:
    """``word`` as it is written before ``following``: Spanish ``y`` is ``e`` before
    ``Influenza`` or ``Hipertensión`` (but not ``Hierro``), ``o`` is ``u`` before
    ``Osteoporosis`` or ``Hongos``; other languages keep ``word``."""
    form, before = _euphony(language).get(word.strip(), (None, None))
    if form is None or before is None or not before.match(following.lstrip()):
        return word
    return word.replace(word.strip(), form)


def joined(items: Sequence[str], separator: str, last: str, language: str) -> str:
    """The items with ``separator`` between them and ``last`` before the last one."""
    if len(items) < 2:
        return "".join(items)
    return separator.join(items[:-1]) + conjunction(last, items[-1], language) + items[-1]


def title_of(items: Sequence[str], language: str = "en") -> str:
    """``Flu vs. Cold`` in English; ``Gripe, resfriado u otitis``-like elsewhere."""
    words = _words()[template_language(language)]
    return joined(items, words["join"], words["last"], language)


def new_draft(items: Sequence[str], language: str = "en") -> Draft:
    """The standard template for comparing ``items``, every text a ``TODO:`` placeholder,
    in ``language`` (a BCP 47 tag; ``es-MX`` gets the Spanish template)."""
    words = _words()[template_language(language)]
    names = [schema.one_line(item) for item in items]
    if not content.MIN_ITEMS <= len(names) <= content.MAX_ITEMS:
        raise HandoutError(
            f"{len(names)} item{'s' if len(names) != 1 else ''} given; a handout compares "
            f"{content.MIN_ITEMS} to {content.MAX_ITEMS} items, e.g. "
            'handout new "Muscle Atrophy" "Muscle Denervation"'
        )
    if not all(names):
        raise HandoutError("an item name is empty; give each item a name")
    folded = [n.casefold() for n in names]
    for i, name in enumerate(folded):
        if name in folded[:i]:
            raise HandoutError(f"'{names[i]}' is given twice; give each item once")
    # Arabic script writes its own comma; Arabic and Hebrew write "and" onto the next word.
    both = joined(
        names, labels.comma(language), words.get("and_sep", f" {words['and']} "), language
    )
    title = title_of(names, language)
    todo = PLACEHOLDER
    return Draft(
        title=title,
        subtitle=words["subtitle"],
        items=tuple(names),
        summary=(f"{todo} {words['summary'].format(all=both)}",),
        rows=tuple(
            DraftRow(attr, tuple(f"{todo} {ask.format(item=n)}" for n in names))
            for attr, ask in words["attributes"].items()
        ),
        sections=tuple(
            DraftSection(
                heading,
                (f"{todo} {ask.format(all=both)}",),
                summary=f"{todo} {words['key_point']}",
            )
            for heading, ask in words["sections"].items()
        ),
        actions=(f"{todo} {words['action']}",),
        get_help=(
            ("emergency", (f"{todo} {words['emergency']}",)),
            ("call_us", (f"{todo} {words['call_us']}",)),
        ),
        disclaimer=f"{todo} {words['disclaimer']}",
        meta=(("id", f"{todo} {words['id']}"),),
        header=tuple(line.format(title=title) for line in words["header"]),
        footer=tuple(words["footer"]),
        language=language,
        schema=editor.modeline("content"),
    )


def render(draft: Draft) -> str:
    """The content file's text; it always passes ``handout validate``."""
    out: list[str] = [draft.schema] if draft.schema else []
    out += [f"# {line}".rstrip() for line in draft.header]
    out.append(f"title: {_scalar(draft.title)}")
    if draft.subtitle:
        out.append(f"subtitle: {_scalar(draft.subtitle)}")
    out.append(f"language: {_scalar(draft.language)}")
    out.append("items:")
    out += [f"  - {_scalar(item)}" for item in draft.items]
    out += ["", *_block("summary", draft.summary, 0)]
    out += ["", "comparison:"]
    for row in draft.rows:
        if row.note:
            out.append(f"  # {row.note}")
        out.append(f"  - attribute: {_scalar(row.attribute)}")
        out.append("    values:")
        out += [f"      - {_scalar(escape_start(value))}" for value in row.values]
    out += ["", "sections:"]
    for i, section in enumerate(draft.sections):
        if i:
            out.append("")
        out.append(f"  - heading: {_scalar(section.heading)}")
        if section.summary:
            out.append(f"    summary: {_scalar(escape_start(section.summary))}")
        out += _block("body", section.body, 4)
    if draft.actions:
        out += ["", "actions:", *(f"  - {_scalar(item)}" for item in draft.actions)]
    if draft.get_help:
        out += ["", "get_help:"]
        for key, items in draft.get_help:
            out += [f"  {key}:", *(f"    - {_scalar(item)}" for item in items)]
    if draft.disclaimer:
        out += ["", *_block("disclaimer", (draft.disclaimer,), 0)]
    if draft.meta:
        out += ["", "meta:"]
        out += [f"  {key}: {_scalar(value)}" for key, value in draft.meta]
    if draft.footer:
        out += ["", *(f"# {line}".rstrip() for line in draft.footer)]
    return "\n".join(out) + "\n"


def checked(text: str, file: str) -> str:
    """``text`` if it is a valid content file, else the ``InputError`` validation gives."""
    content.from_doc(yamlfile.parse(text, file))
    return text


def write_file(path: Path, text: str, force: bool = False) -> None:
    """Write ``text`` to ``path`` atomically (``files.write_atomic``).

    Refuses to replace an existing file unless ``force``: a content file is somebody's work.
    """
    name = yamlfile.display_name(path)
    if path.is_dir():
        raise UsageError(name, "is a folder; name the .yaml file to write")
    if path.exists() and not force:
        raise UsageError(name, "already exists; use --force to replace it")
    write_atomic(path, text.encode("utf-8"))


_resolver = yaml.resolver.Resolver()
_PLAIN_UNSAFE_START = set("-?:,[]{}#&*!|>'\"%@`")


def _scalar(text: str) -> str:
    """``text`` as a one-line YAML scalar: plain when that reads back the same, else quoted."""
    if _plain_ok(text):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def _plain_ok(text: str) -> bool:
    if not text or text != text.strip() or text[0] in _PLAIN_UNSAFE_START:
        return False
    if ": " in text or " #" in text or text.endswith(":") or not text.isprintable():
        return False
    tag = _resolver.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return bool(tag == "tag:yaml.org,2002:str")


def _block(key: str, paragraphs: Sequence[Block], indent: int) -> list[str]:
    """``key: |`` and the paragraphs wrapped below it, a blank line between paragraphs;
    a list one item a line (``- item``, ``1. item``), its items' lines wrapped too."""
    pad = " " * (indent + 2)
    out = [f"{' ' * indent}{key}: |"]
    for i, paragraph in enumerate(paragraphs):
        if i:
            out.append("")
        if isinstance(paragraph, TextList):
            marks = paragraph.labels() if paragraph.ordered else ["-"] * len(paragraph.items)
            for mark, item in zip(marks, paragraph.items, strict=True):
                out += _wrap(item, pad + mark + " ", pad + " " * (len(mark) + 1))
        else:
            out += _wrap(escape_start(schema.one_line(paragraph)), pad, pad)
    return out


def _wrap(text: str, first: str, rest: str) -> list[str]:
    return textwrap.wrap(
        schema.one_line(text),
        width=WIDTH,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )
