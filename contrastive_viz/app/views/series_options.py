"""The series tool bar: basis, reference step, 2-D/3-D, colour-by, step B, k; what is shown.

Passive: :meth:`SeriesOptions.set_steps` fills the step choices, ``set_*`` mirror the
model (signals blocked), and the user's choices leave as intents. The info line says
how rows were matched, which basis is shown (and which steps fell back to their own
PCA), and whether the steps were sorted by name.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..models.series import COLOR_BY

__all__ = ["SeriesOptions"]


def _combo(tip: str) -> QComboBox:
    box = QComboBox()
    box.setToolTip(tip)
    box.setSizeAdjustPolicy(QComboBox.AdjustToContents)
    return box


class SeriesOptions(QWidget):
    """Choices for the series views (see the module).

    Signals
    -------
    basis_chosen(object)
        ``"per-step"`` or the index of the step whose PCA is shared.
    reference_chosen(int)
    dims_chosen(int)
    color_by_chosen(str)
    compare_chosen(int)
    k_chosen(int)
    """

    basis_chosen = Signal(object)
    reference_chosen = Signal(int)
    dims_chosen = Signal(int)
    color_by_chosen = Signal(str)
    compare_chosen = Signal(int)
    k_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.basis = _combo(self.tr("PCA of each step, or one step's PCA applied to every step"))
        self.reference = _combo(self.tr("The step the others are rotated to (chained outward)"))
        self.compare = _combo(self.tr("The step view B shows; change is measured from it"))
        self.color_by = _combo(self.tr("Colour points by label or by their change A ↔ B"))
        names = {
            "label": self.tr("label"),
            "movement": self.tr("movement A↔B"),
            "overlap": self.tr("k-NN overlap A↔B"),
            "none": self.tr("one colour"),
        }
        for key in COLOR_BY:
            self.color_by.addItem(names[key], key)
        self.k = QSpinBox()
        self.k.setRange(1, 100)
        self.k.setValue(10)
        self.k.setPrefix("k = ")
        self.k.setToolTip(self.tr("Neighbours for the overlap and for a selected point"))
        self.dim2, self.dim3 = QRadioButton("2-D"), QRadioButton("3-D")
        self.dim2.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.dim2, 2)
        group.addButton(self.dim3, 3)
        group.idClicked.connect(self.dims_chosen.emit)
        self.info = QLabel()
        self.info.setWordWrap(True)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for text, w in (
            (self.tr("Basis"), self.basis),
            (self.tr("Reference"), self.reference),
            (self.tr("B ="), self.compare),
            (self.tr("Colour"), self.color_by),
        ):
            row.addWidget(QLabel(text))
            row.addWidget(w)
        row.addWidget(self.k)
        row.addWidget(self.dim2)
        row.addWidget(self.dim3)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.addLayout(row)
        layout.addWidget(self.info)
        self.basis.activated.connect(lambda i: self.basis_chosen.emit(self.basis.itemData(i)))
        self.reference.activated.connect(lambda i: self.reference_chosen.emit(i))
        self.compare.activated.connect(lambda i: self.compare_chosen.emit(i))
        self.color_by.activated.connect(
            lambda i: self.color_by_chosen.emit(self.color_by.itemData(i))
        )
        self.k.editingFinished.connect(lambda: self.k_chosen.emit(self.k.value()))

    def set_steps(self, names: list[str]) -> None:
        for box in (self.basis, self.reference, self.compare):
            box.blockSignals(True)
            box.clear()
        self.basis.addItem(self.tr("per-step PCA"), "per-step")
        for i, name in enumerate(names):
            self.basis.addItem(self.tr("shared: PCA of {0}").format(name), i)
            self.reference.addItem(name)
            self.compare.addItem(name)
        for box in (self.basis, self.reference, self.compare):
            box.blockSignals(False)

    def set_state(self, basis, reference: int, dims: int, color_by: str, compare: int, k: int):
        """Mirror the model (no signals)."""
        widgets = (self.basis, self.reference, self.compare, self.color_by, self.k)
        for w in widgets:
            w.blockSignals(True)
        i = self.basis.findData(basis)
        self.basis.setCurrentIndex(max(i, 0))
        n = self.reference.count()
        if n:
            self.reference.setCurrentIndex(reference % n)
            self.compare.setCurrentIndex(min(compare, n - 1))
        self.color_by.setCurrentIndex(max(self.color_by.findData(color_by), 0))
        self.k.setValue(k)
        (self.dim3 if dims == 3 else self.dim2).setChecked(True)
        for w in widgets:
            w.blockSignals(False)

    def set_info(self, text: str) -> None:
        self.info.setText(text)
