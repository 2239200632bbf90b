"""Plain-text comparison articles -> content files (``handout import``).

The layout (see docs/import.md): a title ``A vs. B``, the line ``What's the
Difference?`` and the summary, the line ``Comparison`` and the table (one line per
row, its cells glued together with nothing between them), the line ``Further Detail``
and the sections (a one-line heading, then its paragraphs), and a last line, the
disclaimer.  Blocks are separated by blank lines.

The importer never invents text: it only moves the article's own words into place.
Where it has to guess (a table row whose cells it cannot tell apart for sure), it
still writes the file, marks the row with a ``# CHECK:`` comment and says so.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import InputError, Problem, UsageError
from ..model import content, yamlfile
from ..model.blocks import Block, TextList
from ..model.schema import clean_text
from . import template
from .template import Draft, DraftRow, DraftSection

TEXT_SUFFIX = ".txt"
MIXED_CASE_TERMS = frozenset(
    {"eGFR", "fMRI", "mRNA", "pH", "mmHg", "HbA1c", "mg/dL", "mL", "dL", "mAb", "iPhone", "iPad"}
)
"""Terms whose capitals are not cell boundaries, beside those the article itself uses."""

_WHAT = re.compile(r"what'?s the difference\??", re.IGNORECASE)
_COMPARISON = re.compile(r"comparison:?", re.IGNORECASE)
_FURTHER = re.compile(r"further details?:?", re.IGNORECASE)
_VS = re.compile(r"\s+vs\.?\s+", re.IGNORECASE)
_CLOSERS = set(".)]%'\"!?\u2019\u201d")
_HEADING_MAX_WORDS = 10
_BULLET = re.compile(r"(?:[-\u2022*\u2013\u00b7\u25aa\u25e6\u2023]|(\d{1,3})[.)])[ \t]+(?=\S)")
"""A bulleted (``-``, ``•``, ``*``, ``–``, ``·``, ``▪``, ``◦``, ``‣``) or numbered
(``1.``, ``1)``) line of an article: a list item."""
WHAT_LINE, COMPARISON_LINE, FURTHER_LINE = "What's the Difference?", "Comparison", "Further Detail"


@dataclass(frozen=True)
class Split:
    """A table row cut into cells, and whether the cut is certain."""

    cells: tuple[str, ...]
    doubt: str = ""
    """Why the cut is a guess; empty when it is the only plausible one."""


@dataclass(frozen=True)
class Imported:
    """One article turned into a content file."""

    source: str
    name: str
    """The file name to write: the slug of the title plus ``.yaml``."""
    text: str
    doubts: tuple[Problem, ...]
    """One per table row split by guesswork, located in the article."""


def split_row(
    row: str,
    n_cells: int,
    terms: Iterable[str] = MIXED_CASE_TERMS,
    vocabulary: frozenset[str] = frozenset(),
) -> Split:
    """Cut ``row`` into ``n_cells`` cells at the places where one cell's text runs into
    the next (``sizeDecrease``, ``scanMRI``, ``(EMG)Blood``, ``60Normal``, ``onset50``).

    Clear places (a lowercase letter, a digit or closing punctuation before a capital)
    are tried first, then doubtful ones (a capital after a short fragment, a digit
    after a word, a lowercase-first term such as ``eGFR``).  The cut is certain when
    exactly the number of places needed is found at the first level that has enough;
    otherwise the most plausible cut is returned with the reason for doubt: the one
    whose edges are clearest and fall between words of ``vocabulary`` (the words the
    article uses on their own), the earliest on a tie.
    """
    need = n_cells - 1
    places = _places(row, terms)
    clear = sorted(p for p, tier in places.items() if tier == 1)
    doubtful = sorted(p for p, tier in places.items() if tier == 2)
    if len(clear) == need:
        return Split(_cut(row, clear))
    if len(clear) > need:
        best = _most_plausible(row, (), clear, need, places, vocabulary)
        ways = math.comb(len(clear), need)
        return Split(_cut(row, best), f"it could be split {ways} ways")
    missing = need - len(clear)
    if len(doubtful) == missing:
        return Split(_cut(row, sorted(clear + doubtful)))
    if len(doubtful) > missing:
        best = _most_plausible(row, clear, doubtful, missing, places, vocabulary)
        ways = math.comb(len(doubtful), missing)
        return Split(_cut(row, best), f"it could be split {ways} ways")
    found = len(clear) + len(doubtful)
    cells = _pad(list(_cut(row, sorted(clear + doubtful))), n_cells)
    return Split(
        tuple(cells),
        f"found only {found} of the {need} places where one cell ends and the next begins; "
        "the rest are guesses",
    )


def _places(row: str, terms: Iterable[str]) -> dict[int, int]:
    """Where a cell may end: ``{index: 1 (clear) or 2 (doubtful)}``."""
    places = {}
    for i in range(1, len(row)):
        tier = _tier(row, i)
        if tier:
            places[i] = tier
    for term in sorted(terms, key=lambda t: (len(t), t)):  # longer terms win
        for m in re.finditer(re.escape(term), row):
            for i in range(m.start() + 1, m.end()):
                places.pop(i, None)
            before = row[m.start() - 1] if m.start() else " "
            if before.isalnum() or before in _CLOSERS:
                places[m.start()] = 1
            if m.end() < len(row) and (row[m.end()].isupper() or row[m.end()].isdigit()):
                places[m.end()] = 1
    # Next to a clear place, a doubtful one is the same edge read another way ("tes|tMRI").
    return {
        i: tier
        for i, tier in places.items()
        if tier == 1 or places.get(i - 1) != 1 and places.get(i + 1) != 1
    }


def _tier(row: str, i: int) -> int:
    """How clearly a cell ends between ``row[i - 1]`` and ``row[i]``: 1, 2 or 0 (not)."""
    a, b = row[i - 1], row[i]
    head = row[:i]
    if b.isupper():
        if a.islower():
            word = re.search(r"[A-Z]?[a-z]+$", head)
            # "sizeDecrease"; after a short piece ("upNot", "McArdle") doubtful
            return 1 if word and len(word.group()) >= 3 else 2
        if a.isdigit() or a in _CLOSERS:
            return 1  # "60Normal", "(EMG)Blood"
        lower = re.match(r"[a-z]*", row[i + 1 :])
        if a.isupper() and lower and lower.group():
            # "MRIBlood": an acronym ends where a capitalised word begins
            acronym = re.search(r"[A-Z]+$", head)
            clear = acronym and len(acronym.group()) >= 2 and len(lower.group()) >= 2
            return 1 if clear else 2
        return 0
    if b in "([" and a.isalnum() and re.match(r"[([][A-Z0-9]", row[i:]):
        return 1  # "used(EMG)", but not "symptom(s)"
    word = re.search(r"[a-z]+$", head)
    if not (word and len(word.group()) >= 3):
        return 0
    if b.isdigit():
        return 2  # "onset50"
    if b.islower() and re.match(r"[a-z][A-Z]{2,}", row[i:]):
        return 2  # "testeGFR"
    return 0


def _cut(row: str, places: Sequence[int]) -> tuple[str, ...]:
    bounds = [0, *places, len(row)]
    return tuple(" ".join(row[a:b].split()) for a, b in itertools.pairwise(bounds))


def _most_plausible(
    row: str,
    fixed: Sequence[int],
    options: Sequence[int],
    k: int,
    places: dict[int, int],
    vocabulary: frozenset[str],
) -> list[int]:
    best: list[int] = []
    best_score = -1
    for chosen in itertools.combinations(options[:20], k):
        cut = sorted([*fixed, *chosen])
        cells = _cut(row, cut)
        if not all(len(cell) > 1 for cell in cells):
            continue
        # A clear edge counts 2, a doubtful one 1, and 1 more for each side of the edge
        # that is a word the article uses on its own ("class|Video", not "You|Tube").
        score = 0
        for p, (left, right) in zip(cut, itertools.pairwise(cells), strict=True):
            before, after = re.findall(r"[A-Za-z]+", left), re.findall(r"[A-Za-z]+", right)
            score += 3 - places[p]
            score += bool(before) and before[-1].casefold() in vocabulary
            score += bool(after) and after[0].casefold() in vocabulary
        if score > best_score:
            best, best_score = cut, score
    return best or sorted([*fixed, *options[:k]])


def _pad(cells: list[str], n_cells: int) -> list[str]:
    """Cut the longest cells (at the space nearest their middle) until there are enough."""
    while len(cells) < n_cells:
        i = max(range(len(cells)), key=lambda j: len(cells[j]))
        cell = cells[i]
        spaces = [m.start() for m in re.finditer(" ", cell)]
        if spaces:
            at = min(spaces, key=lambda s: abs(2 * s - len(cell)))
            cells[i : i + 1] = [cell[:at], cell[at + 1 :]]
        else:
            at = len(cell) // 2
            cells[i : i + 1] = [cell[:at], cell[at:]]
    return cells


@dataclass
class _Block:
    line: int
    lines: list[str]

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.lines).split())


def import_text(text: str, source: str) -> Imported:
    """Turn the text of one article into a content file; ``source`` names it in messages.

    Raises ``InputError`` listing every place where the article does not follow the layout.
    """
    return _Parser(text, source).parse()


class _Parser:
    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.lines = [line.strip() for line in clean_text(text).split("\n")]
        self.problems: list[Problem] = []

    def fail(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.source, line, None, "", message))

    def stop(self) -> None:
        if self.problems:
            raise InputError(self.problems)

    def parse(self) -> Imported:
        for n, line in enumerate(self.lines, 1):
            bad = yamlfile.REFUSED_CHARS.search(line)
            if bad:
                self.fail(n, f"contains {yamlfile.describe_char(bad.group())}; delete it")
        self.stop()
        title_at, items = self._title()
        self.stop()
        end = len(self.lines)
        further = self._find(_FURTHER, title_at + 1, end)
        what = self._find(_WHAT, title_at + 1, further or end)
        comparison = self._find(_COMPARISON, (what or title_at) + 1, further or end)
        if what is None:
            self.fail(
                title_at,
                f'the line "{WHAT_LINE}" is missing after the title; '
                "add it on its own line above the summary paragraph",
            )
        if comparison is None:
            self.fail(
                further or what or title_at,
                f'the line "{COMPARISON_LINE}" is missing '
                + ('before "Further Detail"' if further else "after the summary")
                + "; add it on its own line above the table",
            )
        if further is None:
            self.fail(
                comparison or what or title_at,
                f'the line "{FURTHER_LINE}" is missing after the table; '
                "add it on its own line above the first section heading",
            )
        self.stop()
        assert what is not None and comparison is not None and further is not None
        self._nothing_between(title_at, what, "the title", WHAT_LINE)
        summary = self._summary(what, comparison)
        rows, doubts = self._table(comparison, further, items)
        sections, disclaimer = self._details(further)
        self.stop()
        title = " ".join(self.lines[title_at - 1].split())
        base = self.source.replace("\\", "/").rsplit("/", 1)[-1]
        draft = Draft(
            title=title,
            subtitle=self.lines[what - 1],
            items=items,
            summary=summary,
            rows=rows,
            sections=sections,
            disclaimer=disclaimer,
            header=(
                f"Patient handout: {title}",
                f"Imported from {base} by `handout import`.",
                "Every field explained: run `handout help content`",
            ),
            footer=(
                "Not in the article, so not filled in (`handout check` reports them):",
                "meta:",
                "  id: ...",
                "  reviewed: YYYY-MM-DD",
            ),
        )
        name = template.slug(title) + ".yaml"
        return Imported(self.source, name, template.checked(template.render(draft), name), doubts)

    def _find(self, pattern: re.Pattern[str], start: int, end: int) -> int | None:
        """The 1-based number of the first line in ``start..end`` that is ``pattern``."""
        for n in range(start, end + 1):
            if pattern.fullmatch(" ".join(self.lines[n - 1].replace("\u2019", "'").split())):
                return n
        return None

    def _blocks(self, start: int, end: int) -> list[_Block]:
        """Runs of non-blank lines strictly between lines ``start`` and ``end``."""
        blocks: list[_Block] = []
        for n in range(start + 1, end):
            line = self.lines[n - 1]
            if not line:
                continue
            if blocks and blocks[-1].line + len(blocks[-1].lines) == n:
                blocks[-1].lines.append(line)
            else:
                blocks.append(_Block(n, [line]))
        return blocks

    def _title(self) -> tuple[int, tuple[str, ...]]:
        """The first line (a lone "vs." before it is a leftover of the source page)."""
        at = next((n for n, line in enumerate(self.lines, 1) if line and line != "vs."), None)
        if at is None:
            self.fail(
                None, "the file is empty; expected an article laid out as docs/import.md says"
            )
            return 0, ()
        line = self.lines[at - 1]
        items = tuple(" ".join(p.split()) for p in _VS.split(line))
        if len(items) < 2 or not all(items):
            self.fail(
                at,
                "expected the title, e.g. 'Muscle Atrophy vs. Muscle Denervation', "
                f"found '{_short(line)}'",
            )
        elif not content.MIN_ITEMS <= len(items) <= content.MAX_ITEMS:
            self.fail(
                at,
                f"the title names {len(items)} items; a handout compares "
                f"{content.MIN_ITEMS} to {content.MAX_ITEMS}",
            )
        elif len({i.casefold() for i in items}) < len(items):
            self.fail(at, "the title names the same item twice")
        return at, items

    def _nothing_between(self, start: int, end: int, after: str, before: str) -> None:
        for block in self._blocks(start, end):
            self.fail(
                block.line,
                f"unexpected text between {after} and \"{before}\": '{_short(block.text)}'",
            )

    def _summary(self, what: int, comparison: int) -> tuple[Block, ...]:
        paragraphs = tuple(_with_lists(self._blocks(what, comparison)))
        if not paragraphs:
            self.fail(what, f'no summary paragraph under "{WHAT_LINE}"')
        return paragraphs

    def _table(
        self, comparison: int, further: int, items: tuple[str, ...]
    ) -> tuple[tuple[DraftRow, ...], tuple[Problem, ...]]:
        lines = [n for n in range(comparison + 1, further) if self.lines[n - 1]]
        if not lines:
            self.fail(
                comparison,
                f'the table under "{COMPARISON_LINE}" is empty; expected a header line '
                f"(Attribute{''.join(items)}) and one line per row",
            )
            return (), ()
        header = self.lines[lines[0] - 1]
        if not _compact(header).endswith(_compact("".join(items))):
            self.fail(
                lines[0],
                f"the table header '{_short(header)}' should be a label such as 'Attribute' "
                f"followed by the items of the title: {', '.join(items)}",
            )
        if len(lines) == 1:
            self.fail(lines[0], "the table has a header but no rows")
        vocabulary = self._vocabulary()
        prose = self.lines[: comparison - 1] + self.lines[further:]
        terms = MIXED_CASE_TERMS | _mixed_case_words(prose)
        rows, doubts = [], []
        for r, n in enumerate(lines[1:]):
            line = self.lines[n - 1]
            if sum(not c.isspace() for c in line) < len(items) + 1:
                self.fail(n, f"the row '{line}' is too short for {len(items) + 1} cells")
                continue
            split = split_row(line, len(items) + 1, terms, vocabulary)
            note = None
            if split.doubt:
                note = f'CHECK: could not split this row with confidence: "{line}"'
                doubts.append(
                    Problem(
                        self.source,
                        n,
                        None,
                        f"comparison[{r}]",
                        f"could not split this row with confidence ({split.doubt}): "
                        f'"{line}"; check the row marked # CHECK',
                    )
                )
            rows.append(DraftRow(split.cells[0], split.cells[1:], note))
        return tuple(rows), tuple(doubts)

    def _vocabulary(self) -> frozenset[str]:
        """Words the article uses on their own, for telling real cell edges from others."""
        words = set()
        for line in self.lines:
            for token in line.split():
                word = token.strip(".,;:!?()[]'\"\u2019\u201c\u201d")
                if re.fullmatch(r"[A-Z]?[a-z]+|[A-Z]+", word):
                    words.add(word.casefold())
        return frozenset(words)

    def _details(self, further: int) -> tuple[tuple[DraftSection, ...], str | None]:
        last = max(
            (n for n in range(further + 1, len(self.lines) + 1) if self.lines[n - 1]), default=None
        )
        if last is None:
            self.fail(
                further,
                f'nothing follows "{FURTHER_LINE}"; expected sections (a one-line heading, '
                "then its paragraphs) and a last line, the disclaimer",
            )
            return (), None
        sections: list[DraftSection] = []
        heading: _Block | None = None
        body: list[_Block] = []
        for block in self._blocks(further, last):
            if _is_heading(block) and not _BULLET.match(block.lines[0]):
                if heading is not None:
                    sections.append(self._section(heading, body))
                heading, body = block, []
            elif heading is None:
                self.fail(
                    block.line,
                    f'text under "{FURTHER_LINE}" before the first section heading; '
                    "expected a one-line heading such as 'Introduction'",
                )
            else:
                body.append(block)
        if heading is None:
            self.fail(further, f'no section heading under "{FURTHER_LINE}"')
        else:
            sections.append(self._section(heading, body))
        return tuple(sections), self.lines[last - 1]

    def _section(self, heading: _Block, body: list[_Block]) -> DraftSection:
        if not body:
            self.fail(
                heading.line,
                f"the heading '{heading.text}' has no paragraph under it "
                "(the last line of the article is the disclaimer)",
            )
        return DraftSection(heading.text, tuple(_with_lists(body)))


def _with_lists(blocks: list[_Block]) -> list[Block]:
    """Paragraphs, and each run of bulleted or numbered lines as one list.

    A line that is not an item continues the item above it in the same block (a
    wrapped item); lines before the first item are a paragraph.  Items in blocks of
    their own, one after the other (a blank line between items), are one list.
    """
    out: list[Block] = []
    listing = False  # the last thing in ``out`` is a list that may go on
    for block in blocks:
        para: list[str] = []
        item_here = False
        for line in block.lines:
            m = _BULLET.match(line)
            last = out[-1] if out and listing else None
            if m is None:
                if item_here and isinstance(last, TextList):
                    out[-1] = replace(last, items=(*last.items[:-1], f"{last.items[-1]} {line}"))
                else:
                    para.append(line)
                    listing = False
                continue
            if para:
                out.append(" ".join(" ".join(para).split()))
                para, last = [], None
            text = " ".join(line[m.end() :].split())
            numbered = m.group(1) is not None
            if isinstance(last, TextList) and last.ordered == numbered:
                out[-1] = replace(last, items=(*last.items, text))
            else:
                out.append(TextList((text,), numbered, int(m.group(1)) if numbered else 1))
            listing = item_here = True
        if para:
            out.append(" ".join(" ".join(para).split()))
            listing = False
    return out


def _is_heading(block: _Block) -> bool:
    text = block.text
    return (
        len(block.lines) == 1
        and len(text.split()) <= _HEADING_MAX_WORDS
        and not text.endswith((".", ",", ";", ":"))
    )


def _compact(text: str) -> str:
    return "".join(text.split()).casefold()


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _mixed_case_words(lines: Iterable[str]) -> frozenset[str]:
    """Words such as ``eGFR`` or ``McArdle`` written on their own (between spaces)."""
    words = set()
    for line in lines:
        for token in line.split():
            word = token.strip(".,;:!?()[]'\"\u2019\u201c\u201d")
            if re.fullmatch(r"[A-Za-z0-9]*[a-z][A-Z][A-Za-z0-9]*", word):
                words.add(word)
    return frozenset(words)


def sources(paths: Iterable[Path]) -> list[Path]:
    """Files as given; a folder means its ``*.txt`` files, sorted by name."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix == TEXT_SUFFIX and p.is_file())
            if not found:
                raise UsageError(yamlfile.display_name(path), "folder holds no .txt files")
            out += found
        elif path.exists():
            out.append(path)
        else:
            raise UsageError(yamlfile.display_name(path), "no such file or folder")
    return list(dict.fromkeys(out))


def import_files(paths: Iterable[Path]) -> list[Imported]:
    """Read and convert every article; raise one ``InputError`` listing all problems."""
    done: list[Imported] = []
    problems: list[Problem] = []
    for path in sources(paths):
        name = yamlfile.display_name(path)
        try:
            done.append(import_text(yamlfile.read_text(path, name), name))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    seen: dict[str, str] = {}
    for item in done:
        if item.name in seen:
            raise UsageError(
                item.source,
                f"has the same title as {seen[item.name]}; both would be written to {item.name}",
            )
        seen[item.name] = item.source
    return done


def write_all(
    imported: Sequence[Imported], targets: Sequence[Path], force: bool = False
) -> list[Path]:
    """Write each file to its target; refuse (before writing any) to replace a file."""
    if not force:
        for target in targets:
            if target.exists():
                raise UsageError(
                    yamlfile.display_name(target), "already exists; use --force to replace it"
                )
    for item, target in zip(imported, targets, strict=True):
        template.write_file(target, item.text, force=True)
    return list(targets)
