"""The window holds still: no command, drag or text makes it or its splitters move."""

import numpy as np
import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication

from contrastive_viz.app.controllers.playground import PlaygroundController
from contrastive_viz.app.controllers.window_state import clamp_to_screen
from contrastive_viz.app.main_window import MainWindow
from contrastive_viz.app.models.explorer import ExplorerModel
from contrastive_viz.core.presets import article_example


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("CONTRASTIVE_VIZ_DATA_DIR", str(tmp_path / "data"))
    w = MainWindow(PlaygroundController(article_example()), ExplorerModel(), interactive=False)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    return w


def _layout(w):
    QApplication.processEvents()
    left = w.main_split.widget(0)
    return w.size().toTuple(), w.main_split.sizes(), left.sizes()


def twenty_edits(pg) -> None:
    """Twenty undoable actions with long undo texts: drags, renames, τ, adds."""
    rng = np.random.default_rng(3)
    for k in range(5):
        i = pg.scene.names.index("n2")
        pg.begin_drag(i)
        pg.drag_to(i, rng.normal(size=3))
        pg.end_drag()
        pg.set_temperature(0.05 + 0.1 * k)
        pg.add_vector("negative", rng.normal(size=3))
        pg.edit_vector(i + 1, name=f"a rather long negative name {k}")


def test_twenty_edits_move_neither_the_window_nor_its_splitters(window):
    before = _layout(window)
    twenty_edits(window.playground)
    assert window.playground.undo_stack.count() == 20
    assert "long negative name" in window.actions_by_name["undo"].text()
    assert _layout(window) == before
    window.playground.undo_stack.undo()
    assert _layout(window) == before


def test_the_undo_button_keeps_its_text_and_tells_the_command_in_its_tooltip(window):
    button = window.edit_buttons.buttons["Undo"]
    assert not button.isEnabled()
    window.playground.set_temperature(0.5)
    assert button.isEnabled() and button.text() == "Undo"
    assert "Temperature 0.5" in button.toolTip()
    button.click()
    assert window.playground.scene.temperature == article_example().temperature


def test_a_restored_geometry_is_clamped_to_the_screen():
    screen = QRect(0, 0, 1600, 1000)
    assert clamp_to_screen(QRect(100, 50, 1625, 1099), screen) == QRect(0, 0, 1600, 1000)
    assert clamp_to_screen(QRect(900, 700, 1000, 600), screen) == QRect(600, 400, 1000, 600)
    assert clamp_to_screen(QRect(10, 20, 800, 600), screen) == QRect(10, 20, 800, 600)


def test_a_temperature_error_leaves_the_status_bar_once_a_good_value_is_typed(window, qtbot):
    from PySide6.QtCore import Qt

    field = window.temperature.field
    for text in ("abc", "0.25"):
        field.clear()
        qtbot.keyClicks(field, text)
        qtbot.keyClick(field, Qt.Key.Key_Return)
        if text == "abc":
            assert window.statusBar().currentMessage()
    assert window.statusBar().currentMessage() == ""
    assert window.playground.scene.temperature == 0.25


def test_each_tab_has_its_own_hint(window):
    hint = window.status.hint
    assert "sphere" in hint.text()
    window.tabs.setCurrentIndex(1)
    assert "sphere" not in hint.text() and "point" in hint.text()
    window.tabs.setCurrentIndex(0)
    assert "sphere" in hint.text()


def test_quitting_with_unsaved_edits_asks_first(window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    answers = [QMessageBox.Cancel, QMessageBox.Discard]
    asked = []

    def question(*args):
        asked.append(args[2])
        return answers.pop(0)

    monkeypatch.setattr(
        "contrastive_viz.app.controllers.scene_files.QMessageBox.question", question
    )
    window.files.interactive = True
    window.playground.set_temperature(0.5)
    assert not window.close() and window.isVisible()  # Cancel
    assert window.close() and not window.isVisible()  # Discard
    assert len(asked) == 2 and "Save the changes" in asked[0]
