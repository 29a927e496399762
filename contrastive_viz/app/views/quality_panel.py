"""How honest the map is: trustworthiness and kNN recall, and "colour by recall"."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from ..models.explorer import ExplorerModel
from . import theme

__all__ = ["QualityPanel"]

_TIP = (
    "How much the map keeps of the neighbourhoods of the original vectors, at k = 10:\n"
    "kNN recall: for each point, the share of its 10 nearest cosine neighbours (original\n"
    "space) that are also among its 10 nearest on the map; the mean over the points.\n"
    "Trustworthiness (Venna & Kaski): 1 when no point on the map has a neighbour that is\n"
    "far in the original space. Above 5,000 points both are measured on a random sample\n"
    "(neighbours among the sample in both spaces); other points show grey, not measured."
)


class QualityPanel(QWidget):
    """The figures of ``model.quality`` (passive).

    Attributes
    ----------
    recall_label, trust_label, detail_label : QLabel
    color_button : QPushButton

    Signals
    -------
    color_by_recall_requested()
    """

    color_by_recall_requested = Signal()

    def __init__(self, model: ExplorerModel, parent: QWidget | None = None):
        super().__init__(parent)
        self._quality = model.quality
        self.title = QLabel("Map quality (k = 10)")
        self.recall_label = QLabel("—")
        self.trust_label = QLabel("—")
        self.detail_label = QLabel()
        self.detail_label.setWordWrap(True)
        self.color_button = QPushButton("Colour by recall")
        self.color_button.setToolTip("Colour each point by its kNN recall (grey: not measured)")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)
        for w in (self.title, self.recall_label, self.trust_label, self.detail_label,
                  self.color_button):  # fmt: skip
            layout.addWidget(w)
        self.setToolTip(_TIP)
        self.color_button.clicked.connect(self.color_by_recall_requested)
        self._quality.quality_changed.connect(self._refresh)
        self._quality.computing_changed.connect(self._refresh)
        self.apply_theme(theme.palette())
        self._refresh()

    def _refresh(self, *_args) -> None:
        q, model = self._quality.quality, self._quality
        self.color_button.setEnabled(q is not None)
        if q is None:
            self.recall_label.setText("kNN recall —")
            self.trust_label.setText("trustworthiness —")
            self.detail_label.setText("measuring…" if model.computing else "")
            return
        self.recall_label.setText(f"kNN recall {100 * q.mean_recall:.0f} %")
        self.trust_label.setText(f"trustworthiness {q.trustworthiness:.3f}")
        n = q.recall.size
        where = (f"on a random sample of {q.measured:,} of {n:,} points"
                 if q.sample is not None else f"on all {n:,} points")  # fmt: skip
        busy = " · measuring…" if model.computing else ""
        self.detail_label.setText(f"{q.sentence(model.method)}, {where}.{busy}")

    def apply_theme(self, pal: theme.Palette) -> None:
        """Fonts and colours of ``pal``."""
        s = pal.font_scale
        self.title.setStyleSheet(f"color: {pal.muted}; font-size: {9 * s:.0f}pt;")
        big = f"color: {pal.foreground}; font-size: {12 * s:.0f}pt; font-weight: bold;"
        self.recall_label.setStyleSheet(big)
        self.trust_label.setStyleSheet(f"color: {pal.foreground}; font-size: {10 * s:.0f}pt;")
        self.detail_label.setStyleSheet(f"color: {pal.muted}; font-size: {8 * s:.0f}pt;")
