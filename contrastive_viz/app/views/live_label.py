"""A text label that repaints itself on every drag move without re-laying out the window.

A ``QLabel`` whose text changes asks every layout up to the window to recompute, even
when its size stays the same, and the window's QTabWidget then repaints the whole
window: a :class:`LiveLabel` only repaints itself.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QPainter,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

_BIG = 1 << 20


class LiveLabel(QWidget):
    """Plain text that changes on every drag move, shown without re-laying out the window.

    A new text repaints the label; it asks its layout for a new geometry only
    when its height changes (a wrapped text that gains a line). Its width
    follows the layout, never the text: a one-line label ignores its text's
    width (size policy ``Ignored``), a wrapped one hints at its longest line
    but does not ask for a new layout when only that changes.

    Parameters
    ----------
    text : str
    wrap : bool
        Wrap long lines at word boundaries (the height then follows the width).
        Otherwise the text stays on one line, clipped if it is still too wide.
    min_scale : float
        A text wider than the label first shrinks its font to fit, down to
        this fraction of the font's size (1: never). A one-line label keeps
        the full font's height, so shrinking never moves anything.
    copyable : bool
        Offer "Copy" in a context menu.
    parent : QWidget, optional
    """

    def __init__(
        self,
        text: str = "",
        *,
        wrap: bool = False,
        min_scale: float = 1.0,
        copyable: bool = False,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._text = text
        self._wrap = wrap
        self._min_scale = min_scale
        self._color = QColor(self.palette().windowText().color())
        self._shown = self.font()  # the font at the current width
        self._heights: dict[tuple[int, int, int], int] = {}  # unwrapped heights by line count
        # Opaque (filled with the window colour): a repaint does not repaint its parents.
        self.setAutoFillBackground(True)
        horizontal = QSizePolicy.Policy.Preferred if wrap else QSizePolicy.Policy.Ignored
        policy = QSizePolicy(horizontal, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(wrap)
        self.setSizePolicy(policy)
        self._measure_font()
        if copyable:
            action = QAction("Copy", self)
            action.triggered.connect(self._on_copy_triggered)
            self.addAction(action)
            self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self._hints = self._current_hints()

    # ------------------------------------------------------------ public API
    def text(self) -> str:
        """The shown text."""
        return self._text

    def setText(self, text: str) -> None:  # QLabel's name
        """Show ``text``; repaints, and re-lays out only if the height changes."""
        if text == self._text:
            return
        self._text = text
        self._remeasure()
        self.update()

    def set_style(
        self, color: str, point_size: float, *, bold: bool = False, italic: bool = False
    ) -> None:
        """Colour and font (the font's size before any shrinking to fit)."""
        self._color = QColor(color)
        font = QFont(self.font())
        font.setPointSizeF(point_size)
        font.setBold(bold)
        font.setItalic(italic)
        self.setFont(font)  # a FontChange event re-measures
        self.update()

    def shown_font(self) -> QFont:
        """The font the text is drawn in (smaller than ``font()`` when shrunk to fit)."""
        return self._shown

    # ---------------------------------------------------------------- sizes
    def _flags(self) -> int:
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        return (align | Qt.TextFlag.TextWordWrap).value if self._wrap else align.value

    def _font_for(self, width: int) -> QFont:
        """The font at ``width``: the label's, shrunk (to ``min_scale``) until every line fits."""
        full = self.font()
        if self._min_scale >= 1 or width <= 0:
            return full
        lines = self._text.split("\n")
        widest = max(map(self.fontMetrics().horizontalAdvance, lines))
        if widest <= width:
            return full
        size = full.pointSizeF()
        floor = size * self._min_scale
        size = max(floor, math.floor(2 * size * width / widest) / 2)  # half points
        font = QFont(full)
        font.setPointSizeF(size)
        while size > floor and max(map(QFontMetrics(font).horizontalAdvance, lines)) > width:
            size = max(floor, size - 0.5)
            font.setPointSizeF(size)
        return font

    def _text_height(self, width: int, font: QFont | None = None) -> int:
        fm = QFontMetrics(font if font is not None else self._font_for(width))
        lines = self._text.split("\n")
        if max(map(fm.horizontalAdvance, lines)) < width - 1:  # nothing wraps
            key = (len(lines), fm.height(), fm.leading())
            if key not in self._heights:
                blank = "\n".join(" " * len(lines))
                self._heights[key] = fm.boundingRect(QRect(0, 0, _BIG, _BIG), 0, blank).height()
            return self._heights[key]
        rect = QRect(0, 0, max(width, 1), _BIG)
        return fm.boundingRect(rect, self._flags(), self._text or " ").height()

    def _current_hints(self) -> tuple[int, int]:
        """What the layout sees: the lines of the size hint, and the height at this width."""
        if not self._wrap:
            return 0, self._line_height
        return self._text.count("\n"), self._text_height(self.width(), self._shown)

    def _remeasure(self) -> None:
        self._shown = self._font_for(self.width())
        if self._wrap:  # (one line keeps the full font's height whatever the text)
            hints = self._current_hints()
            if hints != self._hints:
                self._hints = hints
                self.updateGeometry()

    def sizeHint(self) -> QSize:  # Qt override
        if self._wrap:
            natural = self.fontMetrics().boundingRect(QRect(0, 0, _BIG, _BIG), 0, self._text or " ")
            return QSize(natural.width(), natural.height())
        return QSize(self.fontMetrics().horizontalAdvance(self._text), self._line_height)

    def minimumSizeHint(self) -> QSize:  # Qt override
        return QSize(0, self.sizeHint().height())  # every line, unwrapped (as QLabel)

    def hasHeightForWidth(self) -> bool:  # Qt override
        return self._wrap

    def heightForWidth(self, width: int) -> int:  # Qt override
        return self._text_height(width) if self._wrap else -1

    # --------------------------------------------------------------- events
    def changeEvent(self, event) -> None:  # Qt override
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:
            self._measure_font()
            self._remeasure()
            self.updateGeometry()

    def _measure_font(self) -> None:
        # One line's height as QLabel measures it (with the font's leading).
        fm = self.fontMetrics()
        self._line_height = fm.boundingRect(QRect(0, 0, _BIG, _BIG), 0, " ").height()

    def resizeEvent(self, event) -> None:  # Qt override
        self._shown = self._font_for(self.width())
        self._hints = self._current_hints()  # the layout chose this size

    def paintEvent(self, event) -> None:  # Qt override
        p = QPainter(self)
        p.setPen(self._color)
        p.setFont(self._shown)
        p.drawText(self.rect(), self._flags(), self._text)
        p.end()

    def _on_copy_triggered(self) -> None:
        QGuiApplication.clipboard().setText(self._text)
