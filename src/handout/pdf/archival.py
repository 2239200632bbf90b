"""PDF/A-2u: what an archival PDF needs that ReportLab does not write by itself.

- Stream syntax: ReportLab ends a stream's data with ``endstream`` and no end-of-line
  before it (PDF/A rule 6.1.7.1-2); ``PDFStream.format`` is wrapped once, on import,
  to put one there (not counted in ``/Length``, as the PDF standard says).
- An sRGB output intent, so DeviceRGB and DeviceGray colours have a defined meaning.
  The profile (``data/sRGB.icc``, 588 bytes) was made once with Pillow's
  ``ImageCms.createProfile("sRGB")`` (LittleCMS 2.19) with the creation date in its
  header fixed to 2026-12-01, so that every build embeds the same bytes.
- XMP metadata saying the same as the document information dictionary (title,
  author, subject, keywords, tools, dates), the language, and the conformance claims:
  PDF/A-2u and PDF/UA-1, with the extension schema PDF/A asks for ``pdfuaid``.
- A document ID derived from the file's own bytes: the same input gives the same ID,
  two different handouts get different ones.
- A transparency group colour space on pages that draw an image (the logo's alpha).
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString

from ..errors import HandoutError

PROFILE = Path(__file__).with_name("data") / "sRGB.icc"
OUTPUT_CONDITION = "sRGB IEC61966-2.1"

_ENDSTREAM = b"endstream\n"
_format_stream = pdfdoc.PDFStream.format


def _format_stream_with_eol(self: PDFStream, document: Any) -> bytes:
    out: bytes = _format_stream(self, document)
    if out.endswith(_ENDSTREAM):
        return out[: -len(_ENDSTREAM)] + b"\n" + _ENDSTREAM
    return out


pdfdoc.PDFStream.format = _format_stream_with_eol


_LAST_SECOND = 253402300799
"""9999-12-31 23:59:59 UTC: PDF and XMP dates have four-digit years."""


def check_source_date() -> None:
    """Refuse a ``SOURCE_DATE_EPOCH`` that is not a date the PDF can carry.

    ReportLab reads it for the document's dates (and so do we, for the XMP); a value
    that is not whole seconds since 1970 would otherwise stop it with a traceback.
    """
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if raw and not (raw.isascii() and raw.isdigit() and int(raw) <= _LAST_SECOND):
        raise HandoutError(
            f"SOURCE_DATE_EPOCH={raw!r} is not a date: it must be whole seconds since "
            "1970-01-01 UTC, such as 1767225600 for 2026-01-01; correct it or unset it"
        )


@functools.cache
def srgb_profile() -> bytes:
    """The sRGB ICC profile, read once per process."""
    return PROFILE.read_bytes()


def finish(doc: pdfdoc.PDFDocument, lang: str) -> None:
    """Add the output intent and the XMP metadata to ``doc``'s catalog, before it is saved."""
    cat = doc.Catalog
    cat.__NoDefault__ = [*cat.__NoDefault__, "OutputIntents"]
    profile = PDFStream(PDFDictionary({"N": 3}), srgb_profile())
    cat.OutputIntents = PDFArray(
        [
            PDFDictionary(
                {
                    "Type": PDFName("OutputIntent"),
                    "S": PDFName("GTS_PDFA1"),
                    "OutputConditionIdentifier": PDFString(OUTPUT_CONDITION),
                    "Info": PDFString(OUTPUT_CONDITION),
                    "DestOutputProfile": doc.Reference(profile),
                }
            )
        ]
    )
    metadata = PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")})
    cat.Metadata = PDFStream(metadata, _reportlab_xmp(doc, lang))


def group_images(page: pdfdoc.PDFPage, gray: bool = False) -> None:
    """Give a page that draws an image a transparency group with a blending colour space.

    ReportLab draws images as XObjects; ``XObjects`` is ``None`` on a page with none.
    """
    if page.XObjects is None:
        return
    page.__NoDefault__ = [*page.__NoDefault__, "Group"]
    page.Group = PDFDictionary(
        {
            "Type": PDFName("Group"),
            "S": PDFName("Transparency"),
            "CS": PDFName("DeviceGray" if gray else "DeviceRGB"),
        }
    )


# The characters XML 1.0 cannot hold, named directly: the negated class of those it can
# hold means the same but takes ten times as long to compile at every start.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value: str) -> str:
    """``value`` as XML character data: escaped, characters XML cannot hold dropped."""
    value = _NOT_XML.sub("", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
 xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
{creator}<dc:description><rdf:Alt>
<rdf:li xml:lang="x-default">{subject}</rdf:li>
</rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
{keywords}<pdf:Producer>{producer}</pdf:Producer>
<xmp:CreatorTool>{tool}</xmp:CreatorTool>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<xmp:MetadataDate>{date}</xmp:MetadataDate>
<pdfaid:part>2</pdfaid:part>
<pdfaid:conformance>U</pdfaid:conformance>
{ua}</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""

_UA = """<pdfuaid:part>1</pdfuaid:part>
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
"""


def xmp(
    *,
    title: str,
    subject: str,
    author: str,
    keywords: str,
    producer: str,
    tool: str,
    date: str,
    lang: str,
    ua: bool = True,
) -> bytes:
    """The XMP packet saying what the document information dictionary says.

    ``author`` and ``keywords`` are left out when empty (as they are from the Info);
    ``date`` (``xmp_date``) stands for both the creation and the modification date;
    ``ua``: claim PDF/UA-1 too.
    """
    creator = keys = ""
    if author:
        creator = f"<dc:creator><rdf:Seq><rdf:li>{_text(author)}</rdf:li></rdf:Seq></dc:creator>\n"
    if keywords:
        keys = f"<pdf:Keywords>{_text(keywords)}</pdf:Keywords>\n"
    return _XMP.format(
        title=_text(title),
        creator=creator,
        subject=_text(subject),
        lang=_text(lang),
        keywords=keys,
        producer=_text(producer),
        tool=_text(tool),
        date=date,
        ua=_UA if ua else "",
    ).encode("utf-8")


def xmp_date(y: int, mo: int, d: int, h: int, mi: int, s: int, dhh: int, dmm: int) -> str:
    """An XMP date: ``2026-01-01T00:00:00+00:00``."""
    zone = f"{'-' if dhh < 0 else '+'}{abs(dhh):02d}:{dmm:02d}"
    return f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}{zone}"


def _reportlab_xmp(doc: pdfdoc.PDFDocument, lang: str) -> bytes:
    """The XMP of a ReportLab document, with the dates it writes as CreationDate and ModDate."""
    info, stamp = doc.info, doc._timeStamp
    y, mo, d, h, mi, s = stamp.YMDhms
    return xmp(
        title=info.title,
        subject=info.subject,
        author=info.author,
        keywords=info.keywords,
        producer=info.producer,
        tool=info.creator,
        date=xmp_date(y, mo, d, h, mi, s, stamp.dhh, stamp.dmm),
        lang=lang,
    )


_TRAILER_ID = re.compile(rb"/ID \n?\[<([0-9a-f]+)><([0-9a-f]+)>\]")


def with_content_id(pdf: bytes) -> bytes:
    """``pdf`` with its ``/ID`` replaced by one derived from its bytes (same length)."""
    at = pdf.rfind(b"trailer")
    found = _TRAILER_ID.search(pdf, at)
    if at < 0 or found is None:
        raise ValueError("no document ID in the trailer")
    n = len(found[1])
    digest = hashlib.sha256(pdf).hexdigest()[:n].encode("ascii")
    return b"".join((pdf[: found.start(1)], digest, b"><", digest, pdf[found.end(2) :]))
