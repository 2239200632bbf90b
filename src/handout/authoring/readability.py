"""Reading level: a formula made for the handout's language, and its target.

Each formula is the published one for its language (sources in docs/languages.md):

| language | formula | scale |
|---|---|---|
| en | Flesch-Kincaid grade: 0.39 W/S + 11.8 Sy/W - 15.59 | school grade |
| es | Fernández-Huerta (1959, as corrected by Law 2011): 206.84 - 60 Sy/W - 1.02 W/S | ease |
| fr | Kandel & Moles (1958): 207 - 1.015 W/S - 73.6 Sy/W | ease |
| de | 1st Wiener Sachtextformel (Bamberger & Vanecek 1984) | school grade |
| it | Gulpease (Lucisano & Piemontese 1988): 89 + (300 S - 10 L) / W | ease |
| pt | Flesch-Martins (Martins et al. 1996): 248.835 - 1.015 W/S - 84.6 Sy/W | ease |
| ru | Flesch-Oborneva (Oborneva 2006): 206.835 - 1.3 W/S - 60.1 Sy/W | ease |
| nl | Flesch-Douma (Douma 1960): 206.84 - 77 Sy/W - 0.93 W/S | ease |

(W words, S sentences, Sy syllables, L letters.)

``--max-grade N`` means one thing in every language: the US *reading* grade, as
Flesch-Kincaid gives it for English (text a reader in grade N reads). A grade formula
(Flesch-Kincaid, the Wiener Sachtextformel's Schulstufe) is held to N as it is. A
reading-ease formula is held to the score its source's table gives for that grade.
Two kinds of table are in use: Flesch's reading-grade table (The Art of Readable
Writing, 1949, p. 149: 60-70 is "8th and 9th grade"), and tables of the school grade a
reader has *completed* (Flesch 1948: 60-70 is "7th or 8th grade" completed), which
Fernández-Huerta, Douma and Gulpease follow. A reader who has completed
grade N - 1 reads at grade N, so reading grade N is looked up at N - 1 in those.
The table's bands are turned into points (the last grade of a band at the band's
lowest score, the grade before its first at the band's highest) and the target is read
off the line through them. Reading grade 8 gives 65 on Flesch's scale (Kandel-Moles,
Oborneva) and on Fernández-Huerta's, 66.7 on Gulpease, 50 on Martins' (50-75 is
"5th to 8th grade") and 70 on Douma's. A language with no formula here is not measured.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .counting import NO_TEXT, Counts, count, primary, sentences, syllables, total, words

__all__ = [
    "NO_TEXT",
    "Counts",
    "Formula",
    "count",
    "for_language",
    "grade",
    "language_name",
    "sentences",
    "syllables",
    "total",
    "words",
]


@dataclass(frozen=True)
class Formula:
    name: str
    """As the report names it: ``Fernández-Huerta``."""
    scale: str
    """``grade`` (lower is easier) or ``ease`` (higher is easier)."""
    compute: Callable[[Counts], float]
    shown: str
    """How a value reads in a sentence; ``{value}`` is the score."""
    grade_points: tuple[tuple[float, float], ...] = ()
    """For an ease scale: (school grade, lowest score readable at that grade), by grade,
    as the source's table gives them."""
    completed: bool = False
    """The table's grades are grades completed, one below the reading grade."""

    @property
    def is_grade(self) -> bool:
        return self.scale == "grade"

    def score(self, counts: Counts) -> float | None:
        """The formula's value; ``None`` for no words."""
        if not counts.words or not counts.sentences:
            return None
        return self.compute(counts)

    def show(self, value: float) -> str:
        return self.shown.format(value=value)

    def target(self, max_grade: float) -> float:
        """The score that corresponds to the US reading grade ``max_grade`` on this
        formula's scale."""
        if self.is_grade:
            return max_grade
        if self.completed:
            max_grade -= 1  # a reader who has completed grade 7 reads at grade 8
        points = self.grade_points
        if max_grade <= points[0][0]:
            return points[0][1]
        for (g0, s0), (g1, s1) in zip(points, points[1:], strict=False):
            if max_grade <= g1:
                return round(s0 + (s1 - s0) * (max_grade - g0) / (g1 - g0), 1)
        return points[-1][1]

    def over(self, value: float, target: float) -> bool:
        """Is ``value`` harder than ``target``?"""
        return value > target if self.is_grade else value < target

    def hardness(self, value: float | None) -> float:
        """A sort key: larger is harder."""
        if value is None:
            return float("-inf")
        return value if self.is_grade else -value

    def show_target(self, target: float) -> str:
        return f"{target:g} or below" if self.is_grade else f"{target:g} or above"


def _flesch_like(base: float, sentence: float, word: float) -> Callable[[Counts], float]:
    """``base - sentence * words/sentences - word * syllables/words``."""

    def compute(counts: Counts) -> float:
        return (
            base
            - sentence * counts.words / counts.sentences
            - word * counts.syllables / counts.words
        )

    return compute


def _flesch_kincaid(counts: Counts) -> float:
    # Written as 11.8 * Sy / W, not 11.8 * (Sy / W): the last bit decides the rounding of
    # some grades (x.x5) and the README shows them.
    return 0.39 * counts.words / counts.sentences + 11.8 * counts.syllables / counts.words - 15.59


def _wiener(counts: Counts) -> float:
    """1st Wiener Sachtextformel; MS, IW and ES are percentages of the words."""
    ms, iw, es = (
        100 * n / counts.words
        for n in (counts.polysyllables, counts.long_words, counts.monosyllables)
    )
    return (
        0.1935 * ms + 0.1672 * counts.words / counts.sentences + 0.1297 * iw - 0.0327 * es - 0.875
    )


def _gulpease(counts: Counts) -> float:
    return 89 + (300 * counts.sentences - 10 * counts.letters) / counts.words


# Flesch's reading-grade table (The Art of Readable Writing, 1949, p. 149): 90-100 5th
# grade, 80-90 6th, 70-80 7th, 60-70 8th-9th, 50-60 10th-12th, 30-50 college; the French
# and Russian adaptations keep this table.
_FLESCH_TABLE = ((4, 100), (5, 90), (6, 80), (7, 70), (9, 60), (12, 50), (16, 30))

FLESCH_KINCAID = Formula("Flesch-Kincaid", "grade", _flesch_kincaid, "grade {value:.1f}")
FORMULAS: dict[str, Formula] = {
    "en": FLESCH_KINCAID,
    "es": Formula(
        "Fernández-Huerta",
        "ease",
        _flesch_like(206.84, 1.02, 60),
        "{value:.1f} on the Fernández-Huerta scale",
        # Grades completed (as Flesch 1948): 90-100 4th grade, 80-90 5th, 70-80 6th,
        # 60-70 7th-8th, 50-60 pre-university, 30-50 first university courses.
        ((3, 100), (4, 90), (5, 80), (6, 70), (8, 60), (12, 50), (13, 30)),
        completed=True,
    ),
    "fr": Formula(
        "Kandel-Moles",
        "ease",
        _flesch_like(207, 1.015, 73.6),
        "{value:.1f} on the Kandel-Moles scale",
        _FLESCH_TABLE,
    ),
    "de": Formula(
        "Wiener Sachtextformel",
        "grade",
        _wiener,
        "grade {value:.1f} on the Wiener Sachtextformel",
    ),
    "it": Formula(
        "Gulpease",
        "ease",
        _gulpease,
        "{value:.1f} on the Gulpease index",
        # Years of school completed: below 80 hard after primary school (5 years), below
        # 60 after middle school (8 years), below 40 after upper secondary school (13).
        ((5, 80), (8, 60), (13, 40)),
        completed=True,
    ),
    "pt": Formula(
        "Flesch-Martins",
        "ease",
        _flesch_like(248.835, 1.015, 84.6),
        "{value:.1f} on the Flesch-Martins scale",
        # 75-100 1st-4th grade, 50-75 5th-8th, 25-50 secondary school, 0-25 university:
        # readers "up to the 8th grade", that is in it, a reading grade.
        ((0, 100), (4, 75), (8, 50), (11, 25), (15, 0)),
    ),
    "ru": Formula(
        "Flesch-Oborneva",
        "ease",
        _flesch_like(206.835, 1.3, 60.1),
        "{value:.1f} on the Flesch-Oborneva scale",
        _FLESCH_TABLE,
    ),
    "nl": Formula(
        "Flesch-Douma",
        "ease",
        _flesch_like(206.84, 0.93, 77),
        "{value:.1f} on the Flesch-Douma scale",
        # 90-100 4th class of primary school, 80-90 5th, 70-80 6th/7th, 60-70 7th class or
        # the continuation classes (vglo, to grade 8), 45-60 mulo (to grade 10), 30-45 hbs
        # (to grade 12), 0-30 university; grades completed, as Flesch 1948.
        ((3, 100), (4, 90), (5, 80), (7, 70), (8, 60), (10, 45), (12, 30)),
        completed=True,
    ),
}

_NAMES = {
    "am": "Amharic",
    "ar": "Arabic",
    "bn": "Bengali",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "fa": "Persian",
    "fr": "French",
    "gu": "Gujarati",
    "he": "Hebrew",
    "hi": "Hindi",
    "ht": "Haitian Creole",
    "it": "Italian",
    "ja": "Japanese",
    "km": "Khmer",
    "ko": "Korean",
    "ne": "Nepali",
    "nl": "Dutch",
    "pa": "Punjabi",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "so": "Somali",
    "tl": "Tagalog",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "vi": "Vietnamese",
    "zh": "Chinese",
}


def for_language(language: str) -> Formula | None:
    """The formula for a BCP 47 tag (``es-MX`` uses Spanish's), or ``None``."""
    return FORMULAS.get(primary(language))


def language_name(language: str) -> str:
    """``Vietnamese (vi)``; the tag alone for a language without a name here."""
    name = _NAMES.get(primary(language))
    return f"{name} ({language})" if name else f"'{language}'"


def grade(text: str) -> float | None:
    """Flesch-Kincaid grade of English text: 0.39 W/S + 11.8 Sy/W - 15.59."""
    return FLESCH_KINCAID.score(count(text))
