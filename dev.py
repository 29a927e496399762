#!/usr/bin/env python3
"""Set up and run contrastive-viz from a checkout, with nothing but Python.

    python3 dev.py run      install into ./.venv, then launch the app
    python3 dev.py test     install into ./.venv (plus the GUI test system
                            packages), then run ruff, the import-linter contracts
                            and the whole test suite
    python3 dev.py bench    run the benchmark scripts (slow, minutes)

Extra arguments after ``run`` go to the app; after ``test``, to pytest.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
XVFB_SCREEN = "-screen 0 1600x1000x24"
# Debian/Ubuntu packages the GUI needs under Xvfb (see README.md).
SYSTEM_PACKAGES = [
    "xvfb",
    "xauth",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-render-util0",
    "libxcb-xkb1",
    "libxkbcommon-x11-0",
    "libxcb-cursor0",
    "libxcb-shape0",
    "libxcb-randr0",
    "libfontconfig1",
    "libdbus-1-3",
    "libgl1-mesa-dri",
    "libegl1",
    "libgl1",
    # the real-window tests (tests/app/real_window): real input, a small window manager
    "xdotool",
    "openbox",
    # --install-desktop's tests: desktop-file-validate and update-mime-database
    "desktop-file-utils",
    "shared-mime-info",
    # xprop: the real-window test reads the icon the window manager gets
    "x11-utils",
]


def sh(*cmd, **kw) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, **kw)


def missing_debs(packages: list[str]) -> list[str]:
    if not shutil.which("dpkg-query"):
        return []
    out = []
    for pkg in packages:
        r = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", pkg], capture_output=True, text=True
        )
        if "install ok installed" not in r.stdout:
            out.append(pkg)
    return out


def ensure_debs(packages: list[str], why: str) -> None:
    need = missing_debs(packages)
    if not need:
        return
    cmd = ["apt-get", "install", "-y", "--no-install-recommends", *need]
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"Installing {why}: {' '.join(need)}", flush=True)
        sh("apt-get", "update", "-qq")
        sh(*cmd, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    else:
        sys.exit(f"{why} are missing. Install them once with:\n  sudo {' '.join(cmd)}")


def ensure_venv(extras: str = "") -> None:
    if not PY.exists():
        try:
            sh(sys.executable, "-m", "venv", VENV)
        except subprocess.CalledProcessError:
            shutil.rmtree(VENV, ignore_errors=True)
            ver = f"python3.{sys.version_info.minor}-venv"
            ensure_debs(["python3-venv", ver], "Python's venv module")
            sh(sys.executable, "-m", "venv", VENV)
    spec = f".[{extras}]" if extras else "."
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + spec.encode()).hexdigest()
    stamp = VENV / f".installed-{extras or 'app'}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    sh(PY, "-m", "pip", "install", "-q", "--upgrade", "pip")
    sh(PY, "-m", "pip", "install", "-q", "-e", spec)
    stamp.write_text(digest)


def with_display(cmd: list) -> list:
    """Wrap ``cmd`` in xvfb-run when there is no X display."""
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return cmd
    return ["xvfb-run", "-a", "-s", XVFB_SCREEN, *cmd]


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "bench"}:
        print(__doc__)
        return 2
    what, rest = argv[0], argv[1:]
    os.chdir(ROOT)
    if what == "run":
        ensure_debs([p for p in SYSTEM_PACKAGES if p not in ("xvfb", "xauth")], "Qt's libraries")
        ensure_venv()
        return subprocess.call([str(BIN / "contrastive-viz"), *rest])
    ensure_debs(SYSTEM_PACKAGES, "The GUI test packages (Xvfb, Qt's xcb libraries, Mesa)")
    ensure_venv("test,umap")
    if what == "test":
        sh(PY, "-m", "ruff", "check", "contrastive_viz", "tests", "benchmarks", "dev.py")
        # The layers of docs/architecture.md, as import-linter contracts (pyproject.toml).
        sh(BIN / "lint-imports")
        env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
        if rest:
            return subprocess.call(with_display([str(PY), "-m", "pytest", *rest]), env=env)
        # Two processes: the pure core first (no Qt loaded), then the GUI tests.
        code = subprocess.call([str(PY), "-m", "pytest", "tests/core"], env=env)
        gui = with_display([str(PY), "-m", "pytest", "tests/app"])
        return code or subprocess.call(gui, env=env)
    code = 0
    for script in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        code |= subprocess.call(with_display([str(PY), str(script), *rest]))
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
