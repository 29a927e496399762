"""The loss as a function of temperature for the current vectors, with its bounds.

A passive view: :class:`~..controllers.curve.CurveController` computes the curve
(:func:`contrastive_viz.core.curves.loss_versus_temperature`) and calls
:meth:`LossCurve.set_curve`, :meth:`LossCurve.set_marker` and
:meth:`LossCurve.show_message`.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel, QSizePolicy, QStackedLayout, QVBoxLayout, QWidget

from ...core.axis_limits import nice_top
from ...core.curves import TAUS, TemperatureCurve
from . import theme
from .live_label import LiveLabel
from .plot_style import PixmapMarker, cache_axes, space_ticks, style_axes

_TIP = (
    "The loss of these exact vectors at every temperature (log axis).\n"
    "Dashed: log(K+1), where every τ ends up as τ → ∞, and the best case\n"
    "log(1 + K·e^(−2/τ)). The dot is the current τ: click the plot to move it."
)


class LossCurve(QWidget):
    """Loss versus temperature, bounds as dashed lines, a marker at the current tau.

    Parameters
    ----------
    parent : QWidget, optional

    Signals
    -------
    temperature_clicked(float)
        The plot was clicked at this tau (rounded to 3 significant digits).

    Attributes
    ----------
    plot : pyqtgraph.PlotWidget
        Log x axis; holds ``curve`` (a PlotCurveItem whose x data are log10 tau),
        ``chance`` and ``best`` (PlotDataItem, x data tau),
        ``marker_line`` (InfiniteLine at log10 tau) and ``marker``, the dot at
        the current loss: a graphics item whose ``pos()`` is (log10 tau, loss).
    message : QLabel
        Shown instead of the plot for losses without a temperature.
    taus : ndarray
        The temperatures of the x axis (``core.curves.TAUS``).
    """

    temperature_clicked = Signal(float)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._top = self._shown_top = 1.0
        self._marker_loss = 0.0
        self._bounds_key = None
        self._legend_key = None
        self.taus = TAUS
        self.title = LiveLabel("Loss (nats) versus temperature τ", min_scale=0.6)  # shrinks to fit
        self.title.setToolTip(_TIP)
        self.plot = pg.PlotWidget()
        self.plot.setToolTip(_TIP)
        self.plot.setMouseEnabled(False, False)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setLogMode(x=True, y=False)
        self.plot.setXRange(math.log10(TAUS[0]) - 0.2, math.log10(TAUS[-1]) + 0.2, padding=0)
        self.plot.setLabel("bottom", "τ")
        self.plot.setMinimumHeight(90)
        cache_axes(self.plot)
        self.plot.getAxis("bottom").setTicks(
            [
                [(e, f"{10.0**e:g}") for e in range(-3, 3)],
                [(e, "") for e in np.arange(-3, 2.5, 0.5)],
            ]
        )
        self.legend = QLabel()
        self.legend.setToolTip(_TIP)
        self.legend.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        # The curve changes on every drag move: a bare PlotCurveItem in view coordinates
        # (x = log10 tau) skips PlotDataItem's per-call log mapping and bookkeeping.
        self.curve = pg.PlotCurveItem()
        self.plot.addItem(self.curve)
        self.chance = self.plot.plot()
        self.best = self.plot.plot()
        self.marker_line = pg.InfiniteLine(angle=90, movable=False)
        self.plot.addItem(self.marker_line)
        self.marker = PixmapMarker()  # the dot: drawn once, moved on every drag move
        self.plot.addItem(self.marker, ignoreBounds=True)
        self.message = QLabel()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setToolTip("Triplet and margin losses compare cosines directly: no τ.")
        self._stack = QStackedLayout()
        self._stack.addWidget(self.plot)
        self._stack.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.legend)
        layout.addLayout(self._stack, 1)
        self.plot.scene().sigMouseClicked.connect(self._on_plot_clicked)
        self.apply_theme(theme.palette())

    # ------------------------------------------------------------ model -> view
    def set_curve(self, curve: TemperatureCurve) -> None:
        """Show ``curve`` (its x values are the log10 of its temperatures)."""
        self._stack.setCurrentWidget(self.plot)
        self.curve.setData(np.log10(curve.taus), curve.loss)
        key = (curve.n_negatives, curve.n_positives)
        if key != self._bounds_key:  # the bounds depend on K and P only
            self._bounds_key = key
            self.best.setData(curve.taus, curve.best)
            self.chance.setData(curve.taus[[0, -1]], [curve.all_equal] * 2)
        chance = curve.all_equal
        self._top = max(1.3 * chance, min(float(curve.loss.max()), 3 * chance))
        if curve.n_positives != self._legend_key:
            self._set_legend(curve.n_positives)
        self._fit_y()

    def set_marker(self, tau: float, loss: float) -> None:
        """Put the dot and the vertical line at the current tau and loss."""
        log_tau = math.log10(tau)
        self.marker_line.setPos(log_tau)
        self.marker.setPos(log_tau, loss)
        self._marker_loss = loss
        self._fit_y()

    def show_message(self, text: str) -> None:
        """Show ``text`` instead of the plot (a loss without a temperature)."""
        self.message.setText(text)
        self._stack.setCurrentWidget(self.message)

    def _fit_y(self) -> None:
        top = nice_top(max(self._top, 1.1 * self._marker_loss), self._shown_top)
        if top != self._shown_top:
            self._shown_top = top
            self.plot.setYRange(0, 1.04 * top, padding=0)

    def _set_legend(self, n_pos: int) -> None:
        pal, self._legend_key = self._palette, n_pos
        chance, best = ("log(K+1)", "1 + K") if n_pos == 1 else ("log(P+K)", "P + K")
        parts = (
            (pal.accent, "━━ loss L(τ)"),
            (pal.muted, f"╍╍ all equal: {chance}"),
            (pal.positive, f"╍╍ best case: log({best}·e^(−2/τ))"),
        )
        self._legend_plain = "   ".join(text for _, text in parts)
        self.legend.setText(
            "&nbsp;&nbsp; ".join(f"<span style='color:{c}'>{text}</span>" for c, text in parts)
        )
        self._fit_legend()

    def _fit_legend(self) -> None:
        """Shrink the legend's font (to 60 %) when its line is wider than the panel."""
        size = round(9 * self._palette.font_scale)
        font = QFont(self.font())
        font.setPointSizeF(size)
        wide = QFontMetrics(font).horizontalAdvance(self._legend_plain)
        margins = self.layout().contentsMargins()  # the legend spans the panel's width
        room = self.width() - margins.left() - margins.right()
        size = max(0.6 * size, min(size, math.floor(2 * size * room / wide) / 2))
        if size != self._legend_size:
            self._legend_size = size
            self.legend.setStyleSheet(f"font-size: {size:g}pt;")

    def resizeEvent(self, event) -> None:  # Qt override
        super().resizeEvent(event)
        if self._legend_key is not None:
            self._fit_legend()

    # ------------------------------------------------------------ view -> model
    def _on_plot_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        self.set_temperature_at(event.scenePos())

    def set_temperature_at(self, scene_pos: QPointF) -> bool:
        """Ask for tau at the x position of ``scene_pos`` (a point in the plot's scene).

        Returns True when the point lies in the plot area (``temperature_clicked``
        was emitted).
        """
        vb = self.plot.plotItem.vb
        if not vb.sceneBoundingRect().contains(scene_pos):
            return False
        log_tau = vb.mapSceneToView(scene_pos).x()
        log_tau = min(max(log_tau, math.log10(TAUS[0])), math.log10(TAUS[-1]))
        self.temperature_clicked.emit(float(f"{10.0**log_tau:.3g}"))
        return True

    # ------------------------------------------------------------------ theme
    def apply_theme(self, palette: theme.Palette) -> None:
        """Restyle for ``palette`` (colours and font scale)."""
        s = palette.font_scale
        self.plot.setMinimumHeight(round(90 * s**0.5))
        self.plot.setBackground(palette.background)
        font = QFont(self.font())
        font.setPointSizeF(9 * s)
        style_axes(self.plot, palette, font)
        space_ticks(self.plot, font)
        dash = Qt.PenStyle.DashLine
        self.curve.setPen(pg.mkPen(palette.accent, width=3 * s))
        self.chance.setPen(pg.mkPen(palette.muted, width=1.5 * s, style=dash))
        self.best.setPen(pg.mkPen(palette.positive, width=1.5 * s, style=dash))
        self.marker_line.setPen(pg.mkPen(palette.anchor, width=1.5 * s))
        self.marker.set_disc(palette.anchor, palette.background, 14 * s, self.devicePixelRatioF())
        self._palette = palette
        legend, self._legend_key, self._legend_size = self._legend_key, None, None
        self.title.set_style(palette.foreground, round(11 * s))
        self.message.setStyleSheet(
            f"color: {palette.muted}; font-size: {13 * s:.0f}pt; background: {palette.background};"
        )
        if legend is not None:
            self._set_legend(legend)
        self._shown_top = 0.0
        self._fit_y()
