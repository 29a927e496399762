"""Time ``load_embeddings`` on a CSV against ``np.loadtxt`` on the same file.

Usage::

    python benchmarks/bench_load_csv.py [--rows 100000] [--dim 768] [--npy]

Writes a float32 CSV to a temporary directory, times both loaders on it in the same
run, prints both times and their ratio, and deletes the file. With ``--npy`` it also
writes a 1,000,000 × 768 float32 ``.npy`` (3 GB) and reports the time and the peak
anonymous (private) memory of ``load_embeddings`` on it, i.e. the memory-mapped
validation pass.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def _write_csv(path: Path, rows: int, dim: int) -> None:
    rng = np.random.default_rng(0)
    with path.open("w", encoding="ascii") as fh:
        for start in range(0, rows, 10_000):
            block = rng.standard_normal((min(10_000, rows - start), dim)).astype(np.float32)
            np.savetxt(fh, block, delimiter=",", fmt="%.7g")


def _anon_kib() -> int:
    """Resident anonymous memory of this process (file-backed mmap pages excluded)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("RssAnon:"):
            return int(line.split()[1])
    return 0


class _PeakAnon:
    """Samples RssAnon (KiB) every 5 ms in a thread: ``base`` before, ``peak`` during."""

    def __enter__(self) -> _PeakAnon:
        self.base = self.peak = _anon_kib()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, _anon_kib())

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _anon_kib())


def bench_csv(rows: int, dim: int, repeat: int) -> None:
    from contrastive_viz.core.embeddings import load_embeddings

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.csv"
        t0 = time.perf_counter()
        _write_csv(path, rows, dim)
        size = path.stat().st_size / 2**20
        print(f"wrote {rows:,} x {dim} CSV ({size:,.0f} MiB) in {time.perf_counter() - t0:.1f} s")
        ours, theirs = [], []
        for _ in range(repeat):
            t0 = time.perf_counter()
            es = load_embeddings(path)
            ours.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            ref = np.loadtxt(path, delimiter=",", dtype=np.float32)
            theirs.append(time.perf_counter() - t0)
            assert np.array_equal(es.vectors, ref), "load_embeddings and np.loadtxt disagree"
            del es, ref
            gc.collect()
        a, b = min(ours), min(theirs)
        print(f"load_embeddings: {a:.2f} s ({size / a:,.0f} MiB/s), best of {repeat}")
        print(f"np.loadtxt:      {b:.2f} s ({size / b:,.0f} MiB/s), best of {repeat}")
        print(f"ratio load_embeddings / np.loadtxt: {a / b:.2f}")


def bench_npy(rows: int = 1_000_000, dim: int = 768) -> None:
    from contrastive_viz.core.embeddings import load_embeddings

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.npy"
        mm = np.lib.format.open_memmap(path, mode="w+", dtype=np.float32, shape=(rows, dim))
        rng = np.random.default_rng(1)
        for start in range(0, rows, 50_000):
            mm[start : start + 50_000] = rng.standard_normal((50_000, dim), dtype=np.float32)
        mm.flush()
        del mm
        gb = path.stat().st_size / 1e9
        for attempt in ("first", "second"):
            gc.collect()
            with _PeakAnon() as mem:
                t0 = time.perf_counter()
                es = load_embeddings(path)
                took = time.perf_counter() - t0
            print(
                f".npy {rows:,} x {dim} float32 ({gb:.1f} GB, {attempt} run, file in page "
                f"cache): {took:.2f} s; private (anonymous) memory of the whole process: "
                f"{mem.base / 1024:,.0f} MiB before, peak {mem.peak / 1024:,.0f} MiB during; "
                f"memmap={isinstance(es.vectors, np.memmap)}"
            )
            del es


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--dim", type=int, default=768)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--npy", action="store_true", help="also time a 1M x 768 .npy (3 GB)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))  # run from a checkout without installing
    bench_csv(args.rows, args.dim, args.repeat)
    if args.npy:
        bench_npy()


if __name__ == "__main__":
    main()
