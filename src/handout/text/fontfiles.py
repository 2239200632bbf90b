"""Font families that come from pip packages and are prepared on first use.

Some scripts need fonts that no ``fontpkg-*`` package ships as plain TrueType faces:
the Chinese, Japanese and Korean Noto Sans fonts, for example, come as *variable*
fonts (one file for every weight, whose default instance is Thin).  ReportLab embeds
one static TrueType face per weight, so each face the handout prints (Regular 400,
Bold 700) is cut from the variable file with fontTools' ``varLib.instancer``, renamed
(a PostScript name of its own: ReportLab keys fonts by that name and would quietly
reuse the first), and kept in the user's cache folder (``$XDG_CACHE_HOME/handout/fonts``
or ``~/.cache/handout/fonts``), so that it is done once per machine and user.

``BUNDLED`` is the table of these families: the package and file each comes from, the
instances to cut, and the languages whose handouts are set in it.  A family there is
used by name like any installed family (``pdf.fonts.family``, ``html.fonts``).

Preparing takes seconds and a few hundred MB of memory; it is announced through
``announce`` (the CLI sets it to print a line on standard error), guarded by a lock
file so that two processes do not both cut the same face, and written atomically
(a temporary file, then a rename), so that a process that finds no lock support, or
is stopped half-way, never leaves a broken face behind.
"""

from __future__ import annotations

import functools
import io
import os
import struct
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from .. import files
from ..errors import HandoutError

VARIANTS = ((400, "normal"), (700, "normal"), (400, "italic"), (700, "italic"))
"""The four faces of a family, in the order ``face_files`` gives them."""


@dataclass(frozen=True)
class Instance:
    """One static face cut from a family's file."""

    style: str
    """Its style name (``Regular``, ``Bold``): the name table's subfamily."""
    weight: int
    axes: tuple[tuple[str, float], ...]
    """Where on the variable font's axes it is pinned (``(("wght", 700),)``)."""


@dataclass(frozen=True)
class Bundled:
    """A family that a pip package ships as a variable font."""

    name: str
    """The family name, as styles and messages use it (``Noto Sans SC``)."""
    script: str
    """What it prints, for messages (``Chinese (Simplified)``)."""
    package: str
    """The import name of the package holding the file."""
    distribution: str
    """The package's name on PyPI."""
    extra: str
    """The ``handout[...]`` extra that installs it."""
    file: str
    """The variable font, relative to the package."""
    instances: tuple[Instance, ...]
    languages: tuple[str, ...] = ()
    """Language tags (as in ``labels.yaml``) whose handouts are set in this family."""
    italic: bool = False
    """Whether it has italic faces; without, emphasis in italics prints upright."""
    seconds: int = 30
    """About how long preparing its faces takes on a 2-core machine, for the message."""
    statics: tuple[tuple[int, str], ...] = ()
    """Static faces the package already ships, by weight (``((400, "files/X-Regular.ttf"),
    (700, ...))``): used as they are, nothing is cut; ``file`` is then the regular one."""
    latin: str | None = None
    """The family that draws the Latin letters this one lacks (a script font without
    them is paired with one whose shapes match), or ``None`` when it has its own."""

    @property
    def stem(self) -> str:
        """The PostScript family name: ``Noto Sans SC`` -> ``NotoSansSC``."""
        return "".join(ch for ch in self.name if ch.isalnum())

    def instance(self, weight: int) -> Instance:
        """The instance nearest ``weight``."""
        return min(self.instances, key=lambda i: abs(i.weight - weight))


_REGULAR_BOLD = (
    Instance("Regular", 400, (("wght", 400.0),)),
    Instance("Bold", 700, (("wght", 700.0),)),
)
_CJK = "justmytype_intl_cjk"


def _cjk(code: str, script: str, languages: tuple[str, ...], seconds: int) -> Bundled:
    folder = f"notosans{code.lower()}"
    return Bundled(
        name=f"Noto Sans {code}",
        script=script,
        package=_CJK,
        distribution="justmytype-intl-cjk",
        extra="cjk",
        file=f"fonts/ofl/{folder}/NotoSans{code}[wght].ttf",
        instances=_REGULAR_BOLD,
        languages=languages,
        seconds=seconds,
    )


_WIDE = (  # Noto's script fonts also vary in width: pinned at the normal one
    Instance("Regular", 400, (("wght", 400.0), ("wdth", 100.0))),
    Instance("Bold", 700, (("wght", 700.0), ("wdth", 100.0))),
)


def _noto(script: str, package: str, folder: str, languages: tuple[str, ...]) -> Bundled:
    """A Noto Sans script family from a JustMyType pack (default dependencies)."""
    stem = f"NotoSans{script}"
    return Bundled(
        name=f"Noto Sans {script}",
        script=script,
        package=package,
        distribution=package.replace("_", "-"),
        extra="",
        file=f"fonts/ofl/{folder}/{stem}[wdth,wght].ttf",
        instances=_WIDE,
        languages=languages,
        seconds=5,
    )


DEVANAGARI = Bundled(
    name="Noto Sans Devanagari",
    script="Devanagari",
    package="fontpkg_noto_sans_devanagari",
    distribution="fontpkg-noto-sans-devanagari",
    extra="",
    file="files/NotoSansDevanagari[wdth,wght].ttf",
    instances=_WIDE,
    languages=("hi", "ne"),
    seconds=5,
)


def _shipped(script: str, languages: tuple[str, ...]) -> Bundled:
    """Noto Sans Gurmukhi or Gujarati, static faces shipped inside handout (no package
    on PyPI has them); they have no Latin letters: Fira Sans draws those."""
    stem = f"NotoSans{script}"
    return Bundled(
        name=f"Noto Sans {script}",
        script=script,
        package="handout.text",
        distribution="handout",
        extra="",
        file=f"fonts/{stem}-Regular.ttf",
        instances=_REGULAR_BOLD,
        languages=languages,
        statics=((400, f"fonts/{stem}-Regular.ttf"), (700, f"fonts/{stem}-Bold.ttf")),
        latin="Fira Sans",
    )


BUNDLED: dict[str, Bundled] = {
    b.name: b
    for b in (
        _cjk("SC", "Chinese (Simplified)", ("zh-Hans",), 35),
        _cjk("TC", "Chinese (Traditional)", ("zh-Hant",), 25),
        _cjk("JP", "Japanese", ("ja",), 20),
        _cjk("KR", "Korean", ("ko",), 20),
        # Arabic, Farsi, Urdu: precomposed letter forms (text copied from the PDF reads
        # back far better than from fonts that build letters from dots and skeletons);
        # it has the Farsi and Urdu letters and its own Latin; static Regular and Bold.
        Bundled(
            name="IBM Plex Sans Arabic",
            script="Arabic",
            package="fontpkg_ibm_plex_sans_arabic",
            distribution="fontpkg-ibm-plex-sans-arabic",
            extra="",
            file="files/IBMPlexSansArabic-Regular.ttf",
            instances=_REGULAR_BOLD,
            languages=("ar", "fa", "ur"),
            statics=(
                (400, "files/IBMPlexSansArabic-Regular.ttf"),
                (700, "files/IBMPlexSansArabic-Bold.ttf"),
            ),
        ),
        _noto("Hebrew", "justmytype_intl_rtl", "notosanshebrew", ("he",)),
        DEVANAGARI,
        _noto("Bengali", "justmytype_intl_south_asia", "notosansbengali", ("bn",)),
        _noto("Ethiopic", "justmytype_intl_africa", "notosansethiopic", ("am",)),
        _shipped("Gurmukhi", ("pa",)),
        _shipped("Gujarati", ("gu",)),
    )
}
"""The families prepared from pip packages, by name.  Han unification: one code point is
drawn in the regional form of the face the language picks (SC, TC, JP or KR)."""


class NotInstalled(HandoutError):
    """A bundled family's package is not installed."""

    def __init__(self, bundled: Bundled) -> None:
        self.bundled = bundled
        how = (
            f"pip install 'handout[{bundled.extra}]'"
            if bundled.extra
            else f"pip install {bundled.distribution} (or install handout again)"
        )
        super().__init__(
            f"{bundled.script} text needs the {bundled.name} fonts, which are not installed; "
            f"install them with: {how}"
        )


class DamagedFont(HandoutError):
    """A variable font file whose weights cannot be cut: ``problem`` says why."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"the font file {path} is damaged: {problem}")
        self.path = path
        self.problem = f"is damaged: {problem}; copy it again from where it came from"


class PrepareError(HandoutError):
    """A face could not be prepared (a cache folder that cannot be written, a full disk)."""


Announce = Callable[[Bundled], None]
announce: Announce | None = None
"""Called before a family's faces are prepared (the CLI prints a line); None: quiet."""
announce_face: Callable[[str, int], None] | None = None
"""Called before a face is cut from a variable font file (``static_face``), with what is
prepared (``the bold face of Inter``) and about how many seconds it takes."""


def is_bundled(name: str) -> bool:
    return name in BUNDLED


def for_language(tag: str) -> str | None:
    """The bundled family a handout in ``tag`` is set in (``zh-TW`` -> ``Noto Sans TC``)."""
    from ..model import labels  # not at import: the CLI sets ``announce`` before any command

    lang = labels.known(tag)
    if lang is None:
        return None
    for bundled in BUNDLED.values():
        if any(t.lower() == lang.lower() for t in bundled.languages):
            return bundled.name
    return None


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/handout/fonts``, or ``~/.cache/handout/fonts``."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "handout" / "fonts"


def source(bundled: Bundled) -> Path:
    """The variable font file of ``bundled``; ``NotInstalled`` without its package."""
    path = _package_root(bundled) / bundled.file
    if not path.is_file():
        raise NotInstalled(bundled)
    return path


def _package_root(bundled: Bundled) -> Path:
    """The folder of ``bundled``'s package; ``NotInstalled`` without it."""
    import importlib.resources  # here: 10 ms to load, for a script a Latin handout never uses

    try:
        return Path(str(importlib.resources.files(bundled.package)))
    except ModuleNotFoundError:
        raise NotInstalled(bundled) from None


@functools.cache
def _version(bundled: Bundled) -> str:
    import importlib.metadata  # here: a Latin handout never asks, and it takes 20 ms to load

    try:
        return importlib.metadata.version(bundled.distribution)
    except importlib.metadata.PackageNotFoundError:
        return "0"


_PREPARED = 2
"""The way faces are prepared, in their file names: raised when it changes the bytes of a
prepared face, so that every cache prepares them again (2: a face keeps its package's
date, not the day it was prepared, so that the same input gives the same PDF on any
machine)."""


def instance_path(bundled: Bundled, instance: Instance) -> Path:
    """Where the prepared face is kept: named by family, style, package version and
    ``_PREPARED``, so that an upgraded package gets faces of its own."""
    version = _version(bundled)
    return cache_dir() / f"{bundled.stem}-{instance.style}-{version}-p{_PREPARED}.ttf"


def prepared(name: str) -> bool:
    """Whether bundled family ``name`` is ready without cutting anything: shipped as
    static faces, or its faces already in the cache folder."""
    bundled = BUNDLED[name]
    if bundled.statics:
        return True
    return all(instance_path(bundled, i).is_file() for i in bundled.instances)


@functools.cache
def face_files(name: str) -> list[Path] | None:
    """The files of a bundled family's four faces (regular, bold, italic, bold italic),
    preparing them first when needed; ``None`` for a family that is not bundled.

    A family without italics gives its upright faces for the italic ones."""
    bundled = BUNDLED.get(name)
    if bundled is None:
        return None
    if bundled.statics:
        statics = dict(bundled.statics)
        source(bundled)  # NotInstalled without its package
        root = _package_root(bundled)
        near = {w: root / statics[min(statics, key=lambda s: abs(s - w))] for w, _ in VARIANTS}
        return [near[weight] for weight, _ in VARIANTS]
    files = {i.weight: instance_path(bundled, i) for i in bundled.instances}
    if not prepared(name):
        prepare(bundled)
    return [files[bundled.instance(weight).weight] for weight, _ in VARIANTS]


def prepare(bundled: Bundled) -> None:
    """Cut every instance of ``bundled`` that is not in the cache yet."""
    src = source(bundled)
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with _locked(folder / f".{bundled.stem}.lock"):
            todo = [i for i in bundled.instances if not instance_path(bundled, i).is_file()]
            if not todo:  # another process prepared them while this one waited
                return
            if announce is not None:
                announce(bundled)
            from fontTools.ttLib import TTFont

            for inst in todo:
                with TTFont(str(src)) as font:
                    face = _cut(font, bundled, inst)
                    _save(face, instance_path(bundled, inst))
    except OSError as exc:
        raise PrepareError(
            f"cannot prepare the {bundled.name} fonts in {folder}: {exc.strerror or exc}; "
            "free some disk space, or set XDG_CACHE_HOME to a folder you can write to"
        ) from None


@functools.cache
def _weights(path: Path) -> tuple[float, float, float] | None:
    """The minimum, default and maximum of the weight axis of the font file ``path``, or
    ``None`` when it is not a variable font with one.  Read from its ``fvar`` table with
    ``struct``: a build that draws from it need not load fontTools."""
    from ..model.fontfile import tables

    try:
        with open(path, "rb") as fh:
            head = fh.read(12)
            directory = tables(head + fh.read(16 * struct.unpack(">H", head[4:6])[0]))
            if directory is None or b"fvar" not in directory:
                return None
            offset, _ = directory[b"fvar"]
            fh.seek(offset)
            start, _, axes, size = struct.unpack(">HHHH", fh.read(16)[4:12])
            fh.seek(offset + start)
            for _ in range(axes):
                axis = fh.read(size)
                if axis[:4] == b"wght":
                    low, default, high = struct.unpack(">iii", axis[4:16])
                    return (low / 65536, default / 65536, high / 65536)
    except (OSError, struct.error):  # a damaged file is refused where it is read
        return None
    return None


cut_from: dict[Path, Path] = {}
"""The variable font file each face ``static_face`` gave was cut from (for messages)."""


def static_face(path: Path, weight: int, italic: bool) -> Path:
    """The face of the font file ``path`` at ``weight`` (400 or 700): ``path`` itself,
    unless it is a variable font whose default weight is another one.

    ReportLab draws a variable font in its default instance only: Inter's one file is
    its regular *and* its bold, and a title asked in bold would print regular.  So the
    instance at ``weight`` (its other axes at their defaults) is cut once, as the bundled
    families are, into the cache folder, named by the file's own bytes: the same file
    gives the same face on any machine, and a changed file a new one.
    """
    axis = _weights(path)
    if axis is None:
        return path
    low, default, high = axis
    pinned = min(max(float(weight), low), high)
    if pinned == default:
        return path
    import hashlib

    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:16]
    style = ("Bold" if weight >= 700 else "Regular") + (" Italic" if italic else "")
    style = "Italic" if style == "Regular Italic" else style
    inst = Instance(style, weight, (("wght", pinned),))
    name = "".join(ch for ch in path.stem.partition("[")[0] if ch.isalnum()) or "Font"
    folder = cache_dir()
    target = folder / f"{name}-{style.replace(' ', '')}-{digest}-p{_PREPARED}.ttf"
    cut_from[target] = path
    if target.is_file():
        return target
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with _locked(folder / f".{name}.lock"):
            if not target.is_file():  # another process may have cut it while this waited
                try:
                    _cut_face(data, path, digest, inst, italic, target)
                except OSError:
                    raise
                except Exception as exc:  # noqa: BLE001 - fontTools fails in many ways
                    raise DamagedFont(path, f"its variations cannot be read ({exc})") from None
    except OSError as exc:
        raise PrepareError(
            f"cannot prepare the {style.lower()} face of {path.name} in {folder}: "
            f"{exc.strerror or exc}; free some disk space, or set XDG_CACHE_HOME to a folder "
            "you can write to"
        ) from None
    return target


def _cut_face(data: bytes, path: Path, digest: str, inst: Instance, italic: bool, to: Path) -> None:
    """Cut the face ``inst`` from ``data``, the font file ``path``, into ``to``."""
    from fontTools.ttLib import TTFont

    with TTFont(io.BytesIO(data)) as font:
        family = font["name"].getBestFamilyName() or path.stem
        if announce_face is not None:
            announce_face(f"{inst.style.lower()} face of {family}", 5)
        stem = "".join(ch for ch in family if ch.isalnum()) or "Font"
        _save(_pin(font, family, stem, digest, inst, italic), to)


def _cut(font: object, bundled: Bundled, inst: Instance) -> object:
    """``font`` pinned at ``inst``'s axes, renamed as a static face of its own."""
    return _pin(font, bundled.name, bundled.stem, _version(bundled), inst, italic=False)


def _pin(
    font: object, family: str, stem: str, version: str, inst: Instance, italic: bool
) -> object:
    """``font`` pinned at ``inst``'s axes (an axis it leaves out at its default), named
    ``{stem}-{inst.style}`` as a static face of ``family``."""
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    assert isinstance(font, TTFont)
    where: dict[str, float | None] = {a.axisTag: None for a in font["fvar"].axes}
    where.update(inst.axes)
    face: TTFont = instancer.instantiateVariableFont(font, where, inplace=True)
    face.recalcTimestamp = False  # the package's date, not today's: the same face anywhere
    style = inst.style
    ps = f"{stem}-{style.replace(' ', '')}"
    names = face["name"]
    for name_id in (16, 17, 21, 22, 25):  # typographic and variation names: not static
        names.removeNames(nameID=name_id)
    for name_id, text in (
        (1, family),
        (2, style),
        (3, f"{version};{ps}"),
        (4, family if style == "Regular" else f"{family} {style}"),
        (6, ps),
    ):
        names.setName(text, name_id, 3, 1, 0x409)
        names.setName(text, name_id, 1, 0, 0)
    os2 = face["OS/2"]
    os2.usWeightClass = inst.weight
    bold = inst.weight >= 700
    bits = (0b100000 if bold else 0) | (0b1 if italic else 0) or 0b1000000
    os2.fsSelection = (os2.fsSelection & ~0b1100001) | bits
    mac = face["head"].macStyle & ~1 & ~(2 if italic else 0)
    face["head"].macStyle = mac | (1 if bold else 0) | (2 if italic else 0)
    return face


def _save(font: object, path: Path) -> None:
    """Write ``font`` to ``path`` through a temporary file in the same folder."""
    with files.temporary(path) as (out, tmp):
        font.save(out)  # type: ignore[attr-defined]
    files.commit(tmp, path)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (waiting for another process's); where locks
    are not supported, go on without: the atomic rename keeps the faces whole."""
    try:
        import fcntl
    except ImportError:  # not POSIX
        yield
        return
    with path.open("a") as fh:
        with suppress(OSError):  # a file system without locks
            fcntl.flock(fh, fcntl.LOCK_EX)
        yield
