"""The lasso over a million points in the app: from the mouse release to the selection shown.

Run under Xvfb (``python3 dev.py bench`` does):

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python benchmarks/bench_selection.py

The points come from a --rows x 8 float32 file with 20 clusters. A freehand lasso
of --vertices mouse positions is drawn on the 2-D view with real mouse events
(press, moves with the left button held, release). Timed: the release alone,
which runs the whole app path (the polygon simplified to <= 100 vertices, the
density-index prefilter, the vectorised even-odd test, the model update, the
halos and the panel; the summary of a big selection then starts in a Job), and
inside it the selection itself (``SelectionController.rows_in_polygon_2d``).
Then the same in 3-D (every point projected with the camera first). A script
that prints figures, not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np


def drag(target, points, release=True) -> float:
    """Press, move through ``points`` with the left button, release; ms of the release."""
    from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    pts = [QPoint(round(x), round(y)) for x, y in points]
    QTest.mousePress(target, Qt.LeftButton, Qt.NoModifier, pts[0])
    for p in pts[1:]:
        ev = QMouseEvent(QEvent.MouseMove, QPointF(p), QPointF(target.mapToGlobal(p)),
                         Qt.NoButton, Qt.LeftButton, Qt.NoModifier)  # fmt: skip
        QApplication.sendEvent(target, ev)
    t0 = time.perf_counter()
    QTest.mouseRelease(target, Qt.LeftButton, Qt.NoModifier, pts[-1])
    return (time.perf_counter() - t0) * 1000


def blob(cx, cy, r, k, phase):
    a = np.linspace(0, 2 * np.pi, k, endpoint=False)
    rr = r * (1 + 0.3 * np.sin(5 * a + phase))
    return np.column_stack([cx + rr * np.cos(a), cy + rr * np.sin(a)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--vertices", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()

    from _window import open_window
    from PySide6.QtCore import QEventLoop, QPointF

    rng = np.random.default_rng(0)
    centers = rng.normal(size=(20, 8)) * 4
    x = centers[rng.integers(0, 20, args.rows)] + rng.normal(size=(args.rows, 8))
    path = Path(tempfile.gettempdir()) / f"bench-selection-{os.getpid()}.npy"
    np.save(path, x.astype(np.float32))
    try:
        app, window = open_window(tab=1, settle=0)
        loop = QEventLoop()
        window.explorer.data.projection_changed.connect(lambda _p: loop.quit())
        window.explorer_controller.open(path)
        loop.exec()
        from contrastive_viz.app.controllers.jobs import job_pool

        for _ in range(50):  # let the quality and metrics jobs finish: 2 cores
            job_pool().waitForDone(60_000)
            app.processEvents()
            time.sleep(0.02)
        sel, rows = window.selection, window.explorer.rows
        rows.set_tool("lasso")
        view = window.explorer_view.scatter
        vb = view.getPlotItem().getViewBox()
        inner = {"ms": 0.0}

        def timing(select):
            def timed_select(polygon):
                t0 = time.perf_counter()
                out = select(polygon)
                inner["ms"] = (time.perf_counter() - t0) * 1000
                return out

            return timed_select

        sel.rows_in_polygon_2d = timing(sel.rows_in_polygon_2d)
        sel.rows_in_polygon_3d = timing(sel.rows_in_polygon_3d)
        w, h = view.viewport().width(), view.viewport().height()
        print(f"{args.rows:,} points, 2-D mode {view.mode}, lasso of {args.vertices} positions")
        for scale in (0.08, 0.3):  # about one cluster; most of the cloud
            total, inside, counts = [], [], []
            for k in range(args.repeats):
                poly = blob(w / 2, h / 2, min(w, h) * scale, args.vertices, k)
                total.append(drag(view.viewport(), poly))
                inside.append(inner["ms"])
                counts.append(rows.count)
                rows.clear()
                app.processEvents()
            print(f"2-D, {min(counts):,}-{max(counts):,} points selected: release (whole app "
                  f"path) median {statistics.median(total):.1f} ms, max {max(total):.1f} ms; "
                  f"the selection alone median {statistics.median(inside):.1f} ms, "
                  f"max {max(inside):.1f} ms")  # fmt: skip
        _ = vb, QPointF

        window.explorer.settings.set_dims(3)
        for _ in range(30):
            app.processEvents()
            time.sleep(0.02)
        gl = window.explorer_view.scatter3d.gl
        total3, inside3, counts3 = [], [], []
        for k in range(args.repeats):
            poly = blob(gl.width() / 2, gl.height() / 2, min(gl.width(), gl.height()) * 0.1,
                        args.vertices, k)  # fmt: skip
            total3.append(drag(gl, poly))
            inside3.append(inner["ms"])
            counts3.append(rows.count)
            rows.clear()
            app.processEvents()
        print(f"3-D, {min(counts3):,}-{max(counts3):,} points selected: release (with the GL "
              f"frame it repaints) median {statistics.median(total3):.1f} ms; the selection "
              f"(projection + test) median {statistics.median(inside3):.1f} ms, "
              f"max {max(inside3):.1f} ms")  # fmt: skip
        window.close()
    finally:
        path.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
