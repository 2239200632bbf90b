"""Pictures in a section: checked when read, shrunk to print resolution, tagged, and in
the HTML page as an embedded ``<figure>``."""

from __future__ import annotations

import base64
import dataclasses
import io
import shutil
import struct
import zlib
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from htmlcheck import tree
from lxml import etree
from matrix import FIGURES, drawing, figures, handout
from pdfcheck import Elem, content_yaml, outside_margins, tagged, text
from PIL import Image

from handout.cli import cli
from handout.errors import InputError
from handout.html import render as html
from handout.jobs import build
from handout.model import style, svgfile
from handout.model.figure import FigureError
from handout.model.stylemodel import Style

PHOTO = FIGURES / "photo.jpg"
DIAGRAM = FIGURES / "diagram.png"


def with_figure(fig: object, **section: object) -> str:
    sec = {"heading": "Look", "body": "Text.", "figure": fig, **section}
    return content_yaml(sections=[sec])


def problems(text: str) -> list[str]:
    with pytest.raises(InputError) as err:
        handout(text)
    return [f"{p.line}: {p.path}: {p.message}" for p in err.value.problems]


def png_header(path: Path, width: int, height: int) -> Path:
    """A PNG whose header claims ``width`` x ``height`` pixels (its data is never read)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"") + chunk(b"IEND", b"")
    )
    return path


# --- reading and checking --------------------------------------------------------------


def test_a_figure_is_read_with_its_size_alt_and_caption() -> None:
    doc = handout(figures())
    photo, drawing = (s.figure for s in doc.sections)
    assert photo is not None and drawing is not None
    assert photo.image == PHOTO and photo.size == (2400, 1600)
    assert photo.alt.startswith("A red circle") and not photo.decorative
    assert photo.caption == "The picture's *caption*, under it."
    assert drawing.decorative and drawing.caption is None
    paths = [p for p, _ in doc.texts()]
    assert "sections[0].figure.alt" in paths and "sections[0].figure.caption" in paths


def test_an_image_path_is_relative_to_the_content_file(tmp_path: Path) -> None:
    (tmp_path / "pictures").mkdir()
    (tmp_path / "pictures" / "p.png").write_bytes(DIAGRAM.read_bytes())
    source = tmp_path / "h.yaml"
    source.write_text(with_figure({"image": "pictures/p.png", "alt": "A drawing."}), "utf-8")
    result = CliRunner().invoke(cli, ["validate", str(source)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("fig", "wanted"),
    [
        ({"image": str(PHOTO)}, "figure: missing required key 'alt': say in a sentence"),
        ({"image": str(PHOTO), "alt": None}, "figure.alt: is empty; say what the picture shows"),
        ({"alt": "A photo."}, "figure: missing required key 'image'"),
        ({"image": str(PHOTO), "alt": "x", "capton": "y"}, "did you mean 'caption'?"),
        ({"image": "nowhere.png", "alt": "x"}, "figure.image: the picture nowhere.png does not"),
        ({"image": str(FIGURES), "alt": "x"}, "is a folder; name a PNG or JPEG file in it"),
        ({"image": str(PHOTO), "alt": "x" * 401}, "is 401 characters long; keep it to 400"),
        ("photo.jpg", "expected a figure with image:, alt: and caption:"),
    ],
)
def test_a_wrong_figure_is_one_clear_problem(fig: object, wanted: str) -> None:
    (found,) = problems(with_figure(fig))
    assert wanted in found
    assert found.split(":")[0].isdigit()  # with its line


def test_broken_and_enormous_files_are_refused(tmp_path: Path) -> None:
    svg = tmp_path / "drawing.svgz"
    svg.write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", "utf-8")
    disguised = tmp_path / "drawing.png"
    disguised.write_text("<?xml version='1.0'?><svg/>", "utf-8")
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 10)
    huge = png_header(tmp_path / "huge.png", 20_000, 20_000)
    found = {
        name: problems(with_figure({"image": str(path), "alt": "x"}))[0]
        for name, path in (
            ("svg", svg),
            ("disguised", disguised),
            ("broken", broken),
            ("huge", huge),
        )
    }
    assert "is a compressed SVG drawing (.svgz); save it as plain SVG" in found["svg"]
    assert "if it is an SVG drawing, name it so that it ends in .svg" in found["disguised"]
    assert "is damaged: its image header cannot be read" in found["broken"]
    assert "is 20000 x 20000 pixels, too large to print from: a PNG picture" in found["huge"]


def test_the_cli_names_file_line_and_key_and_exits_2(tmp_path: Path) -> None:
    source = tmp_path / "h.yaml"
    source.write_text(with_figure({"image": "missing.jpg", "alt": "A photo."}), "utf-8")
    result = CliRunner().invoke(cli, ["build", str(source), "-o", str(tmp_path / "out/")])
    assert result.exit_code == 2
    line = result.stderr.strip().splitlines()[0]
    assert "h.yaml:" in line and ": sections[0].figure.image: the picture" in line
    assert "does not exist" in line and "Traceback" not in result.output
    assert not (tmp_path / "out" / "h.pdf").exists()


def _zeroed(data: bytes) -> bytes:
    """``data`` with a stretch after its first bytes overwritten by zeros (a bad disk or
    copy): its header still reads, its pixel data does not."""
    return data[:300] + bytes(600) + data[900:]


@pytest.mark.parametrize(
    ("name", "damage"),
    [
        ("cut.jpg", lambda: PHOTO.read_bytes()[:3000]),
        ("cut.jpg", lambda: PHOTO.read_bytes()[: len(PHOTO.read_bytes()) // 2]),
        ("zeroed.jpg", lambda: _zeroed(PHOTO.read_bytes())),
        ("cut.png", lambda: DIAGRAM.read_bytes()[: len(DIAGRAM.read_bytes()) // 2]),
    ],
)
def test_a_file_damaged_after_its_header_is_refused_by_validate_and_build(
    tmp_path: Path, name: str, damage: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its header reads: before, validate said "valid" and build stopped where the
    # picture is drawn, with a traceback (exit 1) for a JPEG.
    assert callable(damage)
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_bytes(damage())
    Path("h.yaml").write_text(with_figure({"image": name, "alt": "A photo."}), "utf-8")
    for args in (["validate", "h.yaml"], ["build", "h.yaml", "-o", "o/"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2, result.output
        assert f": sections[0].figure.image: the picture {name} is damaged" in result.output, (
            result.output
        )
        assert "export it again" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "o").exists()


def test_a_logo_damaged_after_its_header_is_refused_with_the_style_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "logo.jpg").write_bytes(PHOTO.read_bytes()[: len(PHOTO.read_bytes()) // 2])
    (tmp_path / "s.yaml").write_text("name: s\nclinic:\n  name: A Clinic\n  logo: logo.jpg\n")
    (tmp_path / "h.yaml").write_text(content_yaml(), "utf-8")
    for args in (["validate", "s.yaml"], ["build", "h.yaml", "--style", "s.yaml", "-o", "o/"]):
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
        assert result.exit_code == 2, result.output
        assert "s.yaml:4:3: clinic.logo: the logo logo.jpg is damaged" in result.output, (
            result.output
        )


# --- the PDF ---------------------------------------------------------------------------


def opened(data: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(data))


def test_pictures_are_shrunk_to_300_dpi_at_their_printed_size() -> None:
    data, _ = build.render(handout(figures()), Style())
    with opened(data) as pdf:
        found = {}
        for page in pdf.pages:
            for _, xobj in page.Resources.XObject.items():
                found[int(xobj.Width)] = (int(xobj.Height), "/SMask" in xobj, str(xobj.Filter))
    (fig,) = tagged(data).root.find("Figure")
    x0, y0, x1, y1 = map(float, fig.attrs["/BBox"].split())
    (wide,) = (w for w in found if w != 600)  # the 2400 px photo, at 300 dpi as printed
    assert abs(wide - (x1 - x0) / 72 * 300) <= 2 and wide < 2400
    assert abs(found[wide][0] - (y1 - y0) / 72 * 300) <= 2
    assert found[wide][1] is False and "/DCTDecode" in found[wide][2]  # still a JPEG
    assert found[600][1]  # the drawing: small enough as it is, its alpha kept
    assert len(data) < 200_000, len(data)  # a 2400 x 1600 photo, yet a small PDF


def test_the_structure_has_a_figure_with_alt_bbox_and_caption() -> None:
    data, _ = build.render(handout(figures()), Style())
    doc = tagged(data)
    (fig,) = doc.root.find("Figure")
    assert fig.alt == "A red circle between a blue and a yellow rectangle."
    x0, y0, x1, y1 = map(float, fig.attrs["/BBox"].split())
    page = Style().page
    assert page.margin_left - 0.01 <= x0 < x1 <= page.width - page.margin_right + 0.01
    assert page.margin_bottom < y0 < y1 < page.height - page.margin_top
    assert fig.attrs["/O"] == "/Layout" and len(fig.marks()) == 1
    (caption,) = doc.root.find("Caption")
    assert doc.text(caption) == "The picture's caption, under it."  # what the YAML says
    group = next(e for e in doc.root.walk() if fig in e.kids)
    assert [k.role for k in group.kids if isinstance(k, Elem)] == ["Figure", "Caption"]
    assert "The picture's caption, under it." in text(data)
    assert not doc.untagged


def test_a_decorative_picture_is_an_artifact() -> None:
    data, _ = build.render(handout(with_figure({"image": str(DIAGRAM), "alt": ""})), Style())
    doc = tagged(data)
    assert not doc.root.find("Figure") and not doc.untagged
    raw = b"".join(p.Contents.read_bytes() for p in opened(data).pages)
    before = raw[: raw.index(b" Do")]
    assert before.rfind(b"/Artifact") > before.rfind(b"EMC")  # drawn inside an artifact


def test_grayscale_prints_pictures_in_grey() -> None:
    data, _ = build.render(handout(figures()), style.resolve("grayscale"))
    with opened(data) as pdf:
        spaces = [
            str(x.ColorSpace) for page in pdf.pages for _, x in page.Resources.XObject.items()
        ]
        groups = [str(p.obj.Group.CS) for p in pdf.pages if "/Group" in p.obj]
    assert spaces and set(spaces) == {"/DeviceGray"}
    assert groups and set(groups) == {"/DeviceGray"}


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_a_figure_in_large_print_stays_inside_the_margins(paper: str) -> None:
    large = style.resolve("large-print").with_paper(paper)
    data, pages = build.render(handout(figures()), large)
    assert not outside_margins(data, large.page)
    doc = tagged(data)
    assert len(doc.root.find("Figure")) == 1 and "caption, under it" in doc.text()


# --- the HTML page ---------------------------------------------------------------------


def test_html_has_an_embedded_figure_with_alt_and_caption() -> None:
    page = tree(html.render(handout(figures()), Style()))
    photo, drawing = page.findall(".//figure")
    img = photo.find("img")
    assert img.get("alt") == "A red circle between a blue and a yellow rectangle."
    assert img.get("src").startswith("data:image/jpeg;base64,")
    assert (img.get("width"), img.get("height")) == ("1200", "800")  # shrunk for screens
    assert photo.find("figcaption").text_content() == "The picture's caption, under it."
    assert photo.find("figcaption/em") is not None
    assert drawing.find("img").get("alt") == "" and drawing.find("figcaption") is None
    assert drawing.find("img").get("src").startswith("data:image/png;base64,")


# --- SVG drawings ----------------------------------------------------------------------

SVG = FIGURES / "drawing.svg"
SVG_NS = "xmlns='http://www.w3.org/2000/svg'"


def test_an_svg_drawing_is_read_with_its_size_in_css_pixels(tmp_path: Path) -> None:
    (fig,) = [s.figure for s in handout(drawing()).sections]
    assert fig is not None and fig.vector and fig.size == (480, 240)
    sizes = {
        "mm.svg": (f"<svg {SVG_NS} width='50.8mm' height='1in'/>", (192, 96)),
        "box.svg": (f"<svg {SVG_NS} viewBox='0 0 300 150'/>", (300, 150)),
        "half.svg": (f"<svg {SVG_NS} width='600' viewBox='0 0 300 150'/>", (600, 300)),
        "pct.svg": (f"<svg {SVG_NS} width='100%' height='50%' viewBox='0 0 40 20'/>", (40, 20)),
    }
    for name, (svg, size) in sizes.items():
        (tmp_path / name).write_text(svg, "utf-8")
        doc = handout(with_figure({"image": str(tmp_path / name), "alt": "x"}))
        assert doc.sections[0].figure is not None
        assert doc.sections[0].figure.size == size, name


def test_a_wrong_svg_drawing_is_one_clear_problem_with_its_line(tmp_path: Path) -> None:
    files = {
        "damaged.svg": f"<svg {SVG_NS} width='10' height='10'>\n<rect width=1/>\n</svg>",
        "page.svg": "<html><body/></html>",
        "sizeless.svg": f"<svg {SVG_NS}><rect width='5' height='5'/></svg>",
        "huge.svg": f"<svg {SVG_NS} width='9' height='9'>" + "<g/>" * 1_300_000 + "</svg>",
    }
    found = {}
    for name, svg in files.items():
        (tmp_path / name).write_text(svg, "utf-8")
        (found[name],) = problems(with_figure({"image": str(tmp_path / name), "alt": "x"}))
    assert "is damaged: it is not well-formed XML at line 2" in found["damaged.svg"]
    assert "is not an SVG drawing (its first element is not <svg>)" in found["page.svg"]
    assert "has no size: give its <svg> element a width and height" in found["sizeless.svg"]
    assert "is an SVG drawing of 5.2 MB, too large to print from" in found["huge.svg"]
    assert all(f.split(":")[0].isdigit() and "figure.image" in f for f in found.values())


def test_an_svg_entity_or_a_file_outside_its_folder_is_never_read(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("SECRET-WORD", "utf-8")
    inner = tmp_path / "pictures"
    inner.mkdir()
    (inner / "x.svg").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY s SYSTEM "../secret.txt">]>\n'
        f"<svg {SVG_NS} width='200' height='40'><text x='5' y='20'>A&s;B</text>"
        "<image href='../secret.txt' width='9' height='9'/></svg>",
        "utf-8",
    )
    (found,) = problems(with_figure({"image": str(inner / "x.svg"), "alt": "x"}))
    assert "links the picture ../secret.txt, which is outside the drawing's folder" in found
    assert "SECRET-WORD" not in found
    # drawn all the same (as if the check had been passed by): neither is read
    doc = handout(drawing())
    sec = doc.sections[0]
    assert sec.figure is not None
    moved = dataclasses.replace(sec.figure, image=inner / "x.svg", size=(200, 40))
    doc = dataclasses.replace(doc, sections=(dataclasses.replace(sec, figure=moved),))
    data, _ = build.render(doc, Style())
    assert "SECRET-WORD" not in text(data) and b"SECRET-WORD" not in data


def test_an_svg_drawing_prints_as_vectors_in_the_handouts_fonts(
    conformance_pdfs: dict[str, Path],
) -> None:
    data = conformance_pdfs["drawing-example-clinic-letter"].read_bytes()
    doc = tagged(data)
    (fig,) = [f for f in doc.root.find("Figure") if "logo" not in (f.alt or "")]
    assert fig.alt == "An arrow from the words Breathe in to a blue circle."
    (caption,) = doc.root.find("Caption")
    assert doc.text(caption) == "Press as you start to breathe in."
    x0, y0, x1, y1 = map(float, fig.attrs["/BBox"].split())
    assert (round(x1 - x0), round(y1 - y0)) == (360, 180)  # 480 x 240 CSS px, in points
    with opened(data) as pdf:
        images = [
            x for p in pdf.pages for _, x in p.Resources.XObject.items() if x.Subtype == "/Image"
        ]
        fonts = {str(f.BaseFont) for p in pdf.pages for _, f in p.Resources.Font.items()}
        raw = b"".join(p.Contents.read_bytes() for p in pdf.pages)
    assert all(int(i.Width) == 240 for i in images)  # the logo only: the drawing is vectors
    assert all("+AtkinsonHyperlegible" in f for f in fonts), fonts  # its text too, embedded
    assert "Breathe in" in text(data)
    assert b" re" in raw and b" sh" in raw  # its rectangles and its gradient
    assert len(data) < 80_000


def test_a_wide_svg_drawing_is_scaled_to_the_column(tmp_path: Path) -> None:
    (tmp_path / "wide.svg").write_text(
        f"<svg {SVG_NS} width='3000' height='1000'>"
        "<rect width='3000' height='1000' fill='red'/></svg>",
        "utf-8",
    )
    large = style.resolve("large-print").with_paper("a4")
    data, _ = build.render(
        handout(with_figure({"image": str(tmp_path / "wide.svg"), "alt": "Red."})), large
    )
    assert not outside_margins(data, large.page)
    (fig,) = tagged(data).root.find("Figure")
    x0, _, x1, _ = map(float, fig.attrs["/BBox"].split())
    assert (
        abs((x1 - x0) - (large.page.width - large.page.margin_left - large.page.margin_right)) < 1
    )


def test_grayscale_prints_an_svg_drawing_in_grey(conformance_pdfs: dict[str, Path]) -> None:
    import re

    with opened(conformance_pdfs["drawing-grayscale-a4"].read_bytes()) as pdf:
        raw = b"".join(p.Contents.read_bytes() for p in pdf.pages)
        shadings = [s for p in pdf.pages for _, s in p.Resources.get("/Shading", {}).items()]
    assert not re.search(rb"[\d.]+ [\d.]+ [\d.]+ (rg|RG)", raw)  # no colour, only greys
    assert shadings and {str(s.ColorSpace) for s in shadings} == {"/DeviceGray"}


def test_the_html_page_embeds_an_svg_drawing_as_it_is() -> None:
    page = tree(html.render(handout(drawing()), Style()))
    (img,) = page.findall(".//figure/img")
    assert img.get("src").startswith("data:image/svg+xml;base64,")
    assert (img.get("width"), img.get("height")) == ("480", "240")
    assert img.get("alt") == "An arrow from the words Breathe in to a blue circle."


XLINK = "xmlns:xlink='http://www.w3.org/1999/xlink'"


def linking(folder: Path, name: str, *links: str) -> Path:
    """``folder/name``: a drawing of a frame with an ``<image>`` for each of ``links``."""
    images = "".join(
        f"<image xlink:href='{link}' x='{10 + 60 * i}' y='10' width='50' height='40'/>"
        for i, link in enumerate(links)
    )
    path = folder / name
    path.write_text(
        f"<svg {SVG_NS} {XLINK} width='300' height='150'>"
        f"<rect width='300' height='150' fill='#fff4d6'/>{images}</svg>",
        "utf-8",
    )
    return path


def test_a_picture_in_an_svg_drawing_prints_and_is_in_the_html_page(tmp_path: Path) -> None:
    """A drawing may show a photo embedded in it, or linked (Inkscape links an imported
    photo unless told to embed it).  svglib draws either; the PDF has it as an image of
    its own, shrunk to print resolution and grey in a style of greys; the HTML page, where
    the drawing may load nothing, has a linked one put in the drawing."""
    pictures = tmp_path / "pictures"
    pictures.mkdir()
    shutil.copy(DIAGRAM, pictures / "inset.png")
    inline = "data:image/jpeg;base64," + base64.b64encode(PHOTO.read_bytes()).decode("ascii")
    svg = linking(pictures, "linked.svg", "inset.png", inline)
    doc = handout(with_figure({"image": str(svg), "alt": "A diagram and a photo."}))
    for name in ("default", "grayscale"):
        data, _ = build.render(doc, style.resolve(name))
        with opened(data) as pdf:
            images = [
                x
                for p in pdf.pages
                for _, x in p.Resources.XObject.items()
                if x.Subtype == "/Image"
            ]
            # 50 x 40 CSS pixels print at 37.5 x 30 points: 156 x 125 pixels at 300 dpi
            assert sorted((int(x.Width), int(x.Height)) for x in images) == [(156, 125)] * 2
            spaces = {str(x.ColorSpace) for x in images}
        assert spaces == ({"/DeviceGray"} if name == "grayscale" else {"/DeviceRGB"}), name
        assert not outside_margins(data, style.resolve(name).page)
    page = tree(html.render(doc, Style()))
    (img,) = page.findall(".//figure/img")
    prefix = "data:image/svg+xml;base64,"
    assert img.get("src").startswith(prefix)
    drawn = base64.b64decode(img.get("src")[len(prefix) :])
    images_ = etree.fromstring(drawn).iter("{http://www.w3.org/2000/svg}image")
    hrefs = [e.get("{http://www.w3.org/1999/xlink}href") for e in images_]
    png = "data:image/png;base64,"
    assert hrefs == [png + base64.b64encode(DIAGRAM.read_bytes()).decode("ascii"), inline]
    plain = tree(html.render(handout(drawing()), Style())).find(".//figure/img")
    assert plain is not None and plain.get("src") == prefix + base64.b64encode(
        SVG.read_bytes()
    ).decode("ascii")  # a drawing that links nothing is embedded byte for byte


def test_a_picture_an_svg_drawing_links_that_would_not_be_drawn_is_refused(
    tmp_path: Path,
) -> None:
    """svglib leaves out, without a word, a picture it cannot read or may not: each is
    one problem with the line of ``image``, from ``validate`` as from ``build``."""
    (tmp_path / "cut.png").write_bytes(DIAGRAM.read_bytes()[:60])
    (tmp_path / "anim.gif").write_bytes(b"GIF89a" + bytes(20))
    (tmp_path / "part.svg").write_text("<svg", "utf-8")
    (tmp_path / "folder").mkdir()
    shutil.copy(DIAGRAM, tmp_path.parent / f"{tmp_path.name}-outside.png")
    (tmp_path / "away.png").symlink_to(tmp_path.parent / f"{tmp_path.name}-outside.png")
    links = {
        "cut.png": "which is damaged",
        "anim.gif": "which is a GIF, TIFF or WebP image, not a PNG or JPEG image",
        "part.svg": "which is not a well-formed SVG drawing",
        "folder": "which is not a file; save the picture in the drawing's folder",
        "gone.png": "which does not exist (a path in a drawing starts at its folder)",
        f"../{tmp_path.name}-outside.png": "which is outside the drawing's folder",
        "away.png": "which is outside the drawing's folder",  # a link to a file out of it
        str(DIAGRAM): "by a path from the top of the disk",
        "https://example.org/x.png": "an address: a handout is made from files only",
    }
    linking(tmp_path, "linked.svg", *links, " cut.png", "data:image/gif;base64,R0lGODlh")
    (tmp_path / "h.yaml").write_text(
        with_figure({"image": "linked.svg", "alt": "A diagram."}), "utf-8"
    )
    for command in (["validate"], ["build", "-o", str(tmp_path)]):
        done = CliRunner().invoke(cli, [*command, str(tmp_path / "h.yaml")])
        assert done.exit_code == 2, done.output
        lines = [line for line in done.output.splitlines() if "linked.svg " in line]
        assert len(lines) == len(links) + 2 and "Traceback" not in done.output
        assert all("h.yaml:" in line and "sections[0].figure.image" in line for line in lines)
        for line, (link, why) in zip(lines, links.items(), strict=False):
            assert f"linked.svg links the picture {link}, {why}" in line
        # svglib reads a path as written, spaces and all; and a GIF embedded in a drawing
        assert "links the picture  cut.png, which does not exist" in lines[-2]
        assert (
            "embeds a picture (data:image/gif;base64,R0...) that svglib does not draw"
            in (lines[-1])
        )
    assert not (tmp_path / "h.pdf").exists()


def test_a_linked_picture_changed_since_the_drawing_was_read_is_read_again(
    tmp_path: Path,
) -> None:
    """A worker keeps a drawing it has read while the drawing's file is unchanged; the
    pictures it links are read again when they change: a new one is printed, a damaged
    or missing one is a clear error, never the old picture."""
    shutil.copy(DIAGRAM, tmp_path / "inset.png")
    doc = handout(with_figure({"image": str(linking(tmp_path, "l.svg", "inset.png")), "alt": "x"}))

    def colours() -> set[str]:
        with opened(build.render(doc, Style())[0]) as pdf:
            return {
                str(x.ColorSpace)
                for p in pdf.pages
                for _, x in p.Resources.XObject.items()
                if x.Subtype == "/Image"
            }

    assert colours() == {"/DeviceRGB"}
    with Image.open(DIAGRAM) as grey:
        grey.convert("L").save(tmp_path / "inset.png")
    assert colours() == {"/DeviceGray"}
    (tmp_path / "inset.png").write_bytes(DIAGRAM.read_bytes()[:60])  # cut short
    with pytest.raises(FigureError, match=r"cannot draw the picture .*inset.png that the SVG"):
        build.render(doc, Style())
    (tmp_path / "inset.png").unlink()
    with pytest.raises(FigureError, match=r"inset.png that the SVG drawing .*l.svg links"):
        build.render(doc, Style())


def test_a_drawing_made_to_multiply_its_pictures_is_refused(tmp_path: Path) -> None:
    """Ten drawings that each show the next ten times would put 10^10 pictures on the
    page (and into the phone page): refused, where a hundred uses pass."""
    shutil.copy(DIAGRAM, tmp_path / "p.png")
    linking(tmp_path, "d9.svg", *["p.png"] * 10)
    for i in range(9):
        linking(tmp_path, f"d{i}.svg", *[f"d{i + 1}.svg"] * 10)
    (found,) = problems(with_figure({"image": str(tmp_path / "d0.svg"), "alt": "x"}))
    assert "shows pictures or drawings from other files more than 100 times" in found
    big = tmp_path / "big.svg"  # a drawing of 1 MB, shown six times
    big.write_text(f"<svg {SVG_NS} width='9' height='9'>" + "<g/>" * 250_000 + "</svg>", "utf-8")
    (found,) = problems(
        with_figure({"image": str(linking(tmp_path, "six.svg", *["big.svg"] * 6)), "alt": "x"})
    )
    assert "or drawings of more than 5 MB in all" in found
    for i in range(1500):  # drawings inside drawings, deeper than Python's recursion
        linking(tmp_path, f"n{i}.svg", f"n{i + 1}.svg")
    (found,) = problems(with_figure({"image": str(tmp_path / "n0.svg"), "alt": "x"}))
    assert "shows pictures or drawings from other files more than 100 times" in found
    linking(tmp_path, "ok.svg", *["d9.svg"] * 9)  # 9 uses, each showing 10 pictures: 99
    doc = handout(with_figure({"image": str(tmp_path / "ok.svg"), "alt": "x"}))
    page = tree(html.render(doc, Style()))
    assert page.find(".//figure/img") is not None


def test_the_phone_page_shrinks_a_photo_a_drawing_links(tmp_path: Path) -> None:
    shutil.copy(PHOTO, tmp_path / "photo.jpg")  # 2400 x 1600
    svg = linking(tmp_path, "l.svg", "photo.jpg")
    page = tree(html.render(handout(with_figure({"image": str(svg), "alt": "x"})), Style()))
    src = page.find(".//figure/img").get("src")
    drawn = base64.b64decode(src.split(",", 1)[1])
    (href,) = [e.get("{http://www.w3.org/1999/xlink}href") for e in etree.fromstring(drawn)[1:]]
    assert href.startswith("data:image/jpeg;base64,")
    with Image.open(io.BytesIO(base64.b64decode(href.split(",", 1)[1]))) as shown:
        assert shown.size == (1200, 800)


def test_the_files_an_svg_drawing_links_are_listed_as_svglib_finds_them(tmp_path: Path) -> None:
    (tmp_path / "parts").mkdir()
    linking(tmp_path / "parts", "inner.svg", "leaf.png", "../top.png", "../../above.png")
    top = linking(
        tmp_path,
        "top.svg",
        "parts/inner.svg",
        "gone.png",
        "#frame",
        "data:image/png;base64,iVBORw0KGgo=",
        "https://example.org/x.png",
        str(tmp_path / "absolute.png"),
        "top.svg",
    )
    text_ = top.read_text("utf-8").replace("</svg>", "<use href='parts/inner.svg#a'/></svg>")
    top.write_text(text_, "utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in svgfile.linked(top)]
    assert found == ["parts/inner.svg", "gone.png", "parts/leaf.png", "top.png"]
    # an <image> that links its own drawing, or drawings that link each other, end
    linking(tmp_path, "a.svg", "b.svg")
    linking(tmp_path, "b.svg", "a.svg", "leaf.png")
    assert [p.name for p in svgfile.linked(tmp_path / "a.svg")] == ["b.svg", "leaf.png"]
    assert svgfile.embedded(tmp_path / "a.svg", lambda p: (p.read_bytes(), "PNG")).startswith(
        b"<?xml"
    )
