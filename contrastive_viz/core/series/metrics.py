"""Contrastive metrics of one step, for the per-step plots (reusing the explorer's).

Definitions (docs/architecture.md, "Maths conventions"; every row L2-normalized):

* **alignment, uniformity, SupCon** are exactly the explorer's dataset metrics
  (:class:`contrastive_viz.core.dataset_metrics.DatasetMetrics` with its defaults):
  alignment = mean ``|x_i - x_j|^2`` over same-label pairs (all of them, or 5,000
  drawn uniformly), uniformity = ``log mean_{i<j} exp(-2 |x_i - x_j|^2)`` and SupCon
  (Khosla et al. 2020, L_out, at ``temperature``) of a uniform random sample of at most
  2,000 labelled points taken as one batch (all points when unlabelled, for
  uniformity). Alignment and SupCon are None without labels.
* **kNN label accuracy**: on a uniform random sample (without replacement) of at most
  ``sample`` labelled points, each point's k = 10 nearest cosine neighbours among ALL
  other labelled points (leave-one-out: the point itself is never its neighbour;
  exact search, ties by lower row index) vote; the most frequent label wins, a tie
  between labels goes to the label of the nearest neighbour among the tied ones. The
  accuracy is the share of sampled points whose own label wins. None without labels
  or with at most k labelled points.

A label is missing when it is None or ``""``. Every draw comes from
``numpy.random.default_rng(seed)``; with the same seed and labels every step uses the
same sampled rows, so the steps are comparable.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ..dataset_metrics import DatasetMetrics, label_codes
from ._knn import knn_among
from .errors import _check_cancel, _Span

__all__ = ["KNN_K", "StepMetrics", "knn_label_accuracy", "step_metrics"]

KNN_K = 10


@dataclass(frozen=True)
class StepMetrics:
    """Metrics of one step (see the module docstring for the definitions).

    Attributes
    ----------
    alignment : float or None
    uniformity : float
        NaN when fewer than 2 usable rows.
    supcon : float or None
    knn_accuracy : float or None
    sample_size : int
        Points the kNN accuracy was measured on.
    metrics_sample_size : int
        Points in the SupCon and uniformity sample (at most 2,000).
    temperature : float
    """

    alignment: float | None
    uniformity: float
    supcon: float | None
    knn_accuracy: float | None
    sample_size: int
    metrics_sample_size: int = 0
    temperature: float = float("nan")


def _vote(neighbour_codes: np.ndarray, n_classes: int) -> np.ndarray:
    """Majority label per row; ties go to the tied label met first (the nearest)."""
    rows, k = neighbour_codes.shape
    counts = np.zeros((rows, n_classes), dtype=np.int64)
    np.add.at(counts, (np.repeat(np.arange(rows), k), neighbour_codes.ravel()), 1)
    best = counts.max(axis=1)
    tied = counts[np.arange(rows)[:, None], neighbour_codes] == best[:, None]
    first = tied.argmax(axis=1)  # position of the nearest neighbour with a winning label
    return neighbour_codes[np.arange(rows), first]


def knn_label_accuracy(
    x,
    labels: Sequence | np.ndarray | None,
    sample: int = 10_000,
    seed: int | np.random.Generator | None = 0,
    k: int = KNN_K,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[float | None, int]:
    """Leave-one-out kNN label accuracy on a random sample (module docstring).

    Returns
    -------
    accuracy : float or None
    sample_size : int
        Points it was measured on (0 when None).
    """
    n = int(x.shape[0])
    codes, classes = label_codes(labels, n)
    labelled = np.flatnonzero(codes >= 0)
    if labelled.size <= k:
        return None, 0
    sample = operator.index(sample)
    if sample < 1:
        raise ValueError(f"sample must be >= 1, got {sample}")
    gen = np.random.default_rng(seed)
    if labelled.size > sample:
        chosen = np.sort(gen.choice(labelled, size=sample, replace=False))
    else:
        chosen = labelled
    neighbours = knn_among(x, chosen, codes >= 0, k, cancelled)
    predicted = _vote(codes[neighbours], len(classes))
    return float(np.mean(predicted == codes[chosen])), int(chosen.size)


def step_metrics(
    x,
    labels: Sequence | np.ndarray | None,
    temperature: float,
    sample: int = 10_000,
    seed: int = 0,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> StepMetrics:
    """Alignment, uniformity, SupCon at ``temperature`` and kNN accuracy of one step.

    Parameters
    ----------
    x : array_like or memmap, shape (n, d)
    labels : sequence of length n, or None
    temperature : float
        τ of SupCon (the app's current τ).
    sample : int, default 10,000
        Most points of the kNN accuracy sample.
    seed : int, default 0
    progress, cancelled : callables, optional

    Returns
    -------
    StepMetrics
    """
    span = _Span(progress, cancelled)
    _check_cancel(cancelled)
    metrics = DatasetMetrics(x, labels, rng=seed)
    summary = metrics.summary(temperature)
    span(0.2)
    accuracy, used = knn_label_accuracy(x, labels, sample, seed, KNN_K, cancelled)
    span(1.0)
    uniformity = summary.uniformity if summary.uniformity is not None else float("nan")
    return StepMetrics(
        alignment=summary.alignment,
        uniformity=float(uniformity),
        supcon=summary.supcon,
        knn_accuracy=accuracy,
        sample_size=used,
        metrics_sample_size=summary.sample_size_used,
        temperature=summary.temperature,
    )
