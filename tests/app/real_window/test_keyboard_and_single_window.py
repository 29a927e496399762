"""The real app driven by xdotool keys: the sphere without a mouse, a clicker in
presentation mode, and a second launch handing its file to the running window."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.app.real_window.harness import App, XServer, settled, tools_missing, wait_for

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def server(tmp_path):
    reason = tools_missing(False)
    if reason:
        pytest.skip(reason)
    with XServer(1280, 800, False, tmp_path) as x:
        yield x


def test_sphere_keys_and_clicker_keys(server, tmp_path):
    app = App(server, tmp_path)
    try:
        first = settled(app, lambda s: s["shown"] and s["active"], "the window shown and focused")
        anchor = first["anchor"]
        server.xdotool("key", "bracketright")  # nothing selected: ] selects the first
        app.wait(lambda s: s["selected"] == 0, "] selects vector 0")
        server.xdotool("key", "bracketleft")  # and [ wraps to the last
        app.wait(lambda s: s["selected"] == len(first["names"]) - 1, "[ selects the last")
        while (app.state() or {}).get("selected") != anchor:
            server.xdotool("key", "bracketright")
            time.sleep(0.1)
        before = settled(app, lambda s: s["selected"] == anchor, "the anchor selected")
        # a run of four presses (0.15 s apart) is one undo step
        server.xdotool("key", "--delay", "150", "Right", "Right", "Right", "shift+Up")
        moved = app.wait(
            lambda s: s["undo_count"] == before["undo_count"] + 1, "one undo step for the run"
        )
        assert moved["directions"][anchor] != before["directions"][anchor]
        assert moved["tips"][anchor][0] > before["tips"][anchor][0] + 10  # → went right
        for i, d in enumerate(moved["directions"]):
            if i != anchor:
                assert d == before["directions"][i]
        time.sleep(1.2)  # a pause longer than a second: the next press is a new step
        server.xdotool("key", "Left")
        app.wait(lambda s: s["undo_count"] == before["undo_count"] + 2, "a second undo step")

        # presentation mode with a clicker's keys
        server.xdotool("key", "F11")
        settled(app, lambda s: s["presenting"] and s["caption"], "presenting")
        # the turned scene is "your scene", before slide 1
        server.xdotool("key", "Next")  # Page Down
        app.wait(lambda s: (s["caption"] or "").startswith("1 / "), "Page Down: slide 1")
        server.xdotool("key", "Next")
        app.wait(lambda s: (s["caption"] or "").startswith("2 / "), "Page Down: slide 2")
        server.xdotool("key", "Prior")  # Page Up
        app.wait(lambda s: (s["caption"] or "").startswith("1 / "), "Page Up: slide 1")
        server.xdotool("key", "b")
        app.wait(lambda s: s["blanked"], "B blanks the screen")
        server.xdotool("key", "b")
        app.wait(lambda s: not s["blanked"], "B again shows it")
        server.xdotool("key", "period")
        app.wait(lambda s: s["blanked"], ". blanks the screen")
        server.xdotool("key", "Escape")
        app.wait(lambda s: not s["presenting"] and not s["blanked"], "Esc leaves")
    finally:
        app.close()


def test_a_second_launch_hands_its_file_to_the_running_window(server, tmp_path):
    config = tmp_path / "config" / "contrastive-viz"
    config.mkdir(parents=True)
    (config / "contrastive-viz.conf").write_text("[preferences]\nsingle_window=true\n")
    from contrastive_viz.core.presets import PRESETS
    from contrastive_viz.core.scene import save_scene

    name, make = list(PRESETS.items())[2]
    scene = save_scene(make(), tmp_path / "handed.cvscene.json")
    app = App(server, tmp_path)
    try:
        settled(app, lambda s: s["shown"] and s["active"], "the first window")
        env = server.env(
            QT_QPA_PLATFORM="xcb",
            XDG_CONFIG_HOME=str(tmp_path / "config"),
            CONTRASTIVE_VIZ_DATA_DIR=str(tmp_path / "data2"),
            PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        )
        t0 = time.monotonic()
        second = subprocess.run(
            [sys.executable, "-m", "contrastive_viz", str(scene)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        took = time.monotonic() - t0
        assert second.returncode == 0, second.stderr
        assert "handed 1 file(s) to the running window" in second.stdout
        state = app.wait(lambda s: s["title"].startswith("handed.cvscene.json"), "the scene")
        assert state["names"] == list(make().names)
        print(f"second launch handed over and exited in {took:.2f} s")
    finally:
        app.close()


def _xprop(server: XServer, window: str, *props: str, length: int = 16) -> str:
    """``xprop`` of ``window`` (each value cut to ``length`` bytes: an icon is large)."""
    done = subprocess.run(
        ["xprop", "-id", window, "-len", str(length), *props],
        env=server.env(),
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def _windows(server: XServer, app: App) -> dict[str, str]:
    """Visible X windows of the app: id -> title."""
    ids = server.xdotool("search", "--onlyvisible", "--pid", app.proc.pid).split()
    return {w: _xprop(server, w, "WM_NAME", length=400) for w in ids}


def test_every_window_shows_the_apps_icon_under_a_window_manager(tmp_path):
    reason = tools_missing(True) or (None if shutil.which("xprop") else "xprop is missing")
    if reason:
        pytest.skip(reason)
    with XServer(1280, 800, True, tmp_path) as server:
        app = App(server, tmp_path)
        try:
            settled(app, lambda s: s["shown"] and s["active"], "the window under openbox")
            main = [w for w, t in _windows(server, app).items() if "— contrastive-viz" in t]
            assert main, _windows(server, app)
            # Qt wrote the icon for the window manager (xprop draws it once it has the size)
            assert "Icon (" in _xprop(server, main[0], "_NET_WM_ICON", length=8)
            # WM_CLASS: the desktop entry's StartupWMClass
            assert '"contrastive-viz"' in _xprop(server, main[0], "WM_CLASS", length=400)
            server.xdotool("key", "ctrl+comma")  # Edit › Preferences…
            app.wait(lambda s: s["modal"] == "Preferences", "the Preferences dialog")
            dialog = wait_for(
                lambda: [w for w, t in _windows(server, app).items() if '"Preferences"' in t],
                what="the dialog's X window",
            )
            assert "Icon (" in _xprop(server, dialog[0], "_NET_WM_ICON", length=8)
            server.xdotool("key", "Escape")
            app.wait(lambda s: s["modal"] is None, "the dialog closed")
        finally:
            app.close()
