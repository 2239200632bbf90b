"""Web and e-mail addresses and phone numbers print exactly as written (issue 21, point 2).

A line break may fall inside an address only where ``text.addresses`` allows it (after a
``/``, before a ``.``, ``?``, ``#`` or ``-``; in an e-mail before ``.``, ``-`` or ``@``),
never with an inserted hyphen, and never inside a phone number.  Read back from the PDF
in drawing order and joined, each address is exactly what the author wrote, in a
four-column large-print table, body text, beside the QR code and in the footer.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pdfplumber
import pytest
import yaml
from click.testing import CliRunner
from pdfcheck import content_yaml, outside_margins, tagged

from handout.cli import cli
from handout.model import style
from handout.text import addresses

CELL_URL = "https://www.cdc.gov/flu/about/index.html"
CELL_SITE = "www.nhs.uk/conditions/common-cold"
CELL_MAIL = "allergy.help@rivertown-clinic.example"
CELL_PHONE = "(555) 010-0199"
BODY_URL = "https://www.cdc.gov/flu/professionals/antivirals/summary-clinicians.htm"
REPO = Path(__file__).resolve().parents[1]
QR_URL = "https://example.org/handouts/respiratory-illnesses/foot-012"
QR_SHORT = QR_URL.removeprefix("https://")
"""The address as printed beside the QR code."""
FOOTER_URL = "https://www.rivertown-family-clinic.example/patients/handouts/respiratory"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, str]:
    """The handout in large print with four items, built by the CLI; its bytes and the
    glyphs drawn, in drawing order, a line break where a new line starts."""
    tmp = tmp_path_factory.mktemp("addresses")
    (tmp / "clinic.yaml").write_text(
        yaml.safe_dump(
            {
                "name": "clinic",
                "extends": "large-print",
                "footer": {"text": f"Read more: {FOOTER_URL}"},
            }
        ),
        encoding="utf-8",
    )
    (tmp / "h.yaml").write_text(
        content_yaml(
            title="Flu vs. Cold",
            items=["Flu", "Cold", "Allergy", "COVID-19"],
            comparison=[
                {"attribute": "Read", "values": [CELL_URL, CELL_SITE, CELL_MAIL, CELL_PHONE]}
            ],
            sections=[{"heading": "More", "body": f"The full guidance is at {BODY_URL} today."}],
            meta={"id": "FLU-012", "url": QR_URL},
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli, ["build", str(tmp / "h.yaml"), "--style", str(tmp / "clinic.yaml"), "-o", str(tmp)]
    )
    assert result.exit_code == 0, result.output
    data = (tmp / "h.pdf").read_bytes()
    return data, drawn(data)


def drawn(data: bytes) -> str:
    """The characters drawn, in drawing order (not the ``/ActualText`` a reader is given)."""
    out: list[str] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            last = None
            for ch in page.chars:
                if last is not None and abs(ch["top"] - last) > 0.5:
                    out.append("\n")
                out.append(ch["text"])
                last = ch["top"]
            out.append("\n")
    return "".join(out).replace("\u00a0", " ")


def breaks_in(raw: str, address: str) -> list[int]:
    """Where ``address`` is broken over lines in ``raw``; fails unless it reads whole."""
    m = re.search("\n?".join(map(re.escape, address)), raw)
    assert m, f"{address!r} is not printed as written:\n{raw}"
    out, offset = [], 0
    for ch in m.group():
        if ch == "\n":
            out.append(offset)
        else:
            offset += 1
    return out


@pytest.mark.parametrize("address", [CELL_URL, CELL_SITE, CELL_MAIL, BODY_URL, QR_SHORT])
def test_an_address_breaks_only_where_it_may(built: tuple[bytes, str], address: str) -> None:
    (token,) = addresses.find(address)
    found = breaks_in(built[1], address)
    assert found, f"{address} was not broken: the column is too wide for this test"
    assert set(found) <= set(token.breaks), (address, found, token.breaks)


def test_the_footer_address_and_a_phone_number_print_whole(built: tuple[bytes, str]) -> None:
    raw = built[1]
    assert breaks_in(raw, FOOTER_URL)  # broken over the footer's two lines, where it may
    assert set(breaks_in(raw, FOOTER_URL)) <= set(addresses.find(FOOTER_URL)[0].breaks)
    assert breaks_in(raw, CELL_PHONE) == []  # a phone number never breaks


def test_nothing_goes_outside_the_margins(built: tuple[bytes, str]) -> None:
    page = style.resolve("large-print").page
    assert outside_margins(built[0], page) == []


def test_the_tagged_text_reads_each_address_whole(built: tuple[bytes, str]) -> None:
    doc = tagged(built[0])
    cells = [doc.text(c).replace("\u00a0", " ") for c in doc.root.find("TD")]
    assert cells == [CELL_URL, CELL_SITE, CELL_MAIL, CELL_PHONE]
    body = [doc.text(p) for p in doc.root.find("P")]
    assert f"The full guidance is at {BODY_URL} today." in body
    assert QR_SHORT in body


NARROW_PHONES = ["+1 (555) 010-0199", "1-800-232-4636"]


def test_a_phone_number_wider_than_its_column_breaks_only_between_its_groups(
    tmp_path: Path,
) -> None:
    # The shipped Cold vs. Flu vs. COVID-19 with a fourth column, in large print: the
    # numbers are wider than the column can be, so they must break; they break where
    # they already have a space or a hyphen, never inside a group of digits
    # ("(555) 01" / "0-0199").
    doc = yaml.safe_load((REPO / "content" / "cold-vs-flu.yaml").read_text("utf-8"))
    doc["items"].append("RSV")
    for row in doc["comparison"]:
        row["values"].append("Often")
    doc["comparison"][0]["values"][3] = "Call " + " or ".join(NARROW_PHONES) + " today"
    (tmp_path / "h.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), "utf-8")
    out = tmp_path / "h.pdf"
    result = CliRunner().invoke(
        cli, ["build", str(tmp_path / "h.yaml"), "--style", "large-print", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    raw = drawn(out.read_bytes())
    for phone in NARROW_PHONES:
        # Drawn in order, a line break in place of a space where it breaks at one.
        pattern = "\n?".join("[ \n]" if ch == " " else re.escape(ch) for ch in phone)
        m = re.search(pattern, raw)
        assert m, f"{phone!r} is not printed as written:\n{raw}"
        cuts = [i for i, ch in enumerate(m.group()) if ch == "\n"]
        assert cuts, f"{phone} fits its column: the column is too wide for this test"
        printed = m.group().replace("\n", "")
        for i in cuts:
            before = m.group()[:i].replace("\n", "")
            assert phone[len(before)] in " -." or before[-1] == ")", (phone, printed, raw)
    doc = tagged(out.read_bytes())
    cells = [doc.text(c).replace("\u00a0", " ") for c in doc.root.find("TD")]
    assert any(" or ".join(NARROW_PHONES) in cell for cell in cells), cells
