"""Choose the loss, and the margin of the margin-based losses."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QHBoxLayout, QLabel, QWidget

from ...core.scene import LOSSES
from ..models.playground import PlaygroundModel
from . import theme

_TIPS = {
    "info_nce": "InfoNCE: cross-entropy of the softmax over s/τ, with the positive as the label.",
    "supcon": "SupCon (Khosla 2020, L_out): every positive counts; averaged over the positives.",
    "triplet": "Triplet: mean over negatives of max(0, sₙ − s₊ + m). No softmax, no τ.",
    "margin": "Hadsell 2006: pull the positive in (D²/2), push negatives out to distance m.",
}
#: Which scene margin each margin loss uses (the first argument of ``margin_requested``).
_MARGIN_OF = {"triplet": "triplet", "margin": "contrastive"}


class LossChooser(QWidget):
    """A combo box of the losses plus a margin box for triplet / margin.

    Parameters
    ----------
    model : PlaygroundModel
        Listened to (``scene_changed``); never written.
    parent : QWidget, optional

    Signals
    -------
    loss_requested(str)
        A key of ``core.scene.LOSSES`` was chosen.
    margin_requested(str, float)
        ``"triplet"`` or ``"contrastive"``, and the margin typed.

    Attributes
    ----------
    combo : QComboBox
        One entry per loss; ``itemData`` holds the key of ``core.scene.LOSSES``.
    margin : QDoubleSpinBox
        The margin; hidden for the softmax losses.
    """

    loss_requested = Signal(str)
    margin_requested = Signal(str, float)

    def __init__(self, model: PlaygroundModel, parent: QWidget | None = None):
        super().__init__(parent)
        self._model = model
        self._shown: tuple | None = None
        self._label = QLabel("Loss")
        self.combo = QComboBox()
        for i, (key, label) in enumerate(LOSSES.items()):
            self.combo.addItem(label, key)
            self.combo.setItemData(i, _TIPS.get(key, label), Qt.ItemDataRole.ToolTipRole)
        self.combo.setToolTip("Which loss every number, bar and arrow uses.")
        self._margin_label = QLabel("margin m")
        self.margin = QDoubleSpinBox()
        self.margin.setRange(0.0, 4.0)
        self.margin.setSingleStep(0.05)
        self.margin.setDecimals(3)
        self.margin.setKeyboardTracking(False)
        self.margin.setToolTip(
            "The margin m. Triplet: how much closer (in cosine) the positive must be\n"
            "than every negative. Margin loss: the distance beyond which a negative\n"
            "costs nothing (distances between unit vectors lie in [0, 2])."
        )
        self._margin_label.setToolTip(self.margin.toolTip())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self._label)
        layout.addWidget(self.combo, 1)
        layout.addWidget(self._margin_label)
        layout.addWidget(self.margin)
        self.combo.currentIndexChanged.connect(self._on_combo_index_changed)
        self.margin.valueChanged.connect(self._on_margin_value_changed)
        model.scene_changed.connect(self._on_model_scene_changed)
        self.apply_theme(theme.palette())
        self._on_model_scene_changed()

    # ------------------------------------------------------------ model -> view
    def _on_model_scene_changed(self, *_args) -> None:
        scene = self._model.scene
        key = (scene.loss, scene.triplet_margin, scene.contrastive_margin)
        if key == self._shown:
            return  # a drag move: nothing of this panel changed
        self._shown = key
        with QSignalBlocker(self.combo):
            self.combo.setCurrentIndex(self.combo.findData(scene.loss))
        which = _MARGIN_OF.get(scene.loss)
        self.margin.setVisible(which is not None)
        self._margin_label.setVisible(which is not None)
        if which is not None:
            value = scene.triplet_margin if which == "triplet" else scene.contrastive_margin
            with QSignalBlocker(self.margin):
                self.margin.setValue(value)

    # ------------------------------------------------------------ view -> model
    def _on_combo_index_changed(self, index: int) -> None:
        self.loss_requested.emit(self.combo.itemData(index))

    def _on_margin_value_changed(self, value: float) -> None:
        which = _MARGIN_OF.get(self._model.scene.loss)
        if which is not None:
            self.margin_requested.emit(which, value)

    # ------------------------------------------------------------------ theme
    def apply_theme(self, palette: theme.Palette) -> None:
        """Restyle for ``palette`` (colours and font scale)."""
        size = f"font-size: {11 * palette.font_scale:.0f}pt;"
        for w in (self._label, self._margin_label):
            w.setStyleSheet(f"color: {palette.foreground}; {size}")
        for w in (self.combo, self.margin):
            w.setStyleSheet(size)
