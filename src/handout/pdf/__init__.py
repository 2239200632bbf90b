"""The PDF renderer: platypus layout, fonts, rich text, the document and print packs."""

from .. import imports

# ReportLab shapes text with uharfbuzz if it can, for paragraph styles with ``shaping``
# set; handout never sets it, and shapes complex scripts itself (``text.shape``).
# ReportLab imports Pillow's image module on import; only a picture or a logo uses it.
imports.on_first_use("PIL.Image")
with imports.without("uharfbuzz"):
    import reportlab.pdfbase.ttfonts  # noqa: F401
