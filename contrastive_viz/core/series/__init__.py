"""Embeddings over time: several embedding sets of the same items (pure numpy).

A *series* is one embedding file per training step (or per model). This package
finds and orders the step files (:mod:`.steps`), matches their rows
(:mod:`.matching`), projects and aligns them into one comparable layout
(:mod:`.align`), measures per-point change (:mod:`.change`) and per-step metrics
(:mod:`.metrics`), loads a step with a message naming it (:mod:`.load`), exports
(:mod:`.export`), makes a demo series (:mod:`.demo`) and tells when a file a live run
is writing is complete (:mod:`.watch`). No Qt; scipy and scikit-learn are not used.
"""

from .align import AlignedSeries, align_series, align_series_detail, procrustes_rotation
from .change import cosine_knn, most_moved, movement, neighbor_overlap
from .demo import demo_series
from .errors import SeriesCancelled, SeriesError
from .export import most_moved_csv, save_aligned_npz
from .load import LoadedStep, find_metadata, load_step
from .matching import is_identity, match_rows
from .metrics import KNN_K, StepMetrics, knn_label_accuracy, step_metrics
from .steps import (
    StepFile,
    check_series,
    discover_steps,
    is_temporary_name,
    order_steps,
    step_number,
)
from .watch import FileIdentity, has_changed, header_complete, identity, is_ready

__all__ = [
    "AlignedSeries",
    "FileIdentity",
    "KNN_K",
    "LoadedStep",
    "SeriesCancelled",
    "SeriesError",
    "StepFile",
    "StepMetrics",
    "align_series",
    "align_series_detail",
    "check_series",
    "cosine_knn",
    "demo_series",
    "discover_steps",
    "find_metadata",
    "has_changed",
    "header_complete",
    "identity",
    "is_identity",
    "is_ready",
    "is_temporary_name",
    "knn_label_accuracy",
    "load_step",
    "match_rows",
    "most_moved",
    "most_moved_csv",
    "movement",
    "neighbor_overlap",
    "order_steps",
    "procrustes_rotation",
    "save_aligned_npz",
    "step_metrics",
    "step_number",
]
