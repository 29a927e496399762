"""How the loaded dataset does on contrastive objectives, at the playground's temperature.

A passive view: :class:`~contrastive_viz.app.controllers.dataset_metrics.MetricsController`
computes the numbers and calls :meth:`DatasetPanel.show_metrics`.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from ...core.dataset_metrics import DEFAULT_TEMPERATURES, DatasetSummary
from . import theme
from .plot_style import style_axes

_PAPER = "https://arxiv.org/abs/2005.10242"
_TIPS = {
    "supcon": "Supervised contrastive loss (Khosla et al. 2020) of the sample taken as ONE batch,\n"
    "at the playground's τ: for each point, −log of the softmax share of its same-label\n"
    "points among all others. Lower = same-label points are closer than the rest.\n"
    "It grows with the batch size, so compare it only between samples of equal size.",
    "alignment": "Alignment (Wang & Isola 2020): mean ‖x − y‖² of unit vectors over same-label\n"
    "pairs, = 2 − 2·(mean cosine). 0 = positives coincide, 2 = orthogonal on average.\n"
    "Lower = positives closer together.",
    "uniformity": "Uniformity (Wang & Isola 2020): log mean exp(−2‖x − y‖²) over every pair of\n"
    "the sample. 0 = all points collapsed onto one; lower = more spread over the sphere\n"
    "(−2.08 for a uniform 3-D sphere; about −4 at best in high dimensions).",
    "classes": "Distinct labels in the whole file (the label column).",
}
_PLOT_TIP = (
    "SupCon of the same sample at every temperature (log axis); the dot is the playground's τ.\n"
    "Small τ: only the hardest negatives count. Large τ: every pair weighs the same and the\n"
    "loss tends to log(batch − 1)."
)


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.4f}".replace("-", "−")


class _Metric(QFrame):
    """A caption, a big number and a line of detail."""

    def __init__(self, caption: str, tip: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.caption, self.value, self.detail = QLabel(caption), QLabel("—"), QLabel()
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(0)
        for label in (self.caption, self.value, self.detail):
            layout.addWidget(label)
        self.setToolTip(tip)


class DatasetPanel(QWidget):
    """SupCon, alignment, uniformity and class count of the explorer's data, and SupCon(τ).

    Parameters
    ----------
    parent : QWidget, optional

    Attributes
    ----------
    metrics : dict of str to _Metric
        ``"supcon"``, ``"alignment"``, ``"uniformity"``, ``"classes"``; each has
        ``value`` and ``detail`` labels.
    curve, marker : pyqtgraph.PlotDataItem
        SupCon versus τ and the dot at the playground's τ.

    Signals
    -------
    updated()
        The numbers on screen changed.
    """

    updated = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._shown: tuple = (1.0, None, None, "Open embeddings to see how they do on the loss.")
        self.title = QLabel("This dataset")
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        grid = QGridLayout()
        grid.setSpacing(6)
        self.metrics = {
            key: _Metric(caption, _TIPS[key])
            for key, caption in (
                ("supcon", "SupCon loss"),
                ("alignment", "Alignment"),
                ("uniformity", "Uniformity"),
                ("classes", "Classes"),
            )
        }
        for k, tile in enumerate(self.metrics.values()):
            grid.addWidget(tile, k // 2, k % 2)
        self.plot = pg.PlotWidget()
        self.plot.setToolTip(_PLOT_TIP)
        self.plot.setMouseEnabled(False, False)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setLogMode(x=True, y=False)
        self.plot.setLabel("bottom", "τ")
        self.plot.setLabel("left", "SupCon")
        self.plot.setMinimumHeight(150)
        lo, hi = (math.log10(t) for t in DEFAULT_TEMPERATURES[[0, -1]])
        self.plot.setXRange(lo - 0.2, hi + 0.1, padding=0)
        self.plot.getAxis("bottom").setTicks(
            [
                [(e, f"{10.0**e:g}") for e in range(-2, 2)],
                [(e, "") for e in np.arange(-2, 1.5, 0.5)],
            ]
        )
        self.curve = self.plot.plot()
        self.marker_line = pg.InfiniteLine(angle=90, movable=False)
        self.plot.addItem(self.marker_line)
        self.marker = self.plot.plot(symbol="o")
        self.reference = QLabel(
            f'Alignment and uniformity: <a href="{_PAPER}">Wang & Isola 2020</a>'
        )
        self.reference.setOpenExternalLinks(True)
        self.reference.setToolTip(_PAPER)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.plot, 1)  # above the tiles: seen without scrolling at 1280×800
        layout.addLayout(grid)
        layout.addWidget(self.reference)
        self.apply_theme(theme.palette())

    # ------------------------------------------------------------ model -> view
    def show_metrics(
        self,
        temperature: float,
        summary: DatasetSummary | None,
        sweep: np.ndarray | None,
        status: str = "",
    ) -> None:
        """Show ``summary`` at ``temperature`` and the SupCon ``sweep`` (or ``status``)."""
        self._shown = (temperature, summary, sweep, status)
        tau, s = temperature, summary
        self.marker_line.setPos(math.log10(tau))
        if s is None:
            self.subtitle.setText(status)
            for tile in self.metrics.values():
                tile.value.setText("—")
                tile.detail.setText("")
            self.curve.setData([], [])
            self.marker.setData([], [])
            self.updated.emit()
            return
        dropped = f" ({s.n_dropped:,} zero rows left out)" if s.n_dropped else ""
        self.subtitle.setText(f"At τ = {tau:.4g}, {s.sample_text}{dropped}.")
        tiles = self.metrics
        tiles["supcon"].value.setText(_fmt(s.supcon))
        tiles["supcon"].detail.setText(
            s.supcon_reason or f"{s.supcon_anchors:,} points with a same-label partner"
        )
        tiles["alignment"].value.setText(_fmt(s.alignment))
        pairs = f"{s.alignment_pairs:,}"
        pairs = f"all {pairs}" if s.alignment_exhaustive else f"{pairs} random"
        tiles["alignment"].detail.setText(s.alignment_reason or f"{pairs} same-label pairs")
        tiles["uniformity"].value.setText(_fmt(s.uniformity))
        tiles["uniformity"].detail.setText(s.uniformity_reason or "all pairs of the sample")
        tiles["classes"].value.setText("—" if s.n_classes is None else f"{s.n_classes:,}")
        tiles["classes"].detail.setText(
            f"{s.n_labelled:,} labelled points" if s.n_labelled else "no label column"
        )
        if sweep is not None and s.supcon is not None:
            self.curve.setData(DEFAULT_TEMPERATURES, sweep)
            self.marker.setData([tau], [s.supcon])
            top = max(float(np.max(sweep)), s.supcon)
            self.plot.setYRange(0, 1.05 * top, padding=0.02)
        else:
            self.curve.setData([], [])
            self.marker.setData([], [])
        self.updated.emit()

    # ------------------------------------------------------------------ theme
    def apply_theme(self, palette: theme.Palette) -> None:
        """Restyle for ``palette`` (colours and font scale)."""
        s = palette.font_scale
        self.title.setStyleSheet(
            f"color: {palette.foreground}; font-size: {12 * s:.0f}pt; font-weight: bold;"
        )
        muted = f"color: {palette.muted}; font-size: {9 * s:.0f}pt;"
        self.subtitle.setStyleSheet(muted)
        self.reference.setStyleSheet(muted)
        self.reference.setText(
            f'Alignment and uniformity: <a style="color:{palette.accent}" href="{_PAPER}">'
            "Wang &amp; Isola 2020</a>"
        )
        for tile in self.metrics.values():
            tile.setStyleSheet(
                f"_Metric {{ background: {palette.surface}; border-radius: 6px; }}"
                f"QLabel {{ background: transparent; }}"
            )
            tile.caption.setStyleSheet(f"color: {palette.muted}; font-size: {9 * s:.0f}pt;")
            tile.value.setStyleSheet(
                f"color: {palette.foreground}; font-size: {22 * s:.0f}pt; font-weight: bold;"
            )
            tile.detail.setStyleSheet(f"color: {palette.muted}; font-size: {8 * s:.0f}pt;")
        self.plot.setBackground(palette.background)
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        font = self.font()
        font.setPointSizeF(9 * s)
        style_axes(self.plot, palette, font)
        self.curve.setPen(pg.mkPen(palette.accent, width=3 * s))
        self.marker_line.setPen(pg.mkPen(palette.anchor, width=1.5 * s))
        self.marker.setPen(None)
        self.marker.setSymbolBrush(palette.anchor)
        self.marker.setSymbolPen(pg.mkPen(palette.background, width=2))
        self.marker.setSymbolSize(14 * s)
        self.show_metrics(*self._shown)
