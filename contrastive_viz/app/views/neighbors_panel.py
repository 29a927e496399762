"""The selected point, its cosine neighbours in the original space, and "send to playground".

A passive view of the explorer's models: it shows the selection, its neighbours, the
pinned anchor, the marks and the send plan, and emits the user's intents; the
:class:`~contrastive_viz.app.controllers.playground_bridge.PlaygroundBridge` acts on them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
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

from ...core.display_text import elide
from ..models.explorer import ExplorerModel
from ..models.send_plan import NEGATIVE_MODES, POSITIVE_MODES
from . import theme
from .neighbors_table_model import NeighborsModel

__all__ = ["NeighborsPanel"]


def _tipped(widget, tip: str):
    widget.setToolTip(tip)
    return widget


class NeighborsPanel(QWidget):
    """Nearest neighbours of the explorer's selection, and the controls that send them to the loss.

    Parameters
    ----------
    model : ExplorerModel
        Listened to: ``data``, ``selection`` and ``plan``.
    parent : QWidget, optional

    Attributes
    ----------
    model : NeighborsModel
        The table's rows.

    Signals
    -------
    highlighted(int)
        A row was clicked: its dataset index.
    select_requested(int)
        A row was double-clicked: select that point.
    anchor_requested()
        "Use as anchor" was clicked.
    mark_requested(object, object)
        (dataset indices, ``"positive"``/``"negative"``/None) from the menu or P/N/Delete.
    positive_mode_requested(str), negative_mode_requested(str), k_requested(int)
        The send plan was edited.
    send_requested()
        "Send to playground" was clicked.
    """

    highlighted = Signal(int)
    select_requested = Signal(int)
    anchor_requested = Signal()
    mark_requested = Signal(object, object)
    positive_mode_requested = Signal(str)
    negative_mode_requested = Signal(str)
    k_requested = Signal(int)
    send_requested = Signal()

    def __init__(self, model: ExplorerModel, parent: QWidget | None = None):
        super().__init__(parent)
        self._explorer = model
        self._sending = False
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
        self.k_spin.setPrefix("k = ")
        self.send_button = _tipped(
            QPushButton("Send to playground"),
            "Build a playground scene from these real vectors (anchor, positives, negatives)",
        )
        self.space_label, self.status = QLabel(), QLabel()
        self.status.setWordWrap(True)
        self._lay_out()
        self._add_mark_actions()
        self.table.installEventFilter(self)  # Delete clears a mark (see eventFilter)
        self.table.customContextMenuRequested.connect(self._on_table_menu)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.clicked.connect(self._on_table_clicked)
        self.anchor_button.clicked.connect(self.anchor_requested)
        self.send_button.clicked.connect(self.send_requested)
        self.positive_mode.currentIndexChanged.connect(self._on_positive_mode_changed)
        self.negative_mode.currentIndexChanged.connect(self._on_negative_mode_changed)
        self.k_spin.valueChanged.connect(self.k_requested)
        data, sel, plan = model.data, model.selection, model.plan
        data.dataset_changed.connect(self._on_data_dataset_changed)
        sel.selected_changed.connect(self._on_selection_selected_changed)
        sel.neighbors_changed.connect(self._on_selection_neighbors_changed)
        sel.anchor_changed.connect(self._on_selection_selected_changed)
        sel.marks_changed.connect(self._on_selection_marks_changed)
        for signal in (plan.positive_mode_changed, plan.negative_mode_changed, plan.k_changed):
            signal.connect(self._on_plan_changed)
        self._palette = theme.palette()
        self._on_data_dataset_changed(data.dataset)
        self._on_plan_changed()
        self.apply_theme(self._palette)

    def _lay_out(self) -> None:
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

    def _add_mark_actions(self) -> None:
        for text, key, role in (
            ("Mark as positive", "P", "positive"),
            ("Mark as negative", "N", "negative"),
            ("Clear mark", None, None),  # Delete: eventFilter
        ):
            action = QAction(text, self.table)
            action.setShortcut(QKeySequence(key or ""))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(
                lambda _=False, r=role: self.mark_requested.emit(self.selected_rows(), r)
            )
            self.table.addAction(action)

    def eventFilter(self, obj, event) -> bool:  # Qt override
        """Delete in the table clears the selected rows' marks.

        The window's Edit › Remove Vector answers Delete too; two shortcuts on one
        key fire neither, so the table claims the key (ShortcutOverride) while it
        has the focus.
        """
        if obj is self.table and event.type() in (QEvent.ShortcutOverride, QEvent.KeyPress):
            if event.key() == Qt.Key.Key_Delete and not event.modifiers():
                if event.type() == QEvent.KeyPress:
                    self.mark_requested.emit(self.selected_rows(), None)
                event.accept()
                return True
        return super().eventFilter(obj, event)

    # ------------------------------------------------------------ setters
    def set_status(self, text: str) -> None:
        """The line under the send button (what was sent, or why not)."""
        self.status.setText(text)

    def set_planned_roles(self, roles: dict[int, str]) -> None:
        """Roles the next send would give (dataset row → role), for the Role column."""
        self.model.set_planned(roles)

    def set_sending(self, sending: bool) -> None:
        """Disable "Send to playground" while the vectors are being chosen."""
        self._sending = bool(sending)
        self._update_anchor_label()

    def selected_rows(self) -> list[int]:
        """Dataset indices of the rows selected in the table."""
        rows = {ix.row() for ix in self.table.selectionModel().selectedRows()}
        return [int(self.model.indices[r]) for r in sorted(rows)]

    # ------------------------------------------------------- model -> view
    def _on_data_dataset_changed(self, ds) -> None:
        d = f"{ds.d}-D " if ds is not None else ""
        self.space_label.setText(
            f"The playground will compute every number in the original {d}space."
        )
        self._on_selection_selected_changed()
        self._on_selection_neighbors_changed()

    def _on_selection_selected_changed(self, *_args) -> None:
        i, data = self._explorer.selection.selected, self._explorer.data
        if i is None:
            self.heading.setText("No point selected")
            self.details.setText("Click a point in the explorer to see its nearest neighbours.")
        else:
            self.heading.setText(f"#{i} · {elide(data.label_of(i))}")
            rows = [(k, v) for k, v in data.describe(i) if k not in ("index", "label")]
            self.details.setText("   ".join(f"{elide(k, 40)}: {elide(v, 40)}" for k, v in rows[:8]))
        self._update_anchor_label()
        self._on_selection_marks_changed()

    def _on_selection_neighbors_changed(self, *_args) -> None:
        nb, data = self._explorer.selection.neighbors, self._explorer.data
        if nb is None:
            self.model.set_rows([], [], [])
        else:
            self.model.set_rows(nb[0], nb[1], [elide(data.label_of(int(i))) for i in nb[0]])
        self._on_selection_marks_changed()

    def _update_anchor_label(self) -> None:
        sel = self._explorer.selection
        a = sel.effective_anchor
        pinned = "" if sel.anchor is None else " (pinned)"
        self.anchor_label.setText("Anchor: —" if a is None else f"Anchor: #{a}{pinned}")
        self.send_button.setEnabled(a is not None and not self._sending)
        self.anchor_button.setEnabled(sel.selected is not None)

    def _on_selection_marks_changed(self, *_args) -> None:
        sel = self._explorer.selection
        marks = dict(sel.marks)
        if sel.effective_anchor is not None:
            marks[sel.effective_anchor] = "anchor"
        p = self._palette
        colors = {"positive": p.positive, "negative": p.negative, "anchor": p.anchor}
        self.model.set_marks(marks, colors)

    def _on_plan_changed(self, *_args) -> None:
        plan = self._explorer.plan
        with QSignalBlocker(self.positive_mode), QSignalBlocker(self.negative_mode):
            self.positive_mode.setCurrentIndex(POSITIVE_MODES.index(plan.positive_mode))
            self.negative_mode.setCurrentIndex(NEGATIVE_MODES.index(plan.negative_mode))
        with QSignalBlocker(self.k_spin):
            self.k_spin.setValue(plan.k)

    # ------------------------------------------------------- view -> intents
    def _on_positive_mode_changed(self, index: int) -> None:
        self.positive_mode_requested.emit(POSITIVE_MODES[index])

    def _on_negative_mode_changed(self, index: int) -> None:
        self.negative_mode_requested.emit(NEGATIVE_MODES[index])

    def _on_table_menu(self, pos) -> None:
        if not self.selected_rows():
            return
        menu = QMenu(self)
        for action in self.table.actions():
            menu.addAction(action)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def _on_table_clicked(self, index: QModelIndex) -> None:
        self.highlighted.emit(int(self.model.indices[index.row()]))

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        self.select_requested.emit(int(self.model.indices[index.row()]))

    # --------------------------------------------------------------- theme
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
        self._on_selection_marks_changed()
