"""The Train tab: controls on the left, the sphere in the middle, the curves on the right."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QWidget

from ..models.training import TrainingModel
from .panel_scroll import PanelScroll
from .train_controls import TrainControls
from .train_curves import TrainCurves
from .train_plane import TrainPlane
from .train_sphere import TrainSphere


class TrainPage(QWidget):
    """Assembles the Train tab's views (each listens to the model by itself)."""

    def __init__(self, model: TrainingModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.controls = TrainControls(model)
        self.sphere = TrainSphere()
        self.curves = TrainCurves(model)
        self.plane = TrainPlane(model)
        right = QSplitter(Qt.Vertical)
        right.addWidget(self.curves)
        right.addWidget(self.plane)
        right.setSizes([500, 400])
        self.split = QSplitter(Qt.Horizontal)
        self.split.addWidget(PanelScroll(self.controls))
        self.split.addWidget(self.sphere)
        self.split.addWidget(right)
        self.split.setStretchFactor(1, 3)
        self.split.setStretchFactor(2, 2)
        self.split.setSizes([320, 640, 480])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.split)
        self._model = model
        model.progressed.connect(self._on_model_progressed)
        model.state_changed.connect(self._on_model_progressed)

    def _on_model_progressed(self, *_args) -> None:
        m = self._model
        self.sphere.set_labels(m.label_codes)
        self.sphere.set_points(m.embeddings)
        if m.embeddings is not None:
            self.sphere.set_caption(
                self.tr("{0} · step {1} · {2} points").format(
                    m.data_name, m.step, len(m.embeddings)
                )
            )
