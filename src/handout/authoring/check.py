"""``handout check``: is a handout easy to read, complete and current?

Reports, for one content file, every finding with its line: reading level
(Flesch-Kincaid grade of the summary, of each section and of the whole handout, with
the hardest sentences named), long sentences, structure (summary first and short, a
summary for every section, no placeholder left) and currency (review date, ID).
Never imports ReportLab and never touches the network.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem
from ..model import content, yamlfile
from ..model.yamlfile import PathKey, YamlDoc, format_path
from . import readability
from .readability import Counts

SUMMARY_MAX_WORDS = 120
LONG_SENTENCE_WORDS = 25
HARDEST_PER_PART = 2
PLACEHOLDER = content.PLACEHOLDER
IMPORT_MARK = re.compile(r"^\s*#\s*CHECK:")
"""The comment ``handout import`` puts above a table row it split by guesswork."""
QUOTE_CHARS = 70


@dataclass(frozen=True)
class Targets:
    max_grade: float = 8.0
    review_months: int = 24
    today: dt.date = field(default_factory=dt.date.today)


@dataclass(frozen=True)
class Finding:
    file: str
    line: int | None
    path: str
    kind: str
    """One of: reading-level, hard-sentence, long-sentence, summary-length, summary-order,
    section-summary, placeholder, import-check, review-missing, review-overdue,
    review-future, id-missing."""
    message: str

    def __str__(self) -> str:
        return str(Problem(self.file, self.line, None, self.path, self.message))

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "path": self.path,
            "kind": self.kind,
            "message": self.message,
        }


@dataclass(frozen=True)
class PartGrade:
    path: str
    name: str
    grade: float | None


@dataclass(frozen=True)
class Report:
    """What ``check`` found in one file; ``problems`` when the file is not valid content."""

    file: str
    findings: tuple[Finding, ...] = ()
    grade: float | None = None
    parts: tuple[PartGrade, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def valid(self) -> bool:
        return not self.problems

    def lines(self, targets: Targets) -> list[str]:
        """The text report: one line per finding (or problem), then a summary line."""
        if not self.valid:
            return [*(str(p) for p in self.problems), f"{self.file}: invalid, not checked"]
        out = [str(f) for f in self.findings]
        level = f"reading level grade {self.grade:.1f}" if self.grade is not None else "no prose"
        n = len(self.findings)
        said = f"{n} finding{'s' if n != 1 else ''}" if n else "no findings"
        out.append(f"{self.file}: {said}; {level} (target {targets.max_grade:g} or below)")
        return out

    def as_json(self) -> dict[str, Any]:
        sections = [p for p in self.parts if p.path != "summary"]
        summary = next((p.grade for p in self.parts if p.path == "summary"), None)
        return {
            "file": self.file,
            "valid": self.valid,
            "grades": None
            if not self.valid
            else {
                "handout": _round(self.grade),
                "summary": _round(summary),
                "sections": [
                    {"path": p.path, "heading": p.name, "grade": _round(p.grade)} for p in sections
                ],
            },
            "findings": [f.as_json() for f in self.findings],
            "problems": [
                {
                    "file": p.file,
                    "line": p.line,
                    "column": p.column,
                    "path": p.path,
                    "message": p.message,
                }
                for p in self.problems
            ],
        }


def _round(grade: float | None) -> float | None:
    return None if grade is None else round(grade, 1)


def check_path(path: Path, targets: Targets) -> Report:
    name = yamlfile.display_name(path)
    try:
        text = yamlfile.read_text(path, name)
    except InputError as exc:
        return Report(name, problems=tuple(exc.problems))
    return check_text(text, name, targets)


def check_text(text: str, file: str, targets: Targets) -> Report:
    """Check the content file ``text`` (named ``file`` in the report)."""
    try:
        doc = yamlfile.parse(text, file)
        handout = content.from_doc(doc)
    except InputError as exc:
        return Report(file, problems=tuple(exc.problems))
    return _Checker(doc, handout, text.splitlines(), targets).run()


@dataclass(frozen=True)
class _Sentence:
    path: PathKey
    text: str
    line: int | None
    counts: Counts


class _Checker:
    def __init__(
        self, doc: YamlDoc, handout: content.Handout, lines: list[str], targets: Targets
    ) -> None:
        self.doc = doc
        self.handout = handout
        self.lines = lines
        self.targets = targets
        self.findings: list[Finding] = []

    def add(self, path: PathKey, kind: str, message: str, line: int | None = None) -> None:
        if line is None:
            line = self._line_at(path)
        self.findings.append(Finding(self.doc.file, line, format_path(path), kind, message))

    def _line_at(self, path: PathKey) -> int | None:
        """The line of ``path`` or of its nearest ancestor (not the file as a whole)."""
        while path:
            if path in self.doc.locations:
                return self.doc.locations[path][0]
            path = path[:-1]
        return None

    def run(self) -> Report:
        parts = self._reading()
        self._structure()
        self._placeholders()
        self._currency()
        whole = readability.total(s.counts for _, _, sentences in parts for s in sentences)
        if whole.grade is not None and whole.grade > self.targets.max_grade:
            self.add(
                (),
                "reading-level",
                f"the whole handout reads at grade {whole.grade:.1f}; the target is "
                f"{self.targets.max_grade:g} or below",
            )
        order = {kind: i for i, kind in enumerate(_KIND_ORDER)}
        # The whole handout's grade first, then by line, then what has no line (absent keys).
        findings = sorted(
            self.findings,
            key=lambda f: (
                bool(f.path),
                f.line is None,
                f.line or 0,
                f.path,
                order[f.kind],
                f.message,
            ),
        )
        grades = tuple(
            PartGrade(format_path(path), name, readability.total(s.counts for s in ss).grade)
            for path, name, ss in parts
        )
        return Report(self.doc.file, tuple(findings), whole.grade, grades)

    # Reading level and long sentences ------------------------------------------------

    def _reading(self) -> list[tuple[PathKey, str, list[_Sentence]]]:
        """Grade each part (the summary, each section) and report what is over target."""
        parts: list[tuple[PathKey, str, list[_Sentence]]] = [
            (("summary",), "summary", self._sentences(("summary",), self.handout.summary))
        ]
        for i, section in enumerate(self.handout.sections):
            found = []
            if section.summary:
                found += self._sentences(("sections", i, "summary"), (section.summary,))
            found += self._sentences(("sections", i, "body"), section.body)
            parts.append((("sections", i), section.heading, found))
        limit = self.targets.max_grade
        for path, name, found in parts:
            grade = readability.total(s.counts for s in found).grade
            if grade is not None and grade > limit:
                label = "the summary" if path == ("summary",) else f'"{name}"'
                self.add(
                    path,
                    "reading-level",
                    f"{label} reads at grade {grade:.1f}; the target is {limit:g} or below",
                )
                distinct = {s.text: s for s in reversed(found)}  # first of repeated sentences
                hardest = sorted(distinct.values(), key=lambda s: -(s.counts.grade or 0))
                for s in hardest[:HARDEST_PER_PART]:
                    if (s.counts.grade or 0) > limit:
                        self.add(
                            s.path,
                            "hard-sentence",
                            f"hard sentence (grade {s.counts.grade:.1f}): {_quote(s.text)}",
                            s.line,
                        )
        return parts

    def _sentences(self, path: PathKey, paragraphs: tuple[str, ...]) -> list[_Sentence]:
        where = self.doc.where(path)
        start = where[0] if where else 1
        out = []
        for paragraph in paragraphs:
            for text in readability.sentences(paragraph):
                line = self._line_of(text, start)
                counts = readability.count(text)
                out.append(_Sentence(path, text, line, counts))
                if counts.words > LONG_SENTENCE_WORDS:
                    self.add(
                        path,
                        "long-sentence",
                        f"sentence of {counts.words} words (aim for {LONG_SENTENCE_WORDS} "
                        f"or fewer): {_quote(text)}",
                        line,
                    )
                start = line
        return out

    def _line_of(self, sentence: str, start: int) -> int:
        """The line, at or after ``start``, where ``sentence`` begins in the file."""
        first = sentence.split()[:6]
        pattern = re.compile(r"\s+".join(re.escape(w) for w in first))
        chunk = "\n".join(self.lines[start - 1 :])
        m = pattern.search(chunk)
        return start + chunk.count("\n", 0, m.start()) if m else start

    # Structure -------------------------------------------------------------------------

    def _structure(self) -> None:
        n = sum(len(readability.words(p)) for p in self.handout.summary)
        if n > SUMMARY_MAX_WORDS:
            self.add(
                ("summary",),
                "summary-length",
                f"the summary has {n} words; keep it to {SUMMARY_MAX_WORDS} or fewer "
                "(it is what every reader reads)",
            )
        summary = self.doc.where(("summary",))
        for key in ("comparison", "sections"):
            other = self.doc.where((key,))
            if summary and other and other[0] < summary[0]:
                self.add(
                    ("summary",),
                    "summary-order",
                    f"the summary comes after {key} (line {other[0]}); put it first, "
                    "under the title and items, as the handout shows it",
                )
                break
        for i, section in enumerate(self.handout.sections):
            if not section.summary:
                self.add(
                    ("sections", i),
                    "section-summary",
                    f'"{section.heading}" has no summary; add summary: with its key '
                    "point in one short sentence",
                )

    def _placeholders(self) -> None:
        for path, text in _strings(self.doc.data, ()):
            m = PLACEHOLDER.search(text)
            if m:
                start = self._line_at(path)
                line = self._line_of(text[m.start() :], start) if start else None
                self.add(path, "placeholder", f"placeholder left: {_quote(text)}", line)
        for n, line_text in enumerate(self.lines, 1):
            if IMPORT_MARK.match(line_text):
                self.add(
                    self._path_after(n),
                    "import-check",
                    "handout import could not split this table row with confidence; "
                    "compare its cells with the article, then delete the # CHECK comment",
                    n,
                )

    def _path_after(self, line: int) -> PathKey:
        """The shortest path of the first value after ``line`` (what a comment is about)."""
        after = [(loc, path) for path, loc in self.doc.locations.items() if loc[0] > line]
        found = min(after, key=lambda a: (a[0], len(a[1])), default=None)
        return found[1] if found else ()

    # Currency --------------------------------------------------------------------------

    def _currency(self) -> None:
        meta = self.handout.meta
        reviewed, today, months = meta.reviewed, self.targets.today, self.targets.review_months
        if reviewed is None:
            self.add(
                ("meta", "reviewed"),
                "review-missing",
                "no review date; add meta: reviewed: YYYY-MM-DD, the day a clinician last "
                "checked this handout",
            )
        elif reviewed > today:
            self.add(
                ("meta", "reviewed"),
                "review-future",
                f"the review date {reviewed} is after today ({today}); correct it",
            )
        else:
            due = add_months(reviewed, months)
            if due < today:
                self.add(
                    ("meta", "reviewed"),
                    "review-overdue",
                    f"last reviewed {reviewed}, more than {months} months ago (review was "
                    f"due {due}); have it reviewed and update the date",
                )
        if not meta.id:
            self.add(
                ("meta", "id"),
                "id-missing",
                "no handout ID; add meta: id: (e.g. MSK-014) so that printed copies can be traced",
            )


_KIND_ORDER = (
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
)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months (the 31st becomes the month's last day)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def _strings(value: Any, path: PathKey) -> Iterator[tuple[PathKey, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, (*path, i))


def _quote(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > QUOTE_CHARS:
        text = text[: QUOTE_CHARS - 3].rstrip() + "..."
    return f'"{text}"'
