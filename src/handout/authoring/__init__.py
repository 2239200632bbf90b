"""Tools for authors: import, the template, check and reading level."""
