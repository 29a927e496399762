"""The Train tab's controls: data, loss, settings, augmentations and the run buttons.

Passive: it shows :class:`TrainingModel` and emits the user's intents. A typed value is
sent as text (``edited(name, text)``); the controller checks it and, if it is refused,
calls :meth:`TrainControls.refuse`, which puts the model's value back and says why.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSignalBlocker, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.training import LIVE_SETTINGS
from ..models.training import TrainingModel

# Table strings are marked for pyside6-lupdate and shown through self.tr.
#: (setting, label, tooltip) of the typed fields, in order.
FIELDS = (
    (
        "temperature",
        QT_TRANSLATE_NOOP("TrainControls", "τ"),
        QT_TRANSLATE_NOOP(
            "TrainControls", "Temperature, 1e-4 to 1e4. Changes apply at the next step."
        ),
    ),
    (
        "lr",
        QT_TRANSLATE_NOOP("TrainControls", "Learning rate"),
        QT_TRANSLATE_NOOP(
            "TrainControls", "Step size of the optimiser (> 0). Changes apply at the next step."
        ),
    ),
    (
        "batch_size",
        QT_TRANSLATE_NOOP("TrainControls", "Batch size"),
        QT_TRANSLATE_NOOP("TrainControls", "Samples per step (≥ 2): 2N views. Applies at Reset."),
    ),
    (
        "hidden",
        QT_TRANSLATE_NOOP("TrainControls", "Hidden width"),
        QT_TRANSLATE_NOOP("TrainControls", "Units of the hidden layer (≥ 1). Applies at Reset."),
    ),
    (
        "out_dim",
        QT_TRANSLATE_NOOP("TrainControls", "Output dim"),
        QT_TRANSLATE_NOOP("TrainControls", "Dimension of the embeddings (≥ 2; 3 shows a sphere)."),
    ),
    (
        "seed",
        QT_TRANSLATE_NOOP("TrainControls", "Seed"),
        QT_TRANSLATE_NOOP(
            "TrainControls", "The same seed and settings give the same run, bit for bit."
        ),
    ),
    (
        "snapshot_every",
        QT_TRANSLATE_NOOP("TrainControls", "Snapshot every"),
        QT_TRANSLATE_NOOP("TrainControls", "Keep all the points every N steps (a series step)."),
    ),
)
AUGMENTS = (
    (
        "shift",
        QT_TRANSLATE_NOOP("TrainControls", "Shift (px)"),
        QT_TRANSLATE_NOOP("TrainControls", "Digits: largest random shift, 0 to 3 pixels."),
    ),
    (
        "noise",
        QT_TRANSLATE_NOOP("TrainControls", "Noise σ"),
        QT_TRANSLATE_NOOP("TrainControls", "Gaussian noise added to every input (≥ 0)."),
    ),
    (
        "erase",
        QT_TRANSLATE_NOOP("TrainControls", "Erase p"),
        QT_TRANSLATE_NOOP(
            "TrainControls", "Digits: probability of zeroing a random 2-4 pixel rectangle."
        ),
    ),
    (
        "dropout",
        QT_TRANSLATE_NOOP("TrainControls", "Dropout p"),
        QT_TRANSLATE_NOOP(
            "TrainControls", "Other data: probability of zeroing each feature (0 to 0.95)."
        ),
    ),
)
LOSS_NAMES = (
    ("nt_xent", QT_TRANSLATE_NOOP("TrainControls", "NT-Xent (SimCLR)")),
    ("supcon", QT_TRANSLATE_NOOP("TrainControls", "SupCon")),
)
OPTIMIZER_NAMES = (
    ("adam", QT_TRANSLATE_NOOP("TrainControls", "Adam")),
    ("sgd", QT_TRANSLATE_NOOP("TrainControls", "SGD + momentum")),
)


class TrainControls(QWidget):
    """Settings and run buttons of the Train tab.

    Signals
    -------
    edited(str, object)
        A setting and its new value (text for typed fields, a key for the combos).
    data_requested(str)
        ``"digits"`` or ``"explorer"`` (the loaded embedding set).
    start_requested(), pause_requested(), step_requested(), reset_requested(),
    save_run_requested(), save_weights_requested(), open_run_requested(), send_requested(int)
    """

    edited = Signal(str, object)
    data_requested = Signal(str)
    start_requested = Signal()
    pause_requested = Signal()
    step_requested = Signal()
    reset_requested = Signal()
    save_run_requested = Signal()
    save_weights_requested = Signal()
    open_run_requested = Signal()
    send_requested = Signal(int)

    def __init__(self, model: TrainingModel, parent: QWidget | None = None):
        super().__init__(parent)
        self._model = model
        self.fields: dict[str, QLineEdit] = {}
        self.data = QComboBox()
        self.data.addItem(self.tr("Digits (built in)"), "digits")
        self.data.addItem(self.tr("Explorer's data set"), "explorer")
        self.data.setToolTip(self.tr("With your own embeddings this trains a projection head."))
        self.data.activated.connect(lambda i: self.data_requested.emit(self.data.itemData(i)))
        self.loss = self._combo(LOSS_NAMES, "loss")
        self.optimizer = self._combo(OPTIMIZER_NAMES, "optimizer")
        form = QFormLayout()
        form.addRow(self.tr("Data"), self.data)
        form.addRow(self.tr("Loss"), self.loss)
        form.addRow(self.tr("Optimiser"), self.optimizer)
        for name, label, tip in FIELDS:
            form.addRow(self.tr(label), self._field(name, self.tr(tip)))
        aug = QGroupBox(self.tr("Augmentations (change while training)"))
        aug_form = QFormLayout(aug)
        for name, label, tip in AUGMENTS:
            aug_form.addRow(self.tr(label), self._field(name, self.tr(tip)))
        self.start = QPushButton(self.tr("Start"))
        self.start.setToolTip(self.tr("Start or pause training (Ctrl+T)"))
        self.start.clicked.connect(self._on_start_clicked)
        self.step = QPushButton(self.tr("Step"))
        self.step.clicked.connect(self.step_requested)
        self.reset = QPushButton(self.tr("Reset"))
        self.reset.setToolTip(self.tr("Back to step 0 with the current settings"))
        self.reset.clicked.connect(self.reset_requested)
        self.send = QPushButton(self.tr("Send anchor to playground"))
        self.send.setToolTip(
            self.tr(
                "At a paused step: this view of the last batch is the anchor; the batch gives the positives and negatives. The playground's loss is this anchor's term of the step's loss."  # noqa: E501
            )
        )
        self.anchor = QLineEdit("0")
        self.anchor.setToolTip(self.tr("Which of the last batch's 2N views is the anchor"))
        self.send.clicked.connect(self._on_send_clicked)
        buttons = QGridLayout()
        for i, b in enumerate((self.start, self.step, self.reset)):
            buttons.addWidget(b, 0, i)
        buttons.addWidget(QLabel(self.tr("Anchor view")), 1, 0)
        buttons.addWidget(self.anchor, 1, 1)
        buttons.addWidget(self.send, 2, 0, 1, 3)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.step_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(aug)
        layout.addLayout(buttons)
        layout.addWidget(self.step_label)
        layout.addWidget(self.status)
        layout.addStretch(1)
        model.settings_changed.connect(self._on_model_settings_changed)
        model.state_changed.connect(self._on_model_state_changed)
        model.progressed.connect(self._on_model_progressed)
        model.message.connect(self.show_message)
        self._on_model_settings_changed(model.settings)
        self._on_model_state_changed(model.state)

    def _combo(self, items, name: str) -> QComboBox:
        box = QComboBox()
        for key, text in items:
            box.addItem(self.tr(text), key)
        box.activated.connect(lambda i: self.edited.emit(name, box.itemData(i)))
        return box

    def _field(self, name: str, tip: str) -> QLineEdit:
        field = QLineEdit()
        field.setToolTip(tip)
        field.setMaximumWidth(110)
        field.editingFinished.connect(lambda: self._on_field_edited(name))
        self.fields[name] = field
        return field

    def _on_field_edited(self, name: str) -> None:
        text = self.fields[name].text().strip()
        if text != _fmt(getattr(self._model.settings, name)):
            self.edited.emit(name, text)

    def _on_start_clicked(self) -> None:
        (self.pause_requested if self._model.state == "running" else self.start_requested).emit()

    def _on_send_clicked(self) -> None:
        try:
            self.send_requested.emit(int(self.anchor.text()))
        except ValueError:
            self.show_message(self.tr("The anchor view must be a whole number."), error=True)

    # ------------------------------------------------------------ model → view
    def refuse(self, name: str, reason: str) -> None:
        """A typed value was refused: show the model's value again and why."""
        if name in self.fields:
            self.fields[name].setText(_fmt(getattr(self._model.settings, name)))
        self._on_model_settings_changed(self._model.settings)
        self.show_message(reason, error=True)

    def show_message(self, text: str, error: bool = False) -> None:
        self.status.setStyleSheet("color: #c0392b;" if error else "")
        self.status.setText(text)

    def _on_model_settings_changed(self, settings) -> None:
        for name, field in self.fields.items():
            with QSignalBlocker(field):
                field.setText(_fmt(getattr(settings, name)))
        for box, value in ((self.loss, settings.loss), (self.optimizer, settings.optimizer)):
            with QSignalBlocker(box):
                box.setCurrentIndex(box.findData(value))
        supcon = self.loss.model().item(1)
        supcon.setEnabled(self._model.has_labels)
        supcon.setToolTip(
            "" if self._model.has_labels else
            self.tr("SupCon needs labels: its positives are the samples of the same class.")
        )  # fmt: skip

    def _on_model_state_changed(self, state: str) -> None:
        running = state == "running"
        self.start.setText(self.tr("Pause") if running else self.tr("Start"))
        self.step.setEnabled(not running)
        self.send.setEnabled(state == "paused")
        for name, field in self.fields.items():
            field.setEnabled(not running or name in LIVE_SETTINGS or name == "snapshot_every")
        for name, _, _ in AUGMENTS:
            self.fields[name].setEnabled(True)
        for w in (self.loss, self.optimizer, self.data):
            w.setEnabled(not running)
        self._on_model_progressed(self._model.step)

    def _on_model_progressed(self, step: int) -> None:
        m = self._model
        loss = f"{m.loss[-1]:.4f}" if m.loss.size else "–"
        self.step_label.setText(
            self.tr("Step {0} · loss {1} · {2} snapshots").format(step, loss, len(m.snapshots))
        )


def _fmt(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
