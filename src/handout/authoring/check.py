"""``handout check``: is a handout easy to read, complete and current?

Reports, for one content file, every finding with its line: reading level (with the
formula made for the handout's language, of the summary, of each section and of the
whole handout, with the hardest sentences named; not measured for a language without
one), long sentences, structure (summary first and short, a summary for every section,
no placeholder left) and currency (review date, ID).
Never imports ReportLab and never touches the network.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem
from ..model import content, yamlfile
from ..model.blocks import Block, has_list, texts
from ..model.yamlfile import PathKey, YamlDoc, format_path
from . import counting, readability
from .counting import primary
from .readability import Counts, Formula

SUMMARY_MAX_WORDS = 120
LONG_SENTENCE_WORDS = 25
LONG_SENTENCE_CHARACTERS = 60
"""Chinese and Japanese sentences are measured in characters: the Japanese government's
plain-writing guidance (文化審議会「公用文作成の考え方」, 2022, after its 2021 report
「新しい『公用文作成の要領』に向けて」) asks a writer to check a sentence that reaches 50
to 60 characters; no Chinese guide gives a figure, so Chinese uses the same."""
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
    """One of ``content.FINDING_KINDS``."""
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
class PartScore:
    path: str
    name: str
    score: float | None


@dataclass(frozen=True)
class Report:
    """What ``check`` found in one file; ``problems`` when the file is not valid content."""

    file: str
    findings: tuple[Finding, ...] = ()
    score: float | None = None
    """The whole handout's reading level on ``formula``'s scale."""
    parts: tuple[PartScore, ...] = ()
    problems: tuple[Problem, ...] = ()
    language: str = "en"
    formula: Formula | None = None
    """``None`` when reading level is not measured for ``language``."""

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def grade(self) -> float | None:
        """The whole handout's school grade, when the formula gives one."""
        return self.score if self.formula and self.formula.is_grade else None

    def lines(self, targets: Targets) -> list[str]:
        """The text report: one line per finding (or problem), then a summary line."""
        if not self.valid:
            return [*(str(p) for p in self.problems), f"{self.file}: invalid, not checked"]
        out = [str(f) for f in self.findings]
        n = len(self.findings)
        said = f"{n} finding{'s' if n != 1 else ''}" if n else "no findings"
        out.append(f"{self.file}: {said}; {self._level(targets)}")
        return out

    def _level(self, targets: Targets) -> str:
        if self.formula is None:
            return (
                f"reading level not measured: no reading formula for "
                f"{readability.language_name(self.language)}"
            )
        target = self.formula.show_target(self.formula.target(targets.max_grade))
        if self.score is None:
            return f"no prose (target {target})"
        return f"reading level {self.formula.show(self.score)} (target {target})"

    def as_json(self, targets: Targets) -> dict[str, Any]:
        sections = [p for p in self.parts if p.path != "summary"]
        summary = next((p.score for p in self.parts if p.path == "summary"), None)
        grades = self.formula is not None and self.formula.is_grade
        return {
            "file": self.file,
            "valid": self.valid,
            "reading": None if not self.valid else self._reading_json(targets, summary, sections),
            "grades": None
            if not self.valid
            else {
                "handout": _round(self.score if grades else None),
                "summary": _round(summary if grades else None),
                "sections": [
                    {
                        "path": p.path,
                        "heading": p.name,
                        "grade": _round(p.score if grades else None),
                    }
                    for p in sections
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

    def _reading_json(
        self, targets: Targets, summary: float | None, sections: list[PartScore]
    ) -> dict[str, Any]:
        formula = self.formula
        return {
            "language": self.language,
            "formula": formula.name if formula else None,
            "scale": formula.scale if formula else None,
            "target": formula.target(targets.max_grade) if formula else None,
            "handout": _round(self.score),
            "summary": _round(summary),
            "sections": [
                {"path": p.path, "heading": p.name, "score": _round(p.score)} for p in sections
            ],
            "note": None if formula else self._level(targets),
        }


def _round(grade: float | None) -> float | None:
    return None if grade is None else round(grade, 1)


Refusal = Callable[[content.Handout], Sequence[Problem]]
"""What ``build`` would refuse in a handout, placeholders aside (``build.check``, given by
the command): each is a finding, so that a file ``build`` refuses never has "no
findings"."""


def check_path(path: Path, targets: Targets, refuse: Refusal | None = None) -> Report:
    name = yamlfile.display_name(path)
    try:
        text = yamlfile.read_text(path, name)
    except InputError as exc:
        return Report(name, problems=tuple(exc.problems))
    return check_text(text, name, targets, refuse)


def check_text(text: str, file: str, targets: Targets, refuse: Refusal | None = None) -> Report:
    """Check the content file ``text`` (named ``file`` in the report)."""
    try:
        doc = yamlfile.parse(text, file)
        handout = content.from_doc(doc)
    except InputError as exc:
        return Report(file, problems=tuple(exc.problems))
    refused = refuse(handout) if refuse is not None else ()
    return _Checker(doc, handout, text.splitlines(), targets).run(refused)


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
        self.language = handout.language
        self.formula = readability.for_language(handout.language)
        self.findings: list[Finding] = []

    def add(self, path: PathKey, kind: str, message: str, line: int | None = None) -> None:
        if kind in self.handout.skip_checks:
            return
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

    def _score(self, counts: Counts) -> float | None:
        return self.formula.score(counts) if self.formula else None

    def run(self, refused: Sequence[Problem] = ()) -> Report:
        for p in refused:
            self.findings.append(Finding(self.doc.file, p.line, p.path, "build-refusal", p.message))
        parts = self._reading()
        self._structure()
        self._actionable()
        self._placeholders()
        self._currency()
        whole = self._score(readability.total(s.counts for _, _, ss in parts for s in ss))
        if self.formula and whole is not None:
            target = self.formula.target(self.targets.max_grade)
            if self.formula.over(whole, target):
                self.add(
                    (),
                    "reading-level",
                    f"the whole handout reads at {self.formula.show(whole)}; the target is "
                    f"{self.formula.show_target(target)}",
                )
        order = {kind: i for i, kind in enumerate(_KIND_ORDER)}
        # The whole handout's level first, then by line, then what has no line (absent keys).
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
        scores = tuple(
            PartScore(format_path(path), name, self._score(readability.total(s.counts for s in ss)))
            for path, name, ss in parts
        )
        return Report(
            self.doc.file, tuple(findings), whole, scores, (), self.language, self.formula
        )

    # Reading level and long sentences ------------------------------------------------

    def _reading(self) -> list[tuple[PathKey, str, list[_Sentence]]]:
        """Score each part (the summary, each section) and report what is over target."""
        parts: list[tuple[PathKey, str, list[_Sentence]]] = [
            (("summary",), "summary", self._sentences(("summary",), self.handout.summary))
        ]
        for i, section in enumerate(self.handout.sections):
            found = []
            if section.summary:
                found += self._sentences(("sections", i, "summary"), section.summary)
            found += self._sentences(("sections", i, "body"), section.body)
            parts.append((("sections", i), section.heading, found))
        formula = self.formula
        hard: dict[tuple[PathKey, int | None, str], str] = {}  # sentence -> its grade, shown
        if formula is not None:
            target = formula.target(self.targets.max_grade)
            for path, name, found in parts:
                score = formula.score(readability.total(s.counts for s in found))
                if score is None or not formula.over(score, target):
                    continue
                label = "the summary" if path == ("summary",) else f'"{name}"'
                self.add(
                    path,
                    "reading-level",
                    f"{label} reads at {formula.show(score)}; the target is "
                    f"{formula.show_target(target)}",
                )
                distinct = {s.text: s for s in reversed(found)}  # first of repeated sentences
                ranked = [(formula.score(s.counts), s) for s in distinct.values()]
                ranked.sort(key=lambda r: -formula.hardness(r[0]))
                for value, s in ranked[:HARDEST_PER_PART]:
                    if value is not None and formula.over(value, target):
                        hard[(s.path, s.line, s.text)] = formula.show(value)
        # One finding a sentence: a hard sentence that is also long says both.
        for _, _, found in parts:
            for s in found:
                grade = hard.get((s.path, s.line, s.text))
                if primary(self.language) in counting.CJK_WRITTEN:
                    n = counting.characters(s.text)
                    long = n > LONG_SENTENCE_CHARACTERS
                    aim = f"{n} characters (aim for {LONG_SENTENCE_CHARACTERS} or fewer)"
                else:
                    long = s.counts.words > LONG_SENTENCE_WORDS
                    aim = f"{s.counts.words} words (aim for {LONG_SENTENCE_WORDS} or fewer)"
                if grade is not None:
                    what = f"hard sentence ({grade})" + (f" of {aim}" if long else "")
                    self.add(s.path, "hard-sentence", f"{what}: {_quote(s.text)}", s.line)
                elif long:
                    self.add(
                        s.path, "long-sentence", f"sentence of {aim}: {_quote(s.text)}", s.line
                    )
        return parts

    def _sentences(self, path: PathKey, found: tuple[Block, ...]) -> list[_Sentence]:
        """The sentences of a field, with their lines; a paragraph or list item that still
        holds a placeholder is left out (it is reported as one, and is not the handout's
        text)."""
        where = self.doc.where(path)
        start = where[0] if where else 1
        out = []
        for paragraph in texts(found):  # each list item on its own
            if PLACEHOLDER.search(paragraph):
                continue
            for text in readability.sentences(paragraph, self.language):
                line = self._line_of(text, start)
                counts = readability.count(text, self.language)
                out.append(_Sentence(path, text, line, counts))
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
        n = sum(len(readability.words(p)) for p in texts(self.handout.summary))
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

    def _actionable(self) -> None:
        """What a patient can act on: when to get help, and at least one action.

        A missing block has no line of its own: the finding names the line it would go
        above (the disclaimer's, else the end of the file; the sections' for actions).
        """
        h = self.handout
        if h.get_help is None:
            line = self._line_at(("disclaimer",)) or len(self.lines) or None
            self.add(
                ("get_help",),
                "get-help-missing",
                "no get_help: block tells the patient when to call the clinic or get "
                "emergency care; add one (get_help: {emergency: [...], call_us: [...]}), "
                "or skip this check with check: {skip: [get-help-missing]}",
                line,
            )
        listed = has_list(h.summary) or any(
            has_list(s.summary) or has_list(s.body) for s in h.sections
        )
        if not h.actions and not listed:
            self.add(
                ("actions",),
                "action-missing",
                "no action for the patient: add an actions: list (what you can do) or a "
                "list of steps in a section (lines that start with - or 1.), or skip this "
                "check with check: {skip: [action-missing]}",
                self._line_at(("sections",)),
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


_KIND_ORDER = content.FINDING_KINDS


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
