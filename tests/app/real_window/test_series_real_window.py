"""The Series tab in the real app: open the demo with the mouse, step with the keys, play,
and scrub the timeline with a real mouse drag (xdotool on Xvfb)."""

from __future__ import annotations

import json

import pytest

from tests.app.real_window.harness import App, XServer, tools_missing


def series_state(app: App) -> dict | None:
    try:
        return json.loads((app.probe.parent / (app.probe.name + ".series.json")).read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def wait_series(app: App, condition, what: str, timeout: float = 60.0) -> dict:
    found: list[dict] = []

    def check(_main: dict) -> bool:
        s = series_state(app)
        if s is not None and condition(s):
            found.append(s)
            return True
        return False

    app.wait(check, what, timeout)
    return found[-1]


def test_open_the_demo_step_play_and_scrub(tmp_path, monkeypatch):
    reason = tools_missing(False)
    if reason:
        pytest.skip(reason)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # the demo is made here
    with XServer(1280, 800, False, tmp_path) as server:
        app = App(server, tmp_path)
        try:
            app.wait(lambda s: s["shown"], "the window shown")
            wait_series(app, lambda s: True, "the Series tab built (after the first frame)")
            server.xdotool("key", "--clearmodifiers", "ctrl+3")
            empty = wait_series(
                app,
                lambda s: s["tab"] == s["series_tab"] and s["demo_button"],
                "the empty Series tab offering the demo",
            )
            x, y = empty["demo_button"]
            server.xdotool("mousemove", x, y, "click", 1)
            s = wait_series(app, lambda s: s["aligned"] and len(s["names"]) >= 3, "the demo")
            assert s["position"] == 0.0 and s["shape"][2] == 2
            server.xdotool("key", "Right")
            wait_series(app, lambda s: s["position"] == 1.0, "→ steps to 1", 10)
            server.xdotool("key", "Right", "key", "Right", "key", "Left")
            s = wait_series(app, lambda s: s["position"] == 2.0, "→→← lands on 2", 10)
            assert s["step_label"] == s["names"][2]
            server.xdotool("key", "space")
            wait_series(app, lambda s: s["playing"], "Space plays", 10)
            last = float(len(s["names"]) - 1)
            wait_series(app, lambda s: not s["playing"] and s["position"] == last, "play ends", 60)
            # scrub: drag the slider's handle from the end back to the middle
            sx, sy, sw, sh = series_state(app)["slider_rect"]
            server.xdotool("mousemove", sx + sw - 6, sy + sh // 2, "mousedown", 1)
            for frac in (0.8, 0.6, 0.5):
                server.xdotool("mousemove", int(sx + 6 + (sw - 12) * frac), sy + sh // 2)
            s = wait_series(app, lambda s: s["position"] < last - 1, "the drag scrubs back", 10)
            server.xdotool("mouseup", 1)
            assert 0 < s["position"] < last
        finally:
            app.close()
