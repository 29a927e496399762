"""The real app on real X screens (Xvfb), bare and under openbox, driven with xdotool.

Each test starts ``python -m contrastive_viz`` on its own Xvfb server and reads
the window's state from the app's probe file (see ``harness.py``).
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.app.real_window.harness import App, XServer, inside, settled, tools_missing

SIZES = [(1024, 768), (1280, 720), (1366, 768), (1920, 1080), (3840, 2160)]
WMS = [pytest.param(False, id="bare"), pytest.param(True, id="openbox")]


@pytest.fixture
def screen(request, tmp_path):
    """An X server of ``size`` (with openbox when ``wm``) running the app."""
    size, wm = request.param
    reason = tools_missing(wm)
    if reason:
        pytest.skip(reason)
    with XServer(*size, wm, tmp_path) as server:
        app = App(server, tmp_path)
        try:
            yield server, app
        finally:
            app.close()


def _fits(state) -> bool:
    return inside(state["frame"], state["screen"]) and inside(state["geometry"], state["screen"])


@pytest.mark.parametrize(
    "screen",
    [pytest.param((s, wm.values[0]), id=f"{s[0]}x{s[1]}-{wm.id}") for s in SIZES for wm in WMS],
    indirect=True,
)
def test_launch_present_step_and_escape_fit_the_screen(screen):
    server, app = screen
    # Launch: on the screen, nothing cut off, and the keyboard focus without a click.
    first = settled(app, lambda s: s["shown"] and s["active"], "the window shown and focused")
    assert _fits(first), {k: first[k] for k in ("frame", "geometry", "screen", "available")}
    assert first["clipped"] == []
    # F11 with no click before it: presentation mode fills the screen exactly.
    server.xdotool("key", "F11")
    shown = settled(
        app, lambda s: s["presenting"] and s["geometry"] == s["screen"], "presentation full screen"
    )
    assert shown["clipped"] == []
    assert shown["caption"] == "1 / 4 · The article's example"
    server.xdotool("key", "Right")  # → shows the next slide, and says so
    step = settled(app, lambda s: (s["caption"] or "").startswith("2 / 4 · "), "slide 2")
    assert step["directions"] != shown["directions"]
    assert step["clipped"] == []
    # Esc: exactly the geometry from before.
    server.xdotool("key", "Escape")
    back = settled(app, lambda s: not s["presenting"], "presentation mode left")
    assert back["geometry"] == first["geometry"], (back["geometry"], first["geometry"])
    assert back["splitters"] == first["splitters"]
    assert back["clipped"] == [] and _fits(back)


def _is_back(state, i) -> bool:
    d = np.array(state["directions"][i])
    return bool(d @ (np.array(state["camera"]) - d) < 0)


def _moves(server, start, end, steps=12):
    args = []
    for t in np.linspace(0, 1, steps + 1)[1:]:
        x, y = np.round(np.asarray(start) + (np.asarray(end) - start) * t).astype(int)
        args += ["mousemove", x, y, "sleep", 0.02]
    server.xdotool(*args)


@pytest.mark.parametrize(
    "screen", [pytest.param(((1600, 1000), wm.values[0]), id=wm.id) for wm in WMS], indirect=True
)
def test_drag_over_the_rim_then_twenty_edits_then_quit_asks(screen):
    server, app = screen
    first = settled(app, lambda s: s["shown"] and s["active"], "the window shown and focused")
    n2, a = first["names"].index("n2"), first["anchor"]
    assert _is_back(first, n2)
    start, centre = np.array(first["tips"][n2]), np.array(first["sphere_centre"])
    out = centre + (start - centre) * 2.5  # beyond the silhouette, still in the sphere's view
    target = np.array(first["tips"][a])
    server.xdotool("mousemove", *np.round(start).astype(int))
    server.xdotool("mousedown", 1)
    _moves(server, start, out)
    app.wait(lambda s: not _is_back(s, n2), "n2 over the rim, on the front")
    _moves(server, out, target)
    app.wait(
        lambda s: np.hypot(*(np.array(s["tips"][n2]) - target)) < 3, "n2 under the anchor's spot"
    )
    server.xdotool("mouseup", 1)
    dropped = app.wait(lambda s: s["undo_count"] == 1, "the drag recorded as one step")
    d = np.array(dropped["directions"])
    assert d[n2] @ d[a] > 0.95
    assert dropped["loss"] > first["loss"]
    # Twenty more undoable actions: the window and its splitters hold still.
    for key in ["ctrl+n", "ctrl+r"] * 10:
        server.xdotool("key", key)
    after = settled(app, lambda s: s["undo_count"] == 21, "21 undo steps")
    assert after["geometry"] == first["geometry"] and after["frame"] == first["frame"]
    assert after["splitters"] == first["splitters"]
    assert after["clipped"] == []
    # Ctrl+Q with unsaved edits asks first.
    server.xdotool("key", "ctrl+q")
    asked = app.wait(lambda s: s["modal"] is not None, "the save question")
    assert asked["modal"] == "Save changes?" and app.proc.poll() is None
