"""The map worker process's loop (Qt-free; the app starts it with the ``spawn`` context).

Messages from the app (tuples over a ``multiprocessing`` pipe):

``("prepare", method)``
    Import the method's package and compile its kernels; answers ``("prepared", method)``.
    Then, unless a message already waits, compile what bigger fits use
    (:func:`~.fit.prepare_more`: UMAP's NN-descent) and answer
    ``("prepared", method + "+")``; a fit that arrives meanwhile waits for it.
``("fit", job, shm_name, shape, dtype, spec)``
    Copy the vectors out of the shared-memory block, answer ``("received", job)``, fit,
    then answer ``("done", job, MapResult)`` or ``("failed", job, message)``.
    ``("status", job, fraction, message)`` reports progress on the way.
``("quit",)``
    Return.

Cancel is the app terminating the process: nothing here needs to poll.
"""

from __future__ import annotations

import traceback

import numpy as np

from . import METHOD_NAMES
from .fit import fit_map, prepare, prepare_more

__all__ = ["serve"]


def _read_shared(name: str, shape, dtype) -> np.ndarray:
    from multiprocessing import shared_memory

    # The spawned child shares the app's resource tracker, which holds each name once:
    # the app unlinks the block (and unregisters it) once it is read.
    shm = shared_memory.SharedMemory(name=name)
    try:
        return np.array(np.ndarray(shape, dtype=dtype, buffer=shm.buf))
    finally:
        shm.close()


def serve(conn) -> None:
    """Answer the app's messages until ``("quit",)`` or the pipe closes."""
    prepared: set[str] = set()
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        kind = msg[0]
        if kind == "quit":
            return
        if kind == "prepare":
            method = msg[1]
            if method not in prepared:
                conn.send(("status", None, 0.0, f"preparing {METHOD_NAMES[method]}…"))
                try:
                    prepare(method)
                except Exception as exc:  # noqa: BLE001 - reported to the app
                    conn.send(("failed", None, f"{type(exc).__name__}: {exc}"))
                    continue
                prepared.add(method)
            conn.send(("prepared", method))
            if method + "+" not in prepared and not conn.poll(0):  # idle: compile more
                try:
                    prepare_more(method)
                except Exception as exc:  # noqa: BLE001 - reported to the app
                    conn.send(("failed", None, f"{type(exc).__name__}: {exc}"))
                    continue
                prepared.add(method + "+")
                conn.send(("prepared", method + "+"))
        elif kind == "fit":
            _kind, job, name, shape, dtype, spec = msg
            vectors = _read_shared(name, shape, dtype)
            conn.send(("received", job))

            def progress(fraction: float, message: str, job=job) -> None:
                conn.send(("status", job, float(fraction), message))

            try:
                if spec.method not in prepared:
                    progress(0.0, f"preparing {METHOD_NAMES[spec.method]}…")
                    prepare(spec.method)
                    prepared.add(spec.method)
                conn.send(("done", job, fit_map(vectors, spec, progress)))
            except Exception as exc:  # noqa: BLE001 - reported to the app
                traceback.print_exc()
                conn.send(("failed", job, f"{type(exc).__name__}: {exc}"))
