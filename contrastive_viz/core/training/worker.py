"""The training loop of a worker process, spoken to through a ``multiprocessing`` pipe.

The app trains in a process of its own, so the GUI thread never waits for a lock held
by a busy training thread (with a thread, a 2-core machine under load stalled the event
loop for 100-300 ms). Messages (plain tuples of picklable values between our own two
processes; nothing is read from a file):

to the worker
    ``("data", data)`` the :class:`TrainData` the next runs train on (sent once per set);
    ``("run", run, max_steps, snapshot_every)`` train ``run`` (a :class:`Run` without its
    data) until
    ``("stop",)`` or ``max_steps`` (None: no limit); ``("set", name, value)`` a live
    setting, applied before the next step; ``("snapshot_every", n)``; ``("quit",)``.
from the worker
    ``("progress", records, embeddings or None, {step: embeddings})`` at most
    ``1 / interval`` times a second; ``("stopped", run, error or None)`` with the run
    without its data (the app keeps the data), once per ``"run"``.
"""

from __future__ import annotations

import os
import time

from .encoder import TrainingDiverged

__all__ = ["NICE", "serve"]

NICE = 10
"""How much the worker lowers its scheduling priority (``os.nice``)."""


def _limit_blas() -> None:
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(1, user_api="blas")  # 2 BLAS threads are slower on 2 busy cores
    except ImportError:  # pragma: no cover - threadpoolctl ships with scikit-learn
        pass


def _train(conn, run, max_steps, every: int, interval: float) -> bool:
    """Train until stopped; returns False when the app asked the worker to quit."""
    done, last, gap = 0, 0.0, interval
    records, snaps, error, alive = [], {}, None, True
    while max_steps is None or done < max_steps:
        stop = False
        while conn.poll():
            msg = conn.recv()
            if msg[0] == "set":
                run.set(msg[1], msg[2])
            elif msg[0] == "snapshot_every":
                every = int(msg[1])
            else:  # "stop" or "quit"
                stop, alive = True, msg[0] != "quit"
        if stop:
            break
        try:
            record = run.step()
            records.append(record)
            if record.step % every == 0:
                snaps[record.step] = run.embed()
        except (TrainingDiverged, ValueError) as exc:
            error = str(exc)
            break
        done += 1
        now = time.monotonic()
        if now - last >= gap:
            emb = snaps[record.step] if record.step in snaps else run.embed()
            conn.send(("progress", records, emb, snaps))
            records, snaps = [], {}
            last = time.monotonic()
            gap = max(interval, 10 * (last - now))  # a large set: embedding costs <= ~10%
    try:
        final = run.embed()
    except TrainingDiverged:
        final = None
    conn.send(("progress", records, final, snaps))
    run.data = None  # the app keeps the data
    conn.send(("stopped", run, error))
    return alive


def serve(conn, interval: float = 1 / 30, nice: int = NICE) -> None:
    """Answer the app's messages until ``("quit",)`` or the pipe closes."""
    _limit_blas()
    try:
        os.nice(nice)  # the GUI wins a contended core: frames first, steps with the rest
    except (AttributeError, OSError):  # pragma: no cover - not on every platform
        pass
    data = None
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg[0] == "quit":
            return
        if msg[0] == "data":
            data = msg[1]
        elif msg[0] == "run":
            _, run, max_steps, every = msg
            run.data = data
            if not _train(conn, run, max_steps, every, interval):
                return
