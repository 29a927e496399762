"""The window title follows the file, the scene's title and unsaved edits."""

from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget

from contrastive_viz.app.controllers.playground import PlaygroundController
from contrastive_viz.app.controllers.window_state import WindowTitle, restore_window, save_window
from contrastive_viz.app.views import theme
from contrastive_viz.core.presets import article_example


def test_title_names_the_scene_and_marks_unsaved_edits(qtbot, tmp_path):
    window = QMainWindow()
    qtbot.addWidget(window)
    pg = PlaygroundController(article_example())
    WindowTitle(window, pg)
    title = article_example().title or "untitled"
    assert window.windowTitle() == f"{title} — contrastive-viz"
    pg.set_temperature(0.5)
    assert window.windowTitle() == f"{title} * — contrastive-viz"
    pg.model.path = tmp_path / "talk.json"
    pg.undo_stack.setClean()
    assert window.windowTitle() == "talk.json — contrastive-viz"


def test_splitter_and_theme_round_trip(qtbot, monkeypatch):
    window = QMainWindow()
    qtbot.addWidget(window)
    split = QSplitter()
    split.addWidget(QWidget())
    split.addWidget(QWidget())
    window.setCentralWidget(split)
    window.resize(600, 300)
    split.setSizes([400, 200])
    monkeypatch.setattr(theme, "palette", lambda: theme.LIGHT)
    save_window(window, split)
    split.setSizes([100, 500])
    chosen = []
    restore_window(window, split, chosen.append)
    assert split.sizes()[0] > split.sizes()[1] and chosen == [theme.LIGHT]
