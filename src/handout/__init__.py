"""handout: print-ready patient handout PDFs from YAML content and YAML style sheets."""

__version__ = "0.1.0"
