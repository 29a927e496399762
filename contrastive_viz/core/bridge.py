"""From the explorer to the playground: real vectors become a scene.

:func:`scene_from_embeddings` builds a :class:`~contrastive_viz.core.scene.Scene`
whose vectors carry their ORIGINAL d-dimensional ``features``, so
:func:`~contrastive_viz.core.scene.evaluate` computes every number (cosines,
logits, softmax, loss, gradient) in d dimensions with the core's losses. The
scene's 3-D ``directions`` are only the picture on the sphere.

Which picture: the centred PCA projection
-----------------------------------------
For d > 3 a vector ``x`` is drawn at ``normalize(C (x - mean))``, with ``C`` the
top three principal axes and ``mean`` the data's mean, exactly the coordinates
the explorer's scatter plot shows (computed by
:func:`contrastive_viz.core.projection.project`, which also L2-normalizes ``x``
first when the projection was fitted on normalized rows). So the sphere shows
each point as seen from the centre of the data cloud: points that sit close
together in the scatter plot sit close together on the sphere.

The uncentred choice ``normalize(C x)`` shows the angle structure worse. Trained
encoders put their embeddings in a narrow cone (a large common mean; typical
pairwise cosines are well above 0), and the part ``C mean`` of that offset is
the same for every point, so the uncentred directions crowd into one small cap
and the angles between anchor, positives and negatives shrink to a few degrees.
Centring removes the shared offset and spreads the vectors the way the data
spreads. Either way the sphere's angles are a picture, not the numbers: those
come from ``features``.

When the data are already 3-D the sphere shows ``x`` itself (uncentred), so the
angles on the sphere are the true angles; 2-D data are padded with z = 0. When
no usable projection is given (None, or fitted on another dimension), the few
vectors sent are centred on their own mean and projected on their own top three
principal axes. A vector whose 3-D direction is (numerically) zero, such as a
point at the data's mean, falls back to its uncentred projection and, failing
that, to a fixed point of a Fibonacci lattice, so the scene stays valid.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from . import losses
from . import projection as proj
from .scene import ROLE_COLORS, Scene
from .vector_choice import choose_vectors, nearest_same_label

__all__ = [
    "choose_vectors",
    "nearest_same_label",
    "scene_from_embeddings",
    "sphere_directions",
    "vector_name",
]

_MAX_LABEL_CHARS = 14


def vector_name(index: int, label: str | None) -> str:
    """The scene name of dataset row ``index``: ``"#12 cat"`` (label cut to 14 characters)."""
    text = "" if label is None else str(label).strip()
    if len(text) > _MAX_LABEL_CHARS:
        text = text[: _MAX_LABEL_CHARS - 1] + "…"
    return f"#{index} {text}" if text else f"#{index}"


def _label(dataset, index: int) -> str | None:
    labels = getattr(dataset, "labels", None)
    if labels is None:
        return None
    value = labels[index]
    return None if value is None or str(value) == "" else str(value)


def _check_indices(n: int, anchor, positives, negatives) -> tuple[int, list[int], list[int]]:
    def one(value, what: str) -> int:
        if isinstance(value, (bool, np.bool_)):
            raise ValueError(f"{what} must be a row index, got {value!r}")
        try:
            i = operator.index(value)
        except TypeError:
            raise ValueError(f"{what} must be an integer row index, got {value!r}") from None
        if not 0 <= i < n:
            raise ValueError(f"{what} {i} is out of range: the dataset has {n} points")
        return i

    a = one(anchor, "anchor")
    pos = [one(v, "positive") for v in positives]
    neg = [one(v, "negative") for v in negatives]
    if not pos:
        raise ValueError("choose at least one positive")
    if not neg:
        raise ValueError("choose at least one negative")
    everything = [a, *pos, *neg]
    if len(set(everything)) != len(everything):
        dup = next(i for i in everything if everything.count(i) > 1)
        raise ValueError(f"point #{dup} is used twice; anchor, positives and negatives must differ")
    return a, pos, neg


def _fibonacci(count: int) -> np.ndarray:
    k = np.arange(count) + 0.5
    z = 1.0 - 2.0 * k / count
    r = np.sqrt(1.0 - z * z)
    phi = np.pi * (3.0 - np.sqrt(5.0)) * k
    return np.column_stack([r * np.cos(phi), r * np.sin(phi), z])


def _pad3(x: np.ndarray) -> np.ndarray:
    out = np.zeros((x.shape[0], 3))
    out[:, : min(3, x.shape[1])] = x[:, :3]
    return out


def sphere_directions(features: np.ndarray, projection: proj.Projection | None) -> np.ndarray:
    """Unit 3-D directions for original vectors (see the module docstring for the choice).

    Parameters
    ----------
    features : ndarray, shape (m, d)
        Original vectors, d >= 2.
    projection : Projection or None
        The explorer's PCA; used when fitted on d dimensions and d > 3.

    Returns
    -------
    ndarray of float64, shape (m, 3)
        Unit rows; never zero.
    """
    x = np.asarray(features, dtype=np.float64)
    m, d = x.shape
    uncentred = None
    if d <= 3:
        raw = _pad3(x)
    elif projection is not None and projection.n_features == d:
        raw = _pad3(proj.project(x, projection))
        components = np.asarray(projection.components)[:3]
        uncentred = _pad3(x @ components.T)
    else:
        centred = x - x.mean(axis=0)
        _, _, vt = np.linalg.svd(centred, full_matrices=False)
        raw = _pad3(centred @ vt[:3].T)
        uncentred = _pad3(x @ vt[:3].T)
    norms = np.linalg.norm(raw, axis=1)
    scale = max(float(norms.max()), float(np.abs(x).max()), 1e-300)
    zero = norms <= 1e-9 * scale
    if zero.any() and uncentred is not None:
        raw[zero] = uncentred[zero]
        norms = np.linalg.norm(raw, axis=1)
        zero = norms <= 1e-9 * scale
    if zero.any():
        raw[zero] = _fibonacci(m)[zero]
        norms = np.linalg.norm(raw, axis=1)
    return raw / norms[:, None]


def scene_from_embeddings(
    dataset,
    projection: proj.Projection | None,
    anchor: int,
    positives: Sequence[int],
    negatives: Sequence[int],
    temperature: float = 0.1,
    loss: str | None = None,
    names: Sequence[str] | None = None,
) -> Scene:
    """A playground scene made of real vectors, computed in their original dimension.

    Parameters
    ----------
    dataset : EmbeddingSet
        Needs ``vectors`` (n, d) (a read-only memmap is fine), ``labels``
        (list of str or None) and ``path`` (or None).
    projection : Projection or None
        The explorer's PCA, used only for the 3-D directions on the sphere.
    anchor : int
        Row index of the anchor.
    positives, negatives : sequence of int
        Row indices; at least one of each, all distinct from each other and
        from the anchor.
    temperature : float, default 0.1
    loss : str, optional
        A key of :data:`contrastive_viz.core.scene.LOSSES`; by default
        ``"supcon"`` with several positives, else ``"info_nce"``.
    names : sequence of str, optional
        Names for anchor, positives, negatives in that order; by default
        ``"#<index> <label>"`` (:func:`vector_name`).

    Returns
    -------
    Scene
        Vectors in the order anchor, positives, negatives, each with its
        float64 ``features`` and its direction from :func:`sphere_directions`.

    Raises
    ------
    ValueError
        For an index out of range or used twice, no positive or no negative, a
        zero or non-finite vector, a bad temperature or a bad ``names`` list.
    """
    vectors = dataset.vectors
    n = int(vectors.shape[0])
    if len(vectors.shape) != 2 or vectors.shape[1] < 2:
        raise ValueError(f"vectors must have shape (n, d) with d >= 2, got {vectors.shape}")
    tau = losses.check_temperature(temperature)
    a, pos, neg = _check_indices(n, anchor, positives, negatives)
    order = [a, *pos, *neg]
    feats = np.array([np.asarray(vectors[i], dtype=np.float64) for i in order])
    for i, row in zip(order, feats, strict=True):
        if not np.isfinite(row).all():
            raise ValueError(f"point #{i} has NaN or infinite values")
        if not row.any():
            raise ValueError(f"point #{i} is a zero vector, which has no direction")
    roles = ("anchor",) + ("positive",) * len(pos) + ("negative",) * len(neg)
    if names is None:
        names = [vector_name(i, _label(dataset, i)) for i in order]
    else:
        names = [str(s) for s in names]
        if len(names) != len(order):
            raise ValueError(f"names has {len(names)} entries for {len(order)} vectors")
        if len(set(names)) != len(names) or not all(s.strip() for s in names):
            raise ValueError("names must be non-empty and unique")
    if loss is None:
        loss = "supcon" if len(pos) > 1 else "info_nce"
    path = getattr(dataset, "path", None)
    source = Path(path).name if path else "data"
    label = _label(dataset, a)
    title = f"From {source}: anchor #{a}" + (f" (label {label})" if label else "")
    return Scene(
        names=tuple(names),
        roles=roles,
        colors=tuple(ROLE_COLORS[r] for r in roles),
        directions=sphere_directions(feats, projection),
        features=tuple(feats),
        temperature=tau,
        loss=loss,
        title=title,
    )
