"""The PDF renderer: platypus layout, fonts, rich text, the document and print packs."""
