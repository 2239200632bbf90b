from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from ..errors import EXIT_BAD_INPUT, HandoutError, InputError, Problem, UsageError
from ..model import content, inputs, labels, manifest, style, yamlfile
from ..model.content import Handout
from ..model.stylemodel import Style
from . import complete_style, paper_option

EXAMPLES = """\b
Examples:
  handout validate content/ styles/
  handout validate content/ --with-style large-print --paper a4
  handout validate --style my-clinic.yaml
"""


@click.command("validate", epilog=EXAMPLES)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--style",
    "as_style",
    is_flag=True,
    help="Check every file as a style sheet (by default told apart from content by its keys).",
)
@click.option(
    "--with-style",
    "style_name",
    metavar="NAME|PATH",
    shell_complete=complete_style,
    help="Check content as `build --style NAME` would build it (default: the style "
    "build uses, default).",
)
@paper_option("Check content as `build --paper` would build it.")
@click.option(
    "--draft", is_flag=True, help="Let TODO:/TBD placeholders pass, as `build --draft` does."
)
def command(
    paths: tuple[Path, ...],
    as_style: bool,
    style_name: str | None,
    paper: str | None,
    draft: bool,
) -> None:
    """Check content, style and batch manifest files (a folder means its *.yaml and *.yml).

    A content file is checked as `handout build` would build it, short of laying out its
    pages: its fields, placeholders, and that the style's fonts can print its text; a
    manifest, with each handout it lists in its style and paper. A style is checked with
    the styles it extends, as `handout build` would use it: its fonts read and its clinic
    and footer text fitted to the page. "valid" means "will build".
    Prints one line per valid file, every problem of each invalid one, then a count.
    """
    styles = _Styles(style_name, paper)
    if style_name:  # a style that cannot be used stops here, before any file
        styles.get(style_name, paper, (Path("styles"),))
    valid = invalid = 0
    for path in inputs.expand(paths):
        name = yamlfile.display_name(path)
        try:
            doc = yamlfile.load(path, name)
            if as_style or style.is_style(doc.data):
                from ..jobs import build  # the fonts and measures of the PDF: loaded only here

                build.check_style(style.resolve(path))
            elif isinstance(doc.data, dict) and "jobs" in doc.data:
                _check_manifest(manifest.from_doc(doc, path.parent), styles, draft)
            else:
                handout = content.from_doc(doc)
                _warn_language(handout)
                styles.check(handout, None, None, draft)
        except HandoutError as exc:
            invalid += 1
            click.echo(exc.format_message())
            continue
        valid += 1
        click.echo(f"{name}: valid")
    click.echo(f"{valid} valid, {invalid} invalid")
    if invalid:
        raise click.exceptions.Exit(EXIT_BAD_INPUT)


class _Styles:
    """The styles content is checked with, resolved once each, as `build` resolves them."""

    def __init__(self, name: str | None, paper: str | None) -> None:
        self.name = name
        self.paper = paper
        self.resolved: dict[tuple[str | None, str | None, tuple[Path, ...]], Style] = {}

    def get(self, name: str | None, paper: str | None, dirs: Sequence[Path]) -> Style:
        key = (name, paper, tuple(dirs))
        if key not in self.resolved:
            resolved = style.resolve(name, dirs)
            self.resolved[key] = resolved.with_paper(paper) if paper else resolved
        return self.resolved[key]

    def check(
        self,
        handout: Handout,
        name: str | None,
        paper: str | None,
        draft: bool,
        dirs: Sequence[Path] = (Path("styles"),),
    ) -> None:
        """Raise what `build` would refuse in ``handout``, in its style and paper."""
        from ..jobs import build  # the fonts and measures of the PDF: loaded only here

        chosen = self.get(name or self.name, paper or self.paper, dirs)
        build.check(handout, chosen, draft)


def _check_manifest(run: manifest.Manifest, styles: _Styles, draft: bool) -> None:
    """Each handout a manifest lists, checked as `batch --manifest` would build it."""
    problems: list[Problem] = []
    seen: set[tuple[Path, str | None, str | None]] = set()
    for entry in run.entries:
        name = entry.style or styles.name or run.style
        paper = entry.paper or styles.paper or run.paper
        if (entry.content, name, paper) in seen:
            continue
        seen.add((entry.content, name, paper))
        try:
            handout = content.load(entry.content)
            styles.check(handout, name, paper, draft, run.search_dirs)
        except (InputError, UsageError) as exc:
            problems.extend(exc.problems)
        except HandoutError as exc:  # a font that cannot be used, say
            problems.append(Problem(run.file, None, None, "", exc.message))
    if problems:
        raise InputError(problems)


def _warn_language(handout: Handout) -> None:
    """A language without labels is no error: its handout prints them in English."""
    if labels.known(handout.language) is not None:
        return
    message = (
        f"warning: handout has no labels for '{handout.language}', so what it prints itself "
        f"(Key point, Page 1 of 2, ...) will be in English unless the style gives them under "
        f"labels: (languages with labels: {', '.join(labels.languages())}; "
        "see docs/languages.md)"
    )
    click.echo(str(handout.problem("language", message)))
