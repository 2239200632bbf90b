"""The signals that stop a run: Ctrl-C, and what schedulers and closed terminals send.

SIGINT, SIGTERM and SIGHUP all raise ``Stopped`` (a ``KeyboardInterrupt``) in the
main thread, so every command stops the same way for each, and exits with
128 + the signal's number (130, 143, 129).  Where an exception at an arbitrary
point would do harm (a C extension loading, a process starting that must inherit
a quiet signal mask), ``deferred()`` holds the signals back until the block ends.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from types import FrameType

STOPPING = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Stopped(KeyboardInterrupt):
    """A stopping signal arrived; ``exit_code`` is 128 + its number."""

    def __init__(self, signum: int = signal.SIGINT) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


def exit_code(exc: KeyboardInterrupt) -> int:
    """128 + the signal that stopped the run (130 for a plain ``KeyboardInterrupt``)."""
    return exc.exit_code if isinstance(exc, Stopped) else 128 + signal.SIGINT


def _raise(signum: int, frame: FrameType | None) -> None:
    # Once: a second signal while the run cleans up must not cut the cleanup short.
    for sig in STOPPING:
        signal.signal(sig, _again)
    raise Stopped(signum)


def _again(signum: int, frame: FrameType | None) -> None:
    """A further stopping signal while stopping: already on the way out."""


_early: list[int] = []
"""Signals that came before ``install`` (see ``hold_early``)."""


def hold_early() -> None:
    """Record stopping signals until ``install``: for the ``handout`` command's first imports.

    A ``KeyboardInterrupt`` while modules load would print a traceback; a signal
    recorded here is acted on by ``install`` instead.
    """
    for sig in STOPPING:
        if signal.getsignal(sig) is not signal.SIG_IGN:
            signal.signal(sig, lambda signum, frame: _early.append(signum))


def install() -> None:
    """Make SIGINT, SIGTERM and SIGHUP raise ``Stopped`` in this process.

    A signal this process was started ignoring stays ignored (``nohup``, or
    SIGINT in a shell's background job): whoever started it asked for that.
    """
    for sig in STOPPING:
        if signal.getsignal(sig) is not signal.SIG_IGN:
            signal.signal(sig, _raise)
    if _early:
        _raise(_early[0], None)


def ignore() -> None:
    """For worker processes: only the parent decides when they stop."""
    for sig in STOPPING:
        signal.signal(sig, signal.SIG_IGN)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Hold stopping signals back during the block; one that came is raised at its end.

    Processes started inside the block inherit the blocked mask (a fork server
    passes it on to every worker it forks), so a Ctrl-C sent to the whole terminal
    process group reaches only the main process, which then stops the others.
    """
    old = signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
