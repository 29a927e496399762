"""The map chooser: PCA / UMAP / t-SNE, and a menu with their parameters."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QMenu,
    QSpinBox,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from ...core.maps import METHOD_NAMES, METHODS, TSNE_SAMPLE, UMAP_SAMPLE
from ..models.explorer import ExplorerModel
from ..models.map_settings import UMAP_METRICS

__all__ = ["MapOptions"]

_TIPS = {
    "pca": "PCA: exact, linear; axes are principal components",
    "umap": "UMAP (umap-learn, seeded), run in a worker process.\n"
    f"Above {UMAP_SAMPLE:,} points it is fitted on a random sample of that size\n"
    "and the other points are placed by the fitted model's transform.",
    "tsne": "t-SNE (scikit-learn, cosine, seeded), run in a worker process.\n"
    f"Above {TSNE_SAMPLE:,} points it is fitted on a random sample of that size\n"
    "and the other points sit at the mean of their 5 nearest sampled neighbours.",
}


class MapOptions(QWidget):
    """Method combo and a parameters button (passive: follows ``model.maps``).

    Attributes
    ----------
    method_combo : QComboBox
    params_button : QToolButton
    neighbors_spin, seed_spin : QSpinBox
    min_dist_spin, perplexity_spin : QDoubleSpinBox
    metric_combo : QComboBox

    Signals
    -------
    method_requested(str), n_neighbors_requested(int), min_dist_requested(float),
    metric_requested(str), perplexity_requested(float), seed_requested(int)
    """

    method_requested = Signal(str)
    n_neighbors_requested = Signal(int)
    min_dist_requested = Signal(float)
    metric_requested = Signal(str)
    perplexity_requested = Signal(float)
    seed_requested = Signal(int)

    def __init__(self, model: ExplorerModel, parent: QWidget | None = None):
        super().__init__(parent)
        self._maps = model.maps
        self.method_combo = QComboBox()
        for i, method in enumerate(METHODS):
            self.method_combo.addItem(METHOD_NAMES[method], method)
            self.method_combo.setItemData(i, _TIPS[method], 3)  # Qt.ToolTipRole
        self.method_combo.setToolTip("How the points are laid out: PCA, UMAP or t-SNE")
        self.params_button = QToolButton(text="⚙")
        self.params_button.setToolTip("UMAP and t-SNE parameters (neighbours, min_dist, "
                                      "metric, perplexity, seed)")  # fmt: skip
        self.params_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.neighbors_spin = QSpinBox(minimum=2, maximum=200)
        self.min_dist_spin = QDoubleSpinBox(minimum=0.0, maximum=1.0, singleStep=0.05,
                                            decimals=2)  # fmt: skip
        self.metric_combo = QComboBox()
        self.metric_combo.addItems(UMAP_METRICS)
        self.perplexity_spin = QDoubleSpinBox(minimum=2, maximum=100, decimals=0)
        self.seed_spin = QSpinBox(minimum=0, maximum=2**31 - 1)
        form_widget = QWidget()
        form = QFormLayout(form_widget)
        for text, w in (("UMAP neighbours", self.neighbors_spin),
                        ("UMAP min_dist", self.min_dist_spin),
                        ("UMAP metric", self.metric_combo),
                        ("t-SNE perplexity", self.perplexity_spin),
                        ("seed", self.seed_spin)):  # fmt: skip
            form.addRow(text, w)
        menu = QMenu(self.params_button)
        action = QWidgetAction(menu)
        action.setDefaultWidget(form_widget)
        menu.addAction(action)
        self.params_button.setMenu(menu)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.method_combo)
        row.addWidget(self.params_button)

        self.method_combo.activated.connect(
            lambda i: self.method_requested.emit(self.method_combo.itemData(i))
        )
        self.neighbors_spin.valueChanged.connect(self.n_neighbors_requested)
        self.min_dist_spin.valueChanged.connect(self.min_dist_requested)
        self.metric_combo.activated.connect(
            lambda i: self.metric_requested.emit(self.metric_combo.itemText(i))
        )
        self.perplexity_spin.valueChanged.connect(self.perplexity_requested)
        self.seed_spin.valueChanged.connect(self.seed_requested)
        for signal in (self._maps.method_changed, *self._maps.signals()):
            signal.connect(self._sync)
        self._sync()

    def _sync(self, *_args) -> None:
        m = self._maps
        widgets = (self.method_combo, self.neighbors_spin, self.min_dist_spin,
                   self.metric_combo, self.perplexity_spin, self.seed_spin)  # fmt: skip
        blockers = [QSignalBlocker(w) for w in widgets]
        self.method_combo.setCurrentIndex(self.method_combo.findData(m.method))
        self.neighbors_spin.setValue(m.n_neighbors)
        self.min_dist_spin.setValue(m.min_dist)
        self.metric_combo.setCurrentText(m.metric)
        self.perplexity_spin.setValue(m.perplexity)
        self.seed_spin.setValue(m.seed)
        del blockers
