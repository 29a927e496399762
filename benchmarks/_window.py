"""The app's main window as the benchmarks use it: 1280x800, shown and settled."""

from __future__ import annotations


def open_window(scene=None, tab: int = 0, settle: int = 20):
    """Build, show and settle a MainWindow; returns ``(app, window)``.

    ``scene`` defaults to the article's example; ``tab`` 0 is the playground,
    1 the explorer.
    """
    from PySide6.QtTest import QTest

    from contrastive_viz.app.application import make_application
    from contrastive_viz.app.controllers.playground import PlaygroundController
    from contrastive_viz.app.main_window import MainWindow
    from contrastive_viz.app.models.explorer import ExplorerModel
    from contrastive_viz.core.presets import article_example

    app = make_application()
    playground = PlaygroundController(scene if scene is not None else article_example())
    window = MainWindow(playground, ExplorerModel(), interactive=False)
    window.resize(1280, 800)
    window.show()
    window.tabs.setCurrentIndex(tab)
    QTest.qWaitForWindowExposed(window)
    for _ in range(settle):
        app.processEvents()
    return app, window
