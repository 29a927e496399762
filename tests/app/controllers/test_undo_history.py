"""Undo and redo keep the history whole: during a running edit, and with the scene's file."""

import numpy as np
import pytest

from contrastive_viz.app.controllers.playground import PlaygroundController
from contrastive_viz.core.presets import article_example
from contrastive_viz.core.scene import save_scene


@pytest.fixture
def pg(qapp):
    return PlaygroundController(article_example())


def test_undo_during_a_slider_gesture_keeps_every_earlier_step(pg):
    start = pg.scene.temperature
    assert pg.set_temperature(0.5)
    pg.slide_temperature(0.8)  # a gesture in progress ...
    pg.undo()  # ... Ctrl+Z: the gesture becomes a step, then it is undone
    assert pg.scene.temperature == 0.5 and not pg.edit.active
    pg.undo()
    assert pg.scene.temperature == start
    pg.redo()
    pg.redo()
    assert pg.scene.temperature == 0.8


def test_undo_during_a_drag_of_a_new_vector_leaves_no_open_edit(pg):
    i = pg.add_vector("negative", [0.0, 0.0, 1.0])
    pg.begin_drag(i)
    pg.drag_to(i, [0.0, 1.0, 1.0])
    pg.undo()  # undoes the drag, not half of it
    assert len(pg.scene) == i + 1 and not pg.edit.active
    np.testing.assert_allclose(pg.scene.directions[i], [0.0, 0.0, 1.0])
    pg.undo()  # and then the addition
    assert len(pg.scene) == i


def test_undo_of_open_restores_the_file_so_save_cannot_overwrite_it(pg, tmp_path):
    opened = article_example().with_vector(0, name="other")
    path = tmp_path / "b.json"
    save_scene(opened, path)
    pg.load(opened, path)
    assert pg.model.path == path
    pg.undo()
    assert pg.model.path is None and pg.scene.names[0] != "other"
    pg.redo()
    assert pg.model.path == path and pg.scene.names[0] == "other"


def test_the_menu_undo_action_finishes_a_running_edit_first(qtbot):
    from contrastive_viz.app.main_window import MainWindow
    from contrastive_viz.app.models.explorer import ExplorerModel

    pg = PlaygroundController(article_example())
    w = MainWindow(pg, ExplorerModel(), interactive=False)
    qtbot.addWidget(w)
    start = pg.scene.temperature
    assert pg.set_temperature(0.5)
    pg.slide_temperature(0.8)
    w.actions_by_name["undo"].trigger()
    w.actions_by_name["undo"].trigger()
    assert pg.scene.temperature == start and not pg.edit.active
