"""The explorer half: toolbar, 2-D/3-D views, legend, status line, progress with Cancel.

A right-hand ``side_area`` (a vertical QSplitter, hidden while empty) takes the
neighbours and dataset panels: call :meth:`ExplorerWidget.add_side_widget`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..models.explorer import ExplorerModel
from . import theme
from .explorer_toolbar import ExplorerToolbar
from .legend_list import LegendList
from .quality_panel import QualityPanel
from .scatter3d_view import Scatter3DView
from .scatter_thumbnails import ScatterThumbnails
from .scatter_view import ScatterView

__all__ = ["ExplorerWidget"]


class ExplorerWidget(QWidget):
    """The explorer half of the window.

    A passive view: it follows ``model`` and shows the loader's busy state and
    progress through :meth:`set_busy` and :meth:`set_progress`.

    Parameters
    ----------
    model : ExplorerModel
    parent : QWidget, optional

    Attributes
    ----------
    toolbar : ExplorerToolbar
    scatter, scatter3d : ScatterView, Scatter3DView
    stack : QStackedWidget
        Page 0 the 2-D view, page 1 the 3-D view (follows ``settings.dims``).
    legend : LegendList
    quality_panel : QualityPanel
        Trustworthiness and kNN recall of the map, under the legend.
    side_area : QSplitter
        Vertical splitter on the right for extra panels (see :meth:`add_side_widget`).
    status_label, progress_bar, cancel_button
        The status line; the bar and button are visible only while busy.

    Signals
    -------
    cancel_requested()
        The Cancel button was clicked.
    """

    cancel_requested = Signal()

    def __init__(self, model: ExplorerModel, parent: QWidget | None = None):
        super().__init__(parent)
        self._model = model
        self._busy = False
        self.toolbar = ExplorerToolbar(model)
        self.scatter = ScatterView(model)
        self.scatter_pictures = ScatterThumbnails(self.scatter, model)
        self.scatter3d = Scatter3DView(model)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.scatter)
        self.stack.addWidget(self.scatter3d)
        self.legend = LegendList(model)
        self.quality_panel = QualityPanel(model)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.legend, 1)
        column.addWidget(self.quality_panel)
        plots = QWidget()
        row = QHBoxLayout(plots)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.stack, 1)
        row.addLayout(column)
        self.side_area = QSplitter(Qt.Orientation.Vertical)
        self.side_area.hide()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(plots)
        self.splitter.addWidget(self.side_area)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)

        self.status_label = QLabel()
        self.status_label.setToolTip("Points × dimensions, file, variance explained by the axes")
        self.progress_bar = QProgressBar(minimum=0, maximum=1000, textVisible=True)
        self.progress_bar.setToolTip("Progress of the background job")
        self.worker_label = QLabel()
        self.worker_label.setToolTip("The map worker process (UMAP/t-SNE)")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop loading / projecting; the current data stays")
        status = QHBoxLayout()
        status.setContentsMargins(6, 0, 6, 2)
        status.addWidget(self.status_label, 1)
        status.addWidget(self.worker_label)
        status.addWidget(self.progress_bar)
        status.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(status)

        self.cancel_button.clicked.connect(self.cancel_requested)
        model.settings.dims_changed.connect(self._on_settings_dims_changed)
        model.data.projection_changed.connect(self._update_status)
        self._on_settings_dims_changed(model.settings.dims)
        self.set_busy(False)

    def add_side_widget(self, widget: QWidget) -> None:
        """Add a panel to the right-hand side area (shown once it holds a widget)."""
        self.side_area.addWidget(widget)
        self.side_area.show()

    def _on_settings_dims_changed(self, dims: int) -> None:
        self.stack.setCurrentWidget(self.scatter if dims == 2 else self.scatter3d)

    def set_busy(self, busy: bool) -> None:
        """Show the progress bar and Cancel while a job runs; the status line after."""
        self._busy = bool(busy)
        self.progress_bar.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if busy:
            self.progress_bar.setValue(0)
        else:
            self._update_status()

    def set_progress(self, fraction: float, message: str) -> None:
        """Progress of the running job, and what it does (in the status line)."""
        self.progress_bar.setValue(round(1000 * fraction))
        self.progress_bar.setFormat(f"{100 * fraction:.0f} %")
        if self._busy:
            self.status_label.setText(message)

    def set_worker_status(self, text: str) -> None:
        """What the map worker does ahead of use ("preparing UMAP…"), or ""."""
        self.worker_label.setText(text)

    def _update_status(self, *_args) -> None:
        ds, proj = self._model.data.dataset, self._model.data.projection
        if ds is None or proj is None:
            self.status_label.setText("No embeddings loaded")
            return
        parts = [f"{ds.n:,} × {ds.d}", ds.path.name]
        ratios = proj.explained_variance_ratio
        if self._model.data.map is not None:
            parts.append(self._model.data.map.note())
        elif proj.solver != "identity":
            each = " + ".join(f"{100 * r:.1f}" for r in ratios)
            parts.append(f"PCA{' (normalized)' if proj.normalized else ''}: {each} % variance")
        if ds.dropped:
            parts.append(f"{ds.dropped:,} invalid rows dropped")
        self.status_label.setText("   ·   ".join(parts))

    def apply_theme(self, pal: theme.Palette) -> None:
        """Restyle every child view for ``pal``."""
        for view in (self.toolbar, self.scatter, self.scatter3d, self.legend, self.quality_panel):
            view.apply_theme(pal)
        self.quality_panel.setFixedWidth(self.legend.width())
        self.status_label.setStyleSheet(f"color: {pal.muted};")
        self.worker_label.setStyleSheet(f"color: {pal.muted};")
