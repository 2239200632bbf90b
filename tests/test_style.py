"""Style sheets: bundled looks, inheritance, every refusal with its line, caching."""

from __future__ import annotations

import dataclasses
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import fontpkg
import pytest
from click.testing import CliRunner, Result

from handout.cli import cli
from handout.errors import InputError, UsageError
from handout.model import style, yamlfile
from handout.model.stylemodel import Colors, FontFiles, Style

DATA = Path(__file__).parent / "data" / "styles"
BUNDLED = ("default", "large-print", "grayscale", "example-clinic")
Writer = Callable[[Path, str, "str | bytes"], Path]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from an empty folder, so that no ./styles of the checkout is in the way."""
    monkeypatch.chdir(tmp_path)


def validate(*args: str) -> Result:
    result = CliRunner().invoke(cli, ["validate", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def problems(path: Path | str, search_dirs: tuple[Path, ...] = (Path("styles"),)) -> list[str]:
    with pytest.raises(InputError) as caught:
        style.resolve(path, search_dirs)
    return [str(p) for p in caught.value.problems]


def one_problem(path: Path | str) -> str:
    found = problems(path)
    assert len(found) == 1, found
    return found[0]


# --- bundled styles ----------------------------------------------------------------------


def test_the_bundled_folder_holds_the_four_looks_and_the_logo() -> None:
    names = {p.stem for p in style.bundled_dir().glob("*.yaml")}
    assert names == set(BUNDLED)
    logo = style.bundled_dir() / "logos" / "example-clinic.png"
    assert logo.read_bytes().startswith(b"\x89PNG") and logo.stat().st_size < 16_000


@pytest.mark.parametrize("name", BUNDLED)
def test_each_bundled_style_resolves_and_validates(name: str) -> None:
    resolved = style.resolve(name)
    assert resolved.description
    result = validate(str(style.bundled_dir() / f"{name}.yaml"))
    assert result.exit_code == 0, result.output
    assert result.output.endswith(": valid\n1 valid, 0 invalid\n")


def test_default_is_the_stylemodel_defaults_written_out() -> None:
    resolved = style.resolve(None)
    assert resolved == dataclasses.replace(Style(), description=resolved.description)
    assert style.resolve("default") is resolved


def test_a_style_without_extends_starts_from_the_built_in_defaults(write: Writer) -> None:
    path = write(Path.cwd(), "bare.yaml", "description: nothing else\n")
    assert style.resolve(path) == Style(name="bare", description="nothing else")


def test_large_print_is_large_left_aligned_with_wide_margins() -> None:
    lp = style.resolve("large-print")
    f = lp.fonts
    assert f.body.size >= 18 and f.body.leading >= 1.5 and lp.align == "left"
    assert f.heading.size > f.body.size and f.title.size > f.heading.size
    assert 14 <= f.table.size < f.body.size and f.small.size >= 14
    default = Style().page
    assert lp.page.margin_top > default.margin_top and lp.page.margin_left > default.margin_left
    # Room for a four-item comparison (five columns) of at least 80pt each.
    assert (lp.page.width - lp.page.margin_left - lp.page.margin_right) / 5 >= 80


def colours_of(resolved: Style) -> dict[str, str]:
    out = {}
    for part in ("colors", "summary_box", "table", "sections"):
        for key, value in dataclasses.asdict(getattr(resolved, part)).items():
            if isinstance(value, str) and value.startswith("#"):
                out[f"{part}.{key}"] = value
    return out


def test_grayscale_uses_only_greys() -> None:
    found = colours_of(style.resolve("grayscale"))
    assert len(found) == 12
    for key, value in found.items():
        r, g, b = value[1:3], value[3:5], value[5:7]
        assert r == g == b, f"{key} = {value} is not a grey"


def luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_ratio_matches_the_wcag_reference_values() -> None:
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert contrast("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)


def text_pairs(s: Style) -> dict[str, tuple[str, str]]:
    """Every text colour a handout prints, with the background it is printed on."""
    paper = "#FFFFFF"
    return {
        "body on paper": (s.colors.text, paper),
        "title and headings on paper": (s.colors.primary, paper),
        "subtitle, disclaimer, footer on paper": (s.colors.muted, paper),
        "summary text on its box": (s.colors.text, s.summary_box.background),
        "summary box label on its box": (s.colors.primary, s.summary_box.background),
        "table header": (s.table.header_text, s.table.header_background),
        "table text on a striped row": (s.colors.text, s.table.stripe),
        "key point on its callout": (s.colors.text, s.sections.summary_background),
    }


@pytest.mark.parametrize("name", BUNDLED)
def test_every_text_colour_of_each_bundled_style_has_wcag_aa_contrast(name: str) -> None:
    for what, (fg, bg) in text_pairs(style.resolve(name)).items():
        assert contrast(fg, bg) >= 4.5, f"{name}: {what}: {fg} on {bg} is {contrast(fg, bg):.2f}"


def test_grayscale_puts_dark_text_on_light_fills() -> None:
    for what, (fg, bg) in text_pairs(style.resolve("grayscale")).items():
        assert luminance(fg) < luminance(bg), what


def test_example_clinic_has_the_clinic_header_and_a_small_logo() -> None:
    clinic = style.resolve("example-clinic").clinic
    assert clinic.name and clinic.phone and clinic.website
    assert clinic.logo == (style.bundled_dir() / "logos" / "example-clinic.png").resolve()
    assert clinic.logo_size == (240, 240)
    assert clinic.logo_alt == "Example Family Clinic logo"


def test_the_qr_code_goes_on_page_1_unless_the_style_says_otherwise(write: Writer) -> None:
    assert style.resolve("default").qr.place == "first-page"
    path = write(Path.cwd(), "qr.yaml", "extends: default\nqr: {place: Footer}\n")
    assert style.resolve(path).qr.place == "footer"


def test_logo_alt_is_checked_like_other_clinic_text(write: Writer) -> None:
    path = write(Path.cwd(), "alt.yaml", "extends: example-clinic\nclinic: {logo_alt: [a, b]}\n")
    assert "clinic.logo_alt" in one_problem(path)
    path = write(Path.cwd(), "bare.yaml", "extends: example-clinic\nclinic: {logo_alt: null}\n")
    assert style.resolve(path).clinic.logo_alt is None
    typo = write(Path.cwd(), "typo.yaml", "extends: default\nclinic: {logo_all: x}\n")
    assert "did you mean 'logo_alt'" in one_problem(typo)


# --- inheritance ---------------------------------------------------------------------------


def test_a_three_level_chain_merges_mappings_and_replaces_lists() -> None:
    leaf = style.resolve(DATA / "leaf.yaml")
    assert leaf.name == "leaf" and leaf.description == ""  # neither is inherited
    body = leaf.fonts.body
    assert (body.family, body.size, body.leading) == ("Fira Sans", 13.0, 1.5)
    assert leaf.fonts.heading.family == "Fira Sans"  # other roles follow the body's family
    assert leaf.fonts.heading.size == 15.0  # from the built-in defaults
    assert leaf.fonts.fallbacks == ("Inter",)  # middle's list replaced base's
    page = leaf.page
    assert page.size == "a4" and page.width == pytest.approx(595.2756)
    assert (page.margin_top, page.margin_right, page.margin_left) == (72.0, 72.0, 36.0)
    assert leaf.colors == Colors(primary="#336699", text="#000000", rule="#336699")
    assert leaf.table.header_background == "#336699"  # follows the palette entry
    assert leaf.table.stripe == "#EEEEEE"
    clinic = leaf.clinic
    assert (clinic.name, clinic.phone, clinic.website) == ("Base Clinic", None, "middle.example")
    assert clinic.logo == (DATA / "logos" / "mark.png").resolve() and clinic.logo_size == (48, 24)
    assert leaf.source == yamlfile.display_name(DATA / "leaf.yaml")


def test_a_child_changing_primary_recolours_what_the_parent_drew_in_primary(
    write: Writer,
) -> None:
    path = write(Path.cwd(), "maroon.yaml", "extends: default\ncolors: {primary: maroon}\n")
    resolved = style.resolve(path)
    assert resolved.table.header_background == "#800000"
    assert resolved.summary_box.border == resolved.colors.rule == "#800000"


def test_a_local_style_shadows_and_may_extend_the_bundled_one_of_its_name(
    write: Writer,
) -> None:
    write(Path.cwd(), "styles/default.yaml", "extends: default\nalign: justify\n")
    assert style.resolve(None).align == "justify"
    assert style.resolve("large-print").align == "left"


def test_a_name_in_extends_is_looked_up_in_the_search_folders(write: Writer) -> None:
    write(Path.cwd(), "mine/house.yaml", "fonts: {body: {size: 14pt}}\n")
    child = write(Path.cwd(), "child.yaml", "extends: house\n")
    assert style.resolve(child, (Path("mine"),)).fonts.body.size == 14.0


def test_units_and_colour_spellings(write: Writer) -> None:
    path = write(
        Path.cwd(),
        "u.yaml",
        "page: {size: [21cm, 297mm], margins: {top: 36, right: 0.5in, bottom: 1cm, left: 10mm}}\n"
        "fonts: {body: {size: 11.5pt}}\n"
        'colors: {primary: "#abc", text: DarkSlateGray, muted: "#4a5560"}\n',
    )
    s = style.resolve(path)
    assert s.page.size == "custom"
    assert s.page.width == pytest.approx(595.2756, abs=1e-3)
    assert s.page.height == pytest.approx(841.8898, abs=1e-3)
    assert s.page.margin_top == 36.0 and s.page.margin_right == 36.0
    assert s.page.margin_bottom == pytest.approx(28.3465, abs=1e-4)
    assert s.page.margin_left == pytest.approx(28.3465, abs=1e-4)
    assert s.fonts.body.size == 11.5
    assert (s.colors.primary, s.colors.text, s.colors.muted) == ("#AABBCC", "#2F4F4F", "#4A5560")


def test_a_font_may_be_a_ttf_path_relative_to_the_style(write: Writer) -> None:
    ttf = fontpkg.path("Fira Sans", 400)
    (Path.cwd() / "fonts").mkdir()
    (Path.cwd() / "fonts" / "Mine.ttf").write_bytes(ttf.read_bytes())
    path = write(Path.cwd(), "f.yaml", "fonts: {title: {family: fonts/Mine.ttf, bold: false}}\n")
    resolved = style.resolve(path)
    mine = str((Path.cwd() / "fonts" / "Mine.ttf").resolve())
    assert resolved.fonts.title.family == FontFiles(mine)  # its regular face only
    assert resolved.fonts.body.family == "Atkinson Hyperlegible"


def test_family_names_are_matched_loosely_and_stored_as_installed(write: Writer) -> None:
    path = write(Path.cwd(), "f.yaml", "fonts: {body: {family: fira_sans}}\n")
    assert style.resolve(path).fonts.body.family == "Fira Sans"


# --- refusals -------------------------------------------------------------------------------


def test_every_problem_of_a_file_is_reported_at_once_with_its_line() -> None:
    name = yamlfile.display_name(DATA / "many-problems.yaml")
    found = problems(DATA / "many-problems.yaml")
    expected = [
        (3, "page.size", "tabloid"),
        (4, "page.margins", "'furlongs' is not a unit"),
        (6, "fonts.body.family", "'Comic Sans MS' is not installed"),
        (6, "fonts.body.size", "more than 0pt"),
        (7, "fonts.heading.size", "px"),
        (8, "colours", "did you mean 'colors'?"),
        (11, "colors.primary", "did you mean 'primary'?"),
        (12, "colors.text", "'secondary' is neither a colour nor a palette entry"),
        (13, "colors.muted", "in quotes"),
        (14, "table.header_background", "'#12' is not a colour"),
        (16, "clinic.logo", "does not exist"),
    ]
    assert len(found) == len(expected), found
    for line, (number, key, words) in zip(found, expected, strict=True):
        assert line.startswith(f"{name}:{number}:") and f": {key}: " in line and words in line


def test_the_cli_exits_2_with_file_line_column(write: Writer) -> None:
    write(Path.cwd(), "styles/broken.yaml", "fonts:\n  body: {size: 0pt}\n")
    result = CliRunner().invoke(cli, ["styles", "show", "broken"])
    assert result.exit_code == 2
    assert "styles/broken.yaml:2:10: fonts.body.size: a font size must be more than 0pt" in (
        result.output
    )


def test_negative_font_size_is_refused(write: Writer) -> None:
    path = write(Path.cwd(), "n.yaml", "name: n\nfonts:\n  small: {size: -1}\n")
    assert one_problem(path).startswith("n.yaml:3:11: fonts.small.size: a font size must be")


def test_problems_of_a_parent_point_into_the_parent_file() -> None:
    parent = yamlfile.display_name(DATA / "bad-parent.yaml")
    found = problems(DATA / "child-of-bad-parent.yaml")
    assert found == [
        f"{parent}:3:3: colors.primary: '#12345G' is not a colour; write #RGB or #RRGGBB in hex "
        "(0-9, A-F)",
        f"{parent}:5:10: fonts.body.size: a font size must be more than 0pt, found '-3pt'",
    ]


def test_a_cycle_is_refused_where_it_closes(write: Writer) -> None:
    write(Path.cwd(), "styles/a.yaml", "description: A\nextends: b\n")
    write(Path.cwd(), "styles/b.yaml", "extends: a\n")
    found = one_problem("a")
    assert found.startswith("styles/b.yaml:1:1: extends: 'a' leads back to styles/a.yaml")
    assert "styles/a.yaml -> styles/b.yaml -> styles/a.yaml" in found
    assert validate("styles/a.yaml").exit_code == 2


@pytest.mark.parametrize("extends", ["me", "me.yaml", "./me.yaml"])
def test_a_style_extending_itself_is_refused(write: Writer, extends: str) -> None:
    path = write(Path.cwd(), "styles/me.yaml", f"# mine\nextends: {extends}\n")
    assert one_problem(path) == (
        "styles/me.yaml:2:1: extends: a style cannot extend itself; "
        "name another style or remove extends"
    )


def test_a_missing_parent_says_where_it_looked(write: Writer) -> None:
    path = write(Path.cwd(), "x.yaml", "colors: {text: black}\nextends: larg-print\n")
    found = one_problem(path)
    assert found.startswith("x.yaml:2:1: extends: no style named 'larg-print' (looked in styles/")
    assert f"the bundled styles ({style.bundled_dir()}/)" in found
    assert found.endswith("did you mean 'large-print'?")
    by_path = write(Path.cwd(), "y.yaml", "extends: ../nowhere/p.yaml\n")
    assert "the style file" in one_problem(by_path) and "does not exist" in one_problem(by_path)


def test_a_fifty_deep_chain_is_refused_after_reading_only_the_limit(
    write: Writer, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(50):
        write(Path.cwd(), f"styles/s{i}.yaml", f"extends: s{i + 1}\n" if i < 49 else "{}\n")
    reads: list[Path] = []
    real_load = yamlfile.load

    def counting_load(path: Path, file: str | None = None) -> yamlfile.YamlDoc:
        reads.append(path)
        return real_load(path, file)

    monkeypatch.setattr(yamlfile, "load", counting_load)
    found = one_problem("s0")
    assert found.startswith("styles/s0.yaml:1:1: extends: the extends chain is more than 20 steps")
    assert "s0 -> s1 -> s2 -> ... -> s19 -> s20 -> s21" in found
    assert len(reads) == style.MAX_EXTENDS + 1
    # Twenty steps are still fine.
    assert style.resolve("s29").name == "s29"


def test_palette_entries_referring_to_each_other_in_a_circle(write: Writer) -> None:
    path = write(Path.cwd(), "c.yaml", "colors:\n  primary: rule\n  rule: primary\n")
    found = one_problem(path)
    assert found.startswith("c.yaml:2:3: colors.primary: palette entries refer to each other")


def test_margins_that_leave_no_room_say_how_much_is_left(write: Writer) -> None:
    wide = write(Path.cwd(), "w.yaml", "page:\n  margins: {left: 4in, right: 4in}\n")
    assert one_problem(wide) == (
        "w.yaml:2:13: page.margins.left: the left and right margins leave 0.5in (36pt) of the "
        "8.5in (612pt) width of letter paper; at least 3in (216pt) is needed for the text"
    )
    none_left = write(Path.cwd(), "t.yaml", "page: {size: a4, margins: 5in}\n")
    found = problems(none_left)
    assert len(found) == 2
    assert "leave no room on the 8.27in (595pt) width of a4 paper" in found[0]
    assert "leave 1.69in (122pt) of the 11.69in (842pt) height" in found[1]


def test_margins_in_a_child_against_paper_in_the_parent_point_at_the_child(
    write: Writer,
) -> None:
    write(Path.cwd(), "small.yaml", "page: {size: [4in, 6in]}\n")
    child = write(Path.cwd(), "c.yaml", "extends: small.yaml\npage:\n  margins: 0.6in\n")
    found = one_problem(child)
    assert found.startswith("c.yaml:3:3: page.margins: the left and right margins leave 2.8in")
    assert "width of this paper" in found


def test_a_font_family_that_is_not_installed_names_the_installed_ones(write: Writer) -> None:
    path = write(Path.cwd(), "f.yaml", "fonts:\n  fallbacks: [Inter, Helvetica Neue]\n")
    found = one_problem(path)
    assert found.startswith("f.yaml:2:22: fonts.fallbacks[1]: the font family 'Helvetica Neue'")
    installed = sorted(f.name for f in fontpkg.families().values())
    assert f"(installed: {', '.join(installed)})" in found


def test_a_missing_or_fake_font_file_is_refused(write: Writer) -> None:
    write(Path.cwd(), "fake.ttf", "<html>not a font</html>")
    path = write(
        Path.cwd(), "f.yaml", "fonts:\n  body: {family: fake.ttf}\n  title: {family: gone.otf}\n"
    )
    found = problems(path)
    assert "fonts.body.family: the font file fake.ttf is not a TrueType or OpenType" in found[0]
    assert "fonts.title.family: the font file gone.otf does not exist" in found[1]


@pytest.mark.parametrize(
    ("fixture", "words"),
    [
        ("logo-pdf.yaml", "is a PDF, not a PNG or JPEG image"),
        ("logo-html.yaml", "is a web page or SVG, not a PNG or JPEG image"),
        ("logo-folder.yaml", "is a folder; name a PNG or JPEG file in it"),
    ],
)
def test_a_logo_that_is_not_a_png_or_jpeg_file_is_refused(fixture: str, words: str) -> None:
    found = one_problem(DATA / fixture)
    assert ": clinic.logo: the logo " in found and words in found
    assert validate(str(DATA / fixture)).exit_code == 2


def test_a_damaged_png_is_refused(write: Writer) -> None:
    write(Path.cwd(), "logos/cut.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    path = write(Path.cwd(), "s.yaml", "clinic: {logo: logos/cut.png}\n")
    assert "is damaged: its image header cannot be read" in one_problem(path)


def test_a_jpeg_logo_is_accepted(write: Writer) -> None:
    path = write(Path.cwd(), "j.yaml", f"clinic: {{logo: {DATA / 'logos' / 'mark.jpg'}}}\n")
    assert style.resolve(path).clinic.logo_size == (48, 24)


def huge_png(width: int, height: int) -> bytes:
    """A valid black-and-white PNG, compressed row by row (it never exists in memory)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    z = zlib.compressobj(9)
    row = b"\x00" + b"\xff" * ((width + 7) // 8)
    body = b"".join(z.compress(row) for _ in range(height)) + z.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


def test_a_very_large_png_logo_is_measured_without_being_decoded(
    write: Writer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PIL import ImageFile

    write(Path.cwd(), "logos/big.png", huge_png(6_000, 6_000))
    write(Path.cwd(), "logos/huge.png", huge_png(20_000, 20_000))

    def no_decoding(self: object) -> None:
        raise AssertionError("the logo was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    path = write(Path.cwd(), "h.yaml", "clinic: {logo: logos/big.png}\n")
    assert style.resolve(path).clinic.logo_size == (6_000, 6_000)
    # Too large to decode within bounded memory when printing: refused here already.
    path = write(Path.cwd(), "h.yaml", "clinic: {logo: logos/huge.png}\n")
    with pytest.raises(InputError, match="20000 x 20000 pixels, too large"):
        style.resolve(path)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("align: center\n", "align: expected left or justify, found 'center'"),
        ("fonts: {body: {leading: 16pt}}\n", "line height as a multiple of the font size"),
        ("fonts: {body: {leading: 0.5}}\n", "leading is 0.5; use a value from 1 to 3"),
        ("fonts: {body: {bold: yes please}}\n", "expected true or false, found 'yes please'"),
        ("fonts: {body: {size: 3in}}\n", "'3in' is 216pt; a font size is at most 144pt"),
        ("page: {size: [2in, 11in]}\n", "page.size[0]: 2in (144pt) is outside 3in"),
        ("colors: {text: 1A1A1A}\n", 'needs a leading #, in quotes: "#1A1A1A"'),
        ("colors: {text: 112233}\n", 'expected a colour in quotes, e.g. "#1F4E79", found 112233'),
        ("clinic: {phone: 5550100}\n", "expected text, found a number (put it in quotes"),
        ("extends: [default]\n", "extends: expected the name or path of a style, found a list"),
        ("- a list\n", "expected a mapping of style settings"),
        ("fonts: {body: {family: fonts/Mine}}\n", "a font file must end .ttf or .otf"),
        ("qr: {place: header}\n", "qr.place: expected first-page, footer or none, found 'header'"),
        ("qr: {place: fotter}\n", "did you mean 'footer'?"),
        ("qr: {place: true}\n", "qr.place: expected first-page, footer or none, found True"),
    ],
)
def test_bad_values_are_refused_with_a_line(write: Writer, text: str, words: str) -> None:
    path = write(Path.cwd(), "bad.yaml", "# a style\n" + text)
    found = one_problem(path)
    assert found.startswith("bad.yaml:2:") and words in found


def test_an_unknown_name_is_a_usage_error() -> None:
    with pytest.raises(UsageError) as caught:
        style.resolve("grayscal")
    assert "no style of that name" in str(caught.value) and "did you mean 'grayscale'?" in str(
        caught.value
    )
    with pytest.raises(UsageError):
        style.resolve("nowhere/x.yaml")


# --- detection, caching, round trip ---------------------------------------------------------


def test_is_style_tells_styles_from_content(shipped_content: Path) -> None:
    for name in BUNDLED:
        assert style.is_style(yamlfile.load(style.bundled_dir() / f"{name}.yaml").data)
    assert not style.is_style(yamlfile.load(shipped_content).data)
    assert style.is_style({"sections": {"at_a_glance": True}})
    assert not style.is_style({"sections": [{"heading": "x"}]})
    assert style.is_style({"colours": {"text": "black"}})  # a misspelt style is still a style
    assert not style.is_style({"title": "x", "page": {}})
    assert not style.is_style(["page"])


def test_a_style_hashes_as_its_compared_fields_and_travels_without_its_kept_hash() -> None:
    import pickle

    resolved = style.resolve("default")
    again = dataclasses.replace(resolved, source="elsewhere.yaml")  # not compared
    assert again == resolved and hash(again) == hash(resolved)
    assert hash(resolved.with_paper("a4")) != hash(resolved.with_paper("letter"))
    assert "_hash" in vars(resolved)  # worked out once
    # Another process hashes strings otherwise: a worker must work it out again.
    copied = pickle.loads(pickle.dumps(resolved))
    assert "_hash" not in vars(copied) and copied == resolved
    assert hash(copied) == hash(resolved)
    assert {resolved: 1}[copied] == 1


def test_resolution_is_cached_until_a_file_of_the_chain_changes(write: Writer) -> None:
    write(Path.cwd(), "p.yaml", "fonts: {body: {size: 10pt}}\n")
    child = write(Path.cwd(), "c.yaml", "extends: p.yaml\n")
    first = style.resolve(child)
    assert style.resolve(child) is first
    write(Path.cwd(), "p.yaml", "fonts: {body: {size: 14.5pt}}\n")
    assert style.resolve(child).fonts.body.size == 14.5


def custom(write: Writer) -> Path:
    ttf, bold = fontpkg.path("Inter", 400), fontpkg.path("Fira Sans", 700)
    return write(
        Path.cwd(),
        "custom.yaml",
        "name: Custom look\nextends: example-clinic\n"
        "page: {size: [6in, 9in], margins: {top: 1.1in, left: 2cm}}\n"
        f"fonts: {{body: {{family: Fira Sans, size: 10.3pt}}, "
        f'small: {{family: {{regular: "{ttf}", bold: "{bold}"}}}}}}\n'
        "footer: {page_numbers: false}\nsummary_box: {label: In short}\n",
    )


@pytest.mark.parametrize("name", [*BUNDLED, "custom"])
def test_to_yaml_is_a_complete_style_that_resolves_back_to_the_same(
    write: Writer, name: str
) -> None:
    original = style.resolve(custom(write) if name == "custom" else name)
    text = style.to_yaml(original)
    assert "extends" not in text
    again = style.resolve(write(Path.cwd(), "again.yaml", text))
    assert again == original


def test_a_logo_or_font_that_is_a_named_pipe_is_refused_without_blocking(write: Writer) -> None:
    import os

    os.mkfifo(Path.cwd() / "pipe.png")
    os.mkfifo(Path.cwd() / "pipe.ttf")
    path = write(
        Path.cwd(), "h.yaml", "clinic: {logo: pipe.png}\nfonts: {body: {family: pipe.ttf}}\n"
    )
    with pytest.raises(InputError) as err:
        style.resolve(path)
    message = err.value.format_message()
    assert "h.yaml:1:10: clinic.logo: the logo pipe.png is not a regular file" in message
    assert "fonts.body.family: the font file pipe.ttf is not a regular file" in message


def test_fit_keys_are_checked_with_their_line(write: Writer) -> None:
    path = write(Path.cwd(), "s.yaml", "fit:\n  enabled: sometimes\n  min_leading: 0.8\n")
    found = problems(path)
    assert found == [
        "s.yaml:2:3: fit.enabled: expected true or false, found 'sometimes'",
        "s.yaml:3:3: fit.min_leading: leading is 0.8; use a value from 1 to 3",
    ]
    path = write(Path.cwd(), "t.yaml", "extends: large-print\nfit: {enabled: false}\n")
    resolved = style.resolve(path)
    assert resolved.fit.enabled is False and resolved.fit.min_leading == 1.4
    assert "fit:\n  enabled: false\n  min_leading: 1.4\n" in style.to_yaml(resolved)
