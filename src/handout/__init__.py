"""handout: print-ready patient handout PDFs from YAML content and YAML style sheets."""

import os as _os
import sys as _sys

__version__ = "0.1.0"

if _os.path.basename((getattr(_sys, "argv", None) or [""])[0]) == "handout":
    # Run as the command: a Ctrl-C while the modules load waits for ``cli.main``.
    from . import signals as _signals

    _signals.hold_early()
