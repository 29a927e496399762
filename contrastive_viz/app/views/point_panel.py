"""The selected point in full: its picture, its whole text, and its neighbours' pictures.

Passive: follows ``model.selection`` (selected point, neighbours) and ``model.data``;
a click on a neighbour's thumbnail emits ``select_requested``.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...core.display_text import elide
from ...core.point_text import text_column
from ..models.explorer import ExplorerModel
from . import theme
from .thumbnails import Thumbnails

__all__ = ["MAX_PANEL_CHARS", "PointPanel"]

#: The side panel shows at most this many characters of a point's text.
MAX_PANEL_CHARS = 1_000_000


class PointPanel(QWidget):
    """Picture and whole text of the selected point; a strip of its neighbours' pictures.

    Hidden while the data has neither pictures nor a text column.

    Attributes
    ----------
    title : QLabel
    image_label : QLabel
    text_view : QPlainTextEdit
        The whole text (read-only; capped at :data:`MAX_PANEL_CHARS`).
    strip : QListWidget
        The neighbours' thumbnails (icon mode, one row), elided text under each.

    Signals
    -------
    select_requested(int)
        A neighbour's thumbnail was clicked.
    """

    select_requested = Signal(int)

    def __init__(self, model: ExplorerModel, parent: QWidget | None = None):
        super().__init__(parent)
        self._model = model
        self._big, self._small = Thumbnails(80, 64), Thumbnails(48, 400)
        self.title = QLabel()
        self.image_label = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.text_view = QPlainTextEdit(readOnly=True)
        self.text_view.setToolTip("The selected point's whole text")
        self.strip = QListWidget()
        self.strip.setViewMode(QListView.ViewMode.IconMode)
        self.strip.setFlow(QListView.Flow.LeftToRight)
        self.strip.setWrapping(False)
        self.strip.setMovement(QListView.Movement.Static)
        self.strip.setIconSize(QSize(48, 48))
        self.strip.setGridSize(QSize(64, 76))
        self.strip.setFixedHeight(100)
        self.strip.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.strip.setToolTip("The nearest neighbours (cosine); click one to select it")
        self.strip_label = QLabel("Neighbours")
        self.text_view.setMinimumHeight(60)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)
        top = QHBoxLayout()
        top.addWidget(self.image_label, 0, Qt.AlignmentFlag.AlignTop)
        right = QVBoxLayout()
        right.addWidget(self.title)
        right.addWidget(self.text_view, 1)
        top.addLayout(right, 1)
        layout.addLayout(top, 1)
        layout.addWidget(self.strip_label)
        layout.addWidget(self.strip)
        self.strip.itemClicked.connect(self._on_strip_item_clicked)
        model.data.dataset_changed.connect(self._on_data_dataset_changed)
        model.selection.selected_changed.connect(self._refresh)
        model.selection.neighbors_changed.connect(self._refresh)
        self.apply_theme(theme.palette())
        self._on_data_dataset_changed()

    def _text_column(self) -> str | None:
        return text_column(self._model.data.dataset)

    def _has_images(self) -> bool:
        images = self._model.data.images
        return images is not None and images.available

    def _on_data_dataset_changed(self, *_args) -> None:
        self._big.clear()
        self._small.clear()
        has_text, has_images = self._text_column() is not None, self._has_images()
        self.setVisible(has_text or has_images)
        self.text_view.setVisible(has_text)
        self.image_label.setVisible(has_images)
        self._refresh()

    def _caption(self, index: int) -> str:
        column = self._text_column()
        ds = self._model.data.dataset
        return elide(ds.metadata[column][index], 40) if column else self._model.data.label_of(index)

    def _refresh(self, *_args) -> None:
        data, sel = self._model.data, self._model.selection
        self.strip.clear()
        i = sel.selected
        if data.dataset is None or i is None:
            self.title.setText("No point selected")
            self.image_label.clear()
            self.text_view.setPlainText("")
            self.strip_label.setVisible(False)
            self.strip.setVisible(False)
            return
        self.title.setText(elide(f"#{i} · {data.label_of(i)}"))
        if self._has_images():
            self.image_label.setPixmap(self._big.pixmap(data.images, i))
        column = self._text_column()
        if column is not None:
            text = str(data.dataset.metadata[column][i])
            if len(text) > MAX_PANEL_CHARS:
                text = (f"[the first {MAX_PANEL_CHARS:,} of {len(text):,} characters]\n"
                        + text[:MAX_PANEL_CHARS])  # fmt: skip
            self.text_view.setPlainText(text)
        neighbors = sel.neighbors
        shown = neighbors is not None and len(neighbors[0]) > 0
        self.strip_label.setVisible(shown)
        self.strip.setVisible(shown)
        if not shown:
            return
        for j, cos in zip(*neighbors, strict=True):
            j = int(j)
            icon = QIcon(self._small.pixmap(data.images, j)) if self._has_images() else QIcon()
            item = QListWidgetItem(icon, elide(self._caption(j), 12))
            item.setToolTip(f"#{j} · cosine {cos:.4f}\n{elide(self._caption(j), 200)}")
            item.setData(Qt.ItemDataRole.UserRole, j)
            self.strip.addItem(item)

    def _on_strip_item_clicked(self, item: QListWidgetItem) -> None:
        self.select_requested.emit(int(item.data(Qt.ItemDataRole.UserRole)))

    def apply_theme(self, pal: theme.Palette) -> None:
        """Title in the palette's foreground, bold."""
        s = pal.font_scale
        self.title.setStyleSheet(f"color: {pal.foreground}; font-weight: bold;"
                                 f" font-size: {10 * s:.0f}pt;")  # fmt: skip
        self.strip_label.setStyleSheet(f"color: {pal.muted}; font-size: {8 * s:.0f}pt;")
