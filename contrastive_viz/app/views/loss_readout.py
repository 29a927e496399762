"""The loss as a large number, with its closed-form bounds for this K and tau."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from ...core.scene import LOSSES
from ..models.playground import PlaygroundModel
from . import theme
from .live_label import LiveLabel


def _fmt(x: float) -> str:
    return f"{x:.6g}"


class _RangeBar(QWidget):
    """A thin bar from the best case (left) to log(K+1) (right) with a marker at L."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._frac = 0.0
        self._over = False
        self._colors = ("#2ecc71", "#ef5350", "#e8eaf0", "#3a404c")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(14)
        self.setAutoFillBackground(True)  # opaque: moving the marker repaints no parent

    def set_position(self, frac: float, over: bool) -> None:
        if (frac, over) != (self._frac, self._over):
            self._frac, self._over = frac, over
            self.update()

    def set_colors(self, good: str, bad: str, marker: str, track: str, height: int) -> None:
        self._colors = (good, bad, marker, track)
        self.setFixedHeight(height)
        self.update()

    def paintEvent(self, event) -> None:  # Qt override
        good, bad, marker, track = (QColor(c) for c in self._colors)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        h = self.height()
        r = QRectF(h / 2, h * 0.3, self.width() - h, h * 0.4)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QBrush(track))
        p.drawRoundedRect(r, r.height() / 2, r.height() / 2)
        filled = QRectF(r.left(), r.top(), r.width() * self._frac, r.height())
        p.setBrush(QBrush(bad if self._over else good))
        p.drawRoundedRect(filled, r.height() / 2, r.height() / 2)
        p.setPen(QPen(QColor(track), 2))
        p.setBrush(QBrush(marker))
        p.drawEllipse(
            QRectF(r.left() + r.width() * self._frac - h / 2, 0, h, h).adjusted(1, 1, -1, -1)
        )
        p.end()


class LossReadout(QWidget):
    """The current loss in large digits, its name, bounds and notes.

    Parameters
    ----------
    model : PlaygroundModel
        Listened to (``scene_changed``); the numbers, bounds and MI bound are the
        evaluation's (this widget only formats them).
    parent : QWidget, optional

    Attributes
    ----------
    value_label, bounds_label : LiveLabel
        The loss (its font shrinks to fit the width; right-click copies it) and
        the bounds; they change on every drag move without re-laying out the window.
    name_label, note_label, original_label : QLabel
        The loss's name and notes (they change with the scene, not during a drag).
    """

    def __init__(self, model: PlaygroundModel, parent: QWidget | None = None):
        super().__init__(parent)
        self._model = model
        self.name_label = QLabel()
        self.name_label.setToolTip("The loss being computed; choose another in the loss menu.")
        # The number shrinks to fit a narrow panel; right-click copies it.
        self.value_label = LiveLabel(min_scale=0.4, copyable=True)
        self.value_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.value_label.setToolTip(
            "The loss for this anchor, to 6 significant digits (right-click to copy).\n"
            "InfoNCE: L = −log( exp(s₊/τ) / Σₖ exp(sₖ/τ) ); lower is better."
        )
        self._bar = _RangeBar()
        self._bar.setToolTip(
            "Where the loss sits between the best case (left) and\n"
            "'all similarities equal' = log(K+1) (right). Red: worse than chance."
        )
        self.bounds_label = LiveLabel(wrap=True, min_scale=0.75)  # shrinks, then wraps
        self.bounds_label.setToolTip(
            "Closed-form bounds for K negatives at this τ (cosines lie in [−1, 1]).\n"
            "log(K+1) is also the limit as τ → ∞; the InfoNCE loss bounds the\n"
            "mutual information between anchor and positive: I ≥ log(K+1) − L."
        )
        self.note_label = QLabel()
        self.original_label = QLabel()
        self.original_label.setToolTip(
            "These vectors came from your embedding file: every number is computed\n"
            "on the full vectors, while the sphere only shows their PCA directions."
        )
        for label in (self.note_label, self.original_label):
            label.setWordWrap(True)
        self.name_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.note_label.setToolTip("How this loss treats the scene")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        # The value and the bounds change on every drag move: LiveLabels, which
        # repaint without re-laying out the window.
        for w in (self.name_label, self.value_label, self._bar, self.bounds_label):
            layout.addWidget(w)
        layout.addWidget(self.note_label)
        layout.addWidget(self.original_label)
        layout.addStretch(1)
        model.scene_changed.connect(self._on_model_scene_changed)
        self.apply_theme(theme.palette())

    def _on_model_scene_changed(self, *_args) -> None:
        scene, ev = self._model.scene, self._model.evaluation
        res = ev.result
        self.name_label.setText(LOSSES[scene.loss])
        self.value_label.setText(_fmt(res.loss))
        n_pos, k = res.n_positives, ev.n_negatives
        b = ev.bounds
        if b is not None:
            self._bar.set_position(ev.chance_fraction, ev.above_chance)
            if ev.mutual_information is not None:
                mi = ev.mutual_information
                lines = [
                    f"all similarities equal: log(K+1) = log({k + 1}) = {_fmt(b['all_equal'])}",
                    f"best case: log(1 + K·e^(−2/τ)) = {_fmt(b['best'])}",
                    f"I ≥ log(K+1) − L = {_fmt(mi)} nats"
                    + (" (L is above chance)" if mi < 0 else ""),
                ]
            else:
                lines = [
                    f"all similarities equal: log(P+K) = log({n_pos + k}) = {_fmt(b['all_equal'])}",
                    f"best case: log(P + K·e^(−2/τ)) = {_fmt(b['best'])}",
                ]
            lines.insert(0, f"K = {k} negatives, τ = {res.temperature:.6g}")
            self._bar.show()
        else:
            self._bar.hide()
            if res.kind == "triplet":
                rule = "L = 0 once every negative has sₙ ≤ s₊ − m"
            else:
                rule = "a negative costs nothing once its distance ‖a − n‖ ≥ m"
            lines = [
                f"K = {k} negatives, margin m = {res.margin:.6g}",
                rule,
                "No temperature in this loss.",
            ]
        self.bounds_label.setText("\n".join(lines))
        self.note_label.setText(ev.note)
        self.note_label.setVisible(bool(ev.note))
        self.original_label.setText(
            f"Computed in the original {ev.dimension}-D space (the sphere shows PCA directions)"
        )
        self.original_label.setVisible(ev.original)

    def apply_theme(self, palette: theme.Palette) -> None:
        """Restyle for ``palette``; the big number scales with ``palette.font_scale``."""
        s = palette.font_scale
        self.value_label.set_style(palette.foreground, 40 * s, bold=True)
        self.name_label.setStyleSheet(
            f"color: {palette.accent}; font-size: {13 * s:.0f}pt; font-weight: bold;"
        )
        self.bounds_label.set_style(palette.muted, round(10 * s))
        self.note_label.setStyleSheet(
            f"color: {palette.anchor}; font-size: {10 * s:.0f}pt; font-style: italic;"
        )
        self.original_label.setStyleSheet(
            f"color: {palette.accent}; font-size: {10 * s:.0f}pt; font-weight: bold;"
        )
        self._bar.set_colors(
            palette.positive, palette.negative, palette.foreground, palette.grid, int(14 * s)
        )
        self._on_model_scene_changed()
