"""The playground controller: edits, derived values, undo/redo, drags."""

import numpy as np
import pytest

from contrastive_viz.app.controllers.playground import PlaygroundController
from contrastive_viz.core.presets import article_example, uniform_negatives
from contrastive_viz.core.scene import evaluate


@pytest.fixture
def state(qapp):
    return PlaygroundController(article_example())


def _same_numbers(state):
    return state.evaluation.result.loss == evaluate(state.scene).result.loss


def test_temperature_edits_and_refusals(state):
    seen = []
    state.model.scene_changed.connect(seen.append)
    assert state.set_temperature(0.5)
    assert seen == [state.scene]
    assert state.scene.temperature == 0.5 and _same_numbers(state)
    for bad in (0, -1, float("nan"), float("inf"), "warm", 1e5, 1e-5):
        assert not state.set_temperature(bad)
    assert state.scene.temperature == 0.5
    assert state.undo_stack.count() == 1


def test_undo_redo_every_edit(state):
    original = state.scene
    state.set_temperature(1.0)
    state.add_vector("negative", [0, 0, 1])
    state.edit_vector(0, name="anchor")
    state.set_loss("triplet")
    assert state.undo_stack.count() == 4
    for _ in range(4):
        state.undo_stack.undo()
    assert state.scene == original
    for _ in range(4):
        state.undo_stack.redo()
    assert state.scene.loss == "triplet" and state.scene.names[0] == "anchor"
    assert len(state.scene) == 8 and _same_numbers(state)


def test_a_whole_drag_is_one_undo_step(state, qtbot):
    start = state.scene.directions[1].copy()
    state.begin_drag(1)
    for t in np.linspace(0, 1, 10):
        state.drag_to(1, [np.cos(t), np.sin(t), 0.2])
    with qtbot.waitSignal(state.edit.finished):
        state.end_drag()
    assert state.undo_stack.count() == 1
    assert np.linalg.norm(state.scene.directions[1]) == pytest.approx(1.0)
    state.undo_stack.undo()
    np.testing.assert_array_equal(state.scene.directions[1], start)


def test_invalid_edits_are_refused_and_keep_the_scene(state):
    before = state.scene
    assert state.edit_vector(0, role="negative") is not None
    assert state.edit_vector(1, name="n1") is not None  # duplicate
    assert not state.set_direction(0, [0, 0, 0])
    assert not state.set_direction(0, [np.nan, 0, 1])
    assert state.remove_vector(1) is not None  # the only positive
    assert state.scene is before and state.undo_stack.count() == 0


def test_role_change_recolours_default_colours(state):
    assert state.edit_vector(2, role="positive") is None
    assert state.scene.colors[2] == state.scene.colors[1]


def test_step_descends_and_stays_on_sphere(state):
    state.load(uniform_negatives())
    before = state.evaluation.result.loss
    angle = state.step()
    assert 0 < angle <= 0.08
    assert state.evaluation.result.loss < before
    assert np.linalg.norm(state.scene.directions[state.scene.anchor_index]) == pytest.approx(1)


def test_randomize_negatives_moves_only_negatives(state):
    before = state.scene.directions.copy()
    state.randomize_negatives(rng=1)
    neg = state.scene.index("negative")
    np.testing.assert_array_equal(state.scene.directions[:2], before[:2])
    assert not np.allclose(state.scene.directions[neg], before[neg])
