"""ReportLab's layout engine (platypus), as every module of the renderer imports it.

Imported without compiling the patterns its paragraph module compiles on import for
features handout does not use (``handout.imports``): splitting web addresses, which
needs ``uriWasteReduce`` (off), and ``cjkwrap`` (``text.breaks`` breaks CJK lines).
And without pyphen, which its paragraph module imports for styles with
``hyphenationLang``: handout never sets it, and puts soft hyphens itself in the few
words too wide for a column (``hyphenate``, which loads pyphen when it needs it).
"""

from .. import imports

with (
    imports.without("pyphen"),
    imports.patterns_on_first_use("(^(?:[a-z0-9\\.\\-\\+]*)://)", "([\u2e80-\uffff])"),
):
    from reportlab.platypus import (
        BaseDocTemplate,
        Flowable,
        Frame,
        KeepTogether,
        ListFlowable,
        ListItem,
        PageBreak,
        PageTemplate,
        Paragraph,
        Spacer,
        Table,
        TableStyle,
    )
    from reportlab.platypus.doctemplate import LayoutError
    from reportlab.platypus.flowables import LIIndenter
    from reportlab.platypus.paraparser import ParaFrag

__all__ = [
    "BaseDocTemplate",
    "Flowable",
    "Frame",
    "KeepTogether",
    "LIIndenter",
    "LayoutError",
    "ListFlowable",
    "ListItem",
    "PageBreak",
    "PageTemplate",
    "ParaFrag",
    "Paragraph",
    "Spacer",
    "Table",
    "TableStyle",
]
