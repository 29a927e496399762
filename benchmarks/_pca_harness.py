"""Measuring harness of ``bench_pca.py``: process memory, page cache, memory cgroups.

* :func:`_status` reads a process's ``RssAnon``/``RssFile``/``VmRSS``/``VmHWM``.
* :func:`_evict` drops one file from the page cache.
* :class:`_Cgroup` is the temporary memory cgroup the larger-than-RAM runs use.
* :func:`_machine` and :func:`_print_run` print the machine and one run's figures.
"""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path

import numpy as np

STATUS_FIELDS = ("RssAnon", "RssFile", "VmRSS", "VmHWM")


def _status(pid: int | str = "self") -> dict[str, int]:
    """Selected /proc/<pid>/status fields, in bytes."""
    values = {}
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            key, _, rest = line.partition(":")
            if key in STATUS_FIELDS:
                values[key] = int(rest.split()[0]) * 1024
    return values


def _evict(path: Path) -> None:
    """Drop this file's pages from the page cache (other files are untouched)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


class _Cgroup:
    """A temporary memory cgroup (v2 if it has the memory controller, else v1)."""

    def __init__(self, limit: int):
        self.version, self.path = self._create()
        if self.version == 2:
            (self.path / "memory.max").write_text(str(limit))
            if (self.path / "memory.swap.max").exists():
                (self.path / "memory.swap.max").write_text("0")
        else:
            (self.path / "memory.limit_in_bytes").write_text(str(limit))
        self.limit = limit

    @staticmethod
    def _create() -> tuple[int, Path]:
        name = f"cv-bench-{os.getpid()}"
        v2 = Path("/sys/fs/cgroup")
        controllers = v2 / "cgroup.controllers"
        if controllers.exists() and "memory" in controllers.read_text().split():
            subtree = (v2 / "cgroup.subtree_control").read_text().split()
            if "memory" in subtree:
                path = v2 / name
                path.mkdir()
                return 2, path
        own = ""
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            _, names, cgroup_path = line.split(":", 2)
            if "memory" in names.split(","):
                own = cgroup_path
        v1 = Path("/sys/fs/cgroup/memory") / own.lstrip("/")
        if not (v1 / "memory.limit_in_bytes").exists():
            raise RuntimeError("no cgroup with a memory controller is available")
        path = v1 / name
        path.mkdir()
        return 1, path

    def join(self) -> None:
        """Move the calling process into the cgroup (used as ``preexec_fn``)."""
        (self.path / "cgroup.procs").write_text(str(os.getpid()))

    def stats(self) -> dict[str, int]:
        if self.version == 2:
            peak_file = self.path / "memory.peak"
            peak = int(peak_file.read_text()) if peak_file.exists() else -1
            events = dict(
                line.split() for line in (self.path / "memory.events").read_text().splitlines()
            )
            return {"peak": peak, "oom_kill": int(events.get("oom_kill", 0))}
        stat = dict(
            line.split() for line in (self.path / "memory.oom_control").read_text().splitlines()
        )
        return {
            "peak": int((self.path / "memory.max_usage_in_bytes").read_text()),
            "oom_kill": int(stat.get("oom_kill", 0)),
        }

    def remove(self) -> None:
        for _ in range(50):
            try:
                self.path.rmdir()
                return
            except OSError:
                time.sleep(0.1)


def _machine() -> None:
    model = "unknown"
    with open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem_total = _meminfo("MemTotal")
    print(f"machine: {os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {model}")
    print(f"         {mem_total / 2**30:.1f} GiB RAM, Python {platform.python_version()}")
    print(f"         numpy {np.__version__}")
    for name in ("OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        print(f"         {name}={os.environ.get(name, '(unset)')}")


def _meminfo(field: str) -> int:
    with open("/proc/meminfo") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0


def _mb(value: int) -> str:
    return f"{value / 2**20:8.0f} MB"


def _print_run(label: str, report: dict, file_size: int) -> None:
    if report["returncode"] != 0:
        killed = report.get("cgroup", {}).get("oom_kill", 0)
        reason = "killed by the cgroup OOM killer" if killed else f"rc={report['returncode']}"
        print(f"{label}: FAILED ({reason}) after {report['process_seconds']:.1f} s; ", end="")
        print(f"peak RssAnon {_mb(report['peak_rss_anon'])}")
        return
    anon = report["peak_rss_anon"]
    above = anon - report["baseline_rss_anon"]
    print(
        f"{label}: {report['seconds']:6.2f} s   peak private (RssAnon) {_mb(anon)}"
        f" = {100 * anon / file_size:5.1f}% of file   (above import baseline {_mb(above)}"
        f" = {100 * above / file_size:4.1f}%)   VmHWM incl. file pages {_mb(report['vm_hwm'])}"
    )
    if "cgroup" in report:
        print(f"      cgroup peak usage (anon + page cache) {_mb(report['cgroup']['peak'])}")
