"""Bars of the softmax probabilities (or cosines) and of each negative's share of the push."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF
from PySide6.QtGui import QCursor, QFont, QFontMetrics
from PySide6.QtWidgets import QToolTip, QVBoxLayout, QWidget

from ...core.axis_limits import nice_top
from ..models.playground import PlaygroundModel
from . import theme
from .live_label import LiveLabel
from .plot_style import PixmapMarker, cache_axes, space_ticks, style_axes
from .vector_text import describe_entry

#: Above this many bars the x axis shows indices instead of names.
MAX_NAMED_BARS = 30
WIDTH = 0.8

TIP_PROBS = (
    "Softmax of the logits sₖ/τ over the positive (first, outlined, '+') and the negatives.\n"
    "The loss is −log of the positive's bar: make it tall. Hover a bar for its numbers."
)
TIP_COSINES = (
    "Cosine of the anchor with the positive (first, outlined) and each negative.\n"
    "This loss has no softmax: only cosines and the margin matter."
)
TIP_WEIGHTS = (
    "How the gradient's push on the anchor is shared among the negatives (sums to 1).\n"
    "For InfoNCE this is softmax(sₙ/τ) over the negatives alone: lower τ concentrates\n"
    "the push on the hardest negative (highlighted)."
)


def _plot(tooltip: str) -> pg.PlotWidget:
    w = pg.PlotWidget()
    w.setMouseEnabled(False, False)
    w.setMenuEnabled(False)
    w.hideButtons()
    w.setToolTip(tooltip)
    w.setMinimumHeight(60)
    cache_axes(w)
    return w


class _Bars(pg.BarGraphItem):
    """A BarGraphItem that computes its bounding rect once per change of bars or view.

    Qt asks for it several times per repaint, and pyqtgraph's computes pixel
    sizes in Python each time (PlotCurveItem caches it the same way).
    """

    _rect = None

    def setOpts(self, **opts) -> None:  # pyqtgraph's name
        self._rect = None
        super().setOpts(**opts)

    def viewTransformChanged(self) -> None:  # pyqtgraph's name
        self._rect = None
        self.prepareGeometryChange()
        super().viewTransformChanged()

    def boundingRect(self):  # Qt override
        if self._rect is None:
            self._rect = super().boundingRect()
        return self._rect


def _set_bars(item: pg.BarGraphItem, x: np.ndarray, height: np.ndarray) -> None:
    """Give ``item`` these bars, unless it has them already (then it is not repainted)."""
    opts = item.opts
    if np.array_equal(opts["x"], x) and np.array_equal(opts["height"], height):
        return
    item.setOpts(x=x, height=height)


class ProbabilityBars(QWidget):
    """Two bar plots: softmax probabilities (or cosines) and the negatives' weights.

    Parameters
    ----------
    model : PlaygroundModel
        Listened to (``scene_changed``, ``structure_changed``); never written.
    parent : QWidget, optional

    Attributes
    ----------
    bars : pyqtgraph.BarGraphItem
        One bar per result entry, positives first (probabilities, or cosines
        for the margin losses).
    positive_bars : pyqtgraph.BarGraphItem
        The positives' bars again, drawn on top in the positive colour.
    weight_bars, hardest_bar : pyqtgraph.BarGraphItem
        The negatives' weights, and the largest one highlighted.
    summary, title_a, title_b : LiveLabel
        The positive's probability (or cosine) as text, and the plots' titles
        (the second names the hardest negative); they shrink to fit the width.
    """

    def __init__(self, model: PlaygroundModel, parent: QWidget | None = None):
        super().__init__(parent)
        self._model = model
        self._layout_key = None
        self._top_b = 1.0
        # Texts that change on every drag move, and titles that shrink to fit a
        # narrow (projector) panel: LiveLabels, which never re-lay out the window.
        self.summary = LiveLabel(min_scale=0.6)
        self.summary.setToolTip("The positive's share of the softmax: the loss is −log of it.")
        self.title_a = LiveLabel(min_scale=0.6)
        self.plot_a = _plot(TIP_PROBS)
        self.title_b = LiveLabel("Share of the push (negative weights)", min_scale=0.6)
        self.title_b.setToolTip(TIP_WEIGHTS)
        self.plot_b = _plot(TIP_WEIGHTS)
        empty = np.zeros(0)
        self.bars = _Bars(x=empty, height=empty, width=WIDTH, pen=None)
        self.positive_bars = _Bars(x=empty, height=empty, width=WIDTH)
        self.plus = PixmapMarker()  # the positive's '+': drawn once, moved on every drag move
        self.weight_bars = _Bars(x=empty, height=empty, width=WIDTH, pen=None)
        self.hardest_bar = _Bars(x=empty, height=empty, width=WIDTH, pen=None)
        self.no_push = pg.TextItem("no negative contributes", anchor=(0.5, 0.5))
        for item in (self.bars, self.positive_bars):
            self.plot_a.addItem(item)
        self.plot_a.addItem(self.plus, ignoreBounds=True)
        for item in (self.weight_bars, self.hardest_bar, self.no_push):
            self.plot_b.addItem(item)
        self.plot_b.setYRange(0, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)
        for w in (self.summary, self.title_a):
            layout.addWidget(w)
        layout.addWidget(self.plot_a, 3)
        layout.addWidget(self.title_b)
        layout.addWidget(self.plot_b, 2)
        self.plot_a.scene().sigMouseMoved.connect(self._on_plot_a_mouse_moved)
        self.plot_b.scene().sigMouseMoved.connect(self._on_plot_b_mouse_moved)
        model.structure_changed.connect(self._on_model_structure_changed)
        model.scene_changed.connect(self._on_model_scene_changed)
        self.apply_theme(theme.palette())

    # ------------------------------------------------------------ model -> view
    def _on_model_structure_changed(self, *_args) -> None:
        self._layout_key = None  # names changed: relabel on the next update

    def _on_model_scene_changed(self, *_args) -> None:
        ev = self._model.evaluation
        res = ev.result
        n, n_pos = res.similarities.size, res.n_positives
        softmax = res.probabilities is not None
        key = (ev.order, softmax)
        if key != self._layout_key:
            self._relayout(n, n_pos, softmax)
            self._layout_key = key
        heights = res.probabilities if softmax else res.similarities
        x = np.arange(n, dtype=float)
        _set_bars(self.bars, x, heights)
        _set_bars(self.positive_bars, x[:n_pos], heights[:n_pos])
        self._place_plus(float(heights[0]))
        w = res.negative_weights
        found = ev.hardest
        hardest, has_push = (0, False) if found is None else (found, True)
        # A drag of the positive leaves the negatives' weights alone: no repaint then.
        _set_bars(self.weight_bars, x[: w.size], w)
        _set_bars(
            self.hardest_bar, x[hardest : hardest + has_push], w[hardest : hardest + has_push]
        )
        self.no_push.setVisible(not has_push)
        top = nice_top(float(w[hardest]) * 1.1, self._top_b) if has_push else 1.0
        if top != self._top_b:
            self._top_b = top
            self.plot_b.setYRange(0, 1.05 * top, padding=0)
        name = self._model.scene.names[ev.order[n_pos + hardest]]
        if softmax:
            label = "p(positive)" if n_pos == 1 else f"p(positives), sum of {n_pos}"
            self.summary.setText(f"{label} = {ev.positive_probability:.6g}")
        else:
            self.summary.setText(f"cos(anchor, positive) = {heights[0]:.6g}")
        hardest_text = f"hardest: {name}, {w[hardest]:.1%}" if has_push else "no push"
        self.title_b.setText(f"Share of the push (negative weights) · {hardest_text}")

    def _place_plus(self, height: float) -> None:
        """The '+' sits above the positive's bar, or inside its top when the bar is tall."""
        inside = height > 0.8  # both y ranges end a little above 1
        self.plus.setPos(0.0, max(height, 0.0))
        if inside != self._plus_inside:
            self._plus_inside = inside
            color = self._palette.background if inside else self._palette.positive
            self.plus.set_text("+", self._plus_font, color, self.devicePixelRatioF())
            self.plus.set_anchor(0.5, 0.0 if inside else 1.0)

    def _relayout(self, n: int, n_pos: int, softmax: bool) -> None:
        """Titles, ranges and tick labels: only when the bars' meaning changes."""
        if softmax:
            self.title_a.setText("Softmax probability of each entry (positive first)")
            self.plot_a.setToolTip(TIP_PROBS)
            self.plot_a.setYRange(0, 1.12, padding=0)
        else:
            self.title_a.setText("Cosine with the anchor (this loss has no softmax)")
            self.plot_a.setToolTip(TIP_COSINES)
            self.plot_a.setYRange(-1.05, 1.2, padding=0)
        self.title_a.setToolTip(self.plot_a.toolTip())
        self.plot_a.setXRange(-0.6 - 0.01 * n, n - 0.4, padding=0)
        self.plot_b.setXRange(-0.6 - 0.01 * n, n - n_pos - 0.4, padding=0)
        self.plot_b.setYRange(0, 1.05 * self._top_b, padding=0)
        names = [self._model.scene.names[i] for i in self._model.evaluation.order]
        for plot, labels in ((self.plot_a, names), (self.plot_b, names[n_pos:])):
            axis = plot.getAxis("bottom")
            if len(labels) <= MAX_NAMED_BARS:
                axis.setTicks([list(enumerate(labels))])
            else:
                axis.setTicks(None)
        self.no_push.setPos((n - n_pos - 1) / 2, 0.5)

    # ---------------------------------------------------------------- hover
    def _bar_at(self, plot: pg.PlotWidget, pos: QPointF, count: int) -> int | None:
        if not plot.plotItem.vb.sceneBoundingRect().contains(pos):
            return None
        i = int(round(plot.plotItem.vb.mapSceneToView(pos).x()))
        return i if 0 <= i < count else None

    def _on_plot_a_mouse_moved(self, pos: QPointF) -> None:
        res = self._model.evaluation.result
        i = self._bar_at(self.plot_a, pos, res.similarities.size)
        if i is not None:
            QToolTip.showText(QCursor.pos(), self._describe(i), self.plot_a)

    def _on_plot_b_mouse_moved(self, pos: QPointF) -> None:
        res = self._model.evaluation.result
        i = self._bar_at(self.plot_b, pos, res.negative_weights.size)
        if i is not None:
            text = f"{self._describe(res.n_positives + i)}\nshare of the push: "
            QToolTip.showText(QCursor.pos(), text + f"{res.negative_weights[i]:.4%}", self.plot_b)

    def _describe(self, i: int) -> str:
        return describe_entry(self._model.scene, self._model.evaluation, i)

    # ------------------------------------------------------------------ theme
    def apply_theme(self, palette: theme.Palette) -> None:
        """Restyle for ``palette`` (colours and font scale)."""
        s = palette.font_scale
        tick_font = QFont(self.font())
        tick_font.setPointSizeF(9 * s)
        tick_height = QFontMetrics(tick_font).height()
        for plot in (self.plot_a, self.plot_b):
            plot.setMinimumHeight(round(60 * s**0.5))  # room for three readable ticks
            plot.setBackground(palette.background)
            style_axes(plot, palette, tick_font)
            space_ticks(plot, tick_font)  # labels never pile up on a short chart
            plot.getAxis("bottom").setHeight(tick_height + 12)
        for label in (self.title_a, self.title_b):
            label.set_style(palette.foreground, round(11 * s))
        self.summary.set_style(palette.positive, round(13 * s), bold=True)
        neg = pg.mkBrush(palette.negative)
        self.bars.setOpts(brush=neg, pen=None)
        self.positive_bars.setOpts(
            brush=pg.mkBrush(palette.positive), pen=pg.mkPen(palette.foreground, width=2)
        )
        faded = pg.mkColor(palette.negative)
        faded.setAlpha(120)
        self.weight_bars.setOpts(brush=pg.mkBrush(faded), pen=None)
        self.hardest_bar.setOpts(brush=neg, pen=pg.mkPen(palette.foreground, width=1.5))
        big = QFont(self.font())
        big.setPointSizeF(16 * s)
        big.setBold(True)
        self._plus_font = big
        self._palette = palette
        self._plus_inside = None
        self.no_push.setFont(tick_font)
        self.no_push.setColor(palette.muted)
        self._layout_key = None
        self._on_model_scene_changed()
