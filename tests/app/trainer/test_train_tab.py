"""The Train tab in the window: the tab and menu, refusals at the control, the bridge to
the playground (its loss is the anchor's term of the step's loss), closing mid-run."""

import numpy as np
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtTest import QTest

from contrastive_viz.app.controllers.playground import PlaygroundController
from contrastive_viz.app.controllers.trainer_wiring import SETTINGS_KEY
from contrastive_viz.app.main_window import MainWindow
from contrastive_viz.app.models.explorer import ExplorerModel
from contrastive_viz.core.presets import article_example
from contrastive_viz.core.training import vectors_data
from contrastive_viz.core.training.bridge import anchor_terms


def _blobs():
    rng = np.random.default_rng(1)
    lab = np.arange(60) % 3
    return vectors_data(rng.normal(size=(3, 8))[lab] * 3 + rng.normal(size=(60, 8)), lab, "blobs")


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("CONTRASTIVE_VIZ_DATA_DIR", str(tmp_path / "data"))
    QSettings().remove(SETTINGS_KEY)  # each test starts from the default settings
    w = MainWindow(PlaygroundController(article_example()), ExplorerModel(), interactive=False)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.trainer.trainer.shutdown()


def test_the_tab_loads_the_digits_and_the_menu_exists(window, qtbot):
    wire = window.trainer
    assert window.tabs.tabText(wire.tab_index) == "Train"
    assert wire.actions["train_start"].shortcut().toString() == "Ctrl+T"
    window.tabs.setCurrentIndex(wire.tab_index)
    qtbot.waitUntil(lambda: wire.trainer.data is not None, timeout=20_000)
    assert wire.trainer.data.x.shape == (1797, 64)
    assert wire.model.embeddings.shape == (1797, 3)


def test_a_typed_invalid_value_is_refused_at_the_control(window, qtbot):
    wire = window.trainer
    wire.trainer.set_data(_blobs())
    field = wire.page.controls.fields["batch_size"]
    field.setText("1")
    field.editingFinished.emit()
    assert field.text() == "256" and wire.model.settings.batch_size == 256
    assert "batch_size" in wire.page.controls.status.text()
    width = wire.page.controls.fields["hidden"]
    width.setText("0")
    width.editingFinished.emit()
    assert width.text() == "128" and "hidden" in wire.page.controls.status.text()


@pytest.mark.parametrize("loss", ["nt_xent", "supcon"])
def test_sending_a_paused_steps_anchor_gives_its_term_of_the_loss(window, qtbot, loss):
    wire = window.trainer
    wire.trainer.set_data(_blobs())
    for name, value in (("batch_size", "12"), ("hidden", "16"), ("loss", loss)):
        wire.trainer.change(name, value)
    wire.trainer.start(max_steps=4)
    qtbot.waitUntil(lambda: wire.model.state == "paused", timeout=20_000)
    batch = wire.trainer.run.last_batch
    terms = anchor_terms(batch.u, batch.temperature, loss, batch.labels)
    assert np.nanmean(terms) == pytest.approx(wire.model.loss[-1], rel=1e-13)
    for view in (0, 5, 13):
        wire.send_to_playground(view)
        assert window.tabs.currentIndex() == 0
        ev = window.playground.evaluation
        assert ev.result.loss == pytest.approx(terms[view], rel=1e-12)
        assert window.playground.scene.temperature == batch.temperature
    wire.send_to_playground(99)  # out of range: refused, the scene stays
    assert "index" in wire.page.controls.status.text()


def test_closing_the_window_mid_run_stops_training(window, qtbot):
    wire = window.trainer
    wire.trainer.set_data(_blobs())
    wire.trainer.change("batch_size", "12")
    wire.trainer.start()
    qtbot.waitUntil(lambda: wire.model.step >= 3, timeout=20_000)
    window.close()
    assert not wire.trainer.running
    step = wire.trainer.run.step_count
    QTest.qWait(200)
    assert wire.trainer.run.step_count == step


def test_clicking_a_point_of_the_last_batch_makes_it_the_anchor(window, qtbot):
    from PySide6.QtCore import QPointF, Qt

    wire = window.trainer
    window.tabs.setCurrentIndex(wire.tab_index)
    wire.trainer.set_data(_blobs())
    wire.trainer.change("batch_size", "12")
    wire.trainer.start(max_steps=2)
    qtbot.waitUntil(lambda: wire.model.state == "paused", timeout=20_000)
    gl = wire.page.sphere.gl
    qtbot.waitUntil(lambda: gl.width() > 50, timeout=5_000)
    batch = wire.trainer.run.last_batch
    from contrastive_viz.app.views.overlay_painter import qmatrix_to_numpy
    from contrastive_viz.core.screen import project

    dpr = gl.devicePixelRatioF()
    region = (0, 0, gl.width() * dpr, gl.height() * dpr)
    mvp = qmatrix_to_numpy(gl.projectionMatrix(region, region) * gl.viewMatrix())
    xy, depth = project(gl._pos, mvp, gl.width(), gl.height())
    row = int(batch.indices[3])
    # the front-most point of the batch is the one a click reaches
    front = [int(r) for r in batch.indices]
    row = min(front, key=lambda r: depth[r])
    at = QPointF(*xy[row])
    QTest.mousePress(gl, Qt.LeftButton, Qt.NoModifier, at.toPoint())
    QTest.mouseRelease(gl, Qt.LeftButton, Qt.NoModifier, at.toPoint())
    picked = gl.picked
    assert picked >= 0
    if picked in front:
        assert wire.page.controls.anchor.text() == str(front.index(picked))
        assert "Send makes it the anchor" in wire.page.controls.status.text()
    else:
        assert "not in step 2's batch" in wire.page.controls.status.text()


def test_settings_are_remembered_across_windows(window, qtbot):
    window.trainer.trainer.change("temperature", "0.5")
    window.trainer.trainer.change("hidden", "64")
    window.close()
    other = MainWindow(PlaygroundController(article_example()), ExplorerModel(), interactive=False)
    qtbot.addWidget(other)
    assert other.trainer.model.settings.temperature == 0.5
    assert other.trainer.model.settings.hidden == 64
    assert other.trainer.page.controls.fields["hidden"].text() == "64"
    other.close()
