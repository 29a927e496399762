"""The explorer half: toolbar, 2-D/3-D views, legend, status line, progress with Cancel.

A right-hand ``side_area`` (a vertical QSplitter, hidden while empty) takes the
neighbours and dataset panels: call :meth:`ExplorerWidget.add_side_widget`.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QLinearGradient, QPainter, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.colors import gradient
from ..explorer_state import ExplorerState
from . import theme
from .explorer_toolbar import ExplorerToolbar
from .scatter3d_view import Scatter3DView
from .scatter_view import ScatterView

__all__ = ["ExplorerWidget", "LegendList"]


def _swatch(color: QColor | QLinearGradient, size: int) -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(color))
    p.drawEllipse(1, 1, size - 2, size - 2)
    p.end()
    return QIcon(pix)


class LegendList(QListWidget):
    """The classes of the colour-by column with their colours and counts.

    Clicking a class of the label column shows only that class (filter ``=label``);
    clicking it again shows all.
    """

    def __init__(self, state: ExplorerState, parent: QWidget | None = None):
        super().__init__(parent)
        self._state = state
        self._mapping = None
        self.setToolTip("Classes of the colour-by column; click a label to show only that class")
        self.setFrameShape(QListWidget.Shape.NoFrame)
        self.itemClicked.connect(self._on_item_clicked)
        state.projection_changed.connect(self._on_state_style_changed)
        state.style_changed.connect(self._on_state_style_changed)
        self.apply_theme(theme.palette())

    def _on_state_style_changed(self) -> None:
        mapping = self._state.colors
        if mapping is self._mapping:
            return
        self._mapping = mapping
        self.clear()
        if mapping is None or mapping.kind == "single":
            self.setVisible(False)
            return
        self.setVisible(True)
        size = self.iconSize().width()
        header = QListWidgetItem(mapping.column or "")
        header.setFlags(Qt.ItemFlag.NoItemFlags)
        font = header.font()
        font.setBold(True)
        header.setFont(font)
        self.addItem(header)
        if mapping.kind == "categorical":
            counts = np.bincount(mapping.codes, minlength=len(mapping.categories))
            for name, color, count in zip(
                mapping.categories, mapping.category_colors, counts, strict=True
            ):
                item = QListWidgetItem(_swatch(QColor(color), size), f"{name}  ({count:,})")
                item.setData(Qt.ItemDataRole.UserRole, name)
                self.addItem(item)
            return
        low = f"{mapping.vmin:.4g}" if mapping.vmin is not None else mapping.categories[0]
        high = f"{mapping.vmax:.4g}" if mapping.vmax is not None else mapping.categories[-1]
        for t, text in ((0.0, low), (1.0, high)):
            r, g, b, _a = gradient(np.array([t]))[0]
            self.addItem(QListWidgetItem(_swatch(QColor(int(r), int(g), int(b)), size), text))
        if mapping.vmin is None:
            self.addItem(QListWidgetItem(f"{len(mapping.categories):,} classes"))

    def _on_item_clicked(self, item: QListWidgetItem) -> None:
        name = item.data(Qt.ItemDataRole.UserRole)
        ds = self._state.dataset
        if name is None or ds is None or self._state.color_by != ds.label_column:
            return
        wanted = f"={name}"
        self._state.set_filter("" if self._state.filter_text == wanted else wanted)

    def apply_theme(self, pal: theme.Palette) -> None:
        """Icon size and width follow the palette's font scale."""
        self.setIconSize(QSize(round(12 * pal.font_scale), round(12 * pal.font_scale)))
        self.setFixedWidth(round(150 * pal.font_scale))
        self._mapping = None
        self._on_state_style_changed()


class ExplorerWidget(QWidget):
    """The explorer half of the window.

    Parameters
    ----------
    state : ExplorerState
    parent : QWidget, optional

    Attributes
    ----------
    toolbar : ExplorerToolbar
    scatter, scatter3d : ScatterView, Scatter3DView
    stack : QStackedWidget
        Page 0 the 2-D view, page 1 the 3-D view (follows ``state.dims``).
    legend : LegendList
    side_area : QSplitter
        Vertical splitter on the right for extra panels (see :meth:`add_side_widget`).
    status_label, progress_bar, cancel_button
        The status line; the bar and button are visible only while ``state.busy``.
    """

    def __init__(self, state: ExplorerState, parent: QWidget | None = None):
        super().__init__(parent)
        self._state = state
        self.toolbar = ExplorerToolbar(state)
        self.scatter = ScatterView(state)
        self.scatter3d = Scatter3DView(state)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.scatter)
        self.stack.addWidget(self.scatter3d)
        self.legend = LegendList(state)
        plots = QWidget()
        row = QHBoxLayout(plots)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.stack, 1)
        row.addWidget(self.legend)
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
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop loading / projecting; the current data stays")
        status = QHBoxLayout()
        status.setContentsMargins(6, 0, 6, 2)
        status.addWidget(self.status_label, 1)
        status.addWidget(self.progress_bar)
        status.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(status)

        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        state.dims_changed.connect(self._on_state_dims_changed)
        state.busy_changed.connect(self._on_state_busy_changed)
        state.progress.connect(self._on_state_progress)
        state.projection_changed.connect(self._update_status)
        self._on_state_dims_changed(state.dims)
        self._on_state_busy_changed(state.busy)
        self._update_status()

    def add_side_widget(self, widget: QWidget) -> None:
        """Add a panel to the right-hand side area (shown once it holds a widget)."""
        self.side_area.addWidget(widget)
        self.side_area.show()

    def _on_cancel_clicked(self) -> None:
        self._state.cancel()

    def _on_state_dims_changed(self, dims: int) -> None:
        self.stack.setCurrentWidget(self.scatter if dims == 2 else self.scatter3d)

    def _on_state_busy_changed(self, busy: bool) -> None:
        self.progress_bar.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if busy:
            self.progress_bar.setValue(0)
        else:
            self._update_status()

    def _on_state_progress(self, fraction: float, message: str) -> None:
        self.progress_bar.setValue(round(1000 * fraction))
        self.progress_bar.setFormat(f"{100 * fraction:.0f} %")
        if self._state.busy:
            self.status_label.setText(message)

    def _update_status(self) -> None:
        ds, proj = self._state.dataset, self._state.projection
        if ds is None or proj is None:
            self.status_label.setText("No embeddings loaded")
            return
        parts = [f"{ds.n:,} × {ds.d}", ds.path.name]
        ratios = proj.explained_variance_ratio
        if proj.solver != "identity":
            each = " + ".join(f"{100 * r:.1f}" for r in ratios)
            parts.append(f"PCA{' (normalized)' if proj.normalized else ''}: {each} % variance")
        if ds.dropped:
            parts.append(f"{ds.dropped:,} invalid rows dropped")
        self.status_label.setText("   ·   ".join(parts))

    def apply_theme(self, pal: theme.Palette) -> None:
        """Restyle every child view for ``pal``."""
        for view in (self.toolbar, self.scatter, self.scatter3d, self.legend):
            view.apply_theme(pal)
        self.status_label.setStyleSheet(f"color: {pal.muted};")
