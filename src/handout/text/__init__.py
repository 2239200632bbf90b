"""Scripts, direction, shaping and line breaks: how a run of text is measured, broken and drawn."""
