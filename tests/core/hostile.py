"""Run a hostile load in a subprocess, bounded in time and in private memory.

Memory is bounded by sampling ``RssAnon`` (private, anonymous resident memory) from
``/proc/<pid>/status``: ``RLIMIT_AS`` would also count memory maps, which the loaders
use on purpose. The child is killed when it passes the limit or the time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MB = 2**20

if not Path("/proc/self/status").exists():  # pragma: no cover
    pytest.skip("needs /proc to measure memory", allow_module_level=True)

_PRELUDE = """
import json, sys, time
sys.setrecursionlimit(1000)
def _report(fn):
    t0 = time.perf_counter()
    try:
        value = fn()
        out = {"ok": True, "value": value}
    except BaseException as exc:  # noqa: BLE001 - we report everything to the test
        out = {"ok": False, "type": type(exc).__name__,
               "mro": [c.__name__ for c in type(exc).__mro__], "message": str(exc)}
    out["seconds"] = time.perf_counter() - t0
    print("RESULT " + json.dumps(out, default=str), flush=True)
"""


@dataclass
class Outcome:
    ok: bool
    error: str
    classes: list[str]
    message: str
    value: object
    seconds: float
    peak_rss_mb: float
    killed: str


def _rss_anon(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", "rb") as fp:
            for line in fp.read().decode().splitlines():
                if line.startswith("RssAnon:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def run_bounded(body: str, timeout: float = 20.0, max_rss_mb: float = 256.0) -> Outcome:
    """Run ``body`` (which calls ``_report(lambda: ...)``) and return what it reported.

    The child's private memory is sampled every 5 ms; it is killed above ``max_rss_mb``
    (on top of what the interpreter and numpy use at start) or after ``timeout`` s.
    """
    code = _PRELUDE + textwrap.dedent(body)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OPENBLAS_NUM_THREADS": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    start, peak, killed = time.monotonic(), 0, ""
    while proc.poll() is None:
        peak = max(peak, _rss_anon(proc.pid))
        if peak > max_rss_mb * MB:
            killed = f"private memory above {max_rss_mb} MB"
        elif time.monotonic() - start > timeout:
            killed = f"still running after {timeout} s"
        if killed:
            proc.kill()
            break
        time.sleep(0.005)
    out, err = proc.communicate()
    line = next((ln for ln in out.splitlines() if ln.startswith("RESULT ")), None)
    if line is None:
        return Outcome(False, "", [], err[-2000:], None, 0.0, peak / MB, killed or "no result")
    data = json.loads(line[7:])
    return Outcome(
        ok=data["ok"],
        error=data.get("type", ""),
        classes=data.get("mro", []),
        message=data.get("message", ""),
        value=data.get("value"),
        seconds=data["seconds"],
        peak_rss_mb=peak / MB,
        killed=killed,
    )


def assert_refused(outcome: Outcome, error: str, *fragments: str) -> None:
    """The load ended in ``error`` (by class name) whose message holds ``fragments``."""
    assert not outcome.killed, f"killed: {outcome.killed} (peak {outcome.peak_rss_mb:.0f} MB)"
    assert not outcome.ok, f"loaded instead of refusing: {outcome.value}"
    assert error in outcome.classes, f"{outcome.error}: {outcome.message}"
    for fragment in fragments:
        assert fragment in outcome.message, f"{fragment!r} not in {outcome.message!r}"


def call(expr: str, setup: str = "") -> str:
    """Child code that runs ``setup`` then reports ``expr`` (a repr of its result)."""
    return f"{setup}\n_report(lambda: repr({expr})[:200])\n"


def dumps(value) -> str:
    return json.dumps(value)
