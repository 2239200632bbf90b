"""``handout schema``: JSON Schemas for editors, made from what ``validate`` checks.

The schemas must accept every file ``validate`` accepts, and reject an unknown key
wherever ``validate`` does; the copies shipped in the package (which ``handout new``
points editors at) must be what the command prints.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from matrix import figures

from handout.cli import cli
from handout.errors import InputError
from handout.model import content, editor, style, stylefile, yamlfile

REPO = Path(__file__).resolve().parents[1]
CONTENT_FILES = sorted(
    [*(REPO / "content").glob("*.yaml"), *(REPO / "tests" / "data").rglob("*.yaml")]
)
STYLE_FILES = sorted(
    [
        *(REPO / "src" / "handout" / "styles").glob("*.yaml"),
        *(REPO / "tests/data/styles").glob("*.yaml"),
    ]
)


def as_json(value: Any) -> Any:
    """Parsed YAML as an editor's YAML server sees it: dates are text."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = editor.schema(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def parsed(path: Path) -> yamlfile.YamlDoc | None:
    try:
        return yamlfile.parse(path.read_text("utf-8"), str(path))
    except InputError:
        return None


def content_ok(doc: yamlfile.YamlDoc) -> bool:
    try:
        content.from_doc(doc)
    except InputError:
        return False
    return True


def style_ok(doc: yamlfile.YamlDoc, base: Path) -> bool:
    reader = stylefile.FileReader(doc, base)
    reader.read()
    return not reader.c.problems


def errors(kind: str, data: Any) -> list[str]:
    return [e.message for e in validator(kind).iter_errors(as_json(data))]


def test_the_command_prints_the_schemas_the_package_ships() -> None:
    for kind in editor.KINDS:
        result = CliRunner().invoke(cli, ["schema", kind])
        assert result.exit_code == 0
        assert (
            json.loads(result.stdout)["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        )
        shipped = editor.shipped(kind).read_text("utf-8")
        assert shipped == result.stdout, (
            f"src/handout/data/{kind}.schema.json is out of date: "
            f"run `handout schema {kind} > src/handout/data/{kind}.schema.json`"
        )
    result = CliRunner().invoke(cli, ["schema", "manifest"])
    assert result.exit_code == 2 and "'content'" in result.output


def test_the_content_schema_accepts_every_valid_content_file() -> None:
    checked = 0
    for path in CONTENT_FILES:
        doc = parsed(path)
        if doc is None or doc.problems or not isinstance(doc.data, dict) or not content_ok(doc):
            continue
        assert not errors("content", doc.data), path
        checked += 1
    assert checked >= 10
    pictured = yamlfile.parse(figures(), "f.yaml")
    assert content_ok(pictured) and not errors("content", pictured.data)


def test_the_style_schema_accepts_every_valid_style_file() -> None:
    checked = 0
    for path in STYLE_FILES:
        doc = parsed(path)
        if doc is None or doc.problems or not style_ok(doc, path.parent):
            continue
        assert not errors("style", doc.data), path
        checked += 1
    assert checked >= 6


def places(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every mapping in ``data``."""
    out = []
    if isinstance(data, dict):
        out.append(path)
        for key, value in data.items():
            out += places(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out += places(value, (*path, i))
    return out


def with_key(data: Any, path: tuple[Any, ...], key: str) -> Any:
    copy = json.loads(json.dumps(as_json(data)))
    node = copy
    for part in path:
        node = node[part]
    node[key] = "x"
    return copy


def test_an_unknown_key_is_rejected_wherever_validate_rejects_it() -> None:
    doc = yamlfile.parse(figures(), "f.yaml")
    shipped = yamlfile.parse(
        (REPO / "content" / CONTENT_FILES[0].name).read_text("utf-8"), "s.yaml"
    )
    tried = set()
    for data in (doc.data, shipped.data):
        for where in places(data):
            bad = with_key(data, where, "summery")
            assert not content_ok(yamlfile.YamlDoc("f.yaml", bad)), where
            assert any("summery" in e for e in errors("content", bad)), where
            tried.add(tuple(p for p in where if isinstance(p, str)))
    assert {(), ("meta",), ("sections",), ("sections", "figure"), ("comparison",)} <= tried


def test_an_unknown_style_key_is_rejected_wherever_validate_rejects_it() -> None:
    path = REPO / "src" / "handout" / "styles" / "complete.yaml"  # every group, in full
    text = style.to_yaml(style.resolve("example-clinic"))
    data = yamlfile.parse(text, str(path)).data
    assert style_ok(yamlfile.YamlDoc(str(path), data), path.parent)
    assert not errors("style", data)
    tried = 0
    for where in places(data):
        bad = with_key(data, where, "colour_of_sky")
        assert not style_ok(yamlfile.YamlDoc(str(path), bad), path.parent), where
        assert any("colour_of_sky" in e for e in errors("style", bad)), where
        tried += 1
    assert tried >= 10


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("items: [Only one]", "items"),
        ("meta: {url: 'http://example.org'}", "url"),
        ("sections: [{heading: H, body: B, figure: {image: a.png}}]", "alt"),
        ("sections: [{heading: H}]", "body"),
    ],
)
def test_the_schema_underlines_what_validate_refuses(text: str, wrong: str) -> None:
    base = yamlfile.parse(figures(), "f.yaml").data
    base.update(yamlfile.parse(text, "x.yaml").data)
    assert errors("content", base), text


def test_new_files_point_editors_at_the_shipped_schema(tmp_path: Path) -> None:
    out = tmp_path / "n.yaml"
    for language in ("en", "es", "vi"):
        result = CliRunner().invoke(
            cli, ["new", "Flu", "Cold", "--language", language, "-o", str(out), "--force"]
        )
        assert result.exit_code == 0, result.output
        first = out.read_text("utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema={editor.shipped('content').as_uri()}"
        assert editor.shipped("content").is_file()
        doc = yamlfile.parse(out.read_text("utf-8"), "n.yaml")
        assert not errors("content", doc.data)
