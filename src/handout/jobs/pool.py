"""Worker processes under supervision: a batch that no dying worker can stall.

Each worker has a pipe of its own.  The parent sends it tasks a few at a time and
it answers each task with one result, in order, so the parent always knows which
handout a worker is building: the first one sent and not yet answered.  The
parent waits on every worker's pipe and on its process at once; a worker that
dies (killed, crashed, out of memory, or its fork server gone) is seen within
``_TICK`` seconds.  The handout it was building is then retried once, first thing
in a fresh worker; a handout that kills a worker twice is reported as failed.
The tasks it held but had not begun go back to the queue.

Workers write each PDF to a temporary file and report it with its SHA-256; only
the parent renames it into place.  So the parent knows exactly which PDFs this
run wrote, and once it decides to stop, no PDF appears any more: it kills the
workers, waits for them, and removes their temporary files.

Workers ignore the stopping signals (they start with them blocked, see
``signals.deferred``), die with their fork server (``PR_SET_PDEATHSIG``), and may
be given an address-space limit: a handout that needs more fails alone with a
``MemoryError``, and its worker is replaced.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import multiprocessing
import os
import pickle
import resource
import signal
import socket
import struct
import sys
import time
import types
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import signals
from ..errors import HandoutError

if TYPE_CHECKING:  # not imported before the fork server starts (``start_early``)
    from ..model.stylemodel import Style

Task = tuple[int, str, int, str, bool, tuple[str, ...]]
"""``(index, source, style index, output, draft, formats)``: one handout to build."""
if TYPE_CHECKING:
    Attempt = Callable[[Task, Sequence[Style], int | None], tuple[Any, bool]]
    """Builds one task in a worker: ``(message for the parent, whether to retire the worker)``."""

_TICK = 0.5
"""Seconds between checks that every worker is alive (a death is usually seen at once)."""
_AHEAD = 2
"""Chunks a worker may hold, so that it never waits for the parent."""
_NAME = "handout-worker"
_UNKNOWN = 255
"""The exit status ``Process`` gives a worker whose fork server died before telling."""
_STARTS = 5
"""Tries to start a worker (the fork server may have just died) before giving up."""
_YOUNG = 50_000
"""New objects a worker makes before the garbage collector looks for cycles by itself.

Python's default is 700.  A handout makes tens of thousands of objects and keeps
most of them until its PDF is written, so every such round went through what the
handout still used and found little: the cycles a handout leaves (its documents,
which ReportLab links both ways) are garbage only once it is done.  So a worker
collects them then, after each handout, and a handout never needs a round of its
own unless it is far larger than usual (this many objects): its memory stays bounded.
Measured on the 300 handouts of the benchmark's batch, ``--jobs 2``, in two sets of 8
runs taking turns: medians 2.98 and 2.69 s before, 2.78 and 2.59 s after; the largest
worker's memory over 1,000 handouts 34.2 MB before, 29.4 MB after."""
_FULL_EVERY = 64
"""Handouts between full collections (the objects that outlived a handout: caches)."""


class Lost(Exception):
    """A worker died building ``task``; ``exitcode`` as ``Process.exitcode`` gives it.

    ``held``: every task it had been sent (``task`` first); their temporary files,
    if any, are left over.
    """

    def __init__(self, task: int, exitcode: int | None, held: Sequence[int] = ()) -> None:
        super().__init__(task, exitcode)
        self.task = task
        self.exitcode = exitcode
        self.held = list(held) or [task]


class Worker:
    """One worker process, its pipe, and the tasks sent to it and not yet answered."""

    def __init__(self, process: BaseProcess, conn: Connection) -> None:
        self.process = process
        self.conn = conn
        self.held: deque[int] = deque()
        # Answers are read without ever waiting: a worker killed halfway through
        # sending one must not leave the parent waiting for the rest.
        self.sock = socket.socket(fileno=os.dup(conn.fileno()))
        self.inbox = bytearray()

    def answers(self) -> list[Any]:
        """The whole messages the worker has sent since last asked (``Connection`` framing)."""
        with contextlib.suppress(OSError):  # BlockingIOError: nothing more for now
            while chunk := self.sock.recv(1 << 16, socket.MSG_DONTWAIT):
                self.inbox += chunk
        found = []
        while len(self.inbox) >= 4:
            (size,) = struct.unpack("!i", self.inbox[:4])
            head = 4
            if size == -1:  # a message of 2 GiB or more
                if len(self.inbox) < 12:
                    break
                (size,) = struct.unpack("!Q", self.inbox[4:12])
                head = 12
            if len(self.inbox) < head + size:
                break
            found.append(pickle.loads(self.inbox[head : head + size]))
            del self.inbox[: head + size]
        return found

    def send(self, tasks: list[Task]) -> bool:
        """Whether the tasks reached the worker (one that died is found by its sentinel)."""
        try:
            self.conn.send(tasks)
        except OSError:
            return False
        self.held.extend(t[0] for t in tasks)
        return True

    def kill(self) -> None:
        """Stop the worker and wait until it has exited (or is no more than a zombie)."""
        pid = self.process.pid
        unknown = self.process.exitcode == _UNKNOWN
        if pid and (self.process.exitcode is None or (unknown and _orphaned(pid))):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.process.join(5)
        self.sock.close()
        if pid and (unknown or self.process.exitcode == _UNKNOWN):
            end = time.monotonic() + 5
            while _orphaned(pid) and time.monotonic() < end:
                time.sleep(0.01)
        self.conn.close()


def _orphaned(pid: int) -> bool:
    """Whether ``pid`` is still a running worker whose fork server is gone.

    The fork server reports how its workers end; when it dies, the exit status of
    each is unknown (``_UNKNOWN``) while the worker may still be running.
    """
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z" and b"multiprocessing.forkserver" in cmdline


class Pool:
    """Hands tasks to ``size`` workers and yields their answers as they come."""

    def __init__(self, size: int, setting: tuple[Any, ...], chunk: int) -> None:
        self.size = size
        self.setting = setting
        self.chunk = chunk
        self.workers: list[Worker] = []
        self.stillborn = 0
        """Workers lost in a row without an answer: when too many, the run stops."""

    def run(self, tasks: Sequence[Task], retry: deque[int], wake: int | None = None) -> Any:
        """Yield ``(worker's message)`` for each task; raise ``Lost`` for a dead worker.

        ``retry`` holds task indices to give, alone, to the next fresh worker; after
        a ``Lost``, the caller decides whether to put the task there and resumes.
        ``wake``: a descriptor to wait on too (``signals.polled``); when it is
        readable, ``signals.check`` raises the signal that came.
        """
        by_index = {t[0]: t for t in tasks}
        queue = deque(by_index)
        while queue or retry or any(w.held for w in self.workers):
            while retry and self._room():
                if not self._start().send([by_index[retry[0]]]):
                    break  # that worker died at once: found by its sentinel
                retry.popleft()
            while queue and len(self.workers) < self.size:
                self._start()
            for w in self.workers:
                while queue and len(w.held) < _AHEAD * (size := self._share(len(queue))):
                    chunk = [queue.popleft() for _ in range(size)]
                    if not w.send([by_index[i] for i in chunk]):
                        queue.extendleft(reversed(chunk))
                        break
            owner: dict[object, Worker] = {w.conn: w for w in self.workers}
            owner.update({w.process.sentinel: w for w in self.workers})
            waiting: list[Any] = [*owner, wake] if wake is not None else list(owner)
            for ready in wait(waiting, _TICK):
                if ready == wake:
                    signals.drain(wake)
                    signals.check()
                    continue
                w = owner[ready]
                if w not in self.workers:
                    continue
                for message, retire in w.answers():
                    if message is None:  # it could not even start
                        raise HandoutError(f"a worker process could not start: {retire}")
                    w.held.popleft()
                    self.stillborn = 0
                    yield message
                    if retire:  # a worker that ran out of memory is not used again
                        self._retire(w, queue)
                        break
                if w in self.workers and not w.process.is_alive():
                    yield from self._lost(w, queue)

    def _share(self, left: int) -> int:
        """Tasks to send a worker at once: ``chunk``, and fewer as the queue runs out.

        A worker holds at most ``_AHEAD`` times that: near the end each holds only a
        few, so that the workers finish together instead of one building the last
        chunk while the other has nothing left to do.
        """
        return max(1, min(self.chunk, left // (_AHEAD * self.size)))

    def _room(self) -> bool:
        """Whether a fresh worker can start now, an idle one making way if need be."""
        if len(self.workers) < self.size:
            return True
        idle = next((w for w in self.workers if not w.held), None)
        if idle is None:
            return False
        self.workers.remove(idle)
        idle.kill()
        return True

    def _lost(self, w: Worker, queue: deque[int]) -> Any:
        self.workers.remove(w)
        w.kill()
        if (w.process.exitcode or 0) >= 0:  # ended by itself, not killed: it may never start
            self.stillborn += 1
        if self.stillborn > _STARTS * self.size:
            raise HandoutError(
                "worker processes end as soon as they start "
                f"(exit status {w.process.exitcode}); try --jobs 1"
            )
        if not w.held:
            return
        held = list(w.held)
        queue.extendleft(reversed(held[1:]))
        yield Lost(held[0], w.process.exitcode, held)

    def _retire(self, w: Worker, queue: deque[int]) -> None:
        self.workers.remove(w)
        queue.extendleft(reversed(w.held))
        w.kill()

    def _start(self) -> Worker:
        """A fresh worker; a fork server that died is started again (a few tries)."""
        for attempt in range(_STARTS):
            parent, child = multiprocessing.Pipe()
            # Signals wait: the worker (and a fork server started now) inherit the blocked
            # mask, and a started worker is always in ``self.workers`` for ``close``.
            with signals.deferred():
                try:
                    _start_fork_server()
                    process = _context().Process(  # type: ignore[attr-defined]
                        target=_serve, args=(child, *self.setting), daemon=True, name=_NAME
                    )
                    with _main_script_not_run():
                        process.start()
                except (OSError, EOFError) as exc:
                    parent.close()
                    if attempt == _STARTS - 1:
                        raise HandoutError(f"cannot start a worker process: {exc}") from None
                    time.sleep(0.1 * (attempt + 1))
                    continue
                finally:
                    child.close()
                worker = Worker(process, parent)
                self.workers.append(worker)
            return worker
        raise AssertionError("unreachable")

    def close(self) -> None:
        """Stop every worker now and wait until each has exited."""
        with signals.deferred():
            for w in self.workers:
                w.kill()
            self.workers.clear()
            for process in multiprocessing.active_children():  # none should be left
                if process.name == _NAME and process.pid:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(process.pid, signal.SIGKILL)
                    process.join(5)


@contextlib.contextmanager
def _main_script_not_run() -> Iterator[None]:
    """A worker started in the block does not run this process's main script again.

    multiprocessing runs it in every worker (as ``__mp_main__``), so that a function
    defined there can be called in the worker.  A worker calls handout's own functions
    only (``_serve`` and the ``Attempt`` it is given); and for the ``handout`` command,
    that script loads Click and the command line: 10 ms of each worker's start, before
    its first handout.
    """
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")  # no file: nothing to run
    try:
        yield
    finally:
        sys.modules["__main__"] = main


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@functools.cache
def _context() -> multiprocessing.context.BaseContext:
    """Workers fork from a small server process that has imported ``handout.jobs.batch``
    and the modules that build a handout.

    Not from this process: a forked worker would carry the parent's memory, which
    grows with the job list.  Spawned fresh where there is no fork server (Windows).
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(
        ["handout.jobs.batch", "handout.jobs.build", "handout.pdf.roles", "handout.jobs.preloaded"]
    )
    return ctx


def start_early(workers: int) -> None:
    """Start the fork server now, when a run will need ``workers`` (more than one).

    Called as soon as the job list is known: the fork server imports what building
    needs (half a second) on one core while this process resolves the styles and
    loads their fonts on the other, instead of after them.  Called inside
    ``signals.deferred()``: a stopping signal that comes meanwhile is raised where
    that block ends.
    """
    if workers <= 1:
        return
    with signals.deferred():
        try:
            with signals.polled():  # the resource tracker lets SIGINT and SIGTERM through
                _start_fork_server()
        except signals.Stopped as exc:  # acted on where the caller holds signals back
            signals.postpone(exc)


def _start_fork_server() -> None:
    """Start the fork server (if it is not running) with the stopping signals ignored.

    A Ctrl-C from a terminal reaches the whole process group, the fork server too; it
    ignores SIGINT only once it has imported its modules (half a second), so it starts
    ignoring them. The parent alone decides when the run stops, and stops it.
    """
    if _context().get_start_method() != "forkserver":
        return
    from multiprocessing import forkserver, resource_tracker

    resource_tracker.ensure_running()  # first: it unblocks the signals once it has started
    with signals.ignored_by_children():
        forkserver.ensure_running()


def _serve(
    conn: Connection,
    attempt: Attempt,
    styles: tuple[Style, ...],
    cwd: str,
    environ: dict[str, str],
    max_memory: int | None,
) -> None:
    """A worker: set up as a copy of the parent, then build what it is sent until told to stop.

    The fork server may have started before the parent changed folder or
    environment; relative paths, file names in messages and ``SOURCE_DATE_EPOCH``
    must mean what they mean in the parent.
    """
    from ..pdf import roles  # imported by the fork server already (``_context``)

    signals.ignore()
    _die_with_parent()
    try:
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(environ)
        for s in styles:
            roles.kit(s)
        if max_memory:
            resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
        # The fonts just loaded live as long as the worker, as what the fork server
        # imported does (frozen there: ``preloaded``): kept out of the garbage collector's
        # rounds, which would otherwise go through them again and again, and copy every
        # page they sit on (2-3% of a worker's time, 5 MB of its memory, over 100
        # handouts).  From here on the collector looks for cycles once a handout is done.
        gc.freeze()
        gc.set_threshold(_YOUNG, 10, 10)
    except Exception as exc:  # told to the parent, which stops the run with it
        conn.send((None, f"{type(exc).__name__}: {exc}"))
        return
    built = 0
    try:
        while tasks := conn.recv():
            for task in tasks:
                message, retire = attempt(task, styles, max_memory)
                conn.send((message, retire))
                if retire:
                    return
                built += 1
                gc.collect(2 if built % _FULL_EVERY == 0 else 0)  # the handout's cycles
    except (EOFError, OSError):  # the parent is gone
        pass


def _die_with_parent() -> None:
    """Have the kernel kill this process when its parent (the fork server) ends."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: workers still stop when their pipe closes
        pass
