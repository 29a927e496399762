"""The temperature control: a log-scale slider plus a field that takes any valid tau."""

from __future__ import annotations

import math

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QSlider, QVBoxLayout, QWidget

from ...core.temperature import SLIDER_MAX, SLIDER_MIN, TAU_MAX, TAU_MIN, parse_temperature
from ..models.playground import PlaygroundModel
from . import theme

STEPS = 1000
REFUSAL_MS = 2500

_TIP = (
    "Temperature τ divides every cosine before the softmax.\n"
    "Lower τ sharpens the softmax: the push concentrates on the hardest negative.\n"
    "Higher τ flattens it: every negative is pushed about equally."
)


def _tau_to_step(tau: float) -> int:
    lo, hi = math.log10(SLIDER_MIN), math.log10(SLIDER_MAX)
    frac = (math.log10(tau) - lo) / (hi - lo)
    return int(round(min(max(frac, 0.0), 1.0) * STEPS))


def _step_to_tau(step: int) -> float:
    lo, hi = math.log10(SLIDER_MIN), math.log10(SLIDER_MAX)
    return float(f"{10.0 ** (lo + (hi - lo) * step / STEPS):.4g}")


class TemperatureControl(QWidget):
    """Slider (log scale, 0.01–10) and text field (1e-4–1e4) for tau.

    Parameters
    ----------
    model : PlaygroundModel
        Listened to (``scene_changed``); never written.
    parent : QWidget, optional

    Attributes
    ----------
    slider : QSlider
        ``STEPS + 1`` integer positions mapped through log10 onto [0.01, 10].
    field : QLineEdit
        Accepts any number in [1e-4, 1e4], scientific notation included.

    Signals
    -------
    refused(str)
        A typed value was refused; the argument says why.
    accepted()
        A typed value was accepted (any earlier refusal is void).
    temperature_requested(float)
        A typed value, or a slider step that is not part of a drag.
    slide_started(), slid(float), slide_finished()
        A drag of the slider: its start, each step, its end (one gesture).
    """

    refused = Signal(str)
    accepted = Signal()
    temperature_requested = Signal(float)
    slide_started = Signal()
    slid = Signal(float)
    slide_finished = Signal()

    def __init__(self, model: PlaygroundModel, parent: QWidget | None = None):
        super().__init__(parent)
        self._model = model
        self._shown_tau: float | None = None

        self._title = QLabel("τ (temperature)")
        self._title.setToolTip(_TIP)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, STEPS)
        self.slider.setPageStep(STEPS // 15)
        self.slider.setToolTip(_TIP + "\n\nLog scale from 0.01 to 10; type other values.")
        self.field = QLineEdit()
        self.field.setToolTip(
            f"Type any τ between {TAU_MIN:g} and {TAU_MAX:.0f}, e.g. 0.07 or 1e-3; press Enter."
        )
        self.field.setMaximumWidth(110)
        self._message = QLabel("")
        self._message.setWordWrap(True)
        self._message.setToolTip("Why the last typed value was refused")
        self._timer = QTimer(self, singleShot=True, interval=REFUSAL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

        self._ends = (QLabel(f"{SLIDER_MIN:g}"), QLabel(f"{SLIDER_MAX:g}"))
        ends = QHBoxLayout()
        ends.setContentsMargins(0, 0, 0, 0)
        ends.addWidget(self._ends[0])
        ends.addStretch(1)
        ends.addWidget(self._ends[1])
        column = QVBoxLayout()
        column.setSpacing(0)
        column.addWidget(self.slider)
        column.addLayout(ends)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addLayout(column, 1)
        row.addWidget(self.field, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self._title)
        layout.addLayout(row)
        layout.addWidget(self._message)

        self.slider.valueChanged.connect(self._on_slider_value_changed)
        self.slider.sliderPressed.connect(self.slide_started)
        self.slider.sliderReleased.connect(self.slide_finished)
        self.field.editingFinished.connect(self._on_field_editing_finished)
        model.scene_changed.connect(self._on_model_scene_changed)
        self.apply_theme(theme.palette())
        self._on_model_scene_changed()

    # ------------------------------------------------------------ model -> view
    def _on_model_scene_changed(self, *_args) -> None:
        # Triplet and margin losses have no τ: the control stays, greyed out.
        uses_tau = self._model.evaluation.result.temperature is not None
        if uses_tau != self.isEnabled():
            self.setEnabled(uses_tau)
            self._title.setText("τ (temperature)" if uses_tau else "τ (not used by this loss)")
        tau = self._model.scene.temperature
        if tau == self._shown_tau:
            return
        self._shown_tau = tau
        with QSignalBlocker(self.slider):
            if not self.slider.isSliderDown():
                self.slider.setValue(_tau_to_step(tau))
        with QSignalBlocker(self.field):
            self.field.setText(f"{tau:.6g}")

    # ------------------------------------------------------------ view -> model
    def _on_slider_value_changed(self, step: int) -> None:
        tau = _step_to_tau(step)
        (self.slid if self.slider.isSliderDown() else self.temperature_requested).emit(tau)

    def _on_field_editing_finished(self) -> None:
        text = self.field.text().strip()
        try:
            tau = parse_temperature(text)
        except ValueError as exc:
            self.refuse(str(exc))
            return
        self._clear_refusal()
        self.accepted.emit()
        if tau != self._model.scene.temperature:
            self.temperature_requested.emit(tau)

    def refuse(self, message: str) -> None:
        """Show why a value was refused, and the current τ again in the field."""
        self._refuse(message)

    def _refuse(self, message: str) -> None:
        with QSignalBlocker(self.field):
            self.field.setText(f"{self._model.scene.temperature:.6g}")
        self._message.setText(message)
        self.field.setProperty("refused", True)
        self._restyle_field()
        self._timer.start()
        self.refused.emit(message)

    def _clear_refusal(self) -> None:
        self._timer.stop()
        self._on_timer_timeout()

    def _on_timer_timeout(self) -> None:
        self._message.setText("")
        self.field.setProperty("refused", False)
        self._restyle_field()

    # ------------------------------------------------------------------ theme
    def _restyle_field(self) -> None:
        pal = self._palette
        border = pal.negative if self.field.property("refused") else pal.grid
        self.field.setStyleSheet(
            f"QLineEdit {{ border: 2px solid {border}; border-radius: 4px; padding: 2px 4px;"
            f" background: {pal.surface}; color: {pal.foreground}; }}"
        )

    def apply_theme(self, palette: theme.Palette) -> None:
        """Restyle for ``palette`` (colours and font scale)."""
        self._palette = palette
        size = 11 * palette.font_scale
        self._title.setStyleSheet(f"color: {palette.foreground}; font-size: {size:.0f}pt;")
        for end in self._ends:
            end.setStyleSheet(f"color: {palette.muted}; font-size: {0.8 * size:.0f}pt;")
        self._message.setMinimumHeight(int(1.6 * size))
        self._message.setStyleSheet(
            f"color: {palette.negative}; font-size: {0.9 * size:.0f}pt; font-weight: bold;"
        )
        s = palette.font_scale
        groove = 2 * round(3 * s)
        handle = groove + 2 * round(6 * s)
        self.slider.setStyleSheet(
            f"QSlider::groove:horizontal {{ height: {groove}px; background: {palette.grid};"
            f" border-radius: {groove // 2}px; }}"
            f"QSlider::sub-page:horizontal {{ background: {palette.accent};"
            f" border-radius: {groove // 2}px; }}"
            f"QSlider::handle:horizontal {{ background: {palette.foreground}; width: {handle}px;"
            f" margin: -{(handle - groove) // 2}px 0; border-radius: {handle // 2 - 1}px; }}"
            f"QSlider::sub-page:horizontal:disabled {{ background: {palette.grid}; }}"
            f"QSlider::handle:horizontal:disabled {{ background: {palette.grid}; }}"
        )
        self.slider.setMinimumHeight(handle + 4)
        self.field.setMinimumWidth(int(80 * palette.font_scale))
        self.field.setMaximumWidth(int(120 * palette.font_scale))
        self._restyle_field()
