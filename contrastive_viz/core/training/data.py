"""The data a run trains on: the built-in digits, or any set of vectors (a projection head)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..safe_files import check_fits

__all__ = ["DIGITS_NAME", "TrainData", "digits_data", "knn_accuracy", "vectors_data"]

DIGITS_NAME = "scikit-learn digits"


@dataclass(frozen=True)
class TrainData:
    """Inputs of a run.

    Attributes
    ----------
    x : ndarray, shape (n, d), float64
        The inputs, scaled (digits: pixel / 16, in [0, 1]; other data: standardized).
    labels : ndarray of int, shape (n,), or None
        Class codes (indices into ``label_names``); SupCon needs them.
    label_names : tuple of str
    image_shape : tuple of int or None
        ``(8, 8)`` for the digits, which turns on the image augmentations.
    name : str
    """

    x: np.ndarray
    labels: np.ndarray | None
    label_names: tuple[str, ...]
    image_shape: tuple[int, int] | None
    name: str

    @property
    def n(self) -> int:
        return int(self.x.shape[0])

    @property
    def dim(self) -> int:
        return int(self.x.shape[1])


def _digits_arrays() -> tuple[np.ndarray, np.ndarray]:
    """Pixels (1797, 64) and digits (1797,) of scikit-learn's ``digits.csv.gz``.

    The file is read directly where scikit-learn installed it, without importing
    scikit-learn: in a worker thread of the app, PySide6's import hook made
    ``from sklearn.datasets import load_digits`` take 36 s on a busy 2-core VM
    (5 s without Qt). If the file is not where it should be, ``load_digits`` is used.
    """
    import gzip
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("sklearn")
    if spec is not None and spec.submodule_search_locations:
        path = Path(list(spec.submodule_search_locations)[0]) / "datasets/data/digits.csv.gz"
        if path.is_file():
            with gzip.open(path, "rt") as fh:
                table = np.loadtxt(fh, delimiter=",")
            if table.shape == (1797, 65):
                return table[:, :-1], table[:, -1].astype(np.int64)
    from sklearn.datasets import load_digits  # lazy: scikit-learn is slow to import

    digits = load_digits()
    return np.asarray(digits.data, dtype=np.float64), np.asarray(digits.target, dtype=np.int64)


def digits_data() -> TrainData:
    """scikit-learn's 1,797 handwritten digits (shipped with it; nothing is downloaded).

    Pixels are divided by 16, so inputs lie in [0, 1]; the labels are the digits.
    """
    pixels, labels = _digits_arrays()
    x = pixels / 16.0
    return TrainData(x, labels, tuple(str(i) for i in range(10)), (8, 8), DIGITS_NAME)


def vectors_data(vectors, labels=None, name: str = "vectors") -> TrainData:
    """Any (n, d) vectors, centred and divided by their overall standard deviation.

    ``labels`` (any hashable values, or None) become integer codes.

    Raises
    ------
    ValueError
        If the vectors are not a finite 2-D array with at least 2 rows.
    """
    shape = np.shape(vectors)
    if len(shape) == 2:
        check_fits(3 * 8 * shape[0] * shape[1], f"{name}: training on float64 copies")
    x = np.asarray(vectors, dtype=np.float64)
    if x.ndim != 2 or x.shape[0] < 2 or x.shape[1] < 1:
        raise ValueError(f"{name}: training needs a 2-D array of at least 2 vectors, got {x.shape}")
    if not np.isfinite(x).all():
        raise ValueError(f"{name}: the vectors hold NaN or infinite values")
    x = x - x.mean(axis=0)
    std = float(x.std())
    x = x / (std if std > 0 else 1.0)
    codes = None
    names: tuple[str, ...] = ()
    if labels is not None:
        lab = np.asarray(labels)
        if lab.shape != (x.shape[0],):
            raise ValueError(f"{name}: labels must have shape ({x.shape[0]},), got {lab.shape}")
        uniq, codes = np.unique(lab.astype(str), return_inverse=True)
        names = tuple(str(u) for u in uniq)
    return TrainData(x, codes, names, None, name)


def knn_accuracy(embeddings, labels, k: int = 5) -> float:
    """Leave-one-out k-nearest-neighbour label accuracy under cosine similarity.

    Each point's label is predicted by a majority vote of its ``k`` most similar other
    points (ties go to the smallest label code); the result is the fraction predicted right.
    """
    e = np.asarray(embeddings, dtype=np.float64)
    lab = np.asarray(labels)
    n = e.shape[0]
    if lab.shape != (n,) or not 1 <= k < n:
        raise ValueError(f"need labels of shape ({n},) and 1 <= k < {n}")
    u = e / np.linalg.norm(e, axis=1, keepdims=True)
    _, codes = np.unique(lab, return_inverse=True)
    n_classes = int(codes.max()) + 1
    correct = 0
    for start in range(0, n, 1024):
        sims = u[start : start + 1024] @ u.T
        rows = np.arange(sims.shape[0])
        sims[rows, start + rows] = -np.inf
        nn = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        votes = np.zeros((sims.shape[0], n_classes), dtype=np.int64)
        np.add.at(votes, (np.repeat(rows, k), codes[nn].ravel()), 1)
        correct += int(np.sum(votes.argmax(axis=1) == codes[start : start + 1024]))
    return correct / n
