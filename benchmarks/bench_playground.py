"""Playground speed: the whole window's drag against the sphere's bare GL frame, and launch.

Run under Xvfb with Mesa's software OpenGL (``python3 dev.py bench`` does):

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python benchmarks/bench_playground.py

Drag: one synthetic mouse-move on the sphere's GL window of a 1280x800 window,
timed until every view shows the new numbers: the event and the model (the
sphere's intent, the controller, one evaluation, every listener), then the
sphere's GL frame (``render_now()``, rendered and swapped synchronously), then
the Qt panels (``processEvents()``: table, readout, bars and curve paint).
Paint events are counted per panel and move, to show that each one painted
inside the timed interval. The bare frame is the sphere re-rendered with
nothing changed. Launch: from starting the process until the window is shown
and painted, against a bare script that imports PySide6, pyqtgraph and
pyqtgraph.opengl and shows an empty main window holding one GL view.

This is a script that prints figures, not a test.
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

BARE_LAUNCH = """
import os
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QMainWindow
import pyqtgraph
import pyqtgraph.opengl as gl
QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
app = QApplication([])
window = QMainWindow()
window.setCentralWidget(gl.GLViewWidget())
window.resize(1280, 800)
window.show()
app.processEvents()
print("shown", flush=True)
"""


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


def _paint_counters(window) -> dict:
    """Paint-event counters on the widgets that show the numbers, by panel."""
    from PySide6.QtCore import QEvent, QObject

    class Counter(QObject):
        def __init__(self, widget):
            super().__init__(widget)
            self.count = 0
            widget.installEventFilter(self)

        def eventFilter(self, obj, event):  # Qt override
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    return {
        "table": Counter(window.table.viewport()),
        "readout": Counter(window.readout.value_label),
        "bars": Counter(window.bars.plot_a.viewport()),
        "weights": Counter(window.bars.plot_b.viewport()),
        "curve": Counter(window.curve.plot.viewport()),
    }


def _stats(values) -> tuple[float, float]:
    return statistics.median(values), float(np.percentile(values, 95))


def drag_latency(n_negatives: int, moves: int) -> dict:
    from _window import open_window
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from contrastive_viz.core.presets import uniform_negatives

    app, window = open_window(uniform_negatives(n_negatives, temperature=0.1))
    playground, view = window.playground, window.sphere
    # the bare GL frame: the sphere re-rendered with nothing changed
    bare = []
    for _ in range(moves):
        view.gl.update()
        t0 = time.perf_counter()
        view.render_now()
        bare.append((time.perf_counter() - t0) * 1000)
        app.processEvents()
    counters = _paint_counters(window)
    i = playground.scene.index("positive")[0]
    start = view.tip_screen_pos(i)
    QTest.mousePress(view.gl, Qt.LeftButton, Qt.NoModifier, start.toPoint())
    app.processEvents()
    total, model, frame, panels = [], [], [], []
    painted = {name: 0 for name in counters}
    for k in range(moves):
        angle = 2 * np.pi * k / moves
        pos = QPointF(start.x() + 40 * np.cos(angle), start.y() + 40 * np.sin(angle))
        event = QMouseEvent(
            QEvent.MouseMove, pos, view.gl.mapToGlobal(pos), Qt.NoButton, Qt.LeftButton,
            Qt.NoModifier,
        )  # fmt: skip
        before = {name: c.count for name, c in counters.items()}
        t0 = time.perf_counter()
        QApplication.sendEvent(view.gl, event)  # intent -> controller -> model -> listeners
        t1 = time.perf_counter()
        view.render_now()  # the sphere's GL frame, rendered and swapped synchronously
        t2 = time.perf_counter()
        app.processEvents()  # every Qt panel paints its new numbers
        t3 = time.perf_counter()
        if k >= 5:  # warm-up
            total.append((t3 - t0) * 1000)
            model.append((t1 - t0) * 1000)
            frame.append((t2 - t1) * 1000)
            panels.append((t3 - t2) * 1000)
            for name, c in counters.items():
                painted[name] += c.count > before[name]
    QTest.mouseRelease(view.gl, Qt.LeftButton, Qt.NoModifier, start.toPoint())
    assert playground.undo_stack.count() == 1, "the drag did not reach the model"
    window.close()
    app.processEvents()
    return {
        "total": _stats(total),
        "bare": _stats(bare[5:]),
        "model": _stats(model),
        "frame": _stats(frame),
        "panels": _stats(panels),
        "painted": {name: count / len(total) for name, count in painted.items()},
    }


def launch_times(repeats: int) -> tuple[list[float], list[float]]:
    """Seconds from starting a process until it reports its window shown: app, bare.

    The package is byte-compiled first, as the first launch on a user's machine does
    (pip compiled pyqtgraph's and PySide6's files at install time; an editable
    install and ``PYTHONDONTWRITEBYTECODE`` would otherwise leave ours to compile
    on every launch).
    """
    import compileall

    import contrastive_viz

    compileall.compile_dir(os.path.dirname(contrastive_viz.__file__), quiet=1)
    env = {**os.environ, "CONTRASTIVE_VIZ_EXIT_WHEN_SHOWN": "1"}
    commands = ([sys.executable, "-m", "contrastive_viz"], [sys.executable, "-c", BARE_LAUNCH])
    out: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeats):
        for times, cmd in zip(out, commands, strict=True):  # interleaved: same conditions
            t0 = time.perf_counter()
            proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, text=True)
            for line in proc.stdout:
                if line.strip() == "shown":
                    times.append(time.perf_counter() - t0)
                    break
            proc.kill()
            proc.wait()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=200)
    parser.add_argument("--launches", type=int, default=5)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    targets = {50: (1.4, 1.5), 1000: (1.6, 1.6)}
    for k, (t_med, t_p95) in targets.items():
        r = drag_latency(k, args.moves)
        (med, p95), (bmed, bp95) = r["total"], r["bare"]
        print(f"drag, 1 anchor + 1 positive + {k} negatives, 1280x800:")
        print(f"  whole window   median {med:6.2f} ms  p95 {p95:6.2f} ms")
        print(f"  bare GL frame  median {bmed:6.2f} ms  p95 {bp95:6.2f} ms")
        print(f"  ratio          median {med / bmed:.2f}x (target <= {t_med})  "
              f"p95 {p95 / bp95:.2f}x (target <= {t_p95})")  # fmt: skip
        for name in ("model", "frame", "panels"):
            label = {"model": "event + models", "frame": "GL frame", "panels": "panels"}[name]
            m, p = r[name]
            print(f"  {label:<14} median {m:6.2f} ms  p95 {p:6.2f} ms")
        share = ", ".join(f"{name} {100 * f:.0f}%" for name, f in r["painted"].items())
        print(f"  moves in which each panel painted: {share}")
    app_t, bare_t = launch_times(args.launches)
    a, b = statistics.median(app_t), statistics.median(bare_t)
    print(f"launch to window shown: median {a:.2f} s (min {min(app_t):.2f}, "
          f"max {max(app_t):.2f}, {len(app_t)} runs)")  # fmt: skip
    print(f"bare PySide6 + pyqtgraph.opengl window: median {b:.2f} s; "
          f"ratio {a / b:.2f}x (target <= 1.3)")  # fmt: skip


if __name__ == "__main__":
    main()
