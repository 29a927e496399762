"""Playground speed: drag latency of the whole window, and launch time.

Run under Xvfb with Mesa's software OpenGL (``python3 dev.py bench`` does):

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python benchmarks/bench_playground.py

Drag latency is measured from one synthetic mouse-move event on the sphere
view until every view (sphere, table, bars, curve, readout) has been updated
and repainted (``app.processEvents()`` for the Qt panels, then the sphere's
``render_now()``, which renders and swaps its GL frame synchronously), in a 1280x800
window. Launch time is measured from starting the process until the window
has been shown and painted. This is a script that prints figures, not a test.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time

import numpy as np


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} cores, {cpu}"


def drag_latency(n_negatives: int, moves: int) -> tuple[float, float, str]:
    from _window import open_window
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from contrastive_viz.core.presets import uniform_negatives

    app, window = open_window(uniform_negatives(n_negatives, temperature=0.1))
    state = window.playground
    view = window.sphere
    i = state.scene.index("positive")[0]
    start = view.tip_screen_pos(i)
    QTest.mousePress(view.gl, Qt.LeftButton, Qt.NoModifier, start.toPoint())
    times = []
    for k in range(moves):
        angle = 2 * np.pi * k / moves
        pos = QPointF(start.x() + 40 * np.cos(angle), start.y() + 40 * np.sin(angle))
        event = QMouseEvent(
            QEvent.MouseMove,
            pos,
            view.gl.mapToGlobal(pos),
            Qt.NoButton,
            Qt.LeftButton,
            Qt.NoModifier,
        )
        t0 = time.perf_counter()
        QApplication.sendEvent(view.gl, event)
        app.processEvents()  # every Qt panel updates and repaints
        view.render_now()  # the sphere's GL frame, rendered and swapped synchronously
        times.append((time.perf_counter() - t0) * 1000)
    QTest.mouseRelease(view.gl, Qt.LeftButton, Qt.NoModifier, start.toPoint())
    assert state.undo_stack.count() == 1, "the drag did not reach the model"
    renderer = view.renderer_name() if hasattr(view, "renderer_name") else ""
    window.close()
    times = times[5:]  # warm-up
    return statistics.median(times), float(np.percentile(times, 95)), renderer


def launch_time(repeats: int) -> list[float]:
    """Seconds from starting the process until it reports its window shown and painted."""
    env = {**os.environ, "CONTRASTIVE_VIZ_EXIT_WHEN_SHOWN": "1"}
    out = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "contrastive_viz"], env=env, stdout=subprocess.PIPE, text=True
        )
        for line in proc.stdout:
            if line.strip() == "shown":
                out.append(time.perf_counter() - t0)
                break
        proc.wait()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=200)
    parser.add_argument("--launches", type=int, default=5)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    for k in (50, 1000):
        med, p95, renderer = drag_latency(k, args.moves)
        print(f"drag latency, 1 anchor + 1 positive + {k} negatives, 1280x800: "
              f"median {med:.1f} ms, p95 {p95:.1f} ms  {renderer}")  # fmt: skip
    times = launch_time(args.launches)
    print(f"launch to window shown: median {statistics.median(times):.2f} s "
          f"(min {min(times):.2f}, max {max(times):.2f}, {len(times)} runs)")  # fmt: skip


if __name__ == "__main__":
    main()
