"""The explorer's legend: the classes of the colour-by column with colours and counts."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from ...core.colors import MISSING_COLOR, gradient
from ...core.display_text import elide
from ..models.derived_columns import RECALL
from ..models.explorer import ExplorerModel
from . import theme

__all__ = ["LegendList"]


def _swatch(color: QColor, size: int) -> QIcon:
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

    Parameters
    ----------
    model : ExplorerModel
        Its ``style.colors`` are shown (on ``projection_changed`` and ``colors_changed``).
    parent : QWidget, optional

    Signals
    -------
    class_clicked(str)
        A class was clicked (the controller shows only that class, or all again).
    """

    class_clicked = Signal(str)

    def __init__(self, model: ExplorerModel, parent: QWidget | None = None):
        super().__init__(parent)
        self._model = model
        self._mapping = None
        self.setToolTip("Classes of the colour-by column; click a label to show only that class")
        self.setFrameShape(QListWidget.Shape.NoFrame)
        self.itemClicked.connect(self._on_item_clicked)
        model.data.projection_changed.connect(self._on_style_colors_changed)
        model.style.colors_changed.connect(self._on_style_colors_changed)
        model.settings.filter_text_changed.connect(self._on_settings_filter_text_changed)
        self.apply_theme(theme.palette())

    def _on_style_colors_changed(self, *_args) -> None:
        mapping = self._model.style.colors
        if mapping is self._mapping:
            return
        self._mapping = mapping
        self.clear()
        if mapping is None or mapping.kind == "single":
            self.setVisible(False)
            return
        self.setVisible(True)
        size = self.iconSize().width()
        header = QListWidgetItem(elide(mapping.column or ""))
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
                text = f"{elide(name)}  ({count:,})"
                item = QListWidgetItem(_swatch(QColor(color), size), text)
                item.setData(Qt.ItemDataRole.UserRole, name)
                self.addItem(item)
            self._on_settings_filter_text_changed()
            return
        low = f"{mapping.vmin:.4g}" if mapping.vmin is not None else elide(mapping.categories[0])
        high = f"{mapping.vmax:.4g}" if mapping.vmax is not None else elide(mapping.categories[-1])
        if mapping.column == RECALL:
            low, high = "0 % kept", "100 % kept"
        for t, text in ((0.0, low), (1.0, high)):
            r, g, b, _a = gradient(np.array([t]))[0]
            self.addItem(QListWidgetItem(_swatch(QColor(int(r), int(g), int(b)), size), text))
        if mapping.column == RECALL:
            self.addItem(QListWidgetItem(_swatch(QColor(MISSING_COLOR), size), "not measured"))
        if mapping.vmin is None:
            self.addItem(QListWidgetItem(f"{len(mapping.categories):,} classes"))

    def _on_settings_filter_text_changed(self, *_args) -> None:
        """Highlight the class the filter shows alone (``=name``), else none."""
        text = self._model.settings.filter_text.strip().lower()
        for row in range(self.count()):
            item = self.item(row)
            name = item.data(Qt.ItemDataRole.UserRole)
            if name is not None and text == f"={name}".lower():
                self.setCurrentItem(item)
                return
        self.setCurrentItem(None)
        self.clearSelection()

    def _on_item_clicked(self, item: QListWidgetItem) -> None:
        name = item.data(Qt.ItemDataRole.UserRole)
        if name is not None:
            self.class_clicked.emit(name)

    def apply_theme(self, pal: theme.Palette) -> None:
        """Icon size and width follow the palette's font scale."""
        self.setIconSize(QSize(round(12 * pal.font_scale), round(12 * pal.font_scale)))
        self.setFixedWidth(round(150 * pal.font_scale))
        self._mapping = None
        self._on_style_colors_changed()
