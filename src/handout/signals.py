"""The signals that stop a run: Ctrl-C, and what schedulers and closed terminals send.

SIGINT, SIGTERM and SIGHUP all raise ``Stopped`` (a ``KeyboardInterrupt``) in the
main thread, so every command stops the same way for each, and exits with
128 + the signal's number (130, 143, 129).  Where an exception at an arbitrary
point would do harm (a C extension loading, a process starting that must inherit
a quiet signal mask), ``deferred()`` holds the signals back until the block ends.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable, Iterator
from types import FrameType

STOPPING = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Stopped(KeyboardInterrupt):
    """A stopping signal arrived; ``exit_code`` is 128 + its number."""

    def __init__(self, signum: int | str = signal.SIGINT) -> None:
        # Some libraries re-raise an exception as its type built from a longer message
        # (ReportLab adds where it happened): the signal is then read from that message.
        if isinstance(signum, str):
            text = signum
            found = [s for s in STOPPING if s.name in text]
            signum = found[0] if found else signal.SIGINT
        else:
            text = signal.Signals(signum).name
        super().__init__(text)
        self.signum = int(signum)

    @property
    def name(self) -> str:
        """``SIGTERM``, ``SIGHUP`` or ``SIGINT``."""
        return signal.Signals(self.signum).name

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


def exit_code(exc: KeyboardInterrupt) -> int:
    """128 + the signal that stopped the run (130 for a plain ``KeyboardInterrupt``)."""
    return exc.exit_code if isinstance(exc, Stopped) else 128 + signal.SIGINT


_polled = 0
"""Inside ``polled()``: signals are recorded in ``_pending``, and ``check`` raises them."""
_pending: list[int] = []


def _raise(signum: int, frame: FrameType | None) -> None:
    if _polled:
        _pending.append(signum)
        return
    _stop(signum)


def _stop(signum: int) -> None:
    # Once: a second signal while the run cleans up must not cut the cleanup short.
    for sig in STOPPING:
        if signal.getsignal(sig) is _raise:
            signal.signal(sig, _again)
    raise Stopped(signum)


@contextlib.contextmanager
def polled() -> Iterator[int | None]:
    """A block that acts on stopping signals only where it calls ``check``.

    An exception raised by a signal handler can land anywhere, even in a callback
    whose exceptions Python only prints; a loop that waits for its workers checks
    instead.  Yields a file descriptor that becomes readable when a signal comes
    (to wait on beside the workers), or ``None`` off the main thread.
    """
    global _polled
    read, write = os.pipe()
    os.set_blocking(read, False)
    os.set_blocking(write, False)
    try:
        old = signal.set_wakeup_fd(write, warn_on_full_buffer=False)
    except ValueError:  # not the main thread: signals are not delivered here anyway
        old = None
    _polled += 1
    try:
        yield read if old is not None else None
    finally:
        _polled -= 1
        if old is not None:
            signal.set_wakeup_fd(old)
        os.close(read)
        os.close(write)
    check()


def check() -> None:
    """Raise ``Stopped`` for a stopping signal recorded inside ``polled()``."""
    if _pending:
        signum = _pending[0]
        _pending.clear()
        _stop(signum)


def drain(fd: int) -> None:
    """Empty the wake-up descriptor of ``polled()``."""
    with contextlib.suppress(OSError):
        while os.read(fd, 512):
            pass


def _again(signum: int, frame: FrameType | None) -> None:
    """A further stopping signal while stopping: already on the way out."""


_held = False
"""Whether ``install`` holds the stopping signals back for ``arm``."""


def install() -> None:
    """Hold SIGINT, SIGTERM and SIGHUP back until ``arm``: one that comes meanwhile is
    noted, as ``handout/__init__`` notes one while the modules load, and raised there.

    Meanwhile Click reads the command line, and would turn a ``KeyboardInterrupt``
    into its own "Aborted!" and exit status 1.  A signal this process was started
    ignoring stays ignored (``nohup``, or SIGINT in a shell's background job): whoever
    started it asked for that.
    """
    global _held
    from . import _hold

    _handle(_hold)
    _held = True


def arm() -> None:
    """Once the command runs: SIGINT, SIGTERM and SIGHUP raise ``Stopped`` in this
    process, and one held back since it started is sent again now: it is raised at
    once, or where a ``deferred()`` block around the call ends.  Nothing changes where
    ``install`` was not called (a command run by Click's test runner)."""
    if not _held:
        return
    _handle(_raise)
    from . import _early  # signals that came while the command loaded (``__init__``)

    if _early:
        signum = _early[0]
        _early.clear()
        signal.raise_signal(signum)


def _handle(handler: Callable[[int, FrameType | None], None]) -> None:
    """Have ``handler`` take each stopping signal this process was not started ignoring."""
    for sig in STOPPING:
        if signal.getsignal(sig) is not signal.SIG_IGN:
            signal.signal(sig, handler)


def settle() -> None:
    """After the command: the run is over and its exit status stands, so a stopping
    signal while Python shuts down (its exit handlers remove multiprocessing's
    temporary folder) is let pass, instead of raising where nothing can catch it."""
    for sig in STOPPING:
        if signal.getsignal(sig) in (_raise, _again):
            signal.signal(sig, _again)


def postpone(exc: Stopped) -> None:
    """Inside ``deferred()``: make the signal that raised ``exc`` pending again, so that it
    is raised where the block ends, as if it had come while the signals were held back.

    For code inside the block that lets the signals through for a moment (Python's
    resource tracker unblocks SIGINT and SIGTERM as it starts).
    """
    signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING)  # held back again, as the block says
    for sig in STOPPING:
        if signal.getsignal(sig) is _again:  # ``_stop`` set it: acting on the first
            signal.signal(sig, _raise)
    signal.raise_signal(exc.signum)


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


@contextlib.contextmanager
def ignored_by_children() -> Iterator[None]:
    """A process started in the block begins with the stopping signals ignored, while
    this one still acts on any that comes (once the block ends, or ``deferred()``).

    For multiprocessing's fork server: it is started with ``exec``, which keeps a signal
    ignored but not always blocked, and a Ctrl-C to the terminal's whole process group
    while it imports its modules would print a traceback there. The signals are blocked
    meanwhile: Linux keeps a blocked signal pending even while it is ignored; one
    already pending, which ignoring discards, is raised again.
    """
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING)
    try:
        pending = signal.sigpending() & set(STOPPING)
        old = {sig: signal.signal(sig, signal.SIG_IGN) for sig in STOPPING}
        try:
            yield
        finally:
            for sig, handler in old.items():
                signal.signal(sig, handler)
            for sig in pending:
                signal.raise_signal(sig)  # blocked: pending again
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
