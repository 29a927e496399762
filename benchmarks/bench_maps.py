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


def _load() -> str:
    try:
        return "load average " + " ".join(open("/proc/loadavg").read().split()[:3])
    except OSError:
        return "load average ?"


def bench_umap(n: int, d: int, repeat: int = 1) -> None:
    """App (warm worker) against direct ``fit_transform``, alternating, ``repeat`` pairs.

    Both sides are warmed first (the same ``prepare`` and ``prepare_more``),
    then each pair runs the direct call and the app's path back to back, so that the
    load of a shared machine hits both alike; the ratio is of the fastest of each.
    """
    from PySide6.QtCore import QCoreApplication, QElapsedTimer, QTimer

    from contrastive_viz.app.controllers.map_worker import MapWorker
    from contrastive_viz.core.maps import MapSpec
    from contrastive_viz.core.maps.fit import prepare, prepare_more

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
    while "umap+" not in worker.prepared:  # the idle worker's NN-descent warm-up too
        app.processEvents()
        time.sleep(0.01)
    print(f"worker start + preparing UMAP (import, compile): {time.perf_counter() - t0:.1f} s "
          f"({_load()})")  # fmt: skip
    t0 = time.perf_counter()
    prepare("umap")  # the direct call gets the same warm-up (compiled kernels) as the worker
    prepare_more("umap")
    print(f"the same warm-up in this process (kernels cached on disk by then): "
          f"{time.perf_counter() - t0:.1f} s")  # fmt: skip
    import umap

    clock, worst, last = QElapsedTimer(), [0], [0]
    clock.start()

    def tick():
        now = clock.elapsed()
        worst[0] = max(worst[0], now - last[0])
        last[0] = now

    beat = QTimer(interval=10, timeout=tick)
    spec = MapSpec("umap", 2)
    apps, directs = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        umap.UMAP(n_components=2, n_neighbors=15, min_dist=0.1, metric="cosine",
                  random_state=spec.seed).fit_transform(x)  # fmt: skip
        directs.append(time.perf_counter() - t0)
        print(f"  direct fit_transform {directs[-1]:.1f} s ({_load()})")
        done.clear()
        last[0] = clock.elapsed()
        beat.start()
        t0 = time.perf_counter()
        worker.submit(x, spec)
        while not done:
            app.processEvents()
            time.sleep(0.002)
        apps.append(time.perf_counter() - t0)
        beat.stop()
        if "error" in done:
            raise SystemExit(done["error"])
        r = done["result"]
        print(f"  app {apps[-1]:.1f} s (fit in the worker {r.seconds:.1f} s; sharing and "
              f"result back {apps[-1] - r.seconds:.2f} s; {r.note()}) ({_load()})")  # fmt: skip
    worker.shutdown()
    print(f"UMAP {n:,} x {d}: app {min(apps):.1f} s, direct fit_transform {min(directs):.1f} s "
          f"(fastest of {repeat}), ratio {min(apps) / min(directs):.2f}; "
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
    bench_lasso_3d()


def bench_lasso_3d() -> None:
    """Screen-space lasso over 1M 3-D points: frustum prefilter against projecting all."""
    from contrastive_viz.core.lasso import select_in_polygon, select_in_screen_polygon
    from contrastive_viz.core.screen import project

    rng = np.random.default_rng(2)
    pts = rng.standard_normal((1_000_000, 3)).astype(np.float32)
    cols = tuple(np.ascontiguousarray(pts[:, k]) for k in range(3))
    f, near, far = 1 / np.tan(np.radians(30)), 0.1, 100.0
    proj = np.array([[f / 1.33, 0, 0, 0], [0, f, 0, 0],
                     [0, 0, (far + near) / (near - far), 2 * far * near / (near - far)],
                     [0, 0, -1, 0]])  # fmt: skip
    view = np.eye(4)
    view[2, 3] = -4
    mvp, w, h = proj @ view, 800, 600
    t = np.linspace(0, 2 * np.pi, 300, endpoint=False)
    for scale in (0.15, 0.4):
        poly = np.c_[
            w / 2 + scale * w * np.cos(t), h / 2 + scale * h * (np.sin(t) + 0.3 * np.cos(5 * t))
        ]
        new, old = [], []
        for _ in range(5):
            t0 = time.perf_counter()
            rows = select_in_screen_polygon(cols, mvp, w, h, poly)
            new.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            xy, cw = project(pts, mvp, w, h)
            ref = select_in_polygon(poly, xy[:, 0], xy[:, 1])
            ref = ref[cw[ref] > 0]
            old.append(time.perf_counter() - t0)
        assert np.setxor1d(rows, ref).size <= 2
        print(f"3-D screen lasso (300 vertices) over 1M points selecting {rows.size:,}: median "
              f"{1000 * np.median(new):.0f} ms; projecting every point first "
              f"{1000 * np.median(old):.0f} ms")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--d", type=int, default=768)
    parser.add_argument("--skip-umap", action="store_true")
    parser.add_argument("--repeat", type=int, default=1, help="direct/app pairs")
    parser.add_argument("--skip-quality", action="store_true", help="no quality/lasso at 1M")
    parser.add_argument("--lasso-3d", action="store_true", help="only the 3-D lasso at 1M")
    args = parser.parse_args()
    print(_machine())
    if args.lasso_3d:
        return bench_lasso_3d()
    if not args.skip_quality:
        bench_quality_and_lasso()
    if not args.skip_umap:
        bench_umap(args.n, args.d, args.repeat)


if __name__ == "__main__":
    main()
