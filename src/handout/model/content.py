"""Content files: YAML -> a validated, immutable ``Handout``.

Everything wrong in a file is reported at once, each problem with its line.
This module never imports ReportLab: the model knows nothing of pages.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problem
from . import figure as figures
from . import yamlfile
from .blocks import Block, Cell, blocks, cell, texts
from .figure import Figure
from .schema import Checker, one_line, paragraphs, suggest, type_name
from .yamlfile import YamlDoc, format_path

TOP_KEYS = (
    "title",
    "subtitle",
    "language",
    "items",
    "summary",
    "comparison",
    "sections",
    "disclaimer",
    "meta",
    "actions",
    "get_help",
    "check",
)
REQUIRED_KEYS = ("title", "items", "summary", "comparison", "sections")
ROW_KEYS = ("attribute", "values")
SECTION_KEYS = ("heading", "summary", "body", "figure")
SECTION_REQUIRED = ("heading", "body")
META_KEYS = ("id", "version", "reviewed", "source", "url")
GET_HELP_KEYS = ("emergency", "call_us")
CHECK_KEYS = ("skip",)
FINDING_KINDS = (
    "build-refusal",
    "reading-level",
    "hard-sentence",
    "long-sentence",
    "summary-length",
    "summary-order",
    "section-summary",
    "placeholder",
    "import-check",
    "review-missing",
    "review-overdue",
    "review-future",
    "id-missing",
    "get-help-missing",
    "action-missing",
)
"""What ``handout check`` reports, in the order it sorts them on a line."""
SKIPPABLE = FINDING_KINDS[1:]
"""The kinds a content file may ask ``check`` not to report (``check: {skip: [...]}``);
not ``build-refusal``: a file ``build`` refuses is always reported."""
PLACEHOLDER = re.compile(r"\b(?:TODO|TBD)\b")
"""Text a writer leaves to fill in later; ``handout new`` writes ``TODO:``.  ``check``
reports it, and ``build`` refuses to print it unless asked for a draft."""
MIN_ITEMS, MAX_ITEMS = 2, 4
MAX_URL_CHARS = 120
"""Longest ``meta.url``: a longer address makes the printed QR code too dense to scan."""
MAX_ITEM_CHARS = 80
"""Longest item name: it heads a table column, which repeats on every page and cannot
be split, so a very long one could not fit on a page at all."""


@dataclass(frozen=True)
class Row:
    """A row of the comparison table: an attribute and one cell per condition."""

    attribute: str
    values: tuple[Cell, ...]
    """One cell per item: a line of text, a list, or a lead-in line and a list."""


@dataclass(frozen=True)
class Section:
    """A section (Causes, Symptoms, ...): its heading, key point and body."""

    heading: str
    summary: tuple[Block, ...]
    """The key point: empty when the section has none."""
    body: tuple[Block, ...]
    figure: Figure | None = None
    """A picture, after the body (``model.figure``)."""


@dataclass(frozen=True)
class GetHelp:
    """When to get help: what calls for the emergency number, and what for the clinic."""

    emergency: tuple[str, ...] = ()
    call_us: tuple[str, ...] = ()


@dataclass(frozen=True)
class Meta:
    """What the handout says of itself: id, version, review date, source, address."""

    id: str | None = None
    version: str | None = None
    reviewed: dt.date | None = None
    source: str | None = None
    url: str | None = None
    """Where the handout can be read online (``https://`` only): the PDF prints a QR code."""


@dataclass(frozen=True)
class Handout:
    """A content file, validated: everything a handout prints."""

    title: str
    items: tuple[str, ...]
    summary: tuple[Block, ...]
    comparison: tuple[Row, ...]
    sections: tuple[Section, ...]
    subtitle: str | None = None
    language: str = "en"
    disclaimer: str | None = None
    meta: Meta = field(default_factory=Meta)
    actions: tuple[str, ...] = ()
    """What the patient can do: a checklist with a box to tick before each."""
    get_help: GetHelp | None = None
    skip_checks: tuple[str, ...] = ()
    """Kinds of ``check`` finding this file asks not to be reported (``check: {skip:}``)."""
    source: str = ""
    """The file it came from, as shown in messages."""
    where: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False, repr=False)
    """Line and column of each field (``comparison[2].values[1]``), for later stages' messages."""

    def problem(self, path: str, message: str) -> Problem:
        """A problem at ``path`` (or its nearest located ancestor) of this handout's file."""
        probe = path
        while probe and probe not in self.where:
            probe = probe[: max(probe.rfind("."), probe.rfind("["), 0)]
        line, column = self.where.get(probe, (None, None))
        return Problem(self.source, line, column, path, message)

    def texts(self) -> list[tuple[str, str]]:
        """Every piece of text with the field it came from, in reading order.

        Gathered once (the checks and the layout each ask), a new list each time."""
        found: tuple[tuple[str, str], ...] | None = self.__dict__.get("_gathered")
        if found is None:
            found = tuple(self._gather())
            object.__setattr__(self, "_gathered", found)
        return list(found)

    def _gather(self) -> list[tuple[str, str]]:
        out = [("title", self.title)]
        if self.subtitle:
            out.append(("subtitle", self.subtitle))
        out += [(f"items[{i}]", t) for i, t in enumerate(self.items)]
        out += [("summary", p) for p in texts(self.summary)]
        for r, row in enumerate(self.comparison):
            out.append((f"comparison[{r}].attribute", row.attribute))
            for i, v in enumerate(row.values):
                out += [(f"comparison[{r}].values[{i}]", t) for t in texts(v)]
        for s, sec in enumerate(self.sections):
            out.append((f"sections[{s}].heading", sec.heading))
            out += [(f"sections[{s}].summary", t) for t in texts(sec.summary)]
            out += [(f"sections[{s}].body", p) for p in texts(sec.body)]
            if sec.figure and sec.figure.alt:
                out.append((f"sections[{s}].figure.alt", sec.figure.alt))
            if sec.figure and sec.figure.caption:
                out.append((f"sections[{s}].figure.caption", sec.figure.caption))
        out += [(f"actions[{i}]", t) for i, t in enumerate(self.actions)]
        if self.get_help:
            for key in GET_HELP_KEYS:
                out += [
                    (f"get_help.{key}[{i}]", t) for i, t in enumerate(getattr(self.get_help, key))
                ]
        if self.disclaimer:
            out.append(("disclaimer", self.disclaimer))
        for key in ("id", "version", "source", "url"):
            value = getattr(self.meta, key)
            if value:
                out.append((f"meta.{key}", value))
        return out


def placeholders(handout: Handout) -> list[Problem]:
    """A problem for every text that still holds a placeholder, with its line."""
    return [
        handout.problem(
            path,
            f"still holds the placeholder {_shown(text)}; write the text, "
            "or build with --draft to proofread on paper",
        )
        for path, text in handout.texts()
        if PLACEHOLDER.search(text)
    ]


def _shown(text: str, limit: int = 50) -> str:
    return f'"{text if len(text) <= limit else text[: limit - 3] + "..."}"'


def load(path: Path) -> Handout:
    """Read, parse and validate one content file."""
    return from_doc(yamlfile.load(path))


def from_doc(doc: YamlDoc, base: Path | None = None) -> Handout:
    """Validate parsed data; raise ``InputError`` listing every problem.

    ``base``: the folder picture paths start from; by default the folder of the file
    (the working folder for standard input).
    """
    if base is None:
        base = Path.cwd() if doc.file == yamlfile.STDIN_NAME else Path(doc.file).parent
    c = Checker(doc)
    data = doc.data
    if data is None:
        c.fail(
            (),
            "the file is empty; a handout needs title, items, summary, comparison "
            "and sections (`handout help content` shows them)",
        )
        c.raise_if_failed()
    top = c.mapping(
        (),
        data,
        TOP_KEYS,
        REQUIRED_KEYS,
        what="a mapping of handout fields (title:, items:, ...) at the top of the file",
    )
    if top is None:
        c.raise_if_failed()
        raise AssertionError("unreachable")

    title = c.text(("title",), top.get("title")) if "title" in top else None
    subtitle = c.text(("subtitle",), top.get("subtitle"), required=False)
    language = _language(c, top.get("language", "en"))
    items = _items(c, top["items"]) if "items" in top else ()
    summary = c.text(("summary",), top.get("summary")) if "summary" in top else None
    rows = _comparison(c, top["comparison"], len(items)) if "comparison" in top else ()
    sections = _sections(c, top["sections"], base) if "sections" in top else ()
    disclaimer = c.text(("disclaimer",), top.get("disclaimer"), required=False)
    meta = _meta(c, top["meta"]) if top.get("meta") is not None else Meta()
    actions = _list(c, ("actions",), top["actions"]) if top.get("actions") is not None else ()
    get_help = _get_help(c, top["get_help"]) if top.get("get_help") is not None else None
    skip = _skip(c, top["check"]) if top.get("check") is not None else ()
    c.raise_if_failed()
    assert title is not None and summary is not None
    return Handout(
        title=one_line(title),
        subtitle=one_line(subtitle) if subtitle else None,
        language=language or "en",
        items=items,
        summary=blocks(summary),
        comparison=rows,
        sections=sections,
        disclaimer=" ".join(paragraphs(disclaimer)) if disclaimer else None,
        meta=meta,
        actions=actions,
        get_help=get_help,
        skip_checks=skip,
        source=doc.file,
        where={format_path(k): v for k, v in doc.locations.items()},
    )


def _language(c: Checker, value: Any) -> str | None:
    tag = c.text(("language",), value)
    if tag is None:
        return None
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", tag.strip()):
        shown = one_line(tag)
        c.fail(("language",), f"'{shown}' is not a language tag; write e.g. en, es or en-US")
        return None
    return tag.strip()


def _items(c: Checker, value: Any) -> tuple[str, ...]:
    names = c.text_list(("items",), value)
    if names is None:
        return ()
    if not MIN_ITEMS <= len(names) <= MAX_ITEMS:
        c.fail(
            ("items",),
            f"{len(names)} item{'s' if len(names) != 1 else ''} given; "
            f"a handout compares {MIN_ITEMS} to {MAX_ITEMS} items",
        )
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        if name is None:
            continue
        shown = one_line(name)
        key = shown.casefold()
        if len(shown) > MAX_ITEM_CHARS:
            c.fail(
                ("items", i),
                f"is {len(shown)} characters long; an item's name heads a column of the table, "
                f"so keep it to {MAX_ITEM_CHARS} (say more in the summary or a section)",
            )
        if key in seen:
            c.fail(("items", i), f"'{shown}' is listed twice (also items[{seen[key]}])")
        seen.setdefault(key, i)
    return tuple(one_line(n) if n else "" for n in names)


def _comparison(c: Checker, value: Any, n_items: int) -> tuple[Row, ...]:
    if not isinstance(value, list):
        c.fail(
            ("comparison",), f"expected a list of rows (- attribute: ...), found {type_name(value)}"
        )
        return ()
    if not value:
        c.fail(("comparison",), "is empty; give at least one row")
    rows = []
    for r, raw in enumerate(value):
        path = ("comparison", r)
        row = c.mapping(path, raw, ROW_KEYS, ROW_KEYS, what="a row with attribute: and values:")
        if row is None:
            continue
        attribute = (
            c.text((*path, "attribute"), row.get("attribute")) if "attribute" in row else None
        )
        values = c.text_list((*path, "values"), row["values"]) if "values" in row else None
        if values is not None and n_items and len(values) != n_items:
            c.fail(
                (*path, "values"),
                f"{len(values)} value{'s' if len(values) != 1 else ''} given, "
                f"but there are {n_items} item{'s' if n_items != 1 else ''}",
            )
        if attribute and values is not None and all(v is not None for v in values):
            rows.append(Row(one_line(attribute), tuple(cell(v) for v in values if v)))
    return tuple(rows)


def _sections(c: Checker, value: Any, base: Path) -> tuple[Section, ...]:
    if not isinstance(value, list):
        c.fail(
            ("sections",), f"expected a list of sections (- heading: ...), found {type_name(value)}"
        )
        return ()
    if not value:
        c.fail(("sections",), "is empty; give at least one section")
    out = []
    for s, raw in enumerate(value):
        path = ("sections", s)
        sec = c.mapping(
            path, raw, SECTION_KEYS, SECTION_REQUIRED, what="a section with heading: and body:"
        )
        if sec is None:
            continue
        heading = c.text((*path, "heading"), sec.get("heading")) if "heading" in sec else None
        summary = c.text((*path, "summary"), sec.get("summary"), required=False)
        body = c.text((*path, "body"), sec.get("body")) if "body" in sec else None
        picture = (
            figures.read(c, (*path, "figure"), sec["figure"], base)
            if sec.get("figure") is not None
            else None
        )
        if heading and body:
            out.append(
                Section(
                    one_line(heading),
                    blocks(summary) if summary else (),
                    blocks(body),
                    picture,
                )
            )
    return tuple(out)


def _list(c: Checker, path: tuple[str, ...], value: Any) -> tuple[str, ...]:
    """A list of one-line texts (a list item each); ``[]`` or nothing: none."""
    found = c.text_list(path, value)
    if found is None:
        return ()
    return tuple(one_line(t) for t in found if t)


def _get_help(c: Checker, value: Any) -> GetHelp | None:
    what = "a mapping with emergency: and call_us: lists (get_help: {emergency: [...]})"
    group = c.mapping(("get_help",), value, GET_HELP_KEYS, what=what)
    if group is None:
        return None
    lists = {
        key: _list(c, ("get_help", key), group[key]) if group.get(key) is not None else ()
        for key in GET_HELP_KEYS
    }
    if not any(lists.values()) and not any(k not in GET_HELP_KEYS for k in group):
        c.fail(
            ("get_help",),
            "is empty; list what calls for an emergency (emergency:) or a call to the "
            "clinic (call_us:), or remove get_help",
        )
        return None
    return GetHelp(lists["emergency"], lists["call_us"])


def _skip(c: Checker, value: Any) -> tuple[str, ...]:
    group = c.mapping(("check",), value, CHECK_KEYS, what="a mapping such as check: {skip: [...]}")
    if group is None or group.get("skip") is None:
        return ()
    names = c.text_list(("check", "skip"), group["skip"]) or []
    out = []
    for i, name in enumerate(names):
        if name is None:
            continue
        kind = name.strip()
        if kind not in SKIPPABLE:
            c.fail(
                ("check", "skip", i),
                f"'{kind}' is not a kind of check finding that can be skipped"
                f"{suggest(kind, SKIPPABLE)}; kinds: {', '.join(SKIPPABLE)}",
            )
        else:
            out.append(kind)
    return tuple(out)


def _meta(c: Checker, value: Any) -> Meta:
    meta = c.mapping(("meta",), value, META_KEYS)
    if meta is None:
        return Meta()
    reviewed = c.date(("meta", "reviewed"), meta["reviewed"]) if meta.get("reviewed") else None
    texts = {}
    for key in ("id", "version", "source"):
        raw = meta.get(key)
        if isinstance(raw, (int, float)) and not isinstance(raw, bool) and key == "version":
            raw = str(raw)  # version: 1.0 is common and harmless
        texts[key] = c.text(("meta", key), raw, required=False)
    url = _url(c, meta["url"]) if meta.get("url") is not None else None
    return Meta(texts["id"], texts["version"], reviewed, texts["source"], url)


def _url(c: Checker, value: Any) -> str | None:
    """An ``https://`` address with a host, in plain ASCII, short enough for a QR code."""
    text = c.text(("meta", "url"), value)
    if text is None:
        return None
    url = text.strip()
    shown = one_line(url)
    try:
        parts = urllib.parse.urlsplit(url) if url.isascii() else None
        host = parts.hostname if parts else None
    except ValueError:  # e.g. an unclosed [ in the host
        parts, host = None, None
    if url.isascii() and parts is None:
        c.fail(("meta", "url"), f"'{shown}' is not a web address; check how it is written")
    elif parts is None or any(ch.isspace() for ch in url):
        c.fail(
            ("meta", "url"),
            f"'{shown}' is not a web address: it may not hold spaces or characters "
            "other than plain ASCII (percent-encode them, e.g. %C3%A9 for é)",
        )
    elif parts.scheme.lower() != "https" or not host or "." not in host:
        c.fail(
            ("meta", "url"),
            f"'{shown}' is not an https:// address; write the full address the handout "
            "can be read at, e.g. https://example.org/handouts/flu",
        )
    elif len(url) > MAX_URL_CHARS:
        c.fail(
            ("meta", "url"),
            f"is {len(url)} characters long; keep it to {MAX_URL_CHARS} (a longer address "
            "makes the printed QR code too dense to scan): use a short link",
        )
    else:
        return url
    return None
