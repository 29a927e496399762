"""One continuous-edit protocol: one evaluation per change, one undo step per gesture."""

import threading

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from contrastive_viz.app.controllers.jobs import Job
from contrastive_viz.app.controllers.playground import PlaygroundController
from contrastive_viz.app.views.temperature_control import TemperatureControl
from contrastive_viz.core import scene as sc
from contrastive_viz.core.presets import article_example, uniform_negatives
from tests.app.playground_helpers import build


@pytest.fixture
def pg(qapp):
    return PlaygroundController(article_example())


@pytest.fixture
def evaluations(monkeypatch):
    """The scenes ``core.scene.evaluate`` is called with from now on."""
    calls = []
    real = sc.evaluate
    monkeypatch.setattr(sc, "evaluate", lambda scene: calls.append(scene) or real(scene))
    return calls


def test_a_drag_of_n_moves_evaluates_n_times_and_none_at_finish(pg, evaluations):
    editing = []
    pg.model.editing_changed.connect(editing.append)
    broadcasts = []
    pg.model.scene_changed.connect(broadcasts.append)
    pg.begin_drag(2)
    moves = 7
    for t in np.linspace(0, 1, moves):
        pg.drag_to(2, [np.cos(t), np.sin(t), 0.3])
    assert len(evaluations) == moves and len(broadcasts) == moves
    pg.end_drag()
    assert len(evaluations) == moves and len(broadcasts) == moves  # no re-apply
    assert editing == [True, False]
    assert pg.undo_stack.count() == 1 and pg.undo_stack.text(0) == "Drag n1"
    assert pg.model.selected == 2


def test_undo_and_redo_evaluate_once_each(pg, evaluations):
    pg.begin_drag(2)
    pg.drag_to(2, [0.0, 0.0, 1.0])
    pg.end_drag()
    dragged = pg.scene
    evaluations.clear()
    pg.undo_stack.undo()
    assert len(evaluations) == 1 and pg.scene == article_example()
    pg.undo_stack.redo()
    assert len(evaluations) == 2 and pg.scene is dragged


def test_a_slider_gesture_is_one_step_with_one_evaluation_per_value(qtbot, pg, evaluations):
    ctrl = build(TemperatureControl, pg)
    qtbot.addWidget(ctrl)
    evaluations.clear()
    ctrl.slider.setSliderDown(True)
    for step in (100, 200, 300, 400):
        ctrl.slider.setValue(step)
    assert pg.model.editing and len(evaluations) == 4
    ctrl.slider.setSliderDown(False)
    assert len(evaluations) == 4 and not pg.model.editing
    assert pg.undo_stack.count() == 1 and pg.undo_stack.text(0) == "Temperature"


def test_a_discrete_edit_evaluates_once(pg, evaluations):
    pg.set_temperature(0.3)
    assert len(evaluations) == 1


def test_an_edit_that_changes_nothing_records_nothing(pg):
    finished = []
    pg.edit.finished.connect(finished.append)
    pg.edit.begin("Nothing")
    pg.edit.finish()
    assert pg.undo_stack.count() == 0 and finished == [] and not pg.model.editing


def test_cancel_goes_back_without_an_undo_step(pg):
    before = pg.scene
    token = pg.edit.begin("Drag")
    pg.drag_to(3, [0.0, 1.0, 0.0])
    assert pg.edit.owns(token)
    pg.edit.cancel()
    assert pg.scene is before and pg.undo_stack.count() == 0 and not pg.edit.owns(token)


def test_a_new_edit_finishes_the_running_one(pg):
    first = pg.edit.begin("Gradient descent")
    pg.step(record=False)
    second = pg.edit.begin("Drag n1")
    assert pg.undo_stack.count() == 1 and not pg.edit.owns(first) and pg.edit.owns(second)


def test_a_job_result_reaches_the_model_on_the_gui_thread(qtbot, pg):
    threads = []
    pg.model.scene_changed.connect(lambda _scene: threads.append(threading.get_ident()))
    job = Job(lambda _progress, _cancelled: uniform_negatives(20), "scene")
    job.finished.connect(lambda scene: pg.load(scene, None, "From a job"))  # controller slot
    with qtbot.waitSignal(job.finished, timeout=10_000):
        job.start()
    QApplication.processEvents()
    assert threads == [threading.main_thread().ident]
    assert pg.evaluation.n_negatives == 20
