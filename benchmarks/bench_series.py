"""Benchmark: a series of steps, aligned and compared, against the plain baselines.

Usage::

    python benchmarks/bench_series.py [--small] [--steps 20] [--rows 100000] [--dim 256]
                                      [--dir /tmp] [--keep]

It writes ``--steps`` float32 ``.npy`` files of ``--rows`` x ``--dim`` (a drifting
low-rank signal plus noise; 20 x 100,000 x 256 is about 2 GB) into a temporary folder,
then runs each piece of work in a fresh subprocess (so that its memory is its own)
while the parent samples the child's ``RssAnon`` (private, anonymous memory; the
memory-mapped files' page-cache pages are not counted) every 5 ms:

(a) ``pca``: ``core.projection.pca(np.load(p, mmap_mode="r"), 2)`` for every step,
    one by one (the app's own PCA: the baseline);
(b) ``align``: ``core.series.align_series(<the same memmaps>, 2)``: projecting and
    aligning every step; target (b) <= 1.3 x (a);
(c) ``sklearn``: two all-rows exact kNN passes, k = 10, one on step 1 and one on step 2:
    ``NearestNeighbors(n_neighbors=10, metric="cosine", algorithm="brute")
    .fit(x).kneighbors()`` (self excluded, as in ours);
(d) ``overlap``: ``core.series.neighbor_overlap(step1, step2, 10)`` on the memmaps;
    target (d) <= 1.2 x (c). Its result is checked against the overlap computed from
    (c)'s neighbour lists.

(a) and (b) run twice, alternating, and the faster of each is compared. Memory target:
the peak private memory of (b) and (d) at most 25% of the series' total file size.
``--small`` runs 5 steps of 20,000 x 64 in a few seconds. The folder is deleted at
the end unless ``--keep``. Not a test: timings on a shared machine are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
from _pca_harness import _machine, _status

ROOT = Path(__file__).resolve().parent.parent


def _worker(kind: str, files: list[str], out: str) -> None:
    sys.path.insert(0, str(ROOT))
    from contrastive_viz.core.projection import pca
    from contrastive_viz.core.series import align_series, neighbor_overlap

    if kind == "sklearn":
        from sklearn.neighbors import NearestNeighbors
    steps = [np.load(f, mmap_mode="r") for f in files]
    base = _status()["RssAnon"]
    t0 = time.perf_counter()
    result = None
    if kind == "pca":
        for x in steps:
            pca(x, 2)
    elif kind == "align":
        result = align_series(steps, 2)
    elif kind == "sklearn":
        result = []
        for x in steps[:2]:
            nn = NearestNeighbors(n_neighbors=10, metric="cosine", algorithm="brute").fit(x)
            result.append(nn.kneighbors(return_distance=False))
    elif kind == "overlap":
        result = neighbor_overlap(steps[0], steps[1], 10)
    seconds = time.perf_counter() - t0
    if kind == "sklearn":
        na, nb = result
        result = np.array([len(set(p) & set(q)) / 10 for p, q in zip(na, nb, strict=True)])
    if result is not None:
        np.save(out + ".npy", np.asarray(result))
    Path(out).write_text(json.dumps({"seconds": seconds, "base": base}))


def _run(kind: str, files: list[Path], tmp: Path) -> dict:
    out = str(tmp / f"result-{kind}-{time.monotonic_ns()}.json")
    cmd = [sys.executable, __file__, "--worker", kind, "--out", out, *map(str, files)]
    child = subprocess.Popen(cmd)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            try:
                peak = max(peak, _status(child.pid)["RssAnon"])
            except (OSError, KeyError):
                pass
            time.sleep(0.005)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    code = child.wait()
    done.set()
    thread.join()
    if code != 0:
        raise SystemExit(f"worker {kind} failed with exit code {code}")
    info = json.loads(Path(out).read_text())
    info["peak"] = peak
    info["out"] = out
    return info


def _make_steps(folder: Path, steps: int, rows: int, dim: int) -> list[Path]:
    rng = np.random.default_rng(0)
    rank = 16
    z = rng.standard_normal((rows, rank), dtype=np.float32) * np.linspace(
        4, 1, rank, dtype=np.float32
    )
    w = rng.standard_normal((rank, dim)).astype(np.float32)
    paths = []
    for t in range(steps):
        z += 0.3 * rng.standard_normal(z.shape, dtype=np.float32)
        w += 0.1 * rng.standard_normal(w.shape).astype(np.float32)
        x = z @ w
        x += rng.standard_normal(x.shape, dtype=np.float32)
        assert x.dtype == np.float32
        path = folder / f"step_{t:03d}.npy"
        np.save(path, x)
        paths.append(path)
    return paths


def _mb(n: float) -> str:
    return f"{n / 2**20:,.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--dim", type=int, default=256)
    parser.add_argument("--dir", default=None)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("files", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(args.worker, args.files, args.out)
        return
    if args.small:
        args.steps, args.rows, args.dim = 5, 20_000, 64
    _machine()
    print(f"         load average {os.getloadavg()[0]:.1f} at the start")
    folder = Path(tempfile.mkdtemp(prefix="bench-series-", dir=args.dir))
    try:
        t0 = time.perf_counter()
        files = _make_steps(folder, args.steps, args.rows, args.dim)
        total = sum(p.stat().st_size for p in files)
        print(
            f"series: {args.steps} steps of {args.rows:,} x {args.dim} float32 .npy, "
            f"{_mb(total)} in all (written in {time.perf_counter() - t0:.1f} s)"
        )
        runs = {k: [] for k in ("pca", "align")}
        for _ in range(2):
            for kind in ("pca", "align"):
                runs[kind].append(_run(kind, files, folder))
        pca_s = min(r["seconds"] for r in runs["pca"])
        align_s = min(r["seconds"] for r in runs["align"])
        align_peak = max(r["peak"] - r["base"] for r in runs["align"])
        for kind, what in (("pca", "PCA of each step, one by one"), ("align", "align_series")):
            times = ", ".join(f"{r['seconds']:.1f}" for r in runs[kind])
            print(f"{what}: {times} s")
        print(f"  ratio (best of each) {align_s / pca_s:.2f}x   (target <= 1.3x)")
        print(
            f"  peak private memory of align_series: {_mb(align_peak)} above its baseline "
            f"= {100 * align_peak / total:.1f}% of the series' files (target <= 25%)"
        )
        sk = _run("sklearn", files[:2], folder)
        ours = _run("overlap", files[:2], folder)
        same = np.load(sk["out"] + ".npy") == np.load(ours["out"] + ".npy")
        print(
            f"two sklearn kNN passes (brute, cosine, k=10): {sk['seconds']:.1f} s, "
            f"peak private {_mb(sk['peak'] - sk['base'])}"
        )
        print(
            f"neighbor_overlap (k=10): {ours['seconds']:.1f} s, "
            f"peak private {_mb(ours['peak'] - ours['base'])} above its baseline "
            f"= {100 * (ours['peak'] - ours['base']) / total:.1f}% of the series' files"
        )
        print(
            f"  ratio {ours['seconds'] / sk['seconds']:.2f}x   (target <= 1.2x); "
            f"same overlap as sklearn's neighbour lists on {100 * same.mean():.3f}% of rows"
        )
        print(f"load average {os.getloadavg()[0]:.1f} at the end")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
