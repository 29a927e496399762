"""View ▸ Pictures in Place of Dots: the explorer's 2-D plot shows the points' pictures
(:class:`~contrastive_viz.app.views.scatter_thumbnails.ScatterThumbnails`) once at most
400 are in view; the choice is remembered (QSettings ``explorer/pictures_on_plot``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QAction, QKeySequence

__all__ = ["SETTING", "install_pictures_toggle"]

SETTING = "explorer/pictures_on_plot"


def install_pictures_toggle(window) -> QAction:
    """Add the checkable action to the window's View menu (or the menu bar) and return it."""
    tr = QCoreApplication.translate
    layer = window.explorer_view.scatter_pictures
    action = QAction(tr("PictureWiring", "Pictures in Place of &Dots"), window)
    action.setCheckable(True)
    action.setShortcut(QKeySequence("Ctrl+Shift+P"))
    action.setToolTip(tr("PictureWiring", "On the 2-D plot, show each point's picture "
                                          "once at most 400 points are in view"))  # fmt: skip
    action.setChecked(QSettings().value(SETTING, True, type=bool))
    layer.set_enabled(action.isChecked())

    def toggled(on: bool) -> None:
        layer.set_enabled(on)
        QSettings().setValue(SETTING, bool(on))

    action.toggled.connect(toggled)
    menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
    view = next((m for m in menus if m.title().replace("&", "") == "View"), None)
    (view or window.menuBar()).addAction(action)
    return action
