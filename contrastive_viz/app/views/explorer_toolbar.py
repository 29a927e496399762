"""The explorer's controls: 2-D/3-D, colour-by, point size, opacity, normalize, filter, k."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QSlider,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..models.explorer import ExplorerModel
from . import theme
from .cluster_options import ClusterOptions
from .map_options import MapOptions

__all__ = ["ExplorerToolbar"]

_NO_COLOR = "(one colour)"


class ExplorerToolbar(QWidget):
    """One row of controls showing the explorer's :class:`ViewSettings`.

    A passive view: it follows ``model.settings`` (and the data's columns) and emits
    the user's edits as intents; a controller applies them to the settings.

    Parameters
    ----------
    model : ExplorerModel
    parent : QWidget, optional

    Attributes
    ----------
    dims_2d, dims_3d : QToolButton
    color_combo : QComboBox
    size_spin, k_spin : QSpinBox
    opacity_slider : QSlider
    normalize_check : QCheckBox
    filter_edit : QLineEdit
    map_options : MapOptions
        PCA / UMAP / t-SNE and their parameters (its own intents).
    cluster_options : ClusterOptions
        No clusters / k-means / HDBSCAN and k or min cluster size (its own intents).

    Signals
    -------
    dims_requested(int), color_by_requested(object), point_size_requested(float),
    opacity_requested(float), normalize_requested(bool), filter_requested(str),
    k_requested(int)
    """

    dims_requested = Signal(int)
    color_by_requested = Signal(object)
    point_size_requested = Signal(float)
    opacity_requested = Signal(float)
    normalize_requested = Signal(bool)
    filter_requested = Signal(str)
    k_requested = Signal(int)

    def __init__(self, model: ExplorerModel, parent: QWidget | None = None):
        super().__init__(parent)
        self._model = model
        self._font_scale = 1.0
        outer = QVBoxLayout(self)
        # The toolbar may be narrower than one full row: the tail then wraps (_place_rows).
        outer.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        outer.setContentsMargins(4, 2, 4, 2)
        outer.setSpacing(2)
        layout, self._row2 = QHBoxLayout(), QHBoxLayout()
        self._row1 = layout
        for row in (layout, self._row2):
            row.setSpacing(6)
            outer.addLayout(row)

        self.dims_2d = QToolButton(text="2D", checkable=True, autoRaise=False)
        self.dims_3d = QToolButton(text="3D", checkable=True, autoRaise=False)
        self.dims_2d.setToolTip("Show the first two principal components (2-D scatter)")
        self.dims_3d.setToolTip("Show the first three principal components (3-D, drag to orbit)")
        self._dims_group = QButtonGroup(self, exclusive=True)
        self._dims_group.addButton(self.dims_2d, 2)
        self._dims_group.addButton(self.dims_3d, 3)

        self.color_combo = QComboBox(
            sizeAdjustPolicy=QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon,
            minimumContentsLength=10,
        )
        self.color_combo.setToolTip("Colour points by a metadata column")
        self.size_spin = QSpinBox(minimum=1, maximum=40, prefix="size ", suffix=" px")
        self.size_spin.setToolTip("Point diameter in pixels")
        self.opacity_slider = QSlider(Qt.Orientation.Horizontal, minimum=5, maximum=100)
        self.opacity_slider.setToolTip("Point opacity (lower it to see dense regions)")
        self.normalize_check = QCheckBox("normalize (cosine)")
        self.normalize_check.setToolTip(
            "L2-normalize every vector before PCA, so the picture shows cosine geometry.\n"
            "Neighbours are always by cosine similarity in the original space."
        )
        self.filter_edit = QLineEdit(placeholderText="filter labels…", clearButtonEnabled=True)
        self.filter_edit.setToolTip(
            "Show only points whose label contains this text (case-insensitive);\n"
            "start with = to match a whole label. Other points are dimmed."
        )
        self.k_spin = QSpinBox(minimum=1, maximum=1000, prefix="k = ")
        self.k_spin.setToolTip("Number of nearest neighbours (cosine, original space) shown")

        self.map_options = MapOptions(model)
        self.cluster_options = ClusterOptions(model)
        for w in (self.dims_2d, self.dims_3d, self.map_options, self.cluster_options):
            layout.addWidget(w)
        layout.addSpacing(8)
        self._labels = []
        for text, w in (("Colour", self.color_combo), ("", self.size_spin),
                        ("Opacity", self.opacity_slider)):  # fmt: skip
            if not text:
                layout.addWidget(w)
                continue
            label = QLabel(text, buddy=w)
            label.setToolTip(w.toolTip())
            self._labels.append(label)
            layout.addWidget(label)
            layout.addWidget(w)
        layout.addStretch(0)  # takes the slack only while the filter is on the other row

        self._dims_group.idToggled.connect(self._on_dims_toggled)
        self.color_combo.activated.connect(self._on_color_activated)
        self.size_spin.valueChanged.connect(self._on_size_changed)
        self.opacity_slider.valueChanged.connect(self._on_opacity_changed)
        self.normalize_check.toggled.connect(self._on_normalize_toggled)
        self.filter_edit.textChanged.connect(self._on_filter_edited)
        self.k_spin.valueChanged.connect(self._on_k_changed)
        model.data.dataset_changed.connect(self._on_data_dataset_changed)
        model.derived.column_changed.connect(self._on_data_dataset_changed)
        st = model.settings
        for signal in (st.dims_changed, st.normalize_changed, st.color_by_changed,
                       st.point_size_changed, st.opacity_changed, st.filter_text_changed,
                       st.k_changed):  # fmt: skip
            signal.connect(self._sync)
        self._on_data_dataset_changed()
        self.apply_theme(theme.palette())

    # ------------------------------------------------------ widget→intent
    def _on_dims_toggled(self, dims: int, checked: bool) -> None:
        if checked:
            self.dims_requested.emit(dims)

    def _on_color_activated(self, index: int) -> None:
        self.color_by_requested.emit(self.color_combo.itemData(index))

    def _on_size_changed(self, value: int) -> None:
        self.point_size_requested.emit(float(value))

    def _on_opacity_changed(self, value: int) -> None:
        self.opacity_requested.emit(value / 100)

    def _on_normalize_toggled(self, checked: bool) -> None:
        self.normalize_requested.emit(checked)

    def _on_filter_edited(self, text: str) -> None:
        self.filter_requested.emit(text)

    def _on_k_changed(self, value: int) -> None:
        self.k_requested.emit(value)

    # -------------------------------------------------------- model→widget
    def _on_data_dataset_changed(self, *_args) -> None:
        columns = self._model.settings.columns if self._model.data.dataset else []
        with QSignalBlocker(self.color_combo):
            self.color_combo.clear()
            self.color_combo.addItem(_NO_COLOR, None)
            for column in columns:
                self.color_combo.addItem(column, column)
        self.color_combo.setEnabled(bool(columns))
        self._sync()

    def _sync(self, *_args) -> None:
        st = self._model.settings
        blockers = [QSignalBlocker(w) for w in (self._dims_group, self.color_combo,
                    self.size_spin, self.opacity_slider, self.normalize_check,
                    self.filter_edit, self.k_spin)]  # fmt: skip
        (self.dims_2d if st.dims == 2 else self.dims_3d).setChecked(True)
        self.color_combo.setCurrentIndex(max(0, self.color_combo.findData(st.color_by)))
        self.size_spin.setValue(round(st.point_size))
        self.opacity_slider.setValue(round(st.opacity * 100))
        self.normalize_check.setChecked(st.normalize)
        if self.filter_edit.text() != st.filter_text:
            self.filter_edit.setText(st.filter_text)
        self.k_spin.setValue(st.k)
        del blockers

    def apply_theme(self, pal: theme.Palette) -> None:
        """Accent the checked 2D/3D button; widths follow the font scale.

        With large fonts (presentation), or in a narrow window, normalize, filter and
        k wrap to a second row.
        """
        self._font_scale = pal.font_scale
        self.filter_edit.setMinimumWidth(round(120 * pal.font_scale))
        self._place_rows()
        self.opacity_slider.setFixedWidth(round(90 * pal.font_scale))
        style = (
            f"QToolButton {{ padding: 2px 8px; }}"
            f"QToolButton:checked {{ background: {pal.accent}; color: {pal.background};"
            f" border-radius: 3px; font-weight: bold; }}"
        )
        for w in (self.dims_2d, self.dims_3d):
            w.setStyleSheet(style)

    def _place_rows(self) -> None:
        """Normalize, filter and k on the first row when it has room for them."""
        tail = (self.normalize_check, self.filter_edit, self.k_spin)
        spacing = self._row1.spacing()
        one_row = self._row1.minimumSize().width() + sum(
            w.minimumSizeHint().width() + spacing for w in tail if self._row1.indexOf(w) < 0
        )
        m = self.layout().contentsMargins()
        wrap = self._font_scale > 1.3 or one_row > self.width() - m.left() - m.right()
        row = self._row2 if wrap else self._row1
        if row.indexOf(self.filter_edit) >= 0:
            return
        for w in tail:
            (self._row1 if row is self._row2 else self._row2).removeWidget(w)
            row.addWidget(w, 1 if w is self.filter_edit else 0)
        self.updateGeometry()  # one row or two: the height changes

    def minimumSizeHint(self) -> QSize:  # Qt override: the first row without the tail
        tail = (self.normalize_check, self.filter_edit, self.k_spin)
        m = self.layout().contentsMargins()
        spacing = self._row1.spacing()
        head = self._row1.minimumSize().width() - sum(
            w.minimumSizeHint().width() + spacing for w in tail if self._row1.indexOf(w) >= 0
        )
        height = self.layout().minimumSize().height()
        return QSize(head + m.left() + m.right(), height)

    def resizeEvent(self, event) -> None:  # Qt override
        super().resizeEvent(event)
        self._place_rows()
