"""``batch --resume`` rebuilds a handout when anything it is made from changed, and says
why; the report lists only files that are there. End to end, through the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import fontpkg
import pytest
import yaml
from click.testing import CliRunner, Result
from pdfcheck import page_texts
from pypdf import PdfReader

from handout.cli import cli

DATA = Path(__file__).parent / "data" / "batch" / "library"
GOOD = ("anemia-vs-iron-deficiency", "cold-vs-flu", "sprain-vs-strain")
REPO = Path(__file__).resolve().parents[1]
MARK = REPO / "tests" / "data" / "styles" / "logos" / "mark.png"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """lib/ with three good handouts, styles/house.yaml with a logo and a font file."""
    (tmp_path / "lib").mkdir()
    for name in GOOD:
        shutil.copy(DATA / f"{name}.yaml", tmp_path / "lib")
    shutil.copy(REPO / "tests" / "data" / "figures" / "diagram.png", tmp_path / "lib" / "picture")
    sprain = tmp_path / "lib" / "sprain-vs-strain.yaml"
    doc = yaml.safe_load(sprain.read_text(encoding="utf-8"))
    doc["sections"][0]["figure"] = {"image": "picture", "alt": "A diagram of a joint."}
    sprain.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    (tmp_path / "styles").mkdir()
    shutil.copy(REPO / "styles" / "logos" / "example-clinic.png", tmp_path / "styles" / "logo.png")
    shutil.copy(fontpkg.path("Fira Sans", 400, "normal"), tmp_path / "styles" / "house.ttf")
    (tmp_path / "styles" / "house.yaml").write_text(
        "clinic: {name: House Clinic, logo: logo.png}\n"
        f"fonts: {{fallbacks: [{tmp_path / 'styles' / 'house.ttf'}, Fira Sans]}}\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def handout(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output, result.output
    return result


def run(*more: str) -> Result:
    return handout(
        "batch", "lib", "-o", "out", "--style", "house", "--resume", "run.json",
        "--report", "run.json", "-j", "1", *more,
    )  # fmt: skip


def first_run() -> dict[str, object]:
    done = handout(
        "batch", "lib", "-o", "out", "--style", "house", "--report", "run.json", "-j", "1"
    )
    assert done.exit_code == 0, done.output
    report: dict[str, object] = json.loads(Path("run.json").read_text())
    return report


def test_an_unchanged_run_is_taken_over_whole(here: Path) -> None:
    report = first_run()
    rows = report["handouts"]
    assert isinstance(rows, list)
    assert set(rows[0]["inputs"]) == {"content", "style", "paper", "formats", "draft", "handout"}
    again = run()
    assert again.exit_code == 0
    assert "0 built, 3 already built, 0 failed" in again.stdout
    assert "built again" not in again.stderr


@pytest.mark.parametrize(
    ("change", "args", "why", "rebuilt"),
    [
        ("title", (), "its content file changed (or a picture it shows)", 1),
        ("picture", (), "its content file changed (or a picture it shows)", 1),
        ("logo", (), "its style changed (or the logo or a font file the style uses)", 3),
        ("font", (), "its style changed (or the logo or a font file the style uses)", 3),
        ("style", (), "its style changed (or the logo or a font file the style uses)", 3),
        ("paper", ("--paper", "a4"), "its paper changed", 3),
        ("format", ("--format", "pdf,html"), "the formats asked for changed", 3),
        ("version", (), "handout's version changed", 3),
    ],
)
def test_a_changed_input_is_built_again_saying_why(
    here: Path, change: str, args: tuple[str, ...], why: str, rebuilt: int
) -> None:
    first_run()
    if change == "title":
        path = here / "lib" / "cold-vs-flu.yaml"
        text = path.read_text(encoding="utf-8")
        old = next(line for line in text.splitlines() if line.startswith("title:"))
        path.write_text(text.replace(old, "title: Colds and Flu, Updated"), encoding="utf-8")
    elif change == "picture":
        shutil.copy(REPO / "tests" / "data" / "figures" / "photo.jpg", here / "lib" / "picture")
    elif change == "logo":
        shutil.copy(
            REPO / "tests" / "data" / "styles" / "logos" / "mark.png", here / "styles" / "logo.png"
        )
    elif change == "font":
        font = here / "styles" / "house.ttf"
        font.write_bytes(fontpkg.path("Fira Sans", 700, "normal").read_bytes())
    elif change == "style":
        with (here / "styles" / "house.yaml").open("a", encoding="utf-8") as f:
            f.write("colors: {primary: '#224466'}\n")
    elif change == "version":
        report = json.loads(Path("run.json").read_text())
        for row in report["handouts"]:
            row["inputs"]["handout"] = "0.0.1"
        Path("run.json").write_text(json.dumps(report))
    again = run(*args)
    assert again.exit_code == 0, again.output
    kept = f"{3 - rebuilt} already built, " if rebuilt < 3 else ""
    assert f"\n{rebuilt} built, {kept}0 failed" in again.stdout
    said = [line for line in again.stderr.splitlines() if "built again" in line]
    assert len(said) == rebuilt
    assert said[0].endswith(f": built again: {why} since run.json")
    if change == "picture":
        assert said == [f"lib/sprain-vs-strain.yaml: built again: {why} since run.json"]
    if change == "title":
        assert said == [f"lib/cold-vs-flu.yaml: built again: {why} since run.json"]
        assert "Colds and Flu, Updated" in page_texts(here / "out" / "cold-vs-flu.pdf")[0]
    final = run(*args)
    assert "0 built, 3 already built" in final.stdout  # the report now says what it was made from


def test_a_changed_picture_that_a_drawing_links_builds_its_handout_again(here: Path) -> None:
    """An SVG drawing may show a photo it only links (``svgfile.linked``): a new photo
    is a new handout, though neither the content file nor the drawing changed."""
    inset = here / "lib" / "inset.png"
    shutil.copy(REPO / "tests" / "data" / "figures" / "diagram.png", inset)
    (here / "lib" / "framed.svg").write_text(
        "<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink'"
        " width='300' height='150'><image xlink:href='inset.png' width='200' height='100'/>"
        "</svg>",
        encoding="utf-8",
    )
    cold = here / "lib" / "cold-vs-flu.yaml"
    doc = yaml.safe_load(cold.read_text(encoding="utf-8"))
    doc["sections"][0]["figure"] = {"image": "framed.svg", "alt": "A diagram in a frame."}
    cold.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    first_run()
    before = (here / "out" / "cold-vs-flu.pdf").read_bytes()
    assert "0 built, 3 already built" in run().stdout
    shutil.copy(REPO / "tests" / "data" / "figures" / "photo.jpg", inset)  # a JPEG named .png
    again = run()
    assert again.exit_code == 0, again.output
    assert "\n1 built, 2 already built, 0 failed" in again.stdout
    why = "its content file changed (or a picture it shows)"
    assert [line for line in again.stderr.splitlines() if "built again" in line] == [
        f"lib/cold-vs-flu.yaml: built again: {why} since run.json"
    ]
    assert (here / "out" / "cold-vs-flu.pdf").read_bytes() != before


def test_a_failed_handout_lists_no_files(here: Path) -> None:
    shutil.copy(DATA / "broken-key.yaml", here / "lib")
    (here / "out").mkdir()
    older = here / "out" / "broken-key.pdf"  # an older PDF at its path is not this run's
    shutil.copy(MARK, older)
    done = handout("batch", "lib", "-o", "out/", "--report", "r.json", "--format", "pdf,html")
    assert done.exit_code == 2
    rows = {Path(h["input"]).stem: h for h in json.loads(Path("r.json").read_text())["handouts"]}
    assert rows["broken-key"]["status"] == "failed" and rows["broken-key"]["files"] == []
    assert not (here / "out" / "broken-key.html").exists()
    for name in GOOD:
        assert rows[name]["files"] == [f"out/{name}.pdf", f"out/{name}.html"]
        assert all(Path(f).is_file() for f in rows[name]["files"])
        assert len(PdfReader(rows[name]["files"][0]).pages) >= 1
