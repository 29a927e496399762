"""The explorer's hover tooltip in the real app, with the real pointer (xdotool)."""

from __future__ import annotations

import time

import numpy as np
import pytest

from tests.app.real_window.harness import App, XServer, tools_missing
from tests.app.real_window.test_real_window import WMS


@pytest.mark.parametrize("wm", [wm.values[0] for wm in WMS], ids=[wm.id for wm in WMS])
def test_a_resting_pointer_keeps_the_point_tooltip(tmp_path, wm):
    reason = tools_missing(wm)
    if reason:
        pytest.skip(reason)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((4, 8))[rng.integers(0, 4, 200)] * 3 + rng.standard_normal((200, 8))
    np.save(tmp_path / "points.npy", x.astype(np.float32))
    with XServer(1280, 800, wm, tmp_path) as server:
        app = App(server, tmp_path, str(tmp_path / "points.npy"))
        try:
            first = app.wait(
                lambda s: s["active"] and s["tab"] == 1 and len(s["points"]) > 0,
                "the explorer shown with the file's points",
            )
            px, py = np.round(first["points"][0]).astype(int)
            server.xdotool("mousemove", px - 40, py - 40, "sleep", 0.1, "mousemove", px, py)
            app.wait(lambda s: s["tooltip"] is not None, "the point's tooltip", timeout=5)
            for _ in range(15):  # past Qt's own tooltip time (0.7 s), which used to hide it
                time.sleep(0.1)
                tip = app.state()["tooltip"]
                assert tip is not None and "<b>index</b>: " in tip
        finally:
            app.close()
