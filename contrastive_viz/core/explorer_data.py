"""The explorer's data helpers: the built-in demo set and the 3-D projection of a set."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from .embeddings import EmbeddingSet
from .projection import Projection, identity_projection, pca

__all__ = ["DEMO_NAME", "digits_embedding_set", "fit_projection", "padded_coords"]

DEMO_NAME = "scikit-learn digits (demo)"


def digits_embedding_set() -> EmbeddingSet:
    """The built-in demo set: scikit-learn's 1,797 handwritten digits, 8×8 = 64 dims.

    Shipped inside scikit-learn (no download); labelled by digit, with each digit's
    own 8×8 image as ``images``.
    """
    from sklearn.datasets import load_digits  # lazy: scikit-learn is slow to import

    digits = load_digits()
    vectors = np.ascontiguousarray(digits.data, dtype=np.float32)
    vectors.flags.writeable = False
    labels = [str(int(t)) for t in digits.target]
    norms = np.sqrt(np.einsum("ij,ij->i", vectors, vectors)).astype(np.float32)
    norms.flags.writeable = False
    images = np.asarray(digits.images, dtype=np.float32)
    images.flags.writeable = False
    meta = {"digit": labels}
    return EmbeddingSet(vectors, labels, meta, "digit", Path(DEMO_NAME), norms, images=images)


def fit_projection(vectors, normalize: bool = False, progress=None, cancelled=None) -> Projection:
    """3-D PCA of ``vectors``; 2-D/3-D data is shown as is (identity projection).

    With ``normalize`` the rows are L2-normalized first (cosine geometry).
    """
    _n, d = vectors.shape
    if d > 3:
        return pca(
            vectors, 3, normalize=normalize, progress=progress, cancelled=cancelled, pad=True
        )
    data = np.asarray(vectors, dtype=np.float64)
    if normalize:
        norms = np.linalg.norm(data, axis=1, keepdims=True)
        data = data / np.where(norms > 0, norms, 1.0)
    proj = identity_projection(data)
    return replace(proj, normalized=True) if normalize else proj


def padded_coords(projection: Projection) -> np.ndarray:
    """float32 (n, 3) coordinates of ``projection`` (2-D data padded with a zero column)."""
    coords = np.asarray(projection.coords, dtype=np.float32)
    if coords.shape[1] >= 3:
        return np.ascontiguousarray(coords[:, :3])
    out = np.zeros((coords.shape[0], 3), dtype=np.float32)
    out[:, : coords.shape[1]] = coords
    return out
