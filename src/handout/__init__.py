"""handout: print-ready patient handout PDFs from YAML content and YAML style sheets."""

import _signal  # built into Python: installing a handler here costs no import
import sys as _sys

_early: list[int] = []
"""Stopping signals that came while the ``handout`` command loaded its modules: acted on
by ``signals.arm`` once it can stop cleanly."""


def _hold(signum: int, frame: object) -> None:
    _early.append(signum)


if (getattr(_sys, "argv", None) or [""])[0].rpartition("/")[2] == "handout":
    # Run as the command: from here on, a Ctrl-C while the modules load (a third of a
    # second) waits for ``cli.main`` instead of printing a traceback.  This is the
    # first line of handout that runs; before it, Python starts and the console script
    # imports ``re``: a Ctrl-C in those first milliseconds is Python's own.
    for _sig in (_signal.SIGINT, _signal.SIGTERM, _signal.SIGHUP):
        if _signal.getsignal(_sig) is not _signal.SIG_IGN:
            _signal.signal(_sig, _hold)

__version__ = "0.1.0"
