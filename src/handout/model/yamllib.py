"""PyYAML, as every module of handout imports it.

Imported without compiling the pattern its pure-Python reader checks characters with
(``handout.imports``): ``yamlfile`` reads with the C loader where there is one.
"""

from .. import imports

with imports.patterns_on_first_use("[^\t\n\r -~\x85\xa0-\ud7ff"):
    import yaml

__all__ = ["yaml"]
