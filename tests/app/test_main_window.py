"""The assembled window: presentation keys, scene files, screenshot smoke test."""

import json
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from contrastive_viz.app.controllers.playground import PlaygroundController
from contrastive_viz.app.main_window import MainWindow
from contrastive_viz.app.models.explorer import ExplorerModel
from contrastive_viz.core.presets import PRESETS, article_example
from contrastive_viz.core.scene import save_scene


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("CONTRASTIVE_VIZ_DATA_DIR", str(tmp_path / "data"))
    w = MainWindow(PlaygroundController(article_example()), ExplorerModel(), interactive=False)
    qtbot.addWidget(w)
    w.resize(1000, 700)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_scene_save_then_load_is_unchanged(window, tmp_path):
    window.playground.set_temperature(0.3)
    window.playground.add_vector("negative", [0.1, 0.2, 0.9])
    path = tmp_path / "s.json"
    assert window.files._write(path)
    saved = window.playground.scene
    window.playground.load(PRESETS["One hard negative"]())
    assert window.files.open(path)
    assert window.playground.scene == saved and window.playground.model.path == path


def test_malformed_scene_keeps_current_scene(window, tmp_path, qtbot):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "contrastive-viz-scene", "version": 1}))
    before = window.playground.scene
    with qtbot.waitSignal(window.files.message) as sig:
        assert not window.files.open(bad)
    assert "vectors" in sig.args[0]
    assert window.playground.scene is before


def test_error_dialog_is_shown_for_a_bad_scene(window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(
        "contrastive_viz.app.controllers.scene_files.QMessageBox.critical",
        lambda *a: shown.append(a[1:]),
    )
    window.files.interactive = True
    bad = tmp_path / "bad.json"
    bad.write_text("{oops")
    window.files.open(bad)
    assert shown and "not valid JSON" in shown[0][1]


def test_presentation_keys(window, qtbot):
    window.present.set_presenting(True)
    assert window.isFullScreen() and not window.menuBar().isVisible()
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.wait(200)
    # The article's example is slide 1: the counter starts there and → goes on to slide 2.
    assert window.presentation.index == 0
    assert window.caption.text() == f"1 / {len(PRESETS)} · {list(PRESETS)[0]}"
    qtbot.keyClick(window, Qt.Key_Right)
    qtbot.waitUntil(lambda: not window.presentation.animating, timeout=3000)
    assert window.playground.scene.title == list(PRESETS)[1]
    assert window.caption.text().startswith(f"2 / {len(PRESETS)} · ")
    qtbot.keyClick(window, Qt.Key_Left)
    assert window.presentation.index == 0
    qtbot.waitUntil(lambda: not window.presentation.animating, timeout=3000)
    qtbot.keyClick(window, Qt.Key_Space)
    assert window.player.running
    qtbot.keyClick(window, Qt.Key_Space)
    assert not window.player.running
    qtbot.keyClick(window, Qt.Key_Escape)
    assert not window.present.presenting and window.menuBar().isVisible()


def test_recovery_file_is_written_and_offered(window, qtbot, monkeypatch):
    window.playground.set_temperature(2.0)
    window.files.write_recovery()
    assert window.files.recovery_path.exists()
    window.files.recovery.release()  # as if the first window had crashed
    other = MainWindow(PlaygroundController(article_example()), ExplorerModel(), interactive=False)
    qtbot.addWidget(other)
    monkeypatch.setattr(
        "contrastive_viz.app.controllers.scene_files.QMessageBox.question", lambda *a: 0x00004000
    )  # Yes
    assert other.files.offer_recovery()
    assert other.playground.scene.temperature == 2.0


def test_screenshot_writes_a_non_blank_png(tmp_path):
    scene = tmp_path / "scene.json"
    save_scene(article_example(), scene)
    out = tmp_path / "shot.png"
    env_python = sys.executable
    result = subprocess.run(
        [env_python, "-m", "contrastive_viz", "--scene", str(scene), "--screenshot", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "CONTRASTIVE_VIZ_DATA_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert image.width() >= 1000 and image.height() >= 600
    colours = {image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, 600, 29)}
    assert len(colours) > 20


def test_step_in_original_space_explains_itself(window, qtbot):
    import numpy as np

    from contrastive_viz.core.scene import Scene

    rng = np.random.default_rng(0)
    scene = Scene(
        names=("a", "p", "n"),
        roles=("anchor", "positive", "negative"),
        colors=("#ffffff",) * 3,
        directions=rng.normal(size=(3, 3)),
        features=tuple(rng.normal(size=(3, 16))),
    )
    window.playground.load(scene)
    with qtbot.waitSignal(window.statusBar().messageChanged) as sig:
        window.actions_by_name["step"].trigger()
    assert "16-D" in sig.args[0]
    assert window.playground.scene == scene


def _idle(busy: bool) -> bool:
    """The explorer's loader went idle (the dataset is installed when this is emitted)."""
    return not busy


def test_opened_embeddings_join_the_recent_files(window, qtbot, tmp_path):
    import numpy as np

    path = tmp_path / "emb.npy"
    np.save(path, np.random.default_rng(0).normal(size=(50, 8)).astype(np.float32))
    with qtbot.waitSignal(
        window.explorer_controller.loader.busy_changed, timeout=20_000, check_params_cb=_idle
    ):
        window.open_paths([path])
    assert window.files.recent.paths()[0] == str(path.resolve())
    assert window.tabs.currentIndex() == 1


def test_invalid_rows_offer_to_drop_them(window, qtbot, tmp_path):
    import numpy as np

    x = np.random.default_rng(1).normal(size=(40, 6)).astype(np.float32)
    x[3] = np.nan
    path = tmp_path / "bad.npy"
    np.save(path, x)
    explorer = window.explorer_controller
    before = window.explorer.data.dataset
    with qtbot.waitSignal(explorer.invalid_rows, timeout=20_000) as sig:
        explorer.open(path)
    assert "NaN" in sig.args[0] and sig.args[1] == path
    assert window.explorer.data.dataset is before
    with qtbot.waitSignal(explorer.loader.busy_changed, timeout=20_000, check_params_cb=_idle):
        explorer.open(path, None, drop_invalid=True)
    assert window.explorer.data.dataset.dropped == 1 and window.explorer.data.dataset.n == 39
