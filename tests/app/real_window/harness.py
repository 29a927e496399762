"""Real X servers, a real window manager and the real app, driven with xdotool.

:class:`XServer` starts ``Xvfb`` (it picks a free display itself, ``-displayfd``)
at a given size, optionally with openbox; :class:`App` starts
``python -m contrastive_viz`` on it with ``CONTRASTIVE_VIZ_PROBE`` set, so
the app writes its state to a JSON file (:mod:`contrastive_viz.app.controllers.probe`)
that the tests wait on. Every wait is on a condition, with a timeout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

#: Seconds to wait for a condition before failing (the first launch imports a lot).
TIMEOUT = 40.0


def tools_missing(wm: bool) -> str | None:
    """Why the tier cannot run here, or None."""
    for tool in ("Xvfb", "xdotool", *(("openbox",) if wm else ())):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (python3 dev.py test installs it)"
    return None


def wait_for(condition, timeout: float = TIMEOUT, what: str = "a condition", poll: float = 0.05):
    """Poll ``condition()`` until it returns a truthy value; return it, or fail."""
    end = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(poll)


class XServer:
    """An Xvfb screen of ``width`` × ``height``, with openbox when ``wm``."""

    def __init__(self, width: int, height: int, wm: bool, tmp: Path):
        self.size, self.wm, self.tmp = (width, height), wm, tmp
        self.procs: list[subprocess.Popen] = []
        self.display = ""

    def __enter__(self) -> XServer:
        read, write = os.pipe()
        w, h = self.size
        xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{w}x{h}x24", "-nolisten", "tcp"],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.procs.append(xvfb)
        os.close(write)
        with os.fdopen(read) as fh:
            number = fh.readline().strip()  # Xvfb writes it once it accepts connections
        if not number:
            self.__exit__()
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number}"
        if self.wm:
            ready = self.tmp / f"openbox-ready-{number}"
            self.procs.append(
                subprocess.Popen(
                    ["openbox", "--sm-disable", "--startup", f"touch {ready}"],
                    env=self.env(),
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            wait_for(ready.exists, what="openbox to start")
        return self

    def env(self, **extra) -> dict:
        return {**os.environ, "DISPLAY": self.display, **extra}

    def xdotool(self, *args) -> str:
        out = subprocess.run(
            ["xdotool", *map(str, args)], env=self.env(), capture_output=True, text=True, check=True
        )
        return out.stdout

    def __exit__(self, *_exc) -> None:
        for proc in reversed(self.procs):
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


class App:
    """``python -m contrastive_viz *args`` on ``server``, its state read from the probe."""

    def __init__(self, server: XServer, tmp: Path, *args: str):
        self.server, self.probe = server, tmp / "probe.json"
        env = server.env(
            QT_QPA_PLATFORM="xcb",
            CONTRASTIVE_VIZ_PROBE=str(self.probe),
            CONTRASTIVE_VIZ_DATA_DIR=str(tmp / "data"),
            XDG_CONFIG_HOME=str(tmp / "config"),  # QSettings: nothing from earlier runs
        )
        root = Path(__file__).resolve().parents[3]
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")]))
        self.log = open(tmp / "app.log", "w")  # noqa: SIM115 - closed in close()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "contrastive_viz", *args],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def state(self) -> dict | None:
        try:
            return json.loads(self.probe.read_text())
        except (FileNotFoundError, json.JSONDecodeError):
            return None

    def wait(self, condition, what: str, timeout: float = TIMEOUT) -> dict:
        """The first state for which ``condition(state)`` holds (fails if the app exits)."""

        def check():
            if self.proc.poll() is not None:
                raise AssertionError(f"the app exited ({self.proc.returncode}): {self.output()}")
            s = self.state()
            return s if s is not None and condition(s) else None

        try:
            return wait_for(check, timeout, what)
        except AssertionError as exc:
            raise AssertionError(f"{exc}; last state: {_brief(self.state())}") from None

    def output(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text()[-2000:]

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def _brief(state: dict | None) -> dict | None:
    if state is None:
        return None
    return {k: v for k, v in state.items() if k not in ("directions", "tips")}


def inside(rect, outer) -> bool:
    """Whether the (x, y, w, h) ``rect`` lies wholly inside ``outer``."""
    x, y, w, h = rect
    ox, oy, ow, oh = outer
    return ox <= x and oy <= y and x + w <= ox + ow and y + h <= oy + oh


def settled(app: App, condition, what: str, quiet: float = 0.4) -> dict:
    """The state once ``condition`` holds and nothing has changed for ``quiet`` seconds."""
    last: dict = {}

    def check(state):
        if last.get("state") != state:
            last["state"], last["since"] = state, time.monotonic()
            return False
        return time.monotonic() - last["since"] >= quiet

    return app.wait(lambda s: condition(s) and check(s), what)
