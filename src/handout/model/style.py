"""Style sheets: YAML files -> a resolved ``stylemodel.Style``, following ``extends``.

Resolution reads the chain child -> parent -> ... (at most ``MAX_EXTENDS`` steps),
checks every file on its own (``stylefile``: keys, units, colours, fonts, logos), lays the files
over the built-in defaults leaf by leaf (so nested mappings merge while lists and
scalars replace), then settles what only the merged result can tell: palette
references, font families that follow the body, and whether the margins leave room.
Every problem points into the file that holds it, parent files included.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem, UsageError
from . import fontfile, inputs, yamlfile
from .paper import PAPER_SIZES
from .schema import suggest, type_name
from .stylefile import FIELDS, FONT_KEYS, FONT_ROLES, SIDES, TOP_KEYS, FileReader, Flat
from .stylemodel import (
    FACES,
    QR,
    Clinic,
    Colors,
    Fit,
    FontFiles,
    Fonts,
    FontSpec,
    Footer,
    GetHelp,
    Page,
    Sections,
    Style,
    SummaryBox,
    TableStyle,
)
from .stylevalues import PALETTE, inches, pt
from .stylevalues import is_path as is_path
from .yamlfile import PathKey, YamlDoc, display_name
from .yamllib import yaml

MAX_EXTENDS = 20
"""Most ``extends`` steps followed from one style; deeper chains are refused."""
MIN_ROOM = 216.0
"""Narrowest and shortest text area (3in) the margins may leave."""
_STYLE_ONLY = frozenset({"name", "description", *TOP_KEYS} - {"sections"})
_CONTENT_ONLY = frozenset(
    {"title", "subtitle", "items", "summary", "comparison", "disclaimer", "meta", "language"}
)


# --- public API ------------------------------------------------------------------------


def bundled_dir() -> Path:
    """The folder of the styles that ship with ``handout``."""
    return Path(__file__).parent.parent / "styles"


def is_style(data: Any) -> bool:
    """Whether parsed YAML is a style sheet rather than content, judged by its keys."""
    if not isinstance(data, dict):
        return False
    keys = {str(k) for k in data}
    if keys & _CONTENT_ONLY:
        return False
    if isinstance(data.get("sections"), dict):
        return True
    return any(
        key in _STYLE_ONLY or difflib.get_close_matches(key, _STYLE_ONLY, n=1, cutoff=0.8)
        for key in keys
    )


def available(search_dirs: Sequence[Path] = (Path("styles"),)) -> list[tuple[str, str, Path]]:
    """``(name, description, path)`` of every style a name reaches, local ones first.

    A local style hides a bundled one of the same name, so each name appears once.
    """
    out: list[tuple[str, str, Path]] = []
    seen: set[str] = set()
    for folder in (*search_dirs, bundled_dir()):
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.suffix in (".yaml", ".yml") and path.is_file() and path.stem not in seen:
                seen.add(path.stem)
                out.append((path.stem, _description(path), path))
    return out


def resolve(
    name_or_path: str | Path | None, search_dirs: Sequence[Path] = (Path("styles"),)
) -> Style:
    """The fully resolved style a name or path stands for (``None``: ``default``).

    Raises ``InputError`` listing every problem of the files involved, or
    ``UsageError`` when the name or path leads to no file.  Results are cached per
    file and modification time, so a batch pays for each style once.
    """
    try:
        return _resolve(name_or_path, search_dirs)
    except OSError as exc:  # a path the system will not look at, e.g. a name too long
        raise inputs.path_error(exc) from None


def _resolve(name_or_path: str | Path | None, search_dirs: Sequence[Path]) -> Style:
    path = locate(name_or_path, search_dirs)
    key = (
        str(path.resolve()),
        tuple(str(Path(d).resolve()) for d in search_dirs),
        os.getcwd(),
    )
    hit = _cache.get(key)
    if hit is not None and all(_stamp(Path(f)) == stamp for f, stamp in hit[0]):
        return hit[1]
    style, files = _resolve_file(path, search_dirs)
    _cache[key] = (tuple((str(f), _stamp(f)) for f in files), style)
    return style


def locate(
    name_or_path: str | Path | None, search_dirs: Sequence[Path] = (Path("styles"),)
) -> Path:
    """The file a style name or path names; a name is looked up locally, then bundled."""
    value = "default" if name_or_path is None else name_or_path
    if isinstance(value, Path) or is_path(value):
        path = Path(value)
        if not path.exists():
            raise UsageError(display_name(path), "no such style file" + inputs.suffix_hint(path))
        return path
    found = _find(value, search_dirs)
    if found is None:
        names = [n for n, _, _ in available(search_dirs)]
        raise UsageError(
            value,
            f"no style of that name (looked in {_places(search_dirs)}); "
            "`handout styles` lists them" + suggest(value, names),
        )
    return found


def to_yaml(style: Style) -> str:
    """The resolved style as a complete style file (no ``extends``) that resolves back to it."""
    doc: dict[str, Any] = {"name": style.name}
    if style.description:
        doc["description"] = style.description
    flat = _flatten(style)
    for path, kind in FIELDS.items():
        shown = _show(kind, flat[path])
        if shown is None:
            continue
        node = doc
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = shown
    if style.labels:
        doc["labels"] = {tag: dict(words) for tag, words in style.labels}
    margins = doc["page"]["margins"]
    if len(set(margins.values())) == 1:
        doc["page"]["margins"] = margins["top"]
    header = f"# Style '{style.name}', fully resolved (see docs/style-format.md)\n"
    return header + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=1000)


# --- finding files and the extends chain ------------------------------------------------


_cache: dict[
    tuple[str, tuple[str, ...], str], tuple[tuple[tuple[str, tuple[int, int]], ...], Style]
] = {}


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (-1, -1)
    return (st.st_mtime_ns, st.st_size)


def _places(search_dirs: Sequence[Path]) -> str:
    local = ", ".join(f"{Path(d)}/" for d in search_dirs)  # as the user gave them
    bundled = f"the bundled styles ({display_name(bundled_dir())}/)"
    return f"{local} and {bundled}" if local else bundled


def _find(name: str, search_dirs: Sequence[Path], skip: Path | None = None) -> Path | None:
    for folder in (*search_dirs, bundled_dir()):
        for suffix in (".yaml", ".yml"):
            candidate = Path(folder) / f"{name}{suffix}"
            if candidate.is_file() and (skip is None or candidate.resolve() != skip):
                return candidate
    return None


def _description(path: Path) -> str:
    try:
        data = yamlfile.load(path).data
    except InputError:
        return f"(unreadable: run handout validate {display_name(path)})"
    text = data.get("description") if isinstance(data, dict) else None
    return " ".join(text.split()) if isinstance(text, str) else ""


@dataclasses.dataclass
class _Link:
    """A style file of an ``extends`` chain, read."""

    path: Path
    doc: YamlDoc


def _load_chain(top: Path, search_dirs: Sequence[Path]) -> tuple[list[_Link], list[Problem]]:
    links: list[_Link] = []
    problems: list[Problem] = []
    seen: dict[Path, int] = {}
    path = top
    while True:
        try:
            doc = yamlfile.load(path)
        except InputError as exc:
            problems.extend(exc.problems)
            break
        seen[path.resolve()] = len(links)
        links.append(_Link(path, doc))
        if not isinstance(doc.data, dict) or doc.data.get("extends") is None:
            break
        extends = doc.data["extends"]
        if not isinstance(extends, str) or not extends.strip():
            problems.append(
                doc.problem(
                    ("extends",),
                    f"expected the name or path of a style, found {type_name(extends)}",
                )
            )
            break
        if len(links) > MAX_EXTENDS:
            chain = [link.path.stem for link in links]
            shown = " -> ".join([*chain[:3], "...", *chain[-2:], extends.strip()])
            problems.append(
                links[0].doc.problem(
                    ("extends",),
                    f"the extends chain is more than {MAX_EXTENDS} steps deep ({shown}); "
                    f"at most {MAX_EXTENDS} are followed: extend a style nearer the root",
                )
            )
            break
        parent, message = _parent(extends.strip(), path, search_dirs)
        if parent is None:
            problems.append(doc.problem(("extends",), message))
            break
        if parent.resolve() in seen:
            start = seen[parent.resolve()]
            if start == len(links) - 1:
                message = "a style cannot extend itself; name another style or remove extends"
            else:
                loop = " -> ".join(display_name(x.path) for x in links[start:])
                message = (
                    f"'{extends.strip()}' leads back to {display_name(parent)} "
                    f"({loop} -> {display_name(parent)}); styles cannot extend in a circle"
                )
            problems.append(doc.problem(("extends",), message))
            break
        path = parent
    return links, problems


def _parent(extends: str, child: Path, search_dirs: Sequence[Path]) -> tuple[Path | None, str]:
    """The file ``extends`` names, or ``None`` and why it was not found."""
    if is_path(extends):
        path = Path(extends).expanduser()
        if not path.is_absolute():
            path = child.parent / path
        if path.is_file():
            return path, ""
        where = "is a folder" if path.is_dir() else "does not exist"
        return None, (
            f"the style file {display_name(path)} {where} "
            "(a path in extends is relative to the folder of this file)"
        )
    found = _find(extends, search_dirs, skip=child.resolve())
    if found is not None:
        return found, ""
    if child.stem == extends:
        return None, "a style cannot extend itself; name another style or remove extends"
    names = [n for n, _, _ in available(search_dirs)]
    return None, (
        f"no style named '{extends}' (looked in {_places(search_dirs)})" + suggest(extends, names)
    )


# --- merging and building the model ------------------------------------------------------


def _resolve_file(path: Path, search_dirs: Sequence[Path]) -> tuple[Style, list[Path]]:
    links, problems = _load_chain(path, search_dirs)
    chain_complete = not problems
    readers = [FileReader(link.doc, link.path.parent) for link in links]
    for reader in readers:
        reader.read()
        problems.extend(reader.c.problems)
    if not chain_complete or not readers:
        raise InputError(problems)
    # Values that did not read keep what the layers below give, so the checks of the
    # merged style still run and a user sees those problems in the same pass.
    flat: Flat = dict(_DEFAULTS)
    origins: dict[PathKey, tuple[int, YamlDoc, PathKey]] = {}
    for depth in range(len(readers) - 1, -1, -1):
        reader = readers[depth]
        for key, value in reader.values.items():
            flat[key] = value
            origins[key] = (depth, reader.doc, reader.origins[key])
    top = readers[0]
    style = _build(
        flat,
        origins,
        problems,
        name=top.name or links[0].path.stem,
        description=top.description or "",
        source=top.doc.file,
    )
    return style, [link.path for link in links]


def _flatten(style: Style) -> Flat:
    """The model as leaves of a style file, each in its final unit."""
    page = style.page
    flat: Flat = {
        ("page", "size"): (page.size, page.width, page.height),
        **{("page", "margins", side): getattr(page, f"margin_{side}") for side in SIDES},
        ("fonts", "fallbacks"): style.fonts.fallbacks,
        ("align",): style.align,
    }
    for role in FONT_ROLES:
        spec = getattr(style.fonts, role)
        flat.update({("fonts", role, key): getattr(spec, key) for key in FONT_KEYS})
    for section in (
        "colors",
        "summary_box",
        "table",
        "footer",
        "sections",
        "fit",
        "qr",
        "get_help",
    ):
        part = getattr(style, section)
        flat.update({(section, f.name): getattr(part, f.name) for f in dataclasses.fields(part)})
    clinic = style.clinic
    flat.update(
        {("clinic", key): getattr(clinic, key) for key in ("name", "phone", "website", "logo_alt")}
    )
    flat[("clinic", "logo")] = (clinic.logo, clinic.logo_size) if clinic.logo else None
    for tag, words in style.labels:
        flat.update({("labels", tag, key): text for key, text in words})
    return flat


def _defaults() -> Flat:
    """The built-in layer under every style: ``Style()`` with a few values that follow
    others, so that a style changing ``colors.primary`` or the body family changes
    everything that was drawn with it."""
    flat = _flatten(Style())
    for path in (("colors", "rule"), ("summary_box", "border"), ("table", "header_background")):
        assert flat[path] == Colors().primary
        flat[path] = "primary"
    assert flat[("get_help", "border")] == Colors().text
    flat[("get_help", "border")] = "text"
    for role in FONT_ROLES[1:]:
        assert flat[("fonts", role, "family")] == FontSpec().family
        flat[("fonts", role, "family")] = None
    return flat


_DEFAULTS = _defaults()


def _build(
    flat: Flat,
    origins: dict[PathKey, tuple[int, YamlDoc, PathKey]],
    problems: list[Problem],
    name: str,
    description: str,
    source: str,
) -> Style:
    """The model from merged leaves; raises with ``problems`` and any found here."""

    def fail(paths: Sequence[PathKey], message: str) -> None:
        known = sorted((origins[p] for p in paths if p in origins), key=lambda o: o[0])
        if known:
            _, doc, where = known[0]
            problems.append(doc.problem(where, message))
        else:
            problems.append(Problem(source, None, None, yamlfile.format_path(paths[0]), message))

    palette = _palette(flat, fail)
    for path, kind in FIELDS.items():
        if kind == "colour" and path[0] != "colors":
            flat[path] = palette.get(flat[path], flat[path])
    body_family = flat[("fonts", "body", "family")]
    for role in FONT_ROLES:
        if flat[("fonts", role, "family")] is None:
            flat[("fonts", role, "family")] = body_family
    _check_room(flat, fail)
    if problems:
        raise InputError(problems)
    style = _model(flat, palette, name, description, source, origins)
    for need in fontfile.lacking(style):
        fail(font_keys(need.roles), need.message())
    if problems:
        raise InputError(problems)
    return style


def font_keys(roles: Sequence[str]) -> list[PathKey]:
    """The style keys that set the families of ``roles``: their own, then the body's they
    follow when they have none."""
    return [("fonts", role, "family") for role in (*roles, "body")]


def _model(
    flat: Flat,
    palette: dict[str, str],
    name: str,
    description: str,
    source: str,
    origins: dict[PathKey, tuple[int, YamlDoc, PathKey]],
) -> Style:
    """The model from merged leaves that passed every check."""

    def part(cls: Any, section: str) -> Any:
        return cls(**{f.name: flat[(section, f.name)] for f in dataclasses.fields(cls)})

    size, width, height = flat[("page", "size")]
    logo = flat[("clinic", "logo")]
    return Style(
        name=name,
        description=description,
        align=flat[("align",)],
        page=Page(
            size=size,
            width=width,
            height=height,
            **{f"margin_{side}": flat[("page", "margins", side)] for side in SIDES},
        ),
        fonts=Fonts(
            **{
                role: FontSpec(**{key: flat[("fonts", role, key)] for key in FONT_KEYS})
                for role in FONT_ROLES
            },
            fallbacks=tuple(flat[("fonts", "fallbacks")]),
        ),
        colors=Colors(**palette),
        summary_box=part(SummaryBox, "summary_box"),
        table=part(TableStyle, "table"),
        clinic=Clinic(
            name=flat[("clinic", "name")],
            phone=flat[("clinic", "phone")],
            website=flat[("clinic", "website")],
            logo=logo[0] if logo else None,
            logo_size=logo[1] if logo else None,
            logo_alt=flat[("clinic", "logo_alt")],
        ),
        footer=part(Footer, "footer"),
        sections=part(Sections, "sections"),
        fit=part(Fit, "fit"),
        labels=_style_labels(flat),
        qr=part(QR, "qr"),
        get_help=part(GetHelp, "get_help"),
        source=source,
        places=_places_of(flat, origins),
    )


PLACED = ("fonts", "clinic", "footer")
"""The groups whose lines a renderer's message may need (``Style.places``)."""


def _places_of(
    flat: Flat, origins: dict[PathKey, tuple[int, YamlDoc, PathKey]]
) -> tuple[tuple[PathKey, Problem], ...]:
    """Where each key of ``PLACED`` was set, as empty problems (a list's items too)."""
    out: list[tuple[PathKey, Problem]] = []
    for key, (_, doc, where) in origins.items():
        if key[0] not in PLACED:
            continue
        out.append((key, doc.problem(where, "")))
        value = flat.get(key)
        if where == key and isinstance(value, tuple) and key == ("fonts", "fallbacks"):
            out += [((*key, i), doc.problem((*key, i), "")) for i in range(len(value))]
    return tuple(out)


def _style_labels(flat: Flat) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """The ``("labels", tag, key)`` leaves as the model holds them, tags in file order."""
    out: dict[str, dict[str, str]] = {}
    for path, value in flat.items():
        if path[0] == "labels":
            out.setdefault(str(path[1]), {})[str(path[2])] = value
    return tuple((tag, tuple(words.items())) for tag, words in out.items())


def _palette(flat: Flat, fail: Callable[[Sequence[PathKey], str], None]) -> dict[str, str]:
    """``colors`` with references between its entries followed to a colour."""
    out: dict[str, str] = {}
    reported: set[frozenset[str]] = set()
    for key in PALETTE:
        trail = [key]
        value = flat[("colors", key)]
        while not value.startswith("#"):
            if value in trail:
                loop = trail[trail.index(value) :]
                if frozenset(loop) not in reported:
                    reported.add(frozenset(loop))
                    fail(
                        [("colors", k) for k in loop],
                        "palette entries refer to each other in a circle "
                        f"({' -> '.join([*loop, value])}); give one of them a colour",
                    )
                value = "#000000"
                break
            trail.append(value)
            value = flat[("colors", value)]
        out[key] = value
    return out


def _check_room(flat: Flat, fail: Callable[[Sequence[PathKey], str], None]) -> None:
    size, width, height = flat[("page", "size")]
    paper = size if size != "custom" else "this"
    for extent, total, first, second in (
        ("width", width, "left", "right"),
        ("height", height, "top", "bottom"),
    ):
        room = total - flat[("page", "margins", first)] - flat[("page", "margins", second)]
        if room < MIN_ROOM:
            left = f"leave {inches(room)} of the" if room > 0 else "leave no room on the"
            fail(
                [("page", "margins", first), ("page", "margins", second), ("page", "size")],
                f"the {first} and {second} margins {left} {inches(total)} {extent} "
                f"of {paper} paper; at least {inches(MIN_ROOM)} is needed for the text",
            )


# --- writing values back as YAML ----------------------------------------------------------


def _show(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind in ("font_size", "margin"):
        return pt(value)
    if kind == "paper":
        name, width, height = value
        return name if name in PAPER_SIZES else [pt(width), pt(height)]
    if kind == "families":
        return [_show("family", v) for v in value]
    if kind == "family" and isinstance(value, FontFiles):
        files = {f: getattr(value, f) for f in FACES if getattr(value, f)}
        return value.regular if len(files) == 1 else files
    if kind == "logo":
        return str(value[0])
    return value
