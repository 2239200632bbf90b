from __future__ import annotations

from pathlib import Path

import click

from ..errors import EXIT_BAD_INPUT, InputError
from ..model import content, inputs, labels, manifest, style, yamlfile
from ..model.content import Handout
from ..text import scripts

EXAMPLES = """\b
Examples:
  handout validate content/ styles/
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
def command(paths: tuple[Path, ...], as_style: bool) -> None:
    """Check content, style and batch manifest files (a folder means its *.yaml and *.yml).

    A style is checked with the styles it extends, as `handout build` would use it.
    Prints one line per valid file, every problem of each invalid one, then a count.
    """
    valid = invalid = 0
    for path in inputs.expand(paths):
        name = yamlfile.display_name(path)
        try:
            doc = yamlfile.load(path, name)
            if as_style or style.is_style(doc.data):
                style.resolve(path)
            elif isinstance(doc.data, dict) and "jobs" in doc.data:
                manifest.from_doc(doc, path.parent)
            else:
                handout = content.from_doc(doc)
                _refuse_unshaped(handout)
                _warn_language(handout)
        except InputError as exc:
            invalid += 1
            click.echo(exc.format_message())
            continue
        valid += 1
        click.echo(f"{name}: valid")
    click.echo(f"{valid} valid, {invalid} invalid")
    if invalid:
        raise click.exceptions.Exit(EXIT_BAD_INPUT)


def _refuse_unshaped(handout: Handout) -> None:
    """Text in a script that needs shaping and is not supported (Thai, Khmer, ...) is
    refused as ``build`` refuses it, whatever font a style would give."""
    problems = [
        handout.problem(path, message)
        for path, text in handout.texts()
        if (message := scripts.refusal(text))
    ]
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
