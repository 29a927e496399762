"""How well a whole dataset does on contrastive objectives, honestly sampled.

Numbers (see docs/architecture.md, "Maths conventions"; all on L2-normalized rows):

* **SupCon** (Khosla et al. 2020, L_out) of the points as ONE batch, at the
  playground's temperature. SupCon needs an n x n cosine matrix, so it is
  computed on a uniform random sample (without replacement) of at most
  ``sample_size`` labelled points, or on all of them when there are fewer.
  The value depends on the batch size: a bigger batch has more terms in each
  denominator and a larger loss (roughly ``+ log`` of the size ratio), so it
  is the loss of one training batch of ``sample_size_used`` random points, not
  of all points at once. Anchors without a same-label partner in the sample
  are left out, as in :func:`contrastive_viz.core.losses.supcon`.
* **Alignment** (Wang & Isola 2020, alpha = 2) over same-label pairs ``i != j``
  of the WHOLE dataset: when there are at most ``n_pairs`` such (unordered)
  pairs all of them are used; otherwise ``n_pairs`` pairs are drawn uniformly
  at random, with replacement, from all of them (a class is picked with
  probability proportional to its number of pairs, then two distinct members).
  For unit vectors it is ``2 - 2 mean cos``: lower means positives are closer.
* **Uniformity** (Wang & Isola 2020, t = 2) over the same sample as SupCon:
  ``log mean_{i<j} exp(-2 |x_i - x_j|^2)``; lower means more spread out.

Rows that are zero or not finite have no direction; they are dropped from the
sample and from the pairs, and the count is reported. Unlabelled data (labels
None, or every label missing) have no SupCon and no alignment: those are None
with a reason, and uniformity is computed on a random sample of all points. A
label is missing when it is None or the empty string.

Memmaps are read only at the sampled rows, in sorted order and in chunks. Every
draw comes from ``numpy.random.default_rng(rng)``, so a seed gives the same
numbers every time.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass

import numpy as np

from . import losses
from .dataset_sampling import label_codes, read_rows, same_label_pairs, unit_rows, usable_rows
from .supcon_sweep import SupConCosines, supcon_versus_temperature

__all__ = [
    "DEFAULT_TEMPERATURES",
    "DatasetMetrics",
    "DatasetSummary",
    "SupConCosines",
    "dataset_summary",
    "label_codes",
    "same_label_pairs",
    "supcon_versus_temperature",
]

#: Temperatures of the loss-versus-temperature curve (log-spaced, 0.01 to 10).
DEFAULT_TEMPERATURES = np.geomspace(0.01, 10.0, 31)


@dataclass(frozen=True)
class DatasetSummary:
    """Contrastive metrics of a dataset at one temperature.

    Attributes
    ----------
    n_points : int
        Rows in the dataset.
    n_labelled : int
        Rows with a label (0 when unlabelled).
    n_classes : int or None
        Distinct labels in the whole dataset; None when unlabelled.
    sample_size_used : int
        Points in the sample SupCon and uniformity were computed on.
    sample_indices : ndarray of int64
        Their row indices, sorted.
    exhaustive : bool
        True when the sample is every labelled point (every point if unlabelled).
    temperature : float
    supcon : float or None
        SupCon of the sample as one batch; None with ``supcon_reason``.
    supcon_anchors : int
        Sampled points with at least one same-label partner in the sample.
    alignment : float or None
        Mean squared distance of same-label pairs; None with ``alignment_reason``.
    alignment_pairs : int
        Number of pairs averaged.
    alignment_exhaustive : bool
        True when every same-label pair was used.
    uniformity : float or None
        None (with ``uniformity_reason``) when fewer than 2 points are usable.
    n_dropped : int
        Sampled rows dropped because they are zero or not finite.
    supcon_reason, alignment_reason, uniformity_reason : str
        Why a value is None ("" otherwise).
    """

    n_points: int
    n_labelled: int
    n_classes: int | None
    sample_size_used: int
    sample_indices: np.ndarray
    exhaustive: bool
    temperature: float
    supcon: float | None
    supcon_anchors: int
    alignment: float | None
    alignment_pairs: int
    alignment_exhaustive: bool
    uniformity: float | None
    n_dropped: int = 0
    supcon_reason: str = ""
    alignment_reason: str = ""
    uniformity_reason: str = ""

    @property
    def sample_text(self) -> str:
        """``"on a random sample of 2,000 of 1,797,000 points"`` or ``"on all 1,797 points"``."""
        what = "labelled points" if self.n_labelled else "points"
        total = self.n_labelled or self.n_points
        if self.exhaustive:
            return f"on all {self.sample_size_used:,} {what}"
        return f"on a random sample of {self.sample_size_used:,} of {total:,} {what}"


# ------------------------------------------------------------- per dataset


class DatasetMetrics:
    """The per-dataset part of :class:`DatasetSummary`, computed once.

    Draws the sample and the pairs, computes alignment, uniformity and the
    sample's cosine matrix; after that :meth:`supcon` at a new temperature
    costs one exponential per matrix entry (about 20 ms for 2,000 points) and
    :meth:`sweep` gives the loss-versus-temperature curve. See the module
    docstring for what is sampled.

    Parameters
    ----------
    vectors : array_like or memmap, shape (n, d)
    labels : sequence of length n, or None
    sample_size : int, default 2000
    n_pairs : int, default 5000
        Most same-label pairs averaged for the alignment.
    rng : int, numpy Generator or None, default 0
    """

    def __init__(self, vectors, labels=None, sample_size: int = 2000, n_pairs: int = 5000, rng=0):
        if not hasattr(vectors, "shape"):
            vectors = np.asarray(vectors)
        if len(vectors.shape) != 2:
            raise ValueError(f"vectors must have shape (n, d), got {vectors.shape}")
        sample_size = operator.index(sample_size)
        if sample_size < 2:
            raise ValueError(f"sample_size must be >= 2, got {sample_size}")
        gen = np.random.default_rng(rng)
        n = int(vectors.shape[0])
        codes, classes = label_codes(labels, n)
        labelled = np.flatnonzero(codes >= 0)
        self.n_points, self.n_labelled = n, int(labelled.size)
        self.n_classes = len(classes) if labelled.size else None
        pool = labelled if labelled.size else np.arange(n)
        self.exhaustive = pool.size <= sample_size
        if self.exhaustive:
            chosen = pool.astype(np.int64)
        else:
            chosen = np.sort(gen.choice(pool, size=sample_size, replace=False)).astype(np.int64)
        x = read_rows(vectors, chosen)
        ok = usable_rows(x)
        self.n_dropped = int((~ok).sum())
        self.sample_indices = chosen[ok]
        self.sample_unit = unit_rows(x[ok])
        self.sample_codes = codes[self.sample_indices]
        self._alignment(vectors, codes, n_pairs, gen)
        self._uniformity()
        self._supcon = SupConCosines(self.sample_unit, self.sample_codes) if labelled.size else None
        self.supcon_reason = self._supcon_reason()

    def _alignment(self, vectors, codes: np.ndarray, n_pairs: int, gen) -> None:
        self.alignment, self.alignment_pairs, self.alignment_exhaustive = None, 0, True
        if not self.n_labelled:
            self.alignment_reason = "needs labels: the positives are points with the same label"
            return
        i, j, exhaustive = same_label_pairs(codes, n_pairs, gen)
        if i.size:
            rows, inverse = np.unique(np.concatenate([i, j]), return_inverse=True)
            x = read_rows(vectors, rows)
            ok = usable_rows(x)[inverse]
            keep = ok[: i.size] & ok[i.size :]
            xi, xj = x[inverse[: i.size][keep]], x[inverse[i.size :][keep]]
            i = i[keep]
        if i.size == 0:
            self.alignment_reason = "no two points share a label"
            return
        self.alignment = losses.alignment(xi, xj)
        self.alignment_pairs, self.alignment_exhaustive = int(i.size), exhaustive
        self.alignment_reason = ""

    def _uniformity(self) -> None:
        self.uniformity, self.uniformity_reason = None, ""
        if self.sample_unit.shape[0] < 2 or self.sample_unit.shape[1] < 2:
            self.uniformity_reason = "needs at least 2 non-zero vectors of dimension >= 2"
            return
        self.uniformity = losses.uniformity(self.sample_unit)

    def _supcon_reason(self) -> str:
        if self._supcon is None:
            return "needs labels: SupCon's positives are points with the same label"
        if self._supcon.n_anchors == 0:
            return "no two sampled points share a label"
        return ""

    @property
    def supcon_anchors(self) -> int:
        """Sampled points with a same-label partner in the sample."""
        return 0 if self._supcon is None else self._supcon.n_anchors

    def supcon(self, temperature: float) -> float | None:
        """SupCon of the sample as one batch (None without same-label pairs)."""
        return None if self._supcon is None else self._supcon.loss(temperature)

    def sweep(self, temperatures=DEFAULT_TEMPERATURES) -> np.ndarray | None:
        """SupCon of the sample at each temperature (None without same-label pairs)."""
        return None if self._supcon is None else self._supcon.losses(temperatures)

    def summary(self, temperature: float, supcon: float | None = None) -> DatasetSummary:
        """The :class:`DatasetSummary` at ``temperature``.

        ``supcon`` may pass a value already computed (e.g. by
        :func:`contrastive_viz.core.losses.supcon`); by default it comes from
        the cached cosine matrix.
        """
        tau = losses.check_temperature(temperature)
        value = self.supcon(tau) if supcon is None else supcon
        return DatasetSummary(
            n_points=self.n_points,
            n_labelled=self.n_labelled,
            n_classes=self.n_classes,
            sample_size_used=int(self.sample_indices.size),
            sample_indices=self.sample_indices,
            exhaustive=self.exhaustive,
            temperature=tau,
            supcon=value,
            supcon_anchors=self.supcon_anchors,
            alignment=self.alignment,
            alignment_pairs=self.alignment_pairs,
            alignment_exhaustive=self.alignment_exhaustive,
            uniformity=self.uniformity,
            n_dropped=self.n_dropped,
            supcon_reason=self.supcon_reason,
            alignment_reason=self.alignment_reason,
            uniformity_reason=self.uniformity_reason,
        )


def dataset_summary(
    vectors,
    labels,
    temperature: float,
    sample_size: int = 2000,
    rng=0,
    n_pairs: int = 5000,
) -> DatasetSummary:
    """SupCon, alignment, uniformity and class count of a dataset (see the module docstring).

    SupCon here is :func:`contrastive_viz.core.losses.supcon` itself on the
    sample; :class:`DatasetMetrics` gives the same value (to about 1e-12) from
    a cached cosine matrix when it is needed at many temperatures.

    Parameters
    ----------
    vectors : array_like or memmap, shape (n, d)
    labels : sequence of length n, or None
    temperature : float
    sample_size : int, default 2000
        Most points in the SupCon and uniformity sample.
    rng : int, numpy Generator or None, default 0
        Seed of every random draw.
    n_pairs : int, default 5000
        Most same-label pairs averaged for the alignment.

    Returns
    -------
    DatasetSummary
    """
    metrics = DatasetMetrics(vectors, labels, sample_size=sample_size, n_pairs=n_pairs, rng=rng)
    tau = losses.check_temperature(temperature)
    exact = None
    if metrics.supcon_anchors:
        exact = losses.supcon(metrics.sample_unit, metrics.sample_codes, tau)
    return metrics.summary(tau, supcon=exact)
