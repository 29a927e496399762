"""The selected point, its cosine neighbours in the original space, and "send to playground"."""

from __future__ import annotations

import csv
import io
import os

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core.atomic import atomic_write_text
from ...core.bridge import choose_vectors
from ..controllers.jobs import Job
from . import theme

#: Above this many points, the vectors are chosen in a background job.
ASYNC_ABOVE = 200_000
COLUMNS = ("Role", "Rank", "Index", "Label", "Cosine")
_MARK_TEXT = {"positive": "＋ positive", "negative": "− negative", "anchor": "◆ anchor"}


def _tipped(widget, tip: str):
    widget.setToolTip(tip)
    return widget


class NeighborsModel(QAbstractTableModel):
    """Rows: the neighbours (rank, dataset index, label, cosine) and their role marks."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.indices = np.empty(0, dtype=np.int64)
        self.cosines = np.empty(0)
        self.labels: list[str] = []
        self.marks: dict[int, str] = {}
        self._colors = {"positive": "#2ecc71", "negative": "#ef5350", "anchor": "#ffc107"}

    def set_rows(self, indices, cosines, labels: list[str]) -> None:
        """Replace every row (a model reset)."""
        self.beginResetModel()
        self.indices = np.asarray(indices, dtype=np.int64)
        self.cosines = np.asarray(cosines, dtype=np.float64)
        self.labels = list(labels)
        self.endResetModel()

    def set_marks(self, marks: dict[int, str], colors: dict[str, str] | None = None) -> None:
        """New role marks (dataset index → role); only the role column is repainted."""
        self.marks = dict(marks)
        self._colors = colors or self._colors
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0))

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 (Qt override)
        return 0 if parent.isValid() else int(self.indices.size)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 (Qt override)
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        r, c = index.row(), index.column()
        i = int(self.indices[r])
        mark = self.marks.get(i, "")
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                _MARK_TEXT.get(mark, ""),
                str(r + 1),
                str(i),
                self.labels[r],
                f"{self.cosines[r]:.4f}",
            )[c]
        if role == Qt.ItemDataRole.UserRole:
            return i
        if role == Qt.ItemDataRole.ForegroundRole and c == 0 and mark:
            return QColor(self._colors[mark])
        if role == Qt.ItemDataRole.TextAlignmentRole and c in (1, 2, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                f"#{i} ({self.labels[r]}): cosine {self.cosines[r]:.6f} with the selected point,"
                " in the original space.\nRight-click or press P / N to mark it positive or"
                " negative; double-click to select it."
            )
        return None


class NeighborsPanel(QWidget):
    """Nearest neighbours of the explorer's selection, and the controls that send them to the loss.

    Parameters
    ----------
    explorer_state : ExplorerState
        Read on ``dataset_changed``, ``selection_changed`` and ``neighbors_changed``;
        double-click calls ``select``, "Send to playground" calls ``send_to_playground``.
    parent : QWidget, optional

    Attributes
    ----------
    model : NeighborsModel
        The table's rows.
    anchor : int or None
        The pinned anchor ("Use as anchor"); None means the selected point.
    marks : dict of int to str
        Rows marked ``"positive"`` or ``"negative"`` (by dataset index).

    Signals
    -------
    highlighted(int)
        A row was clicked: its dataset index (for the scatter view to highlight).
    """

    highlighted = Signal(int)

    def __init__(self, explorer_state, parent: QWidget | None = None):
        super().__init__(parent)
        self._state = explorer_state
        self.anchor: int | None = None
        self.marks: dict[int, str] = {}
        self._labels: np.ndarray | None = None
        self._rng = np.random.default_rng(0)
        self._job: Job | None = None
        self.heading, self.details = QLabel(), QLabel()
        self.details.setWordWrap(True)
        self.model = NeighborsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.setToolTip("Nearest neighbours by cosine in the original space")
        self.anchor_label = QLabel()
        self.anchor_button = _tipped(
            QPushButton("Use as anchor"), "Pin the selected point as the playground's anchor"
        )
        self.positive_mode = _tipped(
            QComboBox(),
            "The positive: the anchor's nearest neighbour that shares its label\n"
            "(any point when the file has no labels), or the rows you marked (SupCon if several)",
        )
        self.positive_mode.addItems(["Nearest with the same label", "Rows marked positive"])
        self.negative_mode = _tipped(
            QComboBox(),
            "Hardest: the k points with another label nearest to the anchor.\n"
            "Random: k points with another label. Or the rows you marked.",
        )
        self.negative_mode.addItems(["k hardest", "k random", "Rows marked negative"])
        self.k_spin = _tipped(QSpinBox(), "How many negatives to pick automatically")
        self.k_spin.setRange(1, 500)
        self.k_spin.setValue(8)
        self.k_spin.setPrefix("k = ")
        self.send_button = _tipped(
            QPushButton("Send to playground"),
            "Build a playground scene from these real vectors (anchor, positives, negatives)",
        )
        self.space_label, self.status = QLabel(), QLabel()
        self.status.setWordWrap(True)
        grid = QGridLayout()
        grid.addWidget(self.anchor_label, 0, 0)
        grid.addWidget(self.anchor_button, 0, 1, 1, 2)
        grid.addWidget(QLabel("Positive"), 1, 0)
        grid.addWidget(self.positive_mode, 1, 1, 1, 2)
        grid.addWidget(QLabel("Negatives"), 2, 0)
        grid.addWidget(self.negative_mode, 2, 1)
        grid.addWidget(self.k_spin, 2, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        for w in (self.heading, self.details, self.table):
            layout.addWidget(w, 1 if w is self.table else 0)
        layout.addLayout(grid)
        for w in (self.send_button, self.space_label, self.status):
            layout.addWidget(w)
        for text, key, role in (
            ("Mark as positive", "P", "positive"),
            ("Mark as negative", "N", "negative"),
            ("Clear mark", "Delete", None),
        ):
            action = QAction(text, self.table)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _=False, r=role: self.mark_rows(self._rows(), r))
            self.table.addAction(action)
        self.table.customContextMenuRequested.connect(self._on_table_menu)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.clicked.connect(self._on_table_clicked)
        self.anchor_button.clicked.connect(self._on_anchor_clicked)
        self.send_button.clicked.connect(self.send)
        explorer_state.dataset_changed.connect(self._on_state_dataset_changed)
        explorer_state.selection_changed.connect(self._on_state_selection_changed)
        explorer_state.neighbors_changed.connect(self._on_state_neighbors_changed)
        self._palette = theme.palette()
        self._on_state_dataset_changed()
        self.apply_theme(self._palette)

    # ------------------------------------------------------------ model -> view
    def _on_state_dataset_changed(self) -> None:
        ds = self._state.dataset
        self.anchor, self.marks, self._labels = None, {}, None
        if self._job is not None:
            self._job.cancel()
            self._job = None
        if ds is not None and ds.labels is not None:
            self._labels = np.asarray(ds.labels)
        d = f"{ds.d}-D" if ds is not None else "original"
        self.space_label.setText(
            f"The playground will compute every number in the original {d} space."
        )
        self.status.setText("")
        self._on_state_selection_changed()
        self._on_state_neighbors_changed()

    def _on_state_selection_changed(self) -> None:
        i = self._state.selected
        if i is None:
            self.heading.setText("No point selected")
            self.details.setText("Click a point in the explorer to see its nearest neighbours.")
        else:
            self.heading.setText(f"#{i} · {self._state.label_of(i)}")
            rows = [(k, v) for k, v in self._state.describe(i) if k not in ("index", "label")]
            self.details.setText("   ".join(f"{k}: {str(v)[:40]}" for k, v in rows[:8]))
        self._update_anchor_label()

    def _on_state_neighbors_changed(self) -> None:
        nb = self._state.neighbors
        if nb is None:
            self.model.set_rows([], [], [])
        else:
            self.model.set_rows(nb[0], nb[1], [self._state.label_of(int(i)) for i in nb[0]])
        self._refresh_marks()

    def _update_anchor_label(self) -> None:
        a = self.anchor if self.anchor is not None else self._state.selected
        pinned = "" if self.anchor is None else " (pinned)"
        self.anchor_label.setText("Anchor: —" if a is None else f"Anchor: #{a}{pinned}")
        self.send_button.setEnabled(a is not None and self._job is None)
        self.anchor_button.setEnabled(self._state.selected is not None)

    def _refresh_marks(self) -> None:
        marks = dict(self.marks)
        a = self.anchor if self.anchor is not None else self._state.selected
        if a is not None:
            marks[a] = "anchor"
        p = self._palette
        colors = {"positive": p.positive, "negative": p.negative, "anchor": p.anchor}
        self.model.set_marks(marks, colors)

    # ------------------------------------------------------------ view -> model
    def _rows(self) -> list[int]:
        rows = {ix.row() for ix in self.table.selectionModel().selectedRows()}
        return [int(self.model.indices[r]) for r in sorted(rows)]

    def mark_rows(self, indices: list[int], role: str | None) -> None:
        """Mark dataset points ``"positive"``, ``"negative"`` or clear them (None).

        Marking switches the matching chooser to "Rows marked …".
        """
        for i in indices:
            if role is None:
                self.marks.pop(i, None)
            else:
                self.marks[i] = role
        if role == "positive" and indices:
            self.positive_mode.setCurrentIndex(1)
        elif role == "negative" and indices:
            self.negative_mode.setCurrentIndex(2)
        self._refresh_marks()

    def _on_table_menu(self, pos) -> None:
        if not self._rows():
            return
        menu = QMenu(self)
        for action in self.table.actions():
            menu.addAction(action)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def _on_table_clicked(self, index: QModelIndex) -> None:
        self.highlighted.emit(int(self.model.indices[index.row()]))

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        self._state.select(int(self.model.indices[index.row()]))

    def _on_anchor_clicked(self) -> None:
        if self._state.selected is not None and self._state.selected != self.anchor:
            self.anchor, self.marks = self._state.selected, {}
            self.status.setText("")
            self._update_anchor_label()
            self._refresh_marks()

    def _plan(self) -> dict:
        """What to send, read from the widgets (cheap; raises ValueError with no anchor)."""
        ds = self._state.dataset
        a = self.anchor if self.anchor is not None else self._state.selected
        if ds is None or a is None:
            raise ValueError("Select a point first.")
        marked = {
            r: [i for i, m in sorted(self.marks.items()) if m == r and i != a]
            for r in ("positive", "negative")
        }
        positives = marked["positive"] if self.positive_mode.currentIndex() == 1 else None
        nb, labels = self._state.neighbors, self._labels
        if positives is None and nb is not None and a == self._state.selected:
            same = [int(i) for i in nb[0] if labels is None or labels[i] == labels[a]]
            positives = same[:1] or None  # else searched over every point
        mode = ("hardest", "random", "marked")[self.negative_mode.currentIndex()]
        negatives = marked["negative"] if mode == "marked" else None
        return dict(vectors=ds.vectors, norms=ds.norms, labels=labels, anchor=a,
                    positives=positives, negatives=negatives, mode=mode,
                    k=self.k_spin.value(), rng=self._rng)  # fmt: skip

    def choose(self) -> tuple[int, list[int], list[int]]:
        """The anchor, positives and negatives "Send to playground" would use.

        Computed by :func:`contrastive_viz.core.bridge.choose_vectors`.

        Raises
        ------
        ValueError
            When there is no anchor, no positive or no negative to choose.
        """
        return choose_vectors(**self._plan())

    def send(self) -> None:
        """Send the chosen vectors to the playground (in a background job for big files)."""
        try:
            plan = self._plan()
            if len(plan["vectors"]) <= ASYNC_ABOVE:
                self._deliver(choose_vectors(**plan))
                return
        except ValueError as exc:
            self.status.setText(str(exc))
            return
        if self._job is not None:
            self._job.cancel()
        self._job = Job(lambda _p, _c: choose_vectors(**plan), "Choose vectors")
        self._job.finished.connect(self._on_pick_finished)
        self._job.failed.connect(self._on_pick_failed)
        self._job.start()
        self.send_button.setEnabled(False)
        self.status.setText(f"Searching {len(plan['vectors']):,} points for the negatives…")

    def _on_pick_finished(self, chosen) -> None:
        if self.sender() is self._job:
            self._job = None
            self._update_anchor_label()
            self._deliver(chosen)

    def _deliver(self, chosen) -> None:
        a, positives, negatives = chosen
        self.status.setText(
            f"Sent #{a} with {len(positives)} positive(s) and {len(negatives)} negative(s)."
        )
        self._state.send_to_playground(a, positives, negatives)

    def _on_pick_failed(self, exc: BaseException) -> None:
        if self.sender() is self._job:
            self._job = None
            self._update_anchor_label()
            self.status.setText(str(exc))

    def export_csv(self, path: str | os.PathLike) -> None:
        """Write the selected point and its neighbours (with metadata) as CSV, atomically.

        Raises
        ------
        ValueError
            When no point is selected.
        """
        ds, i = self._state.dataset, self._state.selected
        if ds is None or i is None:
            raise ValueError("Select a point first: there is nothing to export.")
        meta = [k for k in ds.metadata if k != ds.label_column]
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["kind", "rank", "index", "label", "cosine", "mark", *meta])
        rows = [("selected", 0, i, 1.0)]
        rows += [
            ("neighbour", r + 1, int(j), float(s))
            for r, (j, s) in enumerate(zip(self.model.indices, self.model.cosines, strict=True))
        ]
        marks = self.model.marks
        for kind, rank, j, s in rows:
            extra = [ds.metadata[k][j] for k in meta]
            writer.writerow(
                [kind, rank, j, self._state.label_of(j), repr(s), marks.get(j, ""), *extra]
            )
        atomic_write_text(path, out.getvalue())

    # ------------------------------------------------------------------ theme
    def apply_theme(self, palette: theme.Palette) -> None:
        """Restyle for ``palette`` (colours and font scale)."""
        self._palette, s = palette, palette.font_scale
        self.heading.setStyleSheet(
            f"color: {palette.foreground}; font-size: {14 * s:.0f}pt; font-weight: bold;"
        )
        muted = f"color: {palette.muted}; font-size: {9 * s:.0f}pt;"
        self.details.setStyleSheet(muted)
        self.space_label.setStyleSheet(muted)
        self.status.setStyleSheet(f"color: {palette.accent}; font-size: {9 * s:.0f}pt;")
        self.send_button.setStyleSheet(
            f"QPushButton {{ background: {palette.accent}; color: {palette.background};"
            f" font-weight: bold; padding: {4 * s:.0f}px; border-radius: 4px; }}"
            f"QPushButton:disabled {{ background: {palette.grid}; color: {palette.muted}; }}"
        )
        self.table.setStyleSheet(
            f"QTableView {{ font-size: {10 * s:.0f}pt;"
            f" selection-background-color: {palette.accent};"
            f" selection-color: {palette.background}; }}"
        )
        self._refresh_marks()
