"""The HTML page: its structure, escaping, fonts, logo, size and bytes, and the CLI.

What a browser makes of it (axe-core, narrow screens, requests) is in test_browser.py.
"""

from __future__ import annotations

import base64
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from fontTools.ttLib import TTFont
from htmlcheck import SHIPPED, STYLES, TEST_HANDOUTS, content_texts, folded, handouts, tree, words
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfcheck import content_yaml

from handout.cli import cli
from handout.errors import HandoutError
from handout.html import render
from handout.model import content, style, yamlfile
from handout.model.blocks import texts
from handout.model.stylemodel import Style

MAX_BYTES = 150 * 1024


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, content.Handout]:
    return handouts(tmp_path_factory.mktemp("h"))


def page(handout: content.Handout, name: str = "default") -> bytes:
    return render.render(handout, style.resolve(name))


def test_the_shipped_handout_is_semantic_html(loaded: dict[str, content.Handout]) -> None:
    h = loaded["shipped"]
    doc = tree(page(h))
    assert doc.get("lang") == "en"
    assert [folded(e.text_content()) for e in doc.xpath("//h1")] == [h.title]
    assert doc.findtext(".//title") == h.title
    summary = doc.xpath("//main//div[@class='summary']/p")
    assert [folded(p.text_content()) for p in summary] == list(h.summary)
    (table,) = doc.xpath("//table")
    assert "Muscle Atrophy, Muscle Denervation" in table.xpath("caption")[0].text_content()
    assert [folded(th.text_content()) for th in table.xpath("thead//th[@scope='col']")] == list(
        h.items
    )
    assert [folded(th.text_content()) for th in table.xpath("tbody//th[@scope='row']")] == [
        r.attribute for r in h.comparison
    ]
    values = [
        [folded(td.text) if td.text else "" for td in tr.xpath("td")]
        for tr in table.xpath("tbody/tr")
    ]
    cells = [
        [folded(td.xpath("span")[0].tail) for td in tr.xpath("td")]
        for tr in table.xpath("tbody/tr")
    ]
    assert cells == [[" ".join(v) for v in r.values] for r in h.comparison]
    assert all(v == [""] * 2 for v in values)
    sections = doc.xpath("//main/section[@class='section']")
    assert [folded(s.xpath("h2")[0].text_content()) for s in sections] == [
        s.heading for s in h.sections
    ]
    for sec, s in zip(sections, h.sections, strict=True):
        (aside,) = sec.xpath("aside")
        ids = aside.get("aria-labelledby").split()
        assert [folded(doc.get_element_by_id(i).text_content()) for i in ids] == [
            "Key point",
            s.heading,
        ]
        assert folded(aside.xpath("p")[1].text_content()) == " ".join(texts(s.summary))
        assert [folded(p.text_content()) for p in sec.xpath("p")] == list(s.body)
    assert folded(doc.xpath("//p[@class='disclaimer']")[0].text_content()) == h.disclaimer
    (footer,) = doc.xpath("//footer")
    assert folded(footer.text_content()) == "MSK-014 · Version 1.0 · Reviewed 2026-11-01"
    assert footer.xpath(".//time/@datetime") == ["2026-11-01"]
    assert len(doc.xpath("//main")) == 1 and not doc.xpath("//img")


def test_every_piece_of_content_text_is_in_the_page(loaded: dict[str, content.Handout]) -> None:
    for name, h in loaded.items():
        shown = folded(tree(page(h)).text_content())
        for text in content_texts(h):
            assert text in shown, (name, text)


def test_author_text_is_escaped_and_emphasis_becomes_strong_and_em(
    loaded: dict[str, content.Handout],
) -> None:
    data = page(loaded["markup-and-scripts"])
    assert b"<script" not in data and b"<b>" not in data and b"<i>" not in data
    doc = tree(data)
    assert folded(doc.xpath("//h1")[0].text_content()) == "<b>Cold</b> & Flu"
    assert doc.findtext(".//title") == "<b>Cold</b> & Flu"
    summary = doc.xpath("//div[@class='summary']/p")[0]
    assert "<script>alert(1)</script>" in summary.text_content()
    assert [e.text for e in summary.xpath("strong")] == ["rest"]
    assert [e.text for e in summary.xpath("em")] == ["drink"]
    assert "5 < 6 & 7 > 3" in summary.text_content()
    assert doc.xpath("//aside/p[2]/em")[0].text == "Viruses"
    assert "&amp; stays." in doc.xpath("//section[@class='section']/p")[0].text_content()
    assert doc.get("lang") == "en-GB"


def test_the_url_is_a_link_in_the_footer(loaded: dict[str, content.Handout]) -> None:
    doc = tree(page(loaded["markup-and-scripts"]))
    (link,) = doc.xpath("//footer//a")
    assert link.get("href") == "https://example.org/h/cold?lang=en&v=2"
    assert link.text == "example.org/h/cold?lang=en&v=2"
    assert "Read this online or in another language" in link.getparent().text_content()
    assert not tree(page(loaded["shipped"])).xpath("//a")


def test_nothing_is_loaded_from_elsewhere(loaded: dict[str, content.Handout]) -> None:
    for name in STYLES:
        for h in loaded.values():
            data = page(h, name)
            doc = tree(data)
            for element in doc.iter():
                for attr in ("src", "href", "srcset", "poster", "data"):
                    value = element.get(attr)
                    if value is None:
                        continue
                    assert value.startswith("data:") or (
                        element.tag == "a"  # a link is followed only when it is clicked
                    ), (name, element.tag, value[:80])
            css = "".join(doc.xpath("//style/text()"))
            urls = re.findall(r"url\(([^)]*)\)", css)
            assert urls and all(u.startswith("data:") for u in urls)
            assert "@import" not in css
            policy = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
            assert policy == [
                "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:"
            ]


def test_the_shipped_page_is_small_and_the_same_every_time(
    loaded: dict[str, content.Handout],
) -> None:
    for name in STYLES:
        first = page(loaded["shipped"], name)
        assert len(first) < MAX_BYTES, (name, len(first))
        assert page(loaded["shipped"], name) == first


def test_the_page_is_the_same_whenever_its_fonts_are_cut(
    loaded: dict[str, content.Handout], monkeypatch: pytest.MonkeyPatch
) -> None:
    from handout.html import fonts

    pages = []
    for now in ("1700000000", "1800000000"):  # as a process a year later would cut them
        monkeypatch.setenv("SOURCE_DATE_EPOCH", now)  # fontTools' clock
        fonts._subset.cache_clear()
        pages.append(page(loaded["markup-and-scripts"]))
    assert pages[0] == pages[1]


def test_the_size_stated_in_the_docs_is_true(loaded: dict[str, content.Handout]) -> None:
    text = (SHIPPED.parents[1] / "docs" / "html.md").read_text(encoding="utf-8")
    stated = re.search(r"The shipped handout's page is \*\*([\d.]+) KB\*\*", text)
    clinic = re.search(r"\*\*([\d.]+) KB\*\* in `example-clinic`", text)
    assert stated and clinic
    for kb, name in ((stated[1], "default"), (clinic[1], "example-clinic")):
        size = len(page(loaded["shipped"], name)) / 1024
        assert abs(size - float(kb)) < 1.0, (
            f"docs/html.md says {kb} KB for {name}; it is {size:.1f}"
        )


def embedded_fonts(data: bytes) -> list[tuple[str, str, str, TTFont]]:
    css = "".join(tree(data).xpath("//style/text()"))
    out = []
    for rule in re.findall(r"@font-face\{([^}]*)\}", css):
        family = re.search(r'font-family:"([^"]+)"', rule)[1]
        weight = re.search(r"font-weight:([^;]+);", rule)[1]
        slant = re.search(r"font-style:([^;]+);", rule)[1]
        b64 = re.search(r"base64,([A-Za-z0-9+/=]+)", rule)[1]
        raw = base64.b64decode(b64)
        assert raw[:4] == b"wOF2"
        out.append((family, weight, slant, TTFont(io.BytesIO(raw))))
    return out


def test_fonts_are_woff2_subsets_of_the_pdf_families_holding_every_character(
    loaded: dict[str, content.Handout],
) -> None:
    h = loaded["shipped"]
    faces = embedded_fonts(page(h))
    assert [(f, w, s) for f, w, s, _ in faces] == [
        ("Atkinson Hyperlegible", "400", "normal"),
        ("Atkinson Hyperlegible", "700", "normal"),
    ]
    used = {ord(ch) for _, t in h.texts() for ch in t if not ch.isspace()}
    for _, _, _, font in faces:
        cmap = set(font.getBestCmap())
        assert used <= cmap
        assert len(cmap) < 120  # a subset, not the whole font
    # accents come in a second part of the same face, joined by unicode-range
    accented = page(loaded["markup-and-scripts"])
    parts = [(f, w, s) for f, w, s, _ in embedded_fonts(accented)]
    assert parts.count(("Atkinson Hyperlegible", "400", "normal")) == 2
    css = "".join(tree(accented).xpath("//style/text()"))
    assert "unicode-range:U+20-7E," in css
    # italics only where emphasis asks for them; fallbacks only for what the family lacks
    mixed = embedded_fonts(page(loaded["markup-and-scripts"]))
    assert ("Atkinson Hyperlegible", "400", "italic") in [(f, w, s) for f, w, s, _ in mixed]
    fallback = {w: set(font.getBestCmap()) for f, w, _, font in mixed if f == "Fira Sans"}
    assert ord("Р") in fallback["400"] and len(fallback["400"]) < 60
    # the bold face only for what is bold: the Greek row header, not the Russian cell
    assert ord("Ε") in fallback["700"] and ord("Р") not in fallback["700"]


def test_the_style_drives_colours_sizes_and_the_clinic_header(
    loaded: dict[str, content.Handout],
) -> None:
    h = loaded["shipped"]
    default_css = "".join(tree(page(h)).xpath("//style/text()"))
    large_css = "".join(tree(page(h, "large-print")).xpath("//style/text()"))
    assert re.search(r"body\{[^}]*font-size:1rem", default_css)
    assert re.search(r"body\{[^}]*font-size:1\.5rem", large_css)  # 18pt: large text
    assert re.search(r"h1\{[^}]*color:#1F4E79", default_css)
    gray_css = "".join(tree(page(h, "grayscale")).xpath("//style/text()"))
    assert "#1F4E79" not in gray_css
    doc = tree(page(h, "example-clinic"))
    (header,) = doc.xpath("//header[@class='clinic']")
    assert "Example Family Clinic" in header.text_content()
    assert "(555) 010-0100" in header.text_content()
    (img,) = header.xpath("img")
    assert img.get("alt") == "Example Family Clinic logo"
    assert img.get("src").startswith("data:image/png;base64,")
    assert "Example Family Clinic" in doc.xpath("//footer")[0].text_content()


def test_a_logo_without_alt_text_is_decoration(write, tmp_path: Path, loaded) -> None:
    path = write(tmp_path, "s.yaml", "extends: example-clinic\nclinic: {logo_alt: null}\n")
    doc = tree(render.render(loaded["shipped"], style.resolve(path)))
    assert doc.xpath("//img/@alt") == [""]


def test_labels_come_from_the_language_table(loaded: dict[str, content.Handout]) -> None:
    from handout.model import labels

    h = loaded["four-items"]
    words_ = labels.resolve(h.language, Style())
    doc = tree(page(h))
    assert doc.xpath("//aside/p[@class='label']/text()")[0] == words_.key_point
    assert words_.version.format(version="2") in doc.xpath("//footer")[0].text_content()


def test_at_a_glance_and_a_summary_label_when_the_style_asks(write, tmp_path: Path, loaded) -> None:
    path = write(
        tmp_path, "s.yaml", "sections: {at_a_glance: true}\nsummary_box: {label: In short}\n"
    )
    doc = tree(render.render(loaded["shipped"], style.resolve(path)))
    headings = [folded(e.text_content()) for e in doc.xpath("//h2")]
    assert headings[:2] == ["In short", "At a glance"]
    items = doc.xpath("//section[@class='glance']//li")
    assert len(items) == len(loaded["shipped"].sections)
    assert items[0].xpath("strong")[0].text == "Introduction:"


# --- the command line ------------------------------------------------------------------


def test_build_writes_the_html_next_to_the_pdf(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    done = runner.invoke(cli, ["build", str(SHIPPED), "--format", "PDF,Html", "-o", str(out)])
    assert done.exit_code == 0, done.output
    stem = SHIPPED.stem
    assert (out / f"{stem}.pdf").read_bytes()[:5] == b"%PDF-"
    html = (out / f"{stem}.html").read_bytes()
    assert html == render.render(content.load(SHIPPED), Style())
    assert f"{stem}.html: {len(html) / 1024:.0f} KB" in done.output
    assert sorted(p.name for p in out.iterdir()) == [f"{stem}.html", f"{stem}.pdf"]


def test_build_html_only_and_pdf_by_default(tmp_path: Path) -> None:
    runner = CliRunner()
    done = runner.invoke(cli, ["build", str(SHIPPED), "--format", "html", "-o", str(tmp_path)])
    assert done.exit_code == 0, done.output
    assert [p.suffix for p in tmp_path.iterdir()] == [".html"]
    other = tmp_path / "pdf"
    done = runner.invoke(cli, ["build", str(SHIPPED), "-o", str(other)])
    assert [p.suffix for p in other.iterdir()] == [".pdf"]


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("htm", "--format htm: unknown format 'htm'; did you mean 'html'?"),
        ("pdf,docx", "unknown format 'docx'; use pdf, html or both: pdf,html"),
        (",", "names no format"),
    ],
)
def test_an_unknown_format_is_refused_before_anything_is_built(
    tmp_path: Path, given: str, message: str
) -> None:
    done = CliRunner().invoke(cli, ["build", str(SHIPPED), "--format", given, "-o", str(tmp_path)])
    assert done.exit_code == 2 and message in done.output
    assert not list(tmp_path.iterdir())


def test_batch_and_manifests_take_the_format(tmp_path: Path, write) -> None:
    lib = tmp_path / "lib"
    for name, text in TEST_HANDOUTS.items():
        write(lib, f"{name}.yaml", text)
    runner = CliRunner()
    out = tmp_path / "out"
    done = runner.invoke(cli, ["batch", str(lib), "-j", "1", "--format", "html", "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{n}.html" for n in TEST_HANDOUTS)
    manifest = write(
        tmp_path,
        "run.yaml",
        "format: HTML\njobs:\n  - content: lib/four-items.yaml\n    format: [pdf, html]\n"
        "  - content: lib/markup-and-scripts.yaml\n",
    )
    out2 = tmp_path / "out2"
    done = runner.invoke(
        cli,
        [
            "batch",
            "-m",
            str(manifest),
            "-j",
            "1",
            "-o",
            str(out2),
            "--pack",
            str(tmp_path / "p.pdf"),
        ],
    )
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in out2.iterdir()) == [
        "four-items.html",
        "four-items.pdf",
        "markup-and-scripts.html",
    ]
    assert "1 handout, 1 copy" in done.output  # the pack holds PDFs only
    report = tmp_path / "r.json"
    runner.invoke(
        cli, ["batch", "-m", str(manifest), "-j", "1", "-o", str(out2), "--report", str(report)]
    )
    rows = {Path(r["input"]).stem: r for r in json.loads(report.read_text())["handouts"]}
    assert rows["four-items"]["formats"] == ["pdf", "html"]
    assert [Path(f).name for f in rows["four-items"]["files"]] == [
        "four-items.pdf",
        "four-items.html",
    ]
    assert rows["markup-and-scripts"]["formats"] == ["html"]
    assert rows["markup-and-scripts"]["pages"] == 0


def test_a_bad_format_in_a_manifest_is_reported_with_its_line(tmp_path: Path, write) -> None:
    write(tmp_path, "a.yaml", TEST_HANDOUTS["four-items"])
    manifest = write(
        tmp_path,
        "run.yaml",
        "jobs:\n  - content: a.yaml\n    format: epub\n  - content: a.yaml\n    format: 3\n",
    )
    done = CliRunner().invoke(cli, ["batch", "-m", str(manifest), "-o", str(tmp_path / "o")])
    assert done.exit_code == 2
    assert "run.yaml:3:5: jobs[0].format: unknown format 'epub'; use pdf, html" in done.output
    assert (
        "run.yaml:5:5: jobs[1].format: expected pdf, html or pdf,html, found a number"
        in done.output
    )


def test_a_failed_html_render_writes_neither_file(tmp_path: Path, monkeypatch) -> None:
    from handout.jobs import build

    def broken(*_: object) -> bytes:
        raise OSError("disk on fire")

    monkeypatch.setattr(render, "render", broken)
    with pytest.raises(OSError):
        build.build_one(SHIPPED, Style(), tmp_path / "x.pdf", formats=("pdf", "html"))
    assert not list(tmp_path.iterdir())


def test_words_helper_folds_emphasis() -> None:
    assert words("**a**  *b*") == "a b"
    assert yamlfile  # the helpers' imports are the ones the tests use


def test_a_font_file_named_by_the_style_is_embedded_for_all_weights(loaded) -> None:
    from dataclasses import replace

    import reportlab

    from handout.model.stylemodel import FontFiles, Fonts, FontSpec

    vera = Path(reportlab.__file__).parent / "fonts"
    family = FontFiles(str(vera / "Vera.ttf"), bold=str(vera / "VeraBd.ttf"))
    own = replace(Style(), fonts=replace(Fonts(), body=FontSpec(family=family)))
    data = render.render(loaded["shipped"], own)
    faces = [(f, w, s) for f, w, s, _ in embedded_fonts(data)]
    assert ("Vera", "400", "normal") in faces and ("Vera", "700", "normal") in faces
    css = "".join(tree(data).xpath("//style/text()"))
    assert 'body{margin:0;font-family:"Vera","Fira Sans","Inter",system-ui' in css


ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "div", "header", "img", "p", "main",
    "h1", "h2", "section", "aside", "table", "caption", "thead", "tbody", "tr", "th", "td",
    "span", "strong", "em", "ul", "li", "footer", "a", "time",
}  # fmt: skip


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from([*"ab <>&\"'*/=;!-", "<script>", "</p>", "&amp;", "**", "<!--"]),
            min_size=1,
            max_size=12,
        ).map("".join),
        min_size=6,
        max_size=6,
    )
)
def test_any_markup_in_content_is_printed_as_text(pieces: list[str]) -> None:
    fields = [p if p.strip() else "x" for p in pieces]
    doc = content_yaml(
        title=fields[0],
        items=[fields[1], fields[1] + "2"],
        summary=fields[2],
        comparison=[{"attribute": fields[3], "values": [fields[4], fields[5]]}],
        sections=[{"heading": fields[5], "summary": fields[4], "body": fields[3]}],
        disclaimer=fields[2],
    )
    try:
        handout = content.from_doc(yamlfile.parse(doc, "m.yaml"))
    except HandoutError:
        return
    page_tree = tree(render.render(handout, Style()))
    assert {e.tag for e in page_tree.iter() if isinstance(e.tag, str)} <= ALLOWED_TAGS
    shown = folded(page_tree.xpath("//body")[0].text_content())
    for text in content_texts(handout):
        assert text in shown, text


def test_a_draft_says_so_and_placeholders_are_refused_otherwise(tmp_path: Path, write) -> None:
    src = write(tmp_path, "d.yaml", content_yaml(summary="TODO: write the summary."))
    runner = CliRunner()
    done = runner.invoke(cli, ["build", str(src), "--format", "html", "-o", str(tmp_path / "a/")])
    assert done.exit_code == 2 and not (tmp_path / "a" / "d.html").exists()
    done = runner.invoke(
        cli, ["build", str(src), "--format", "html", "--draft", "-o", str(tmp_path / "b/")]
    )
    assert done.exit_code == 0, done.output
    doc = tree((tmp_path / "b" / "d.html").read_bytes())
    assert doc.xpath("//p[@class='draft']/text()") == ["DRAFT"]


def test_one_html_file_by_name_or_on_standard_output(tmp_path: Path) -> None:
    runner = CliRunner()
    page_file = tmp_path / "flu.html"
    done = runner.invoke(cli, ["build", str(SHIPPED), "--format", "html", "-o", str(page_file)])
    assert done.exit_code == 0, done.output
    assert [p.name for p in tmp_path.iterdir()] == ["flu.html"]
    done = runner.invoke(cli, ["build", str(SHIPPED), "--format", "html", "-o", "-"])
    assert done.exit_code == 0
    assert done.stdout_bytes == page_file.read_bytes()
    done = runner.invoke(cli, ["build", str(SHIPPED), "--format", "pdf,html", "-o", "-"])
    assert done.exit_code == 2 and "ask for one --format" in done.output


def test_a_script_the_primary_family_lacks_is_set_whole_in_a_fallback_as_in_the_pdf() -> None:
    from handout.jobs import build

    russian = content.load(SHIPPED.parents[1] / "tests" / "data" / "languages" / "ru.yaml")
    data = build.render_formats(russian, Style(), ("html",))["html"][0]
    assert tree(data).get("lang") == "ru"
    assert {f for f, _, _, _ in embedded_fonts(data)} == {"Fira Sans"}
    assert tree(data).xpath("//aside/p[@class='label']/text()")[0] == "Главное"


def test_addresses_and_phone_numbers_are_links() -> None:
    doc = content.from_doc(yamlfile.parse(TEST_HANDOUTS["links"], "links.yaml"))
    page = tree(render.render(doc, style.resolve("example-clinic")))
    found = {a.get("href"): a.text_content() for a in page.iter("a")}
    assert found["https://www.cdc.gov/flu/symptoms/index.html"] == (
        "https://www.cdc.gov/flu/symptoms/index.html"  # the full stop after it is not
    )
    assert found["tel:5550100142"] == "(555) 010-0142"
    assert found["tel:18005550199"] == "1-800-555-0199"
    assert found["https://www.example.org/alpha"] == "www.example.org/alpha"
    assert found["mailto:help@example.org"] == "help@example.org"
    assert found["https://example.org/help"] == "https://example.org/help"
    clinic = style.resolve("example-clinic").clinic
    header = page.find(".//header")
    hrefs = {a.get("href") for a in header.iter("a")}
    assert clinic.website and clinic.phone
    assert any(h.startswith("tel:") for h in hrefs) and any(h.startswith("https://") for h in hrefs)
    # text that only looks like a number is left alone
    plain = content.from_doc(
        yamlfile.parse(content_yaml(summary="Reviewed 2026-04-30; ages 18-65; 911."), "p.yaml")
    )
    assert (
        "<a " not in render.render(plain, Style()).decode().split("<main>")[1].split("</main>")[0]
    )
