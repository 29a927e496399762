"""The series timeline: play/pause, a slider over the steps with their names, the speed.

Passive: the controller calls :meth:`SeriesTimeline.set_steps`, :meth:`set_position`
and :meth:`set_playing`; the widget emits ``position_edited(float)`` while the user
drags the slider (in hundredths of a step, so a drag shows the interpolation too),
``play_toggled(bool)`` and ``speed_chosen(float)``.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QStyle,
    QStyleOptionSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core.display_text import elide
from ..models.series import SPEEDS

__all__ = ["SeriesTimeline"]

#: Slider units per step.
UNITS = 100


class _StepNames(QWidget):
    """The step names under the slider's ticks (as many as fit, the current one bold)."""

    def __init__(self, slider: QSlider):
        super().__init__()
        self._slider, self.names, self.current = slider, [], 0
        self.setMinimumHeight(self.fontMetrics().height() + 4)

    def paintEvent(self, _ev) -> None:
        n = len(self.names)
        if n == 0:
            return
        s = self._slider
        opt = QStyleOptionSlider()
        s.initStyleOption(opt)
        groove = s.style().subControlRect(QStyle.CC_Slider, opt, QStyle.SC_SliderGroove, s)
        handle = s.style().subControlRect(QStyle.CC_Slider, opt, QStyle.SC_SliderHandle, s)
        x0 = s.mapTo(self.parentWidget(), groove.topLeft()).x() - self.x() + handle.width() / 2
        span = groove.width() - handle.width()
        fm = self.fontMetrics()
        width = max(fm.horizontalAdvance("M") * 3, span / max(n - 1, 1))
        every = max(1, int(fm.horizontalAdvance("epoch_000") * 1.2 // max(width, 1)) + 1)
        p = QPainter(self)
        for i, name in enumerate(self.names):
            if i % every and i != self.current and i != n - 1:
                continue
            x = x0 + (span * i / (n - 1) if n > 1 else 0)
            font = p.font()
            font.setBold(i == self.current)
            p.setFont(font)
            text = elide(name, 16)
            w = fm.horizontalAdvance(text) + 8
            rect = QRect(int(x - w / 2), 0, int(w), self.height())
            p.drawText(rect, Qt.AlignHCenter | Qt.AlignTop, text)
        p.end()


class SeriesTimeline(QWidget):
    """Play/pause, the step slider with names, the step shown and the speed.

    Signals
    -------
    position_edited(float)
        The user moved the slider (fractional step).
    play_toggled(bool)
    speed_chosen(float)
        Steps per second.
    """

    position_edited = Signal(float)
    play_toggled = Signal(bool)
    speed_chosen = Signal(float)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.play = QToolButton()
        self.play.setCheckable(True)
        self.play.setToolTip(self.tr("Play or pause the series (Space)"))
        self.play.toggled.connect(self._on_play_toggled)
        self.slider = QSlider(Qt.Horizontal)
        self.slider.setTickPosition(QSlider.TicksBelow)
        self.slider.setTickInterval(UNITS)
        self.slider.setPageStep(UNITS)
        self.slider.setSingleStep(UNITS)
        self.slider.setToolTip(self.tr("Drag to scrub through the steps (←/→ step)"))
        self.slider.valueChanged.connect(self._on_slider_value_changed)
        self.step_label = QLabel()
        self.step_label.setMinimumWidth(120)
        self.speed = QComboBox()
        for s in SPEEDS:
            self.speed.addItem(self.tr("{0}× steps/s").format(f"{s:g}"), s)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.setToolTip(self.tr("Playback speed, in steps a second"))
        self.speed.activated.connect(lambda i: self.speed_chosen.emit(float(SPEEDS[i])))
        self.names = _StepNames(self.slider)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.play)
        top.addWidget(self.slider, 1)
        top.addWidget(self.step_label)
        top.addWidget(self.speed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.names)
        self._updating = False
        self.set_playing(False)
        self.set_steps([])

    def set_steps(self, names: list[str]) -> None:
        self._updating = True
        self.slider.setRange(0, max(len(names) - 1, 0) * UNITS)
        self._updating = False
        self.names.names = list(names)
        self.setEnabled(len(names) > 0)
        self.names.update()

    def set_position(self, position: float) -> None:
        self._updating = True
        self.slider.setValue(round(position * UNITS))
        self._updating = False
        names = self.names.names
        i = int(round(position))
        self.names.current = i
        self.step_label.setText(names[i] if 0 <= i < len(names) else "")
        self.names.update()

    def set_playing(self, playing: bool) -> None:
        self.play.blockSignals(True)
        self.play.setChecked(playing)
        self.play.blockSignals(False)
        icon = QStyle.SP_MediaPause if playing else QStyle.SP_MediaPlay
        self.play.setIcon(self.style().standardIcon(icon))

    def set_speed(self, speed: float) -> None:
        if speed in SPEEDS:
            self.speed.setCurrentIndex(SPEEDS.index(speed))

    def _on_play_toggled(self, checked: bool) -> None:
        self.play_toggled.emit(checked)

    def _on_slider_value_changed(self, value: int) -> None:
        if not self._updating:
            self.position_edited.emit(value / UNITS)
