"""The model: YAML files read safely, and the content, style and manifest built from them."""

from .. import imports

# PyYAML's pure-Python reader checks characters with this pattern, compiled on import;
# the C loader (``yamlfile``) does not use it.
with imports.patterns_on_first_use("[^\t\n\r -~\x85\xa0-\ud7ff"):
    import yaml  # noqa: F401
