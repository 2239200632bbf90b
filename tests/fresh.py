"""What a fresh Python imports, counted from the end of its own start-up.

The interpreter's start-up runs the ``.pth`` files of its site-packages, and a machine's
may import modules of their own: one that adds a certificate to certifi imports
``importlib.resources`` with it.  A test of what a command imports counts only what the
command itself brought in; a script for ``python -c`` starts with ``START`` and asks
``LOADED(name)`` or ``NEW()``.
"""

START = (
    "import sys\n"
    "AT_START = frozenset(sys.modules)\n"
    "def LOADED(name):\n"
    "    return name in sys.modules and name not in AT_START\n"
    "def NEW():\n"
    "    return sorted(set(sys.modules) - AT_START)\n"
)
