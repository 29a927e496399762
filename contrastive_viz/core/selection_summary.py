"""What a selection of many points is: counts, labels, contrastive metrics, nearest class.

:func:`selection_summary` describes the rows a lasso or rectangle selected:

* the count and the label histogram (every selected row);
* the selection's OWN SupCon, alignment and uniformity at τ
  (:class:`~contrastive_viz.core.dataset_metrics.DatasetMetrics` on the selection
  alone: SupCon and uniformity on a random sample of at most ``sample_size`` of
  its labelled rows, alignment over its same-label pairs). A selection larger
  than ``max_rows`` is first drawn down to a uniform random ``max_rows`` rows,
  and :attr:`SelectionSummary.metrics_rows` says so;
* its nearest other class: the class, other than the selection's majority label,
  whose centroid of unit vectors has the highest cosine with the selection's
  centroid. Class centroids come from at most ``max_rows`` random rows of the
  whole dataset.

:func:`selection_negatives` picks negatives for the playground among the
selected rows: ``k`` at random, or the ``k`` with the highest cosine to the
anchor (the hardest).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from .dataset_metrics import DatasetMetrics, DatasetSummary
from .dataset_sampling import label_codes, read_rows, unit_rows, usable_rows

__all__ = ["MAX_ROWS", "SelectionSummary", "selection_negatives", "selection_summary"]

#: Most rows read for the metrics and for the class centroids.
MAX_ROWS = 20_000


@dataclass(frozen=True)
class SelectionSummary:
    """A selection described (see the module docstring).

    Attributes
    ----------
    count : int
        Selected rows.
    histogram : list of (str, int)
        Label → count among the selected rows, most frequent first ("(none)" for
        a missing label); empty without labels.
    metrics : DatasetSummary or None
        The selection's own SupCon/alignment/uniformity (None below 2 rows).
    metrics_rows : int
        Rows the metrics were computed from (``count``, or ``MAX_ROWS`` when drawn down).
    majority : str or None
        The most frequent label of the selection.
    nearest_class : str or None
        The nearest other class (None without labels or without another class).
    nearest_cosine : float or None
        Cosine between the selection's centroid and that class's centroid.
    """

    count: int
    histogram: list
    metrics: DatasetSummary | None
    metrics_rows: int
    majority: str | None
    nearest_class: str | None
    nearest_cosine: float | None


def _draw(rows: np.ndarray, most: int, gen) -> np.ndarray:
    if rows.size <= most:
        return rows
    return np.sort(gen.choice(rows, size=most, replace=False))


def _centroid(unit: np.ndarray) -> np.ndarray | None:
    if not len(unit):
        return None
    c = unit.mean(axis=0)
    norm = np.linalg.norm(c)
    return c / norm if norm > 0 else None


def _nearest_class(vectors, codes, classes, rows, majority, max_rows, gen):
    """(name, cosine) of the class nearest to the selection's centroid, or (None, None)."""
    own = read_rows(vectors, _draw(rows, max_rows, gen))
    centre = _centroid(unit_rows(own[usable_rows(own)]))
    sample = _draw(np.flatnonzero(codes >= 0), max_rows, gen)
    x = read_rows(vectors, sample)
    ok = usable_rows(x)
    unit, c = unit_rows(x[ok]), codes[sample][ok]
    best, best_cos = None, None
    for j, name in enumerate(classes):
        if name == majority:
            continue
        centroid = _centroid(unit[c == j])
        if centre is None or centroid is None:
            continue
        cos = float(centre @ centroid)
        if best_cos is None or cos > best_cos:
            best, best_cos = name, cos
    return best, best_cos


def selection_summary(
    vectors,
    labels,
    rows,
    temperature: float,
    sample_size: int = 2000,
    max_rows: int = MAX_ROWS,
    rng=0,
) -> SelectionSummary:
    """Describe the selected ``rows`` of ``vectors`` (see the module docstring).

    Parameters
    ----------
    vectors : array_like or memmap, shape (n, d)
    labels : sequence of length n, or None
    rows : array_like of int
        Selected row indices.
    temperature : float
        τ of SupCon (the playground's).
    sample_size : int, default 2000
        Most points in the SupCon and uniformity sample.
    max_rows : int, default :data:`MAX_ROWS`
    rng : int, numpy Generator or None, default 0

    Returns
    -------
    SelectionSummary
    """
    gen = np.random.default_rng(rng)
    rows = np.unique(np.asarray(rows, dtype=np.int64))
    n = int(vectors.shape[0])
    histogram: list = []
    majority = nearest = cosine = None
    codes, classes = label_codes(labels, n)
    if labels is not None and rows.size:
        counts = Counter("(none)" if (v := labels[i]) is None or v == "" else str(v) for i in rows)
        histogram = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        majority = next((name for name, _ in histogram if name != "(none)"), None)
    metrics, used = None, 0
    if rows.size >= 2:
        drawn = _draw(rows, max_rows, gen)
        used = int(drawn.size)
        sub_labels = None if labels is None else [labels[i] for i in drawn]
        metrics = DatasetMetrics(
            read_rows(vectors, drawn), sub_labels, sample_size=sample_size, rng=gen
        ).summary(temperature)
    if classes and rows.size:
        names = [str(c) for c in classes]
        nearest, cosine = _nearest_class(vectors, codes, names, rows, majority, max_rows, gen)
    return SelectionSummary(int(rows.size), histogram, metrics, used, majority, nearest, cosine)


def selection_negatives(
    vectors, norms, anchor: int, rows, k: int, mode: str = "hardest", rng=None
) -> list[int]:
    """Up to ``k`` selected rows (never the anchor) as negatives: hardest or random.

    Parameters
    ----------
    vectors : array_like or memmap, shape (n, d)
    norms : array_like, shape (n,), or None
    anchor : int
    rows : array_like of int
        The selection.
    k : int
    mode : {"hardest", "random"}
        ``"hardest"``: the rows with the highest cosine to the anchor.
    rng : numpy Generator, int or None

    Returns
    -------
    list of int, in row order for ``"random"``, hardest first otherwise.
    """
    if mode not in ("hardest", "random"):
        raise ValueError(f"mode must be 'hardest' or 'random', got {mode!r}")
    rows = np.unique(np.asarray(rows, dtype=np.int64))
    rows = rows[rows != anchor]
    k = max(0, int(k))
    if mode == "random":
        gen = np.random.default_rng(rng)
        return sorted(int(i) for i in gen.choice(rows, size=min(k, rows.size), replace=False))
    a = np.asarray(vectors[anchor], dtype=np.float64)
    a = a / (np.linalg.norm(a) or 1.0)
    x = read_rows(vectors, rows)
    nrm = np.linalg.norm(x, axis=1) if norms is None else np.asarray(norms)[rows]
    with np.errstate(divide="ignore", invalid="ignore"):
        cos = (x @ a) / nrm
    cos = np.where(np.isfinite(cos), cos, -np.inf)
    order = np.lexsort((rows, -cos))[:k]
    return [int(rows[j]) for j in order if np.isfinite(cos[j])]
