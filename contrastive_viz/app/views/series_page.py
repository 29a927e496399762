"""The Series tab: an empty state that offers the demo, or the linked views A and B,
the change table, the metrics, the alignment–uniformity plane and the timeline.

Layout only (one widget, passive). Views A and B come in 2-D
(:class:`~.series_plot2d.SeriesPlot2D`) and 3-D (:class:`~.series_plot3d.SeriesPlot3D`,
made on first use so a 2-D session creates no GL window); :meth:`SeriesPage.show_dims`
switches. While the tab has focus, ←/→ emit ``step_key(±1)`` and Space ``play_key``
(shortcuts scoped to this widget, so the playground's and presentation mode's bindings
are untouched).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from . import theme
from .series_au_plane import SeriesAUPlane
from .series_metrics_plot import SeriesMetricsPlot
from .series_moved_table import SeriesMovedTable
from .series_options import SeriesOptions
from .series_plot2d import SeriesPlot2D
from .series_timeline import SeriesTimeline

__all__ = ["SeriesPage"]


class SeriesPage(QWidget):
    """The series tab (see the module).

    Signals
    -------
    demo_requested(), open_folder_requested()
        The empty state's buttons.
    step_key(int)
        ← (−1) or → (+1) while the tab has focus.
    play_key()
        Space while the tab has focus.
    """

    demo_requested = Signal()
    open_folder_requested = Signal()
    step_key = Signal(int)
    play_key = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._empty_page())
        self.options = SeriesOptions()
        self.timeline = SeriesTimeline()
        self.plots2d = (SeriesPlot2D("A"), SeriesPlot2D("B"))
        self.plots2d[0].link_camera(self.plots2d[1])
        self.plots3d = None
        self.pair = QSplitter(Qt.Horizontal)
        for plot in self.plots2d:
            self.pair.addWidget(plot)
        self.views = QStackedWidget()
        self.views.addWidget(self.pair)
        self.table = SeriesMovedTable()
        self.metrics = SeriesMetricsPlot()
        self.au_plane = SeriesAUPlane()
        self.side = QTabWidget()
        self.side.setDocumentMode(True)
        self.side.addTab(self.table, self.tr("Most moved"))
        self.side.addTab(self.metrics, self.tr("Metrics"))
        self.side.addTab(self.au_plane, self.tr("Alignment–uniformity"))
        self.split = QSplitter(Qt.Horizontal)
        self.split.addWidget(self.views)
        self.split.addWidget(self.side)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 1)
        self.split.setSizes([900, 360])
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.options)
        layout.addWidget(self.split, 1)
        layout.addWidget(self.timeline)
        self.stack.addWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self.setFocusPolicy(Qt.StrongFocus)
        for key, slot in (
            (Qt.Key_Left, lambda: self.step_key.emit(-1)),
            (Qt.Key_Right, lambda: self.step_key.emit(1)),
            (Qt.Key_Space, self.play_key.emit),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def _empty_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        text = QLabel(
            self.tr(
                "<h3>Embeddings over time</h3>"
                "<p>Open a folder of checkpoints (epoch_001.npy, step-1200.npy, …), several "
                "files, or compare two files: every step is projected with PCA and aligned "
                "to its neighbour, so you can scrub, play and see what training did.</p>"
            )
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignCenter)
        text.setMaximumWidth(620)
        layout.addWidget(text, 0, Qt.AlignHCenter)
        self.demo_button = QPushButton(self.tr("Open the demo series"))
        self.demo_button.setToolTip(self.tr("A small made-up training run (made once, cached)"))
        self.demo_button.clicked.connect(self.demo_requested.emit)
        self.folder_button = QPushButton(self.tr("Open Series Folder…"))
        self.folder_button.clicked.connect(self.open_folder_requested.emit)
        for button in (self.demo_button, self.folder_button):
            layout.addWidget(button, 0, Qt.AlignHCenter)
        layout.addStretch(2)
        return page

    # ------------------------------------------------------------ state
    def show_content(self, shown: bool) -> None:
        """The views (True) or the empty state with the demo button (False)."""
        self.stack.setCurrentIndex(1 if shown else 0)

    def show_dims(self, dims: int):
        """Show the 2-D or 3-D pair; returns the (A, B) plots now shown."""
        if dims == 3 and self.plots3d is None:
            from .series_plot3d import SeriesPlot3D  # GL only when asked for

            self.plots3d = (SeriesPlot3D("A"), SeriesPlot3D("B"))
            self.plots3d[0].link_camera(self.plots3d[1])
            pair = QSplitter(Qt.Horizontal)
            for plot in self.plots3d:
                pair.addWidget(plot)
            self.views.addWidget(pair)
        self.views.setCurrentIndex(1 if dims == 3 else 0)
        return self.plots3d if dims == 3 else self.plots2d

    def apply_theme(self, pal: theme.Palette) -> None:
        for view in (*self.plots2d, *(self.plots3d or ()), self.metrics, self.au_plane):
            view.apply_theme(pal)
