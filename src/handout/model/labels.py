"""The words handout itself puts on a page, in the handout's language.

They live in one data file, ``data/labels.yaml``, keyed by BCP 47 language tag.  A
style may override them: per language in its ``labels:`` group, or for every language
with its older label keys (``sections.summary_label`` ...).  What wins, first first:

1. the style's ``labels:`` for the handout's tag, then for its language (``es-MX``, ``es``);
2. the style's label key (``sections.summary_label``, ``sections.at_a_glance_label``,
   ``summary_box.label``, ``table.attribute_label``), where the style sets one;
3. the data file's words for the language, then English.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .schema import Checker, one_line, suggest, type_name
from .stylemodel import Style
from .yamlfile import PathKey
from .yamllib import yaml

DATA = Path(__file__).parent / "data" / "labels.yaml"
TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")
"""A BCP 47 tag as content and styles write it (``en``, ``es-MX``, ``zh-Hant-TW``)."""


@dataclass(frozen=True)
class Labels:
    """One language's labels; templates hold ``{placeholders}``."""

    key_point: str
    at_a_glance: str
    page: str
    version: str
    reviewed: str
    subject: str
    keywords: str
    draft: str
    read_online: str
    compared: str
    summary_box: str = ""
    """A heading inside the summary box; empty: none."""
    attribute: str = ""
    """The table's top-left cell; empty: blank."""
    get_help: str = ""
    """The heading of the "When to get help" box (the data file has it in every language)."""
    emergency: str = ""
    call_clinic: str = ""
    call_phone: str = ""
    call_doctor: str = ""
    actions: str = ""
    """The heading of the checklist of what the patient can do."""

    def call_us(self, clinic: str | None, phone: str | None) -> str:
        """The heading of the reasons to call the clinic: naming its phone when it has one."""
        if phone and clinic:
            return self.call_clinic.format(clinic=clinic, phone=phone)
        if phone:
            return self.call_phone.format(phone=phone)
        return self.call_doctor

    def page_of(self, page: int, pages: int) -> str:
        return self.page.format(page=page, pages=pages)


KEYS = tuple(f.name for f in dataclasses.fields(Labels))
REQUIRED = tuple(f.name for f in dataclasses.fields(Labels) if f.default is dataclasses.MISSING)
PLACEHOLDERS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "page": (("page",), ("pages",)),
    "version": (("version",), ()),
    "reviewed": (("date",), ()),
    "subject": ((), ("items",)),
    "compared": ((), ("items",)),
    "emergency": (("number",), ()),
    "call_clinic": (("clinic", "phone"), ()),
    "call_phone": (("phone",), ()),
}
"""Per key: the placeholders it must hold, and those it may hold; other keys hold none."""
STYLE_KEYS = {
    "key_point": ("sections", "summary_label"),
    "at_a_glance": ("sections", "at_a_glance_label"),
    "summary_box": ("summary_box", "label"),
    "attribute": ("table", "attribute_label"),
}
"""Labels a style could set before it could set them per language: they apply to every language."""


@functools.cache
def _table() -> dict[str, dict[str, str]]:
    # libyaml's loader where PyYAML has it: the table of every language is read at
    # every start, and the pure-Python loader takes ten times as long over it.  Its
    # base loader: every label is text, so no value is tried as a number, a date or a
    # yes/no (a third faster, and a label "No" stays the word).
    loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
    with DATA.open(encoding="utf-8") as fh:
        data: dict[str, dict[str, str]] = yaml.load(fh, Loader=loader)
    return data


def languages() -> tuple[str, ...]:
    """The languages the data file has labels for, in its order (English first)."""
    return tuple(_table())


def name(tag: str) -> str:
    """The English name of a language of the data file (``es`` -> ``Spanish``)."""
    return _table()[tag]["name"]


def _did_you_mean(tag: str) -> str:
    """A known tag close to ``tag``, or one whose English name it begins (``sp``: ``es``)."""
    hint = suggest(tag, list(languages()))
    if hint:
        return hint
    start = tag.lower()
    for known_tag in languages():
        if len(start) >= 2 and name(known_tag).lower().startswith(start):
            return f"; did you mean '{known_tag}' ({name(known_tag)})?"
    return ""


_TRADITIONAL = frozenset({"tw", "hk", "mo"})
"""Regions whose Chinese is written in Traditional characters (``zh-TW`` -> ``zh-Hant``)."""


def fallbacks(tag: str) -> list[str]:
    """``es-MX`` -> ``["es-mx", "es"]``: the tag, then each shorter prefix, in lower case.

    Chinese without a script subtag gets the one its region writes before ``zh``:
    ``zh-TW`` -> ``["zh-tw", "zh-hant", "zh"]``, ``zh`` and ``zh-CN`` -> ``zh-hans``.
    """
    out = []
    tag = tag.lower()
    while tag:
        out.append(tag)
        tag = tag.rpartition("-")[0]
    if out and out[-1] == "zh" and not any(t.startswith(("zh-hans", "zh-hant")) for t in out):
        region = out[0].rpartition("-")[2] if len(out) > 1 else ""
        out.insert(len(out) - 1, "zh-hant" if region in _TRADITIONAL else "zh-hans")
    return out


def known(language: str) -> str | None:
    """The table's language for a BCP 47 tag (``es-MX`` -> ``es``, ``zh-TW`` ->
    ``zh-Hant``), or ``None``."""
    table = {t.lower(): t for t in _table()}
    return next((table[t] for t in fallbacks(language) if t in table), None)


def comma(language: str) -> str:
    """What separates items in a list the language writes: the data file's ``comma``
    (Arabic "، ", Chinese and Japanese "、", Amharic "፣ "), else ", "."""
    return str(_table().get(known(language) or "en", {}).get("comma", ", "))


def listed(items: Iterable[str], language: str) -> str:
    """``items`` as the ``{items}`` of ``subject`` and ``compared``: separated by the
    language's comma, the list after a colon in every language's label."""
    return comma(language).join(items)


@functools.cache
def resolve(language: str, style: Style) -> Labels:
    """The labels for ``language``: the table's, with the style's where it sets them."""
    words = dict(_table()["en"])
    words.update(_table().get(known(language) or "en", {}))
    for key, (group, name) in STYLE_KEYS.items():
        value = getattr(getattr(style, group), name)
        if value is not None:
            words[key] = value
    own = {tag.lower(): dict(pairs) for tag, pairs in style.labels}
    for tag in reversed(fallbacks(language)):
        words.update(own.get(tag, {}))
    return Labels(**{k: v for k, v in words.items() if k in KEYS})


def placeholder_problem(key: str, text: str) -> str | None:
    """Why ``text`` cannot be the label ``key`` (a missing or unknown ``{name}``), or None."""
    must, may = PLACEHOLDERS.get(key, ((), ()))
    try:
        found = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError:
        return "has an unmatched { or }; write {{ or }} for a brace itself"
    allowed = (*must, *may)
    for name in found:
        if name not in allowed:
            holds = ", ".join(f"{{{n}}}" for n in allowed) or "no {placeholders}"
            return f"'{{{name}}}' is not a placeholder here ({key} may hold {holds})"
    missing = [f"{{{n}}}" for n in must if n not in found]
    if missing:
        return f"must hold {' and '.join(missing)}, e.g. '{_table()['en'][key]}'"
    return None


def unknown_tag_problem(tag: str, keys: Iterable[str]) -> str | None:
    """Why a style cannot give labels for ``tag`` (given ``keys``), or None.

    A tag of a language the data file has is fine; so is a new language, when the
    style gives every label for it (it then adds the language).
    """
    if not TAG.fullmatch(tag):
        return f"'{tag}' is not a language tag; write e.g. es, vi or es-MX{_did_you_mean(tag)}"
    if known(tag) is not None:
        return None
    missing = [k for k in REQUIRED if k not in set(keys)]
    if not missing:
        return None
    return (
        f"'{tag}' is not a language handout has labels for{_did_you_mean(tag) or '.'} "
        f"Languages with labels: {', '.join(languages())}; to add another, give all of "
        f"its labels here (missing: {', '.join(missing)})"
    )


def read_style_group(c: Checker, value: Any) -> dict[PathKey, tuple[str, PathKey]]:
    """A style's ``labels: {es: {key_point: ...}}`` checked, problems reported to ``c``.

    Returns each label as its leaf ``("labels", tag, key)`` (the tag in lower case, so
    that a parent's ``es-MX`` and a child's ``es-mx`` merge) -> (text, where it is).
    """
    out: dict[PathKey, tuple[str, PathKey]] = {}
    if value is None:
        return out
    if not isinstance(value, dict):
        c.fail(
            ("labels",),
            "expected labels per language, e.g. labels: {es: {key_point: Punto clave}}, "
            f"found {type_name(value)}",
        )
        return out
    for raw_tag, words in value.items():
        path: PathKey = ("labels", raw_tag)
        if not isinstance(raw_tag, str) or raw_tag in ("True", "False"):
            c.fail(
                path,
                "YAML reads no, yes, on and off as yes/no, not as a language tag: "
                'write the tag in quotes, e.g. "no": {key_point: ...}',
            )
            continue
        tag = raw_tag.strip().lower()
        problem = unknown_tag_problem(tag, list(words) if isinstance(words, dict) else [])
        if problem:
            c.fail(path, problem)
            continue
        if words is None:
            continue
        for key, raw in (
            c.mapping(path, words, KEYS, what="labels (key_point: ...)") or {}
        ).items():
            if key not in KEYS or raw is None:
                continue
            where = (*path, key)
            text = "" if isinstance(raw, str) and not raw.strip() else c.text(where, raw)
            if text is None:
                continue
            text = one_line(text)
            why = placeholder_problem(key, text)
            if why:
                c.fail(where, why)
            else:
                out[("labels", tag, key)] = (text, where)
    return out
