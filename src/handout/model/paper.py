"""The paper sizes a style or a command may name, in points (width, height)."""

PAPER_SIZES: dict[str, tuple[float, float]] = {
    "letter": (612.0, 792.0),
    "a4": (595.2756, 841.8898),
    "legal": (612.0, 1008.0),
}
