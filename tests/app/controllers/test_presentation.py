"""Playlists and the great-circle animation between scenes."""

import json

import numpy as np
import pytest

from contrastive_viz.app.controllers.playground import PlaygroundController
from contrastive_viz.app.controllers.presentation import Presentation, read_playlist
from contrastive_viz.core.presets import (
    article_example,
    equidistant,
    hard_negative,
    uniform_negatives,
)
from contrastive_viz.core.scene import save_scene


def _scenes(tmp_path):
    paths = []
    for i, make in enumerate((article_example, equidistant, hard_negative)):
        paths.append(save_scene(make(), tmp_path / f"{i}-scene.json"))
    return paths


def test_playlist_from_folder_text_and_json(tmp_path):
    paths = _scenes(tmp_path)
    assert read_playlist(tmp_path) == paths
    (tmp_path / "talk.txt").write_text("# my talk\n2-scene.json\n\n0-scene.json\n")
    assert read_playlist(tmp_path / "talk.txt") == [paths[2], paths[0]]
    (tmp_path / "talk.json").write_text(json.dumps({"scenes": ["1-scene.json"]}))
    assert read_playlist(tmp_path / "talk.json") == [paths[1]]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("empty.txt", "# nothing\n", "no scenes"),
        ("bad.json", "{oops", "not valid JSON"),
        ("bad2.json", json.dumps({"scenes": [1, 2]}), "list of scene file names"),
    ],
)
def test_bad_playlists_are_refused(tmp_path, name, text, message):
    (tmp_path / name).write_text(text)
    with pytest.raises(ValueError, match=message):
        read_playlist(tmp_path / name)


def test_animation_follows_great_circles_and_lands_exactly(qtbot):
    start = equidistant()
    target = equidistant(angle_deg=60, temperature=0.5)
    state = PlaygroundController(start)
    show = Presentation(state)
    show.set_playlist([target])
    seen = []
    state.model.scene_changed.connect(lambda: seen.append(state.scene.directions.copy()))
    show.next()
    qtbot.waitUntil(lambda: not show.animating, timeout=3000)
    assert state.scene == target
    assert len(seen) > 3  # intermediate frames were shown
    mid = seen[len(seen) // 2]
    np.testing.assert_allclose(np.linalg.norm(mid, axis=1), 1.0, atol=1e-12)
    # each intermediate direction lies on the great circle between start and target
    for a, b, m in zip(start.directions, target.directions, mid, strict=True):
        normal = np.cross(a, b)
        assert abs(m @ normal) < 1e-9 * max(1.0, np.linalg.norm(normal))
    assert state.undo_stack.count() == 1


def test_scene_with_other_roles_is_loaded_directly(qtbot):
    state = PlaygroundController(article_example())
    show = Presentation(state)
    show.set_playlist([uniform_negatives()])
    show.next()
    assert not show.animating and state.scene == uniform_negatives()


def test_presenting_keeps_your_scene_and_every_step_changes_what_is_shown(qtbot):
    mine = equidistant(angle_deg=45)
    state = PlaygroundController(mine)
    show = Presentation(state)
    show.set_playlist([article_example, hard_negative])
    positions = []
    show.position_changed.connect(lambda i, n: positions.append((i, n)))
    show.start()
    assert show.index == -1 and show.caption() == "Your scene · → for slide 1 of 2"
    shown = [state.scene]
    for _ in range(2):
        show.next()
        qtbot.waitUntil(lambda: not show.animating, timeout=3000)
        assert state.scene != shown[-1]
        shown.append(state.scene)
    assert show.caption() == f"2 / 2 · {hard_negative().title}"
    show.previous()
    show.previous()  # back to the user's own scene
    qtbot.waitUntil(lambda: not show.animating, timeout=3000)
    assert show.index == -1 and state.scene == mine
    assert positions == [(-1, 2), (0, 2), (1, 2), (0, 2), (-1, 2)]


def test_presenting_a_slide_starts_the_counter_there(qtbot):
    state = PlaygroundController(hard_negative())
    show = Presentation(state)
    show.set_playlist([article_example, hard_negative, equidistant])
    show.start()
    assert show.index == 1 and show.caption().startswith("2 / 3 · ")
    show.next()
    qtbot.waitUntil(lambda: not show.animating, timeout=3000)
    assert state.scene == equidistant()
