"""Explorer speed: from an embedding file to the first painted frame, with a heartbeat.

Run under Xvfb (``python3 dev.py bench`` does):

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python benchmarks/bench_explorer.py

Writes a float32 ``.npy`` of --rows x --dim (default 100,000 x 768) with some
cluster structure, opens the app's window on the explorer tab, and measures
the time from ``ExplorerController.open(path)`` until the 2-D scatter has painted
the projected points (load, validation, exact PCA and the first paint). A
10 ms heartbeat timer runs meanwhile; its longest gap is how long the event
loop stalled. This is a script that prints figures, not a test.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import numpy as np


def write_npy(path: Path, rows: int, dim: int, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    centers = rng.normal(size=(20, dim)).astype(np.float32) * 2
    out = np.lib.format.open_memmap(path, mode="w+", dtype=np.float32, shape=(rows, dim))
    for start in range(0, rows, 50_000):
        stop = min(rows, start + 50_000)
        labels = rng.integers(0, 20, stop - start)
        out[start:stop] = centers[labels] + rng.normal(size=(stop - start, dim)).astype(np.float32)
    out.flush()
    del out


def measure(path: Path) -> dict:
    from _window import open_window
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer

    app, window = open_window(tab=1, settle=10)
    explorer = window.explorer_controller

    gaps, clock = [], QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    def beat() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    heartbeat = QTimer(interval=10)
    heartbeat.timeout.connect(beat)
    heartbeat.start()
    loop = QEventLoop()
    window.explorer.data.projection_changed.connect(lambda _p: loop.quit())
    explorer.error.connect(lambda *a: (print("error:", *a), loop.quit()))
    t0 = time.perf_counter()
    explorer.open(path)
    loop.exec()
    t_projected = time.perf_counter() - t0
    window.explorer_view.repaint()
    t_painted = time.perf_counter() - t0
    for _ in range(30):  # let the heartbeat see the first frames too
        app.processEvents()
        time.sleep(0.01)
    heartbeat.stop()
    window.close()
    return {"projected": t_projected, "painted": t_painted, "max_gap_ms": max(gaps)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--dim", type=int, default=768)
    parser.add_argument("--dir", default=tempfile.gettempdir())
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    path = Path(args.dir) / f"bench-explorer-{os.getpid()}.npy"
    try:
        write_npy(path, args.rows, args.dim)
        size = path.stat().st_size / 2**20
        print(f"file: {args.rows:,} x {args.dim} float32 ({size:.0f} MiB), page cache warm")
        for run in range(args.repeat):
            r = measure(path)
            print(
                f"run {run + 1}: file to coordinates {r['projected']:.2f} s, "
                f"to the first painted frame {r['painted']:.2f} s, "
                f"longest event-loop gap {r['max_gap_ms']:.0f} ms"
            )
    finally:
        path.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
