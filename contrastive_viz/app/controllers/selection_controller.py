"""The multi-point selection: strokes → rows, the summary, and the actions on a selection.

Lasso and rectangle strokes (:mod:`~contrastive_viz.app.views.lasso_tool`) arrive as
polygons; :func:`~contrastive_viz.core.lasso.select_in_polygon` turns them into rows
(in 2-D through the scatter's density index when it has one, in 3-D on the points
projected with the 3-D camera), and :class:`~contrastive_viz.app.models.row_selection.
RowSelection` combines them. The summary (``core/selection_summary.py``) is computed
on the GUI thread up to :data:`SYNC_ROWS` rows, in a :class:`~.jobs.Job` above.
"""

from __future__ import annotations

import os

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog

from ...core.bridge import choose_vectors, nearest_same_label
from ...core.explorer_data import fit_projection
from ...core.lasso import select_in_polygon, select_in_screen_polygon
from ...core.maps import METHOD_NAMES
from ...core.selection_summary import SelectionSummary, selection_negatives, selection_summary
from ..models.explorer import ExplorerModel
from .jobs import Job
from .selection_exports import export_selection_csv, export_selection_npy, selection_subset

__all__ = ["SYNC_ROWS", "SelectionController"]

#: Up to this many selected rows the summary is computed at once, above in a Job.
SYNC_ROWS = 5_000


class SelectionController(QObject):
    """Wires lasso tools and the selection panel to ``model.rows``; runs the actions.

    Parameters
    ----------
    model : ExplorerModel
    widget : ExplorerWidget, optional
        Its 2-D and 3-D views get a lasso tool each.
    panel : SelectionPanel, optional
    loader : DatasetLoader, optional
        Installs the selection as its own dataset ("Project alone").
    bridge : PlaygroundBridge, optional
        Sends anchor, positive and the selection's negatives to the playground.
    playground_state : PlaygroundModel, optional
        Its ``scene.temperature`` is the τ of the summary's SupCon (else 0.1).
    parent : QObject, optional

    Attributes
    ----------
    summary : SelectionSummary or None
        The latest summary (None while computing or with nothing selected).
    lasso2d, lasso3d : ScatterLasso, Scatter3DLasso or None
    marks : tuple of SelectionMarks2D, SelectionMarks3D
        The selection's halos (with a ``widget``).

    Signals
    -------
    summary_changed(object)
        A new :class:`SelectionSummary` (or None).
    status_changed(str)
        What the last action did.
    error(str, str)
    """

    summary_changed = Signal(object)
    status_changed = Signal(str)
    error = Signal(str, str)

    def __init__(self, model: ExplorerModel, widget=None, panel=None, loader=None, bridge=None,
                 playground_state=None, parent: QObject | None = None):  # fmt: skip
        super().__init__(parent)
        self.model, self._widget, self._panel = model, widget, panel
        self._loader, self._bridge, self._playground = loader, bridge, playground_state
        self.summary: SelectionSummary | None = None
        self._job: Job | None = None
        self._subset = None
        self._columns: tuple | None = None  # (coords, its x, y, z) for the 3-D lasso
        self.lasso2d = self.lasso3d = None
        rows = model.rows
        rows.rows_changed.connect(self._on_rows_rows_changed)
        if playground_state is not None:
            playground_state.scene_changed.connect(self._on_playground_scene_changed)
        self._tau = self.temperature
        if widget is not None:
            from ..views.lasso_tool import ScatterLasso
            from ..views.lasso_tool3d import Scatter3DLasso
            from ..views.selection_marks import SelectionMarks2D, SelectionMarks3D

            self.marks = (SelectionMarks2D(model, widget.scatter),
                          SelectionMarks3D(model, widget.scatter3d))  # fmt: skip
            self.lasso2d = ScatterLasso(rows, widget.scatter, self)
            self.lasso3d = Scatter3DLasso(rows, widget.scatter3d, self)
            self.lasso2d.stroke_finished.connect(self._on_lasso2d_stroke_finished)
            self.lasso3d.stroke_finished.connect(self._on_lasso3d_stroke_finished)
            for tool in (self.lasso2d, self.lasso3d):
                tool.clear_requested.connect(rows.clear)
        if panel is not None:
            panel.tool_requested.connect(rows.set_tool)
            panel.invert_requested.connect(rows.invert)
            panel.clear_requested.connect(rows.clear)
            panel.isolate_requested.connect(rows.set_isolated)
            panel.export_csv_requested.connect(self.ask_export_csv)
            panel.export_npy_requested.connect(self.ask_export_npy)
            panel.project_requested.connect(self.project_alone)
            panel.send_requested.connect(self.send_negatives)
            self.summary_changed.connect(panel.set_summary)
            self.status_changed.connect(panel.set_status)

    @property
    def temperature(self) -> float:
        """τ of the summary's SupCon: the playground's, else 0.1."""
        return 0.1 if self._playground is None else float(self._playground.scene.temperature)

    # ------------------------------------------------------------ strokes
    def rows_in_polygon_2d(self, polygon) -> np.ndarray:
        """Visible rows whose 2-D coordinates lie inside ``polygon`` (data units)."""
        coords = self.model.data.coords
        if coords is None:
            return np.zeros(0, np.int64)
        index = getattr(self._widget.scatter, "index", None) if self._widget else None
        if index is not None:  # visible points only, sorted by x
            return select_in_polygon(polygon, index=index)
        rows = select_in_polygon(polygon, coords[:, 0], coords[:, 1])
        return rows[self.model.style.visible_mask()[rows]]

    def rows_in_polygon_3d(self, polygon) -> np.ndarray:
        """Visible rows in front of the 3-D camera drawn inside ``polygon`` (window pixels)."""
        coords = self.model.data.coords
        if coords is None or self._widget is None:
            return np.zeros(0, np.int64)
        if self._columns is None or self._columns[0] is not coords:  # x, y, z contiguous
            self._columns = (coords, tuple(np.ascontiguousarray(coords[:, k]) for k in range(3)))
        mvp, width, height = self._widget.scatter3d.camera()
        visible = self.model.style.visible_mask()
        return select_in_screen_polygon(self._columns[1], mvp, width, height, polygon, visible)

    def _on_lasso2d_stroke_finished(self, polygon, mode: str) -> None:
        self.model.rows.apply(self.rows_in_polygon_2d(polygon), mode)

    def _on_lasso3d_stroke_finished(self, polygon, mode: str) -> None:
        self.model.rows.apply(self.rows_in_polygon_3d(polygon), mode)

    # ------------------------------------------------------------ summary
    def _on_rows_rows_changed(self, rows) -> None:
        self.refresh()

    def _on_playground_scene_changed(self, *_args) -> None:
        if self.temperature != self._tau and self.model.rows.count:
            self.refresh()

    def refresh(self) -> None:
        """Recompute the summary of the current rows (at once, or in a Job when many)."""
        self._cancel_job()
        ds, rows = self.model.data.dataset, self.model.rows.rows
        self._tau = tau = self.temperature
        if ds is None or not rows.size:
            self._publish(None)
            return
        labels = ds.labels
        if rows.size <= SYNC_ROWS:
            self._publish(selection_summary(ds.vectors, labels, rows, tau))
            return
        self.summary = None
        if self._panel is not None:
            self._panel.set_summary(None, busy=True)
        self._job = Job(lambda _p, _c: selection_summary(ds.vectors, labels, rows, tau),
                        "Selection summary")  # fmt: skip
        self._job.finished.connect(self._on_job_finished)
        self._job.failed.connect(self._on_job_failed)
        self._job.start()

    def _publish(self, summary: SelectionSummary | None) -> None:
        self.summary = summary
        self.summary_changed.emit(summary)

    def _cancel_job(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self._job = None

    def _on_job_finished(self, summary) -> None:
        if self.sender() is self._job:
            self._job = None
            self._publish(summary)

    def _on_job_failed(self, exc: BaseException) -> None:
        if self.sender() is self._job:
            self._job = None
            self.error.emit("Selection summary failed", str(exc))

    # ------------------------------------------------------------ actions
    def export_csv(self, path: str | os.PathLike) -> int:
        """Write the selection's ids and metadata as CSV; returns the count."""
        count = export_selection_csv(self.model.data.dataset, self.model.rows.rows, path)
        self.status_changed.emit(f"Exported {count:,} rows to {os.fspath(path)}")
        return count

    def export_npy(self, path: str | os.PathLike) -> int:
        """Write the selection's vectors as .npy; returns the count."""
        count = export_selection_npy(self.model.data.dataset, self.model.rows.rows, path)
        self.status_changed.emit(f"Exported {count:,} vectors to {os.fspath(path)}")
        return count

    def _ask(self, title: str, name: str, pattern: str, export) -> None:
        parent = self._panel if self._panel is not None else None
        path, _ = QFileDialog.getSaveFileName(parent, title, name, pattern)
        if not path:
            return
        try:
            export(path)
        except (OSError, ValueError) as exc:
            self.error.emit(title, str(exc))

    def ask_export_csv(self) -> None:
        """Ask for a file name, then :meth:`export_csv`."""
        self._ask("Export selection as CSV", "selection.csv", "CSV (*.csv)", self.export_csv)

    def ask_export_npy(self) -> None:
        """Ask for a file name, then :meth:`export_npy`."""
        self._ask("Export selection vectors", "selection.npy", "NumPy (*.npy)", self.export_npy)

    def project_alone(self) -> Job | None:
        """Install the selection as its own dataset, with a PCA fitted on it (in a Job)."""
        ds, rows = self.model.data.dataset, self.model.rows.rows
        if ds is None or rows.size < 3 or self._loader is None:
            self.status_changed.emit("Select at least 3 points to project them alone.")
            return None
        subset = selection_subset(ds, rows)
        normalize = self.model.settings.normalize
        self._cancel_job()
        self._job = Job(lambda p, c: fit_projection(subset.vectors, normalize, p, c), "PCA")
        self._subset = subset
        self._job.finished.connect(self._on_projected)
        self._job.failed.connect(self._on_job_failed)
        self.status_changed.emit(f"Projecting the {rows.size:,} selected points alone…")
        return self._job.start()

    def _on_projected(self, projection) -> None:
        if self.sender() is self._job:
            self._job, subset, self._subset = None, self._subset, None
            self._loader.set_dataset(subset, projection)
            method = self.model.maps.method
            how = f"their own {METHOD_NAMES[method]}" + (" (running)" if method != "pca" else "")
            self.status_changed.emit(
                f"Showing {subset.n:,} selected points alone, {how}; column 'row' holds their "
                "old rows. Open the file again to see all of it."
            )

    def send_negatives(self, mode: str = "hardest", k: int = 8) -> list[int] | None:
        """Send the clicked point (anchor), its positive and k selected rows as negatives.

        Returns the negatives sent (None when nothing could be sent; the status says why).
        """
        ds, sel = self.model.data.dataset, self.model.selection
        anchor = sel.effective_anchor
        if ds is None or not self.model.rows.count:
            self.status_changed.emit("Select some points first.")
            return None
        if anchor is None:
            self.status_changed.emit("Click a point first: it is the anchor.")
            return None
        positives = sel.marked("positive") or None
        if positives is None:
            best = nearest_same_label(ds.vectors, ds.labels, anchor, ds.norms)
            positives = None if best is None else [best]
        rows = np.setdiff1d(self.model.rows.rows, positives or [])
        negatives = selection_negatives(ds.vectors, ds.norms, anchor, rows, k, mode, rng=None)
        try:
            a, pos, neg = choose_vectors(ds.vectors, ds.norms, ds.labels, anchor, positives,
                                         negatives)  # fmt: skip
        except ValueError as exc:
            self.status_changed.emit(str(exc))
            return None
        what = "hardest" if mode == "hardest" else "random"
        self.status_changed.emit(
            f"Sent #{a} with {len(pos)} positive(s) and {len(neg)} {what} negative(s) "
            f"of the {self.model.rows.count:,} selected."
        )
        if self._bridge is not None:
            self._bridge.send_to_playground(a, pos, neg)
        return neg
