"""Figures of the explorer's maps (issue 12): UMAP in the app versus direct, quality, lasso.

Run: ``PYTHONPATH=. python benchmarks/bench_maps.py [--n 20000] [--d 768]``.

* UMAP of an (n, d) float32 array: the app's path (MapWorker: shared memory, worker
  process, already warm) against ``umap.UMAP(...).fit_transform`` called directly in
  this process with the same settings, in the same run; plus the longest gap of a
  10 ms heartbeat timer in the GUI thread during the app's run.
* The quality figures (trustworthiness + kNN recall) of a 1M-point map on the
  default sample (:data:`contrastive_viz.core.quality.QUALITY_SAMPLE`).
* A 300-vertex lasso over 1M points (simplified to 100, density-index prefilter).
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np


def _machine() -> str:
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":")[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def bench_umap(n: int, d: int) -> None:
    from PySide6.QtCore import QCoreApplication, QElapsedTimer, QTimer

    from contrastive_viz.app.controllers.map_worker import MapWorker
    from contrastive_viz.core.maps import MapSpec

    app = QCoreApplication.instance() or QCoreApplication([])
    rng = np.random.default_rng(0)
    centres = rng.standard_normal((20, d)).astype(np.float32) * 2
    x = centres[rng.integers(0, 20, n)] + rng.standard_normal((n, d)).astype(np.float32)
    worker = MapWorker()
    done = {}
    worker.finished.connect(lambda job, r: done.update(result=r))
    worker.failed.connect(lambda job, msg: done.update(error=msg))
    worker.prepared.clear()
    worker.prepare("umap")
    t0 = time.perf_counter()
    while "umap" not in worker.prepared:
        app.processEvents()
        time.sleep(0.01)
    print(f"worker start + preparing UMAP (import, compile): {time.perf_counter() - t0:.1f} s")
    clock, worst, last = QElapsedTimer(), [0], [0]
    clock.start()

    def tick():
        now = clock.elapsed()
        worst[0] = max(worst[0], now - last[0])
        last[0] = now

    beat = QTimer(interval=10, timeout=tick)
    beat.start()
    spec = MapSpec("umap", 2)
    t0 = time.perf_counter()
    worker.submit(x, spec)
    while not done:
        app.processEvents()
        time.sleep(0.002)
    app_s = time.perf_counter() - t0
    beat.stop()
    worker.shutdown()
    if "error" in done:
        raise SystemExit(done["error"])
    import umap

    from contrastive_viz.core.maps.fit import prepare

    prepare("umap")  # the direct call gets the same warm-up (compiled kernels) as the worker
    t0 = time.perf_counter()
    umap.UMAP(n_components=2, n_neighbors=15, min_dist=0.1, metric="cosine",
              random_state=0).fit_transform(x)  # fmt: skip
    direct_s = time.perf_counter() - t0
    r = done["result"]
    print(f"UMAP {n:,} x {d}: app {app_s:.1f} s (worker fit {r.seconds:.1f} s; {r.note()}), "
          f"direct fit_transform {direct_s:.1f} s, ratio {app_s / direct_s:.2f}; "
          f"longest heartbeat gap {worst[0]} ms")  # fmt: skip


def bench_quality_and_lasso() -> None:
    from contrastive_viz.core.density import DensityIndex
    from contrastive_viz.core.lasso import select_in_polygon
    from contrastive_viz.core.quality import QUALITY_SAMPLE, measure

    rng = np.random.default_rng(1)
    n, d = 1_000_000, 768
    x = rng.standard_normal((n, d), dtype=np.float32)
    y = rng.standard_normal((n, 2)).astype(np.float32)
    t0 = time.perf_counter()
    q = measure(x, y, 10)
    print(f"quality of a 1M x {d} map on the default {QUALITY_SAMPLE:,}-point sample: "
          f"{time.perf_counter() - t0:.2f} s (trust {q.trustworthiness:.3f})")  # fmt: skip
    del x
    index = DensityIndex(y[:, 0], y[:, 1], np.zeros((n, 4), np.uint8), np.argsort(y[:, 0]))
    t = np.linspace(0, 2 * np.pi, 300, endpoint=False)
    poly = np.c_[2 * np.cos(t), 1.5 * np.sin(t) + 0.3 * np.cos(5 * t)]
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        rows = select_in_polygon(poly, index=index)
        times.append(time.perf_counter() - t0)
    print(f"lasso (300 vertices -> <=100) over 1M points selecting {rows.size:,}: "
          f"median {1000 * np.median(times):.0f} ms")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--d", type=int, default=768)
    parser.add_argument("--skip-umap", action="store_true")
    args = parser.parse_args()
    print(_machine())
    bench_quality_and_lasso()
    if not args.skip_umap:
        bench_umap(args.n, args.d)


if __name__ == "__main__":
    main()
