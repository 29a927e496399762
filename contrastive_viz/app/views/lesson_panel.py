"""The lesson panel: caption, task, goal, done or not, explanation, hint, Back/Next.

A passive view: it shows what it is given (``set_*``) and emits intents
(``back_clicked``, ``next_clicked``, ``hint_clicked``, ``restart_clicked``,
``lesson_chosen``); :mod:`~..controllers.lessons` decides what they do.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from . import theme
from .live_label import LiveLabel


def _name(cond) -> str:
    """``cos(p2)``, ``p₊``, ``w(n1)``, ``L``, ``τ`` or ``K``: the metric as the panels write it."""
    if cond.metric == "probability":
        return f"p({cond.of})" if cond.of else "p₊"
    short = {"cosine": "cos", "negative_weight": "w"}.get(cond.metric)
    if short:
        return f"{short}({cond.of})"
    return {"loss": "L", "temperature": "τ", "negatives": "K"}[cond.metric]


def _number(x: float) -> str:
    return f"{x:.0f}" if float(x).is_integer() and abs(x) < 1e6 else f"{x:.4g}"


def goal_text(cond) -> str:
    """One condition as a formula: ``cos(p2) < 0.5``, ``0.1 ≤ τ ≤ 0.2``."""
    name = _name(cond)
    if cond.inclusive:
        return f"{_number(cond.above)} ≤ {name} ≤ {_number(cond.below)}"
    if cond.above is not None and cond.below is not None:
        return f"{_number(cond.above)} < {name} < {_number(cond.below)}"
    if cond.above is not None:
        return f"{name} > {_number(cond.above)}"
    return f"{name} < {_number(cond.below)}"


class LessonPanel(QWidget):
    """Shows one lesson and whether its task is done.

    Signals
    -------
    back_clicked(), next_clicked(), restart_clicked()
    hint_clicked(bool)
        Show (True) or hide the hint.
    lesson_chosen(int)
        A lesson picked in the list at the top.
    language_changed()
        The interface language changed (the panel's own labels are retranslated).
    """

    back_clicked = Signal()
    next_clicked = Signal()
    hint_clicked = Signal(bool)
    restart_clicked = Signal()
    lesson_chosen = Signal(int)
    language_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMinimumWidth(260)
        self.chooser = QComboBox()
        self.chooser.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.chooser.setMinimumContentsLength(16)
        self.chooser.activated.connect(self.lesson_chosen)
        self.caption = self._label()
        self.task = self._label()
        self.goal = LiveLabel(wrap=True)  # changes on every drag move: no relayout
        self.status = QLabel()
        self.explanation = self._label()
        self.hint = self._label()
        self.hint_button = QPushButton()
        self.hint_button.setCheckable(True)
        self.restart_button = QPushButton()
        self.back_button = QPushButton()
        self.next_button = QPushButton()
        self._retranslate()
        for button, signal in (
            (self.hint_button, self.hint_clicked),
            (self.restart_button, self.restart_clicked),
            (self.back_button, self.back_clicked),
            (self.next_button, self.next_clicked),
        ):
            button.clicked.connect(signal)
        buttons = QHBoxLayout()
        for b in (self.hint_button, self.restart_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        for b in (self.back_button, self.next_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.chooser)
        for w in (self.caption, self.task, self.goal, self.status, self.explanation, self.hint):
            layout.addWidget(w)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.explanation.hide()
        self.hint.hide()
        self.apply_theme(theme.palette())

    def _retranslate(self) -> None:
        self.chooser.setToolTip(self.tr("Pick a lesson; ✓ marks the ones you finished"))
        self.hint_button.setText(self.tr("&Hint"))
        self.hint_button.setToolTip(self.tr("Show or hide a hint for this task"))
        self.restart_button.setText(self.tr("&Restart"))
        self.restart_button.setToolTip(self.tr("Load this lesson's scene again (undoable)"))
        self.back_button.setText(self.tr("◀ &Back"))
        self.back_button.setToolTip(self.tr("The previous lesson"))
        self.next_button.setText(self.tr("&Next ▶"))
        self.next_button.setToolTip(self.tr("The next lesson"))

    def changeEvent(self, event) -> None:  # Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self.language_changed.emit()
        super().changeEvent(event)

    @staticmethod
    def _label() -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        return label

    # ------------------------------------------------------------ set_*
    def set_lessons(self, titles: list[str], done: list[bool], current: int) -> None:
        """The list at the top: one title per lesson, ✓ before the finished ones, and
        ``current`` chosen (-1: none)."""
        with QSignalBlocker(self.chooser):
            self.chooser.clear()
            for i, (title, ok) in enumerate(zip(titles, done, strict=True)):
                self.chooser.addItem(f"{'✓' if ok else '   '} {i + 1}. {title}")
            self.chooser.setCurrentIndex(current)

    def set_lesson(
        self, index: int, count: int, caption: str, task: str, hint: str, explanation: str
    ) -> None:
        """Show lesson ``index`` (0-based) of ``count``, with the hint and explanation hidden."""
        with QSignalBlocker(self.chooser):
            self.chooser.setCurrentIndex(index)
        self.caption.setText(caption)
        self.task.setText(self.tr("Task: {0}").format(task))
        self.hint.setText(self.tr("Hint: {0}").format(hint))
        self.explanation.setText(self.tr("What just happened: {0}").format(explanation))
        self.hint_button.setEnabled(bool(hint))
        self.back_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < count - 1)
        self._has_explanation = bool(explanation)
        self.set_hint_visible(False)

    def set_goal(self, conditions, values) -> None:
        """``cos(p2) < 0.5 (now 0.9999)`` for each condition (a drag move updates it)."""
        parts = []
        for cond, value in zip(conditions, values, strict=True):
            now = self.tr("no value here") if value is None else f"{value:.6g}"
            parts.append(self.tr("{0}  (now {1})").format(goal_text(cond), now))
        self.goal.setText(self.tr("Goal: {0}").format("; ".join(parts)))

    def set_done(self, done: bool) -> None:
        """Done (with the explanation) or not yet."""
        pal = theme.palette()
        if done:
            self.status.setText(self.tr("✓ Done"))
            color = pal.positive
        else:
            self.status.setText(self.tr("Not done yet"))
            color = pal.muted
        self.status.setStyleSheet(
            f"color: {color}; font-weight: bold; font-size: {12 * pal.font_scale:.0f}pt;"
        )
        self.explanation.setVisible(done and self._has_explanation)

    def set_hint_visible(self, on: bool) -> None:
        self.hint.setVisible(on)
        with QSignalBlocker(self.hint_button):
            self.hint_button.setChecked(on)

    def apply_theme(self, palette: theme.Palette) -> None:
        s = palette.font_scale
        self.caption.setStyleSheet(f"font-size: {11 * s:.0f}pt;")
        self.task.setStyleSheet(f"font-size: {11 * s:.0f}pt; font-weight: bold;")
        self.goal.set_style(palette.accent, round(11 * s))
        self.explanation.setStyleSheet(f"color: {palette.positive}; font-size: {11 * s:.0f}pt;")
        self.hint.setStyleSheet(
            f"color: {palette.anchor}; font-size: {10 * s:.0f}pt; font-style: italic;"
        )

    _has_explanation = False
