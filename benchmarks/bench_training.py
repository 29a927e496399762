"""Trainer speed: steps a second with the GUI off, and where a step's time goes.

    .venv/bin/python benchmarks/bench_training.py [--steps 1000] [--threads 1]

Digits, encoder 64→128→3, batch 256, NT-Xent at τ = 0.1, Adam. Prints:

* steps a second of ``Run.step`` (sampling, two augmentations, forward, loss, backward,
  Adam, the batch's alignment and uniformity), with BLAS capped to ``--threads`` and
  with BLAS left alone;
* the median time of each part of one step on the same batches: forward (the MLP and
  the normalization of the 2N views), loss + backward (``loss_and_grads`` minus the
  forward), the optimiser, and, in the same run, one ``core.losses.nt_xent`` evaluation
  of the same batch's embeddings: the floor a step that must compute the loss cannot beat.

With ``--gui SECONDS`` (under Xvfb) it also opens the app's window on the Train tab,
trains the digits for that long and prints the steps a second with the live view on, the
sphere's frames a second (``paintGL`` calls) and the gaps of a 10 ms heartbeat timer
(how long the event loop stalled), against the same window idle for as long (the
machine's own noise).

A script that prints figures, not a test. On a shared 2-core VM the figures are noisy.
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

from contrastive_viz.core.losses import nt_xent
from contrastive_viz.core.training import Run, TrainSettings, digits_data


def _machine() -> None:
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":")[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    blas = ", ".join(f"{i['internal_api']} {i['num_threads']} threads" for i in threadpool_info())
    print(f"machine: {cpu}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    print(f"         Python {platform.python_version()}, numpy {np.__version__}, BLAS: {blas}")


def steps_per_second(data, steps: int) -> float:
    run = Run(data, TrainSettings())
    for _ in range(20):
        run.step()
    t0 = time.perf_counter()
    for _ in range(steps):
        run.step()
    return steps / (time.perf_counter() - t0)


def split(data, repeats: int) -> dict[str, float]:
    run = Run(data, TrainSettings())
    for _ in range(20):
        run.step()
    enc, s = run.encoder, run.settings
    times: dict[str, list[float]] = {k: [] for k in ("batch", "forward", "loss+backward", "opt")}
    times["nt_xent"] = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        x1, x2, _, _ = run._batch()
        t1 = time.perf_counter()
        x = np.vstack([x1, x2])
        enc.forward(x)
        t2 = time.perf_counter()
        _, grads, u = enc.loss_grads_embeddings(x1, x2, s.temperature)
        t3 = time.perf_counter()
        run.optimizer.step(enc.params, grads)
        t4 = time.perf_counter()
        n = u.shape[0] // 2
        nt_xent(u[:n], u[n:], s.temperature)
        t5 = time.perf_counter()
        times["batch"].append(t1 - t0)
        times["forward"].append(t2 - t1)
        times["loss+backward"].append((t3 - t2) - (t2 - t1))
        times["opt"].append(t4 - t3)
        times["nt_xent"].append(t5 - t4)
    return {k: float(np.median(v)) * 1e3 for k, v in times.items()}


def bench_gui(seconds: float) -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from _window import open_window
    from PySide6.QtCore import QEventLoop, QTimer

    def wait(ms: float) -> None:  # a real event loop: QTest.qWait keeps the GIL
        loop = QEventLoop()
        QTimer.singleShot(int(ms), loop.quit)
        loop.exec()

    app, window = open_window()
    window.resize(1400, 860)
    wire = window.trainer
    window.tabs.setCurrentIndex(wire.tab_index)
    while wire.trainer.data is None:
        wait(50)
    wire.model.settings = TrainSettings()  # the defaults, not the last session's settings
    wire.trainer.step_once()  # starts the worker before anything is measured
    while wire.trainer.running:
        wait(50)
    wire.trainer.reset()
    wait(500)
    gaps, last, frames = [], [time.perf_counter()], [0]

    def beat() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    heart = QTimer()
    heart.setInterval(10)
    heart.timeout.connect(beat)
    gl = wire.page.sphere.gl
    paint = gl.paintGL

    def counted() -> None:
        frames[0] += 1
        paint()

    gl.paintGL = counted
    heart.start()
    wait(seconds * 1000)  # baseline: the same window idle, for the machine's own noise
    idle = np.array(gaps) * 1e3
    gaps.clear()
    last[0] = time.perf_counter()
    t0 = time.perf_counter()
    wire.trainer.start()
    wait(seconds * 1000)
    wire.trainer.pause()
    dt = time.perf_counter() - t0
    wait(300)
    heart.stop()
    g = np.array(gaps) * 1e3
    print(
        f"GUI on ({seconds:g} s, window 1400x860): {wire.model.step / dt:.0f} steps/s, "
        f"sphere {frames[0] / dt:.1f} frames/s, heartbeat gap median {np.median(g):.0f} ms, "
        f"p99 {np.percentile(g, 99):.0f} ms, max {g.max():.0f} ms"
    )
    print(
        f"  same window idle, same run: heartbeat gap median {np.median(idle):.0f} ms, "
        f"p99 {np.percentile(idle, 99):.0f} ms, max {idle.max():.0f} ms"
    )
    window.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--gui", type=float, default=0, help="seconds with the app's window")
    args = parser.parse_args()
    _machine()
    data = digits_data()
    print(f"data: digits {data.x.shape}, 64→128→3, batch 256, NT-Xent τ=0.1, Adam")
    with threadpool_limits(args.threads, user_api="blas"):
        rate = steps_per_second(data, args.steps)
        parts = split(data, 300)
    print(f"GUI off, BLAS {args.threads} thread(s): {rate:.0f} steps/s over {args.steps} steps")
    rate_free = steps_per_second(data, args.steps // 2)
    print(f"GUI off, BLAS threads left alone: {rate_free:.0f} steps/s")
    total = parts["batch"] + parts["forward"] + parts["loss+backward"] + parts["opt"]
    print(f"median per step (ms), BLAS {args.threads} thread(s):")
    for key in ("batch", "forward", "loss+backward", "opt"):
        label = {"batch": "sample + augment", "opt": "optimiser"}.get(key, key)
        print(f"  {label:<18}{parts[key]:7.3f}")
    print(f"  {'sum':<18}{total:7.3f}")
    print(
        f"  one core.losses.nt_xent of the same batch: {parts['nt_xent']:.3f} ms "
        f"(a step costs {total / parts['nt_xent']:.1f}x one loss evaluation)"
    )
    if args.gui:
        bench_gui(args.gui)


if __name__ == "__main__":
    main()
