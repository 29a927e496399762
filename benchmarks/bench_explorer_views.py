"""Explorer views with a million points: 2-D pan/zoom and 3-D orbit frame times.

Run under Xvfb with Mesa's software OpenGL (``python3 dev.py bench`` does):

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python benchmarks/bench_explorer_views.py

The points come from a --rows x 8 float32 file with 20 clusters (the views'
cost depends on the number of points, not on d). Each 2-D step pans or zooms
the view box and processes events until the frame is painted (density image
above the level-of-detail threshold); each 3-D step orbits the camera like a
mouse drag (the decimated subset is shown while moving) and renders the GL
frame synchronously. A script that prints figures, not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np


def timed(steps, action, app) -> list[float]:
    out = []
    for k in range(steps):
        t0 = time.perf_counter()
        action(k)
        app.processEvents()
        out.append((time.perf_counter() - t0) * 1000)
    return out[3:]


def report(name: str, ms: list[float]) -> None:
    print(f"{name}: median {statistics.median(ms):.1f} ms, p95 {np.percentile(ms, 95):.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--steps", type=int, default=40)
    args = parser.parse_args()

    from _window import open_window
    from PySide6.QtCore import QEventLoop

    rng = np.random.default_rng(0)
    centers = rng.normal(size=(20, 8)) * 4
    x = (centers[rng.integers(0, 20, args.rows)] + rng.normal(size=(args.rows, 8))).astype(
        np.float32
    )
    path = Path(tempfile.gettempdir()) / f"bench-views-{os.getpid()}.npy"
    np.save(path, x)
    try:
        app, window = open_window(tab=1, settle=0)
        explorer = window.explorer_controller
        loop = QEventLoop()
        window.explorer.data.projection_changed.connect(lambda _p: loop.quit())
        explorer.open(path)
        loop.exec()
        for _ in range(20):
            app.processEvents()
        view2d = window.explorer_view.scatter
        vb = view2d.getPlotItem().getViewBox()
        print(f"{args.rows:,} points, 2-D mode: {view2d.mode}")
        report(
            "2-D pan",
            timed(args.steps, lambda k: vb.translateBy(x=0.02 * (1 if k % 20 < 10 else -1)), app),
        )
        report(
            "2-D zoom",
            timed(
                args.steps,
                lambda k: vb.scaleBy(
                    x=0.97 if k % 20 < 10 else 1 / 0.97, y=0.97 if k % 20 < 10 else 1 / 0.97
                ),
                app,
            ),
        )

        window.explorer.settings.set_dims(3)
        for _ in range(30):
            app.processEvents()
            time.sleep(0.02)
        gl = window.explorer_view.scatter3d.gl

        def orbit(k: int) -> None:
            gl._camera_moving()  # what a drag or the wheel does first
            gl.orbit(2.0, 0.0)
            gl.render_now()

        report("3-D orbit while moving (decimated)", timed(args.steps, orbit, app))
        time.sleep(0.4)
        for _ in range(5):
            app.processEvents()

        def still(k: int) -> None:
            gl.update()
            gl.render_now()

        report("3-D frame at rest (every point)", timed(8, still, app))
        window.close()
    finally:
        path.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
