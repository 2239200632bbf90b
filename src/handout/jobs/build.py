"""One handout from files to PDF (and HTML): load, check fonts, lay out, render, write."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .. import outputs
from ..errors import InputError, Problem, UsageError
from ..files import write_atomic, write_temporary
from ..model import content, emphasis, fontfile, labels, yamlfile
from ..model import formats as formats_
from ..model.content import Handout
from ..model.stylefile import FONT_ROLES
from ..model.stylemodel import FACES, Family, FontFiles, Style, face_name
from ..pdf import archival, bands, fit, fonts, qr, roles
from ..text import fontfiles


@dataclass(frozen=True)
class Built:
    """A handout built: where its files went, its pages, size and time."""

    source: Path
    output: Path
    """The first file written: the PDF, or the HTML when no PDF was asked for."""
    pages: int
    """Pages of the PDF; 0 when none was asked for."""
    seconds: float
    size: int
    html: Path | None = None
    """The HTML page written next to the PDF, when asked for."""
    html_size: int = 0
    tightened: bool = False
    """The PDF was set a little tighter than its style to end a page sooner (``pdf.fit``)."""


@contextmanager
def _font_files_of(style: Style) -> Iterator[None]:
    """A font file of ``style`` that cannot be used (``fonts.FontError``) said at the
    line of the style that names it, as a broken logo is."""
    try:
        yield
    except fonts.FontError as exc:
        key = _font_key(style, exc.path) if exc.path else None
        if key is None:
            raise
        shown = yamlfile.display_name(exc.path) if exc.path else ""
        raise InputError([style.problem(key, f"the font file {shown} {exc.problem}")]) from None


def _font_key(style: Style, path: Path) -> tuple[str | int, ...] | None:
    """The key of ``style`` that names the font file ``path`` (or the variable font it
    was cut from), or ``None``."""
    f = style.fonts
    named: list[tuple[tuple[str | int, ...], Family]] = [
        (("fonts", role, "family"), getattr(f, role).family) for role in FONT_ROLES
    ]
    named += [(("fonts", "fallbacks", i), fam) for i, fam in enumerate(f.fallbacks)]
    for key, family in named:
        if not isinstance(family, FontFiles):
            continue
        for face in FACES:
            file = getattr(family, face)
            if file and Path(file) in (path, *_cut_from(path)):
                places = {p for p, _ in style.places}
                return (*key, face) if (*key, face) in places else key
    return None


def _cut_from(path: Path) -> tuple[Path, ...]:
    """The variable font file a prepared face ``path`` was cut from, if one was."""
    source = fontfiles.cut_from.get(path)
    return (source,) if source else ()


def check_fonts(handout: Handout, style: Style) -> None:
    """Refuse text that the style's fonts cannot print, before anything is drawn, and a
    face the text asks for (emphasis, or a fallback family it is set in) that its
    family lacks."""
    with _font_files_of(style):
        _check_fonts(handout, style)


def _check_fonts(handout: Handout, style: Style) -> None:
    k = _kit(handout, style)
    chains = {id(r.chain): r.chain for r in (k.body, k.heading, k.title, k.table, k.small)}
    texts = handout.texts()
    for chain in chains.values():
        fonts.require_drawable(texts, chain, handout.problem)
    problems = [
        style.problem(_swapped_key(style, need.family), need.message() + _set_in(need))
        for need in fontfile.lacking(k.style)
        if need.family in style.fonts.fallbacks
    ]
    problems += _emphasis(handout, k.style)
    if problems:
        raise InputError(problems)


def _swapped_key(style: Style, family: Family) -> tuple[str | int, ...]:
    return ("fonts", "fallbacks", style.fonts.fallbacks.index(family))


def _set_in(need: fontfile.Need) -> str:
    return (
        f" (this handout is set in '{fontfile.name(need.family)}' as its text needs "
        "letters the style's own family lacks)"
    )


_EMPHASIS_ROLE = {"title": "title", "subtitle": "subtitle", "comparison": "table", "items": "table"}


def _emphasis(handout: Handout, style: Style) -> list[Problem]:
    """Problems for ``**bold**`` or ``*italic*`` text whose family lacks that face."""
    out = []
    for path, text in handout.texts():
        if "*" not in text:
            continue
        top = path.split(".")[0].split("[")[0]
        role = "heading" if path.endswith(".heading") else _EMPHASIS_ROLE.get(top, "body")
        spec = getattr(style.fonts, role)
        has = fontfile.faces(spec.family)
        for _, bold, italic in emphasis.spans(text, spec.bold, spec.italic):
            face = face_name(bold, italic)
            if has and face not in has:
                shown = face.replace("_", " ")
                out.append(
                    handout.problem(
                        path,
                        f"is set partly in {shown} (its ** or * marks), and the style's font "
                        f"'{fontfile.name(spec.family)}' has no {shown} face; remove the "
                        "marks, or give the style a family that has one",
                    )
                )
                break
    return out


def check_style(style: Style) -> None:
    """Refuse clinic or footer text that does not fit the page's bands (``pdf.bands``),
    as any handout would draw them (with the widest QR code when it goes in the footer)."""
    with _font_files_of(style):
        k = roles.kit(style, qr_footer=style.qr.place == "footer")
    if k.bands.problems:
        raise InputError(k.bands.problems)


def _kit(handout: Handout, style: Style) -> roles.Kit:
    """``roles.kit_for``, its fonts' package missing said as a problem of ``language``."""
    try:
        with _font_files_of(style):
            return roles.kit_for(handout, style)
    except fontfiles.NotInstalled as exc:
        raise InputError([handout.problem("language", exc.message)]) from None


def check_footer(handout: Handout, style: Style) -> None:
    """Refuse an id line, a QR code's words or clinic text too long for the bands."""
    k = _kit(handout, style)
    if k.bands.problems:
        raise InputError(k.bands.problems)
    small = k.small
    url = handout.meta.url
    room = k.frame[2] - (qr.outer(url) + 4 if k.qr_footer and url else 0)
    words = labels.resolve(handout.language, style)
    problems = []
    width = small.width(bands.footer_meta(handout, words))
    if width > room:
        meta = handout.meta
        field = "meta.id" if len(meta.id or "") >= len(meta.version or "") else "meta.version"
        problems.append(
            handout.problem(
                field,
                f"is too long for the footer: with the rest of its line it would be "
                f"{width:.0f}pt wide, and the page leaves {room:.0f}pt; shorten it",
            )
        )
    if k.qr_footer and url:
        for text, bold in ((words.read_online, True), (qr.short(url), False)):
            if small.width(text, bold) > room:
                problems.append(
                    handout.problem(
                        "meta.url",
                        f"'{text}' is {small.width(text, bold):.0f}pt wide beside the QR code "
                        f"in the footer, which leaves {room:.0f}pt; use a shorter address, "
                        "or qr.place: first-page in the style",
                    )
                )
    if problems:
        raise InputError(problems)


def render(handout: Handout, style: Style, draft: bool = False) -> tuple[bytes, int]:
    """Check and render one handout; the PDF bytes and the page count."""
    done = render_fitted(handout, style, draft)
    return done.data, done.pages


def render_fitted(handout: Handout, style: Style, draft: bool = False) -> fit.Fitted:
    """Check and render one handout, saying whether it was tightened to fit.

    A handout that still holds placeholders is refused unless ``draft``: then every
    page carries a DRAFT mark, so it can be proofread but never taken for finished.
    """
    check(handout, style, draft, ("pdf",))
    return fit.render(handout, style, draft)


def check(
    handout: Handout, style: Style, draft: bool = False, formats: Sequence[str] = ("pdf",)
) -> None:
    """Everything ``build`` refuses short of laying out pages, every problem at once.

    Placeholders (unless ``draft``), text no font of the style draws, and, for the PDF,
    what cannot fit its one line and a ``SOURCE_DATE_EPOCH`` it cannot carry. This is
    the one home of these checks: ``build``, ``batch``, ``validate`` and ``check`` all
    call it, so that "valid" means "will build". A check added here is run by all of
    them.
    """
    if "pdf" in formats:
        archival.check_source_date()  # the environment, not the files: alone, at once
    problems: list[Problem] = [] if draft else content.placeholders(handout)
    steps = [check_fonts, *([check_footer] if "pdf" in formats else [])]
    for step in steps:
        try:
            step(handout, style)
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(dict.fromkeys(problems))  # a missing font package: said once


def build_one(
    source: Path,
    style: Style,
    output: Path,
    draft: bool = False,
    *,
    formats: Sequence[str] = formats_.DEFAULT,
) -> Built:
    """Build ``source`` into ``output`` atomically, and into ``output`` with ``.html`` for
    the ``html`` format.  Every format is rendered before any file is written."""
    start = time.perf_counter()
    handout = content.from_doc(yamlfile.load(source))
    files = render_formats(handout, style, formats, draft)
    pdf, pages, tightened = files.get("pdf", fit.Fitted(b"", 0, False))
    html = output.with_suffix(".html") if "html" in files else None
    for fmt, (data, _, _) in files.items():
        write_atomic(output if fmt == "pdf" else output.with_suffix(".html"), data)
    seconds = time.perf_counter() - start
    html_size = len(files["html"][0]) if "html" in files else 0
    if "pdf" not in files:
        assert html is not None
        return Built(source, html, 0, seconds, html_size)
    return Built(source, output, pages, seconds, len(pdf), html, html_size, tightened)


def render_formats(
    handout: Handout, style: Style, formats: Sequence[str], draft: bool = False
) -> dict[str, fit.Fitted]:
    """Each format's bytes (and the PDF's page count and whether it was tightened;
    0 and no for HTML), checked first."""
    out: dict[str, fit.Fitted] = {}
    check(handout, style, draft, formats)
    if "pdf" in formats:
        out["pdf"] = fit.render(handout, style, draft)
    if "html" in formats:
        from ..html import render as html_render  # loaded only when HTML is asked for

        # In the PDF's families: one that has a script the primary lacks draws it whole.
        page = html_render.render(handout, roles.typeset(handout, style), draft)
        out["html"] = fit.Fitted(page, 0, False)
    return out


@dataclass(frozen=True)
class Prepared:
    """A handout built into temporary files, for ``files.commit`` to put in place."""

    files: list[tuple[Path, Path]]
    """Each temporary file and where it goes: the PDF first, then the HTML page."""
    pages: int
    seconds: float
    sha256: str
    """Of the first file: the PDF, or the HTML page when no PDF was asked for."""
    tightened: bool = False
    """The PDF was set a little tighter than its style to end a page sooner (``pdf.fit``)."""


def prepare(
    source: Path,
    style: Style,
    output: Path,
    draft: bool = False,
    formats: Sequence[str] = formats_.DEFAULT,
) -> Prepared:
    """Build ``source`` as ``build_one`` does, into temporary files beside ``output``."""
    start = time.perf_counter()
    handout = content.from_doc(yamlfile.load(source))
    made = render_formats(handout, style, formats, draft)
    done: list[tuple[Path, Path]] = []
    try:
        for fmt, (data, _, _) in made.items():
            final = output if fmt == "pdf" else output.with_suffix(".html")
            done.append((write_temporary(final, data), final))
    except BaseException:
        for tmp, _ in done:
            tmp.unlink(missing_ok=True)
        raise
    first = next(iter(made.values())).data
    pdf = made.get("pdf", fit.Fitted(b"", 0, False))
    digest = hashlib.sha256(first).hexdigest()
    return Prepared(done, pdf.pages, time.perf_counter() - start, digest, pdf.tightened)


def output_paths(sources: Sequence[Path], out: outputs.Target) -> list[Path]:
    """Where each source's PDF goes (``-o`` as ``outputs`` reads it); two sources may
    not write the same file.

    By default ``output/<stem>.pdf``; standard input is named ``stdin``.  Everything
    that can be checked before building is: a file or a folder in the way is refused
    before any PDF is written.
    """
    names = [f"{stem(src)}.pdf" for src in sources]
    paths = outputs.place(out, names, "handout")
    seen: dict[Path, Path] = {}
    for src, dest in zip(sources, paths, strict=True):
        if dest in seen:
            raise UsageError(
                yamlfile.display_name(src),
                f"would write {dest}, as {yamlfile.display_name(seen[dest])} does; "
                "rename one of them (nothing was written)",
            )
        seen[dest] = src
    return paths


def stem(source: Path) -> str:
    """The name a source's output takes: its file name without suffix; ``stdin`` for ``-``."""
    return "stdin" if source == yamlfile.STDIN else source.stem
