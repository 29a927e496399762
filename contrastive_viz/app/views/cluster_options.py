"""The clusters chooser: off / k-means / HDBSCAN, and k or the minimum cluster size."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QSpinBox, QWidget

from ...core.clusters import HDBSCAN_SAMPLE, KMEANS_SAMPLE
from ..models.cluster_settings import CLUSTER_METHODS
from ..models.explorer import ExplorerModel

__all__ = ["ClusterOptions"]

_NAMES = {"off": "No clusters", "kmeans": "k-means", "hdbscan": "HDBSCAN"}
_TIPS = {
    "off": "No clustering",
    "kmeans": "k-means (scikit-learn MiniBatchKMeans) on the L2-normalized original vectors\n"
    f"(cosine geometry). Above {KMEANS_SAMPLE:,} points it is fitted on a random sample\n"
    "and the other points join their nearest centre.",
    "hdbscan": "HDBSCAN (scikit-learn) on the L2-normalized original vectors; grey: noise.\n"
    f"Above {HDBSCAN_SAMPLE:,} points it runs on a random sample and the other points\n"
    "join the cluster with the nearest centroid.",
}


class ClusterOptions(QWidget):
    """Method combo and one spin box: k (k-means) or min cluster size (HDBSCAN).

    Passive: follows ``model.clusters`` and emits intents.

    Attributes
    ----------
    method_combo : QComboBox
    k_spin, size_spin : QSpinBox
        Only the one for the current method is visible.

    Signals
    -------
    method_requested(str), k_requested(int), min_cluster_size_requested(int)
    """

    method_requested = Signal(str)
    k_requested = Signal(int)
    min_cluster_size_requested = Signal(int)

    def __init__(self, model: ExplorerModel, parent: QWidget | None = None):
        super().__init__(parent)
        self._clusters = model.clusters
        self.method_combo = QComboBox()
        for i, method in enumerate(CLUSTER_METHODS):
            self.method_combo.addItem(_NAMES[method], method)
            self.method_combo.setItemData(i, _TIPS[method], 3)  # Qt.ToolTipRole
        self.method_combo.setToolTip(
            "Cluster the original vectors and colour by cluster; click a cluster in the\n"
            "legend to show only its points"
        )
        self.k_spin = QSpinBox(minimum=2, maximum=50, prefix="k = ")
        self.k_spin.setToolTip("Number of k-means clusters")
        self.size_spin = QSpinBox(minimum=2, maximum=10_000, prefix="min ")
        self.size_spin.setToolTip("HDBSCAN: the smallest group of points that is a cluster")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        for w in (self.method_combo, self.k_spin, self.size_spin):
            row.addWidget(w)
        self.method_combo.activated.connect(
            lambda i: self.method_requested.emit(self.method_combo.itemData(i))
        )
        self.k_spin.valueChanged.connect(self.k_requested)
        self.size_spin.valueChanged.connect(self.min_cluster_size_requested)
        c = self._clusters
        for signal in (c.method_changed, c.k_changed, c.min_cluster_size_changed):
            signal.connect(self._sync)
        self._sync()

    def _sync(self, *_args) -> None:
        c = self._clusters
        blockers = [QSignalBlocker(w) for w in (self.method_combo, self.k_spin, self.size_spin)]
        self.method_combo.setCurrentIndex(self.method_combo.findData(c.method))
        self.k_spin.setValue(c.k)
        self.size_spin.setValue(c.min_cluster_size)
        self.k_spin.setVisible(c.method == "kmeans")
        self.size_spin.setVisible(c.method == "hdbscan")
        del blockers
