"""View ▸ Pictures in Place of Dots: in the View menu, remembered, switches the layer."""

from PySide6.QtCore import QSettings

from contrastive_viz.app.controllers.picture_wiring import SETTING
from contrastive_viz.app.controllers.playground import PlaygroundController
from contrastive_viz.app.main_window import MainWindow
from contrastive_viz.app.models.explorer import ExplorerModel
from contrastive_viz.core.presets import article_example


def _window(qtbot):
    w = MainWindow(PlaygroundController(article_example()), ExplorerModel(), interactive=False)
    qtbot.addWidget(w)
    return w


def test_the_view_menu_toggle_switches_pictures_and_is_remembered(qtbot):
    QSettings().remove(SETTING)
    w = _window(qtbot)
    action, layer = w.pictures_action, w.explorer_view.scatter_pictures
    view_menu = next(a.menu() for a in w.menuBar().actions() if a.text() == "&View")
    assert action in view_menu.actions() and action.isChecked() and layer.enabled
    assert action.shortcut().toString() == "Ctrl+Shift+P"
    action.trigger()
    assert not layer.enabled and QSettings().value(SETTING, type=bool) is False
    again = _window(qtbot)
    assert not again.pictures_action.isChecked()
    assert not again.explorer_view.scatter_pictures.enabled
    QSettings().remove(SETTING)
