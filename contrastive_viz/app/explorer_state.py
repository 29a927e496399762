"""The explorer's evented model: the loaded embeddings, their projection, the selection.

Views read the attributes here and write every edit back through the methods; the
derived values (projection, cosine neighbours, point colours, the filter mask) are
computed here or in the core, never in widgets. Loading and projecting run in a
:class:`~contrastive_viz.app.controllers.jobs.Job` off the GUI thread.

Signals
-------
dataset_changed()
    A new dataset is installed (colour-by and filter were reset). Always followed by
    ``projection_changed``, ``selection_changed`` and ``neighbors_changed``.
projection_changed()
    New 2-D/3-D coordinates (new dataset, or normalize toggled).
selection_changed(), neighbors_changed()
    The selected point, and its cosine neighbours in the original space.
style_changed()
    Colour-by, point size, opacity or filter text changed.
dims_changed(int), options_changed()
    2-D/3-D switch; normalize or k changed (for the toolbar).
busy_changed(bool), progress(float, str), error(str, str), cancelled()
    A background job started/ended; its progress; a failure (title, message); the
    job was cancelled (the state is unchanged).
scene_requested(object)
    A core ``Scene`` built from real vectors, for the playground.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Signal

from ..core.colors import ColorMapping, color_mapping, encode
from ..core.embeddings import EmbeddingFileError, EmbeddingSet, InvalidRowsError, load_embeddings
from ..core.neighbors import cosine_neighbors
from ..core.projection import Projection, identity_projection, pca
from .controllers.jobs import Job

__all__ = ["ExplorerState", "digits_embedding_set", "fit_projection"]

DEMO_NAME = "scikit-learn digits (demo)"


def digits_embedding_set() -> EmbeddingSet:
    """The built-in demo set: scikit-learn's 1,797 handwritten digits, 8×8 = 64 dims.

    Shipped inside scikit-learn (no download); labelled by digit.
    """
    from sklearn.datasets import load_digits  # lazy: scikit-learn is slow to import

    digits = load_digits()
    vectors = np.ascontiguousarray(digits.data, dtype=np.float32)
    vectors.flags.writeable = False
    labels = [str(int(t)) for t in digits.target]
    norms = np.sqrt(np.einsum("ij,ij->i", vectors, vectors)).astype(np.float32)
    norms.flags.writeable = False
    return EmbeddingSet(vectors, labels, {"digit": labels}, "digit", Path(DEMO_NAME), norms)


def fit_projection(vectors, normalize: bool = False, progress=None, cancelled=None) -> Projection:
    """3-D PCA of ``vectors``; 2-D/3-D data is shown as is (identity projection).

    With ``normalize`` the rows are L2-normalized first (cosine geometry).
    """
    n, d = vectors.shape
    if d > 3:
        return pca(vectors, 3, normalize=normalize, progress=progress, cancelled=cancelled)
    data = np.asarray(vectors, dtype=np.float64)
    if normalize:
        norms = np.linalg.norm(data, axis=1, keepdims=True)
        data = data / np.where(norms > 0, norms, 1.0)
    proj = identity_projection(data)
    return replace(proj, normalized=True) if normalize else proj


class ExplorerState(QObject):
    """The explorer's single source of truth (see the module docstring for signals)."""

    dataset_changed = Signal()
    projection_changed = Signal()
    selection_changed = Signal()
    neighbors_changed = Signal()
    style_changed = Signal()
    dims_changed = Signal(int)
    options_changed = Signal()
    busy_changed = Signal(bool)
    progress = Signal(float, str)
    error = Signal(str, str)
    #: A file has rows with NaN/Inf or all zeros: (message, path, metadata path or None).
    #: The app offers to open it again with ``drop_invalid=True``.
    invalid_rows = Signal(str, object, object)
    cancelled = Signal()
    scene_requested = Signal(object)

    #: Above this many points, neighbours are computed in a background job.
    ASYNC_NEIGHBORS_ABOVE = 200_000

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._dataset: EmbeddingSet | None = None
        self._projection: Projection | None = None
        self._coords: np.ndarray | None = None
        self._dims = 2
        self._normalize = False
        self._selected: int | None = None
        self._neighbors: tuple[np.ndarray, np.ndarray] | None = None
        self._k = 10
        self._color_by: str | None = None
        self._point_size = 6.0
        self._opacity = 0.85
        self._filter = ""
        self._job: Job | None = None
        self._neighbor_job: Job | None = None
        self._message = ""
        self._encoded: dict[str, tuple[list[str], np.ndarray]] = {}
        self._mapping: ColorMapping | None = None
        self._mask: np.ndarray | None = None

    # ------------------------------------------------------------ reading
    @property
    def dataset(self) -> EmbeddingSet | None:
        """The loaded embeddings, or None."""
        return self._dataset

    @property
    def projection(self) -> Projection | None:
        """The PCA (or identity) projection of ``dataset``, or None."""
        return self._projection

    @property
    def coords(self) -> np.ndarray | None:
        """float32 (n, 3) projected coordinates (2-D data padded with a zero column)."""
        return self._coords

    @property
    def dims(self) -> int:
        """2 or 3: which view is shown."""
        return self._dims

    @property
    def normalize(self) -> bool:
        """Whether vectors are L2-normalized before projecting (requested setting)."""
        return self._normalize

    @property
    def selected(self) -> int | None:
        """Index of the selected point, or None."""
        return self._selected

    @property
    def neighbors(self) -> tuple[np.ndarray, np.ndarray] | None:
        """(indices, cosine similarities) of the selection's neighbours, original space."""
        return self._neighbors

    @property
    def k_neighbors(self) -> int:
        """How many neighbours are computed for the selection."""
        return self._k

    @property
    def color_by(self) -> str | None:
        """Metadata column the points are coloured by (None: one colour)."""
        return self._color_by

    @property
    def point_size(self) -> float:
        """Point diameter in pixels."""
        return self._point_size

    @property
    def opacity(self) -> float:
        """Point opacity in [0.05, 1]."""
        return self._opacity

    @property
    def filter_text(self) -> str:
        """Label filter (substring, case-insensitive; ``=label`` for exact)."""
        return self._filter

    @property
    def busy(self) -> bool:
        """True while a load or projection job runs."""
        return self._job is not None

    @property
    def columns(self) -> list[str]:
        """Metadata columns available for colour-by."""
        return list(self._dataset.metadata) if self._dataset is not None else []

    def label_of(self, i: int) -> str:
        """Label of point ``i`` (its index when the file has no labels)."""
        ds = self._dataset
        if ds is None or ds.labels is None:
            return f"#{i}"
        return ds.labels[i]

    def describe(self, i: int) -> list[tuple[str, str]]:
        """(name, value) rows for a tooltip: index, label, then every metadata column."""
        ds = self._dataset
        rows = [("index", str(i)), ("label", self.label_of(i))]
        if ds is not None:
            rows += [(k, v[i]) for k, v in ds.metadata.items() if k != ds.label_column]
            rows.append(("norm", f"{float(ds.norms[i]):.4g}"))
        return rows

    def encoded(self, column: str) -> tuple[list[str], np.ndarray]:
        """(categories, codes) of a metadata column, cached."""
        if column not in self._encoded:
            self._encoded[column] = encode(self._dataset.metadata[column])
        return self._encoded[column]

    @property
    def colors(self) -> ColorMapping | None:
        """Colours of every point for ``color_by`` (cached)."""
        ds = self._dataset
        if ds is None:
            return None
        if self._mapping is None:
            col = self._color_by
            values = ds.metadata[col] if col is not None else None
            enc = self.encoded(col) if col is not None else None
            self._mapping = color_mapping(values, ds.n, col, encoded=enc)
        return self._mapping

    def visible_mask(self) -> np.ndarray:
        """bool (n,): points whose label contains the filter text (case-insensitive).

        A filter starting with ``=`` matches whole labels exactly (case-insensitive),
        as the legend does when a class is clicked. Without labels every point matches.
        """
        ds = self._dataset
        if ds is None:
            return np.zeros(0, dtype=bool)
        if self._mask is None:
            text = self._filter.strip().lower()
            if not text or ds.labels is None or ds.label_column is None:
                self._mask = np.ones(ds.n, dtype=bool)
            else:
                categories, codes = self.encoded(ds.label_column)
                if text.startswith("="):
                    hit = [c.lower() == text[1:].strip() for c in categories]
                else:
                    hit = [text in c.lower() for c in categories]
                self._mask = np.asarray(hit, dtype=bool)[codes]
        return self._mask

    # ------------------------------------------------------------ loading
    def open(self, path: str | os.PathLike, metadata=None, drop_invalid: bool = False) -> Job:
        """Load ``path`` and project it in a background job (progress, cancellable).

        On a file error ``error`` is emitted and the current dataset stays.
        """
        path = Path(path)
        self._opening = (path, metadata)
        share = 0.25 if path.suffix.lower() == ".npy" else 0.7

        def work(progress, cancelled):
            def read(f: float) -> None:
                progress(share * f, f"Reading {path.name}…")

            def project(f: float) -> None:
                progress(share + (1 - share) * f, f"PCA of {path.name}…")

            ds = load_embeddings(path, metadata, drop_invalid, progress=read, cancelled=cancelled)
            proj = fit_projection(ds.vectors, self._normalize, project, cancelled)
            enc = {ds.label_column: encode(ds.labels)} if ds.label_column is not None else {}
            return ds, proj, enc

        return self._start(Job(work, f"Open {path.name}"), f"Opening {path.name}…")

    def open_demo(self) -> Job:
        """Load the built-in digits demo set in a background job."""

        def work(progress, cancelled):
            progress(0.1, "Loading the digits demo…")
            ds = digits_embedding_set()
            return ds, fit_projection(ds.vectors, self._normalize), {}

        return self._start(Job(work, "Demo"), "Loading the digits demo…")

    def set_dataset(self, dataset: EmbeddingSet, projection: Projection | None = None) -> None:
        """Install a dataset synchronously (PCA computed here when ``projection`` is None)."""
        self.cancel()
        if projection is None:
            projection = fit_projection(dataset.vectors, self._normalize)
        self._install(dataset, projection, {})

    def cancel(self) -> None:
        """Cancel the running load/projection; ``cancelled`` follows, state unchanged."""
        if self._job is not None:
            self._job.cancel()

    def _start(self, job: Job, message: str) -> Job:
        if self._job is not None:
            self._job.cancel()
        was_busy = self.busy
        self._job = job
        self._message = message
        job.finished.connect(self._on_job_finished)
        job.failed.connect(self._on_job_failed)
        job.cancelled.connect(self._on_job_cancelled)
        job.progress.connect(self._on_job_progress)
        job.message.connect(self._on_job_message)
        job.start()
        if not was_busy:
            self.busy_changed.emit(True)
        self.progress.emit(0.0, message)
        return job

    def _end(self) -> bool:
        """Forget the job that sent the current signal; False if it was stale."""
        if self.sender() is not self._job:
            return False
        self._job = None
        self.busy_changed.emit(False)
        return True

    def _on_job_progress(self, fraction: float) -> None:
        if self.sender() is self._job:
            self.progress.emit(fraction, self._message)

    def _on_job_message(self, message: str) -> None:
        if self.sender() is self._job:
            self._message = message

    def _on_job_finished(self, result) -> None:
        if not self._end():
            return
        if isinstance(result, Projection):
            self._set_projection(result)
        else:
            self._install(*result)
        if self._projection.normalized != self._normalize:  # toggled while we worked
            self._reproject()

    def _on_job_failed(self, exc: BaseException) -> None:
        name = self.sender().name if self.sender() is not None else "job"
        if not self._end():
            return
        self._normalize = bool(self._projection.normalized) if self._projection else False
        self.options_changed.emit()
        if isinstance(exc, InvalidRowsError) and getattr(self, "_opening", None):
            self.invalid_rows.emit(str(exc), *self._opening)
        elif isinstance(exc, EmbeddingFileError):
            self.error.emit("Cannot open the file", str(exc))
        elif isinstance(exc, (ValueError, MemoryError, OSError)):
            self.error.emit(f"{name} failed", str(exc))
        else:
            self.error.emit(f"{name} failed", f"{type(exc).__name__}: {exc}")

    def _on_job_cancelled(self) -> None:
        if not self._end():
            return
        self._normalize = bool(self._projection.normalized) if self._projection else False
        self.options_changed.emit()
        self.progress.emit(0.0, "Cancelled")
        self.cancelled.emit()

    def _install(self, ds: EmbeddingSet, proj: Projection, encoded: dict) -> None:
        if self._neighbor_job is not None:
            self._neighbor_job.cancel()
            self._neighbor_job = None
        self._dataset = ds
        self._encoded = dict(encoded)
        self._color_by = ds.label_column
        self._filter = ""
        self._mapping = None
        self._mask = None
        self._selected = None
        self._neighbors = None
        self._projection = proj
        self._coords = self._padded(proj)
        self.dataset_changed.emit()
        self.projection_changed.emit()
        self.selection_changed.emit()
        self.neighbors_changed.emit()

    def _set_projection(self, proj: Projection) -> None:
        self._projection = proj
        self._coords = self._padded(proj)
        self.projection_changed.emit()

    @staticmethod
    def _padded(proj: Projection) -> np.ndarray:
        coords = np.asarray(proj.coords, dtype=np.float32)
        if coords.shape[1] >= 3:
            return np.ascontiguousarray(coords[:, :3])
        out = np.zeros((coords.shape[0], 3), dtype=np.float32)
        out[:, : coords.shape[1]] = coords
        return out

    # ------------------------------------------------------------- options
    def set_dims(self, dims: int) -> None:
        """Show the 2-D (first two components) or the 3-D view."""
        if dims not in (2, 3):
            raise ValueError(f"dims must be 2 or 3, got {dims}")
        if dims != self._dims:
            self._dims = dims
            self.dims_changed.emit(dims)

    def set_normalize(self, normalize: bool) -> None:
        """L2-normalize before projecting (cosine geometry); re-projects in a job."""
        normalize = bool(normalize)
        if normalize == self._normalize:
            return
        self._normalize = normalize
        self.options_changed.emit()
        if self._dataset is not None and (self._job is None or self._job.name == "Projection"):
            self._reproject()

    def _reproject(self) -> None:
        ds, normalize = self._dataset, self._normalize
        if self._projection is not None and self._projection.normalized == normalize:
            self.cancel()  # a projection job for the other setting is now moot
            return

        def work(progress, cancelled):
            return fit_projection(ds.vectors, normalize, lambda f: progress(f), cancelled)

        self._start(Job(work, "Projection"), "Re-projecting…")

    def set_k(self, k: int) -> None:
        """Number of neighbours shown for the selection."""
        k = max(1, int(k))
        if k == self._k:
            return
        self._k = k
        self.options_changed.emit()
        if self._selected is not None:
            self._compute_neighbors()

    # ----------------------------------------------------------- selection
    def select(self, index: int | None) -> None:
        """Select point ``index`` (None clears) and compute its cosine neighbours."""
        ds = self._dataset
        if index is not None:
            index = int(index)
            if ds is None or not 0 <= index < ds.n:
                return
        if index == self._selected:
            return
        self._selected = index
        self.selection_changed.emit()
        self._compute_neighbors()

    def _compute_neighbors(self) -> None:
        if self._neighbor_job is not None:
            self._neighbor_job.cancel()
            self._neighbor_job = None
        ds, index, k = self._dataset, self._selected, self._k
        self._neighbors = None
        if index is None or ds is None:
            self.neighbors_changed.emit()
            return
        if ds.n <= self.ASYNC_NEIGHBORS_ABOVE:
            self._neighbors = cosine_neighbors(ds.vectors, index, k, norms=ds.norms)
            self.neighbors_changed.emit()
            return
        self.neighbors_changed.emit()  # the old neighbours are gone
        job = Job(lambda _p, _c: (index, cosine_neighbors(ds.vectors, index, k, norms=ds.norms)))
        job.finished.connect(self._on_neighbor_job_finished)
        job.failed.connect(self._on_neighbor_job_failed)
        self._neighbor_job = job.start()

    def _on_neighbor_job_finished(self, result) -> None:
        if self.sender() is not self._neighbor_job:
            return
        self._neighbor_job = None
        index, neighbors = result
        if index == self._selected:
            self._neighbors = neighbors
            self.neighbors_changed.emit()

    def _on_neighbor_job_failed(self, exc: BaseException) -> None:
        if self.sender() is self._neighbor_job:
            self._neighbor_job = None
            self.error.emit("Neighbours failed", str(exc))

    # --------------------------------------------------------------- style
    def set_color_by(self, column: str | None) -> None:
        """Colour points by a metadata column (None: one colour)."""
        if column is not None and column not in self.columns:
            raise ValueError(f"no metadata column {column!r}")
        if column != self._color_by:
            self._color_by = column
            self._mapping = None
            self.style_changed.emit()

    def set_point_size(self, size: float) -> None:
        """Point diameter in pixels (1–40)."""
        size = float(min(max(size, 1.0), 40.0))
        if size != self._point_size:
            self._point_size = size
            self.style_changed.emit()

    def set_opacity(self, opacity: float) -> None:
        """Point opacity (0.05–1)."""
        opacity = float(min(max(opacity, 0.05), 1.0))
        if opacity != self._opacity:
            self._opacity = opacity
            self.style_changed.emit()

    def set_filter(self, text: str) -> None:
        """Show only points whose label contains ``text`` (others are dimmed)."""
        if text != self._filter:
            self._filter = text
            self._mask = None
            self.style_changed.emit()

    # ---------------------------------------------------------- playground
    def send_to_playground(self, anchor: int, positives: list[int], negatives: list[int]) -> None:
        """Build a playground scene from real vectors; emits ``scene_requested(scene)``."""
        if self._dataset is None or self._projection is None:
            return
        try:
            from ..core.bridge import scene_from_embeddings

            scene = scene_from_embeddings(
                self._dataset, self._projection, anchor, list(positives), list(negatives)
            )
        except (ValueError, ImportError) as exc:
            self.error.emit("Cannot send to the playground", str(exc))
            return
        self.scene_requested.emit(scene)
