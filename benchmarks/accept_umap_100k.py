"""Issue 12's acceptance run: UMAP of a 100,000 × 768 ``.npy`` from the GUI, heartbeat on.

Run: ``PYTHONPATH=. xvfb-run -a python benchmarks/accept_umap_100k.py [--n 100000]``.

The 1280×800 main window opens the file on its Explorer tab, then UMAP is chosen
(as the toolbar would: ``maps.set_method("umap")``) with the worker not started
ahead, so its start and "preparing UMAP…" are inside the run. A 10 ms timer in the GUI
thread records its longest gap from the file's opening to the quality figures'
arrival. Checked and printed: every row has finite coordinates; the status line states
the sample size; the recall the panel displays equals
``core.quality.knn_recall`` on the stated sample.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--d", type=int, default=768)
    args = parser.parse_args()
    from _window import open_window
    from bench_maps import _load, _machine
    from PySide6.QtCore import QElapsedTimer, QTimer

    from contrastive_viz.core.quality import knn_recall

    print(_machine())
    rng = np.random.default_rng(0)
    centres = rng.standard_normal((30, args.d)).astype(np.float32) * 2
    x = centres[rng.integers(0, 30, args.n)] + rng.standard_normal((args.n, args.d), np.float32)
    path = Path(tempfile.mkdtemp()) / f"accept_{args.n}x{args.d}.npy"
    np.save(path, x)
    app, window = open_window(tab=1)
    model = window.explorer
    clock, worst, last = QElapsedTimer(), [0], [0]

    events: list[tuple[int, str]] = []  # (ms, what) to place the long gaps

    def tick():
        now = clock.elapsed()
        if now - last[0] > 100:
            events.append((now, f"heartbeat gap of {now - last[0]} ms ends"))
        worst[0] = max(worst[0], now - last[0])
        last[0] = now

    beat = QTimer(interval=10, timeout=tick)
    clock.start()
    beat.start()

    def wait(done, what):
        worst[0] = 0  # the longest gap of this phase
        t0 = time.perf_counter()
        while not done():
            app.processEvents()
            time.sleep(0.002)
        print(f"{what}: {time.perf_counter() - t0:.1f} s ({_load()}); "
              f"longest heartbeat gap in it {worst[0]} ms")  # fmt: skip

    maps = window.explorer_controller.maps
    maps.progress.connect(lambda f, m: events.append((clock.elapsed(), f"progress {f:.2f} {m}")))
    maps.status.connect(lambda m: events.append((clock.elapsed(), f"status {m!r}")))
    model.data.map_changed.connect(lambda _m: events.append((clock.elapsed(), "map installed")))
    window.explorer_controller.open(path)
    wait(lambda: model.data.dataset is not None and model.quality.quality is not None,
         "opened, PCA and its quality")  # fmt: skip
    model.maps.set_method("umap")
    wait(
        lambda: model.data.map is not None, "UMAP (worker start, preparing, sample fit, transform)"
    )
    wait(lambda: model.quality.quality is not None and not model.quality.computing,
         "quality of the map")  # fmt: skip
    beat.stop()
    coords, result = model.data.coords, model.data.map
    q = model.quality.quality
    status = window.explorer_view.status_label.text()
    shown = window.explorer_view.quality_panel.recall_label.text()
    direct = knn_recall(x[q.sample], coords[q.sample, :2], q.k)
    print(f"every row finite: {bool(np.isfinite(coords[:, :2]).all())} ({len(coords):,} rows)")
    print(f"status line: {status!r}")
    stated = "no sample" if result.sample is None else f"{result.sample.size:,}" in status
    print(f"sample size stated on screen: {stated}")
    print(f"panel shows {shown!r} ({q.mean_recall:.6f}); core.quality.knn_recall on the stated "
          f"{q.measured:,}-point sample: {direct.mean():.6f}; equal: "
          f"{np.allclose(direct, q.recall[q.sample])}")  # fmt: skip
    print(f"UMAP fit in the worker {result.seconds:.1f} s")
    for i, (ms, what) in enumerate(events):
        if what.startswith("heartbeat"):
            before = events[i - 1] if i else (0, "start")
            where = f"last event: {before[1]} at {before[0] / 1000:.1f} s"
            print(f"  at {ms / 1000:.1f} s: {what} ({where})")
    window.close()
    path.unlink()


if __name__ == "__main__":
    main()
