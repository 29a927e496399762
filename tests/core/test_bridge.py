"""Real vectors sent to the playground keep their original dimension."""

from pathlib import Path

import numpy as np
import pytest

from contrastive_viz.core import scene as sc
from contrastive_viz.core.bridge import (
    choose_vectors,
    nearest_same_label,
    scene_from_embeddings,
    sphere_directions,
    vector_name,
)
from contrastive_viz.core.embeddings import EmbeddingSet
from contrastive_viz.core.losses import info_nce, supcon_anchor
from contrastive_viz.core.projection import pca, project


def make_set(x, labels=None, path="runs/emb.npy"):
    x = np.asarray(x, dtype=np.float32)
    meta = {} if labels is None else {"label": list(labels)}
    return EmbeddingSet(
        vectors=x,
        labels=None if labels is None else list(labels),
        metadata=meta,
        label_column=None if labels is None else "label",
        path=Path(path),
        norms=np.linalg.norm(x, axis=1).astype(np.float32),
    )


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(7)
    x = rng.standard_normal((300, 64)).astype(np.float32) + 0.5  # an offset cone, like encoders
    labels = [str(i % 5) for i in range(300)]
    ds = make_set(x, labels)
    return ds, pca(ds.vectors, 3)


@pytest.mark.parametrize("tau", [0.05, 0.1, 1.0])
def test_loss_is_info_nce_on_the_original_vectors(data, tau):
    ds, projection = data
    a, p, negs = 12, 17, [3, 40, 41, 99, 250]
    scene = scene_from_embeddings(ds, projection, a, [p], negs, temperature=tau)
    ev = sc.evaluate(scene)
    x = ds.vectors
    expected = info_nce(x[a], x[p], x[negs], tau)
    assert ev.original and ev.dimension == 64
    assert scene.loss == "info_nce"
    assert ev.result.loss == pytest.approx(expected.loss, rel=1e-12)
    np.testing.assert_allclose(ev.result.similarities, expected.similarities, rtol=0, atol=1e-14)
    np.testing.assert_allclose(ev.result.grad_anchor, expected.grad_anchor, rtol=0, atol=1e-12)


def test_several_positives_choose_supcon(data):
    ds, projection = data
    scene = scene_from_embeddings(ds, projection, 0, [5, 10], [1, 2, 3], temperature=0.2)
    assert (
        scene.loss == "supcon"
        and scene.roles == ("anchor",) + ("positive",) * 2 + ("negative",) * 3
    )
    x = ds.vectors
    expected = supcon_anchor(x[0], x[[5, 10]], x[[1, 2, 3]], 0.2).loss
    assert sc.evaluate(scene).result.loss == pytest.approx(expected, rel=1e-12)
    forced = scene_from_embeddings(ds, projection, 0, [5, 10], [1, 2, 3], loss="info_nce")
    assert forced.loss == "info_nce"


def test_features_are_the_rows_and_directions_are_centred_pca(data):
    ds, projection = data
    order = [12, 17, 3, 40]
    scene = scene_from_embeddings(ds, projection, 12, [17], [3, 40])
    for f, i in zip(scene.features, order, strict=True):
        np.testing.assert_array_equal(f, ds.vectors[i].astype(np.float64))
    np.testing.assert_allclose(np.linalg.norm(scene.directions, axis=1), 1.0, atol=1e-12)
    coords = project(ds.vectors[order], projection)
    expected = coords / np.linalg.norm(coords, axis=1, keepdims=True)
    np.testing.assert_allclose(scene.directions, expected, atol=1e-12)


def test_names_and_title(data):
    ds, projection = data
    scene = scene_from_embeddings(ds, projection, 12, [17], [3, 40])
    assert scene.names == ("#12 2", "#17 2", "#3 3", "#40 0")
    assert len(set(scene.names)) == len(scene.names)
    assert scene.title == "From emb.npy: anchor #12 (label 2)"
    assert vector_name(5, "a very long label indeed") == "#5 a very long l…"
    assert vector_name(5, None) == "#5" and vector_name(5, "") == "#5"
    custom = scene_from_embeddings(ds, projection, 12, [17], [3], names=["a", "p", "n"])
    assert custom.names == ("a", "p", "n")


def test_low_dimensional_data_use_the_vectors_themselves():
    x3 = np.array([[1, 0, 0], [0, 2, 0], [0, 0, 3], [1, 1, 0]], dtype=np.float32)
    s3 = scene_from_embeddings(make_set(x3), None, 0, [3], [1, 2])
    np.testing.assert_allclose(s3.directions[1], [np.sqrt(0.5), np.sqrt(0.5), 0], atol=1e-12)
    np.testing.assert_allclose(s3.directions[2], [0, 1, 0], atol=1e-12)
    x2 = np.array([[3, 4], [0, 1], [1, 0]], dtype=np.float32)
    s2 = scene_from_embeddings(make_set(x2), None, 0, [1], [2])
    np.testing.assert_allclose(s2.directions[0], [0.6, 0.8, 0.0], atol=1e-7)
    assert sc.evaluate(s2).dimension == 2


def test_without_projection_uses_local_pca_and_zero_direction_falls_back(data):
    ds, _ = data
    scene = scene_from_embeddings(ds, None, 1, [2], [3, 4, 5])
    np.testing.assert_allclose(np.linalg.norm(scene.directions, axis=1), 1.0, atol=1e-12)
    # A point exactly at the mean has no centred direction: it must still get one.
    x = np.array([[1, 0, 0, 0], [-1, 0, 0, 0], [0, 1, 0, 0], [0, -1, 0, 0], [0, 0, 1, 1]], float)
    x = np.vstack([x, x.mean(axis=0)])
    dirs = sphere_directions(x, pca(x, 3))
    assert np.isfinite(dirs).all()
    np.testing.assert_allclose(np.linalg.norm(dirs, axis=1), 1.0, atol=1e-12)


@pytest.mark.parametrize(
    ("anchor", "pos", "neg", "message"),
    [
        (0, [], [1], "at least one positive"),
        (0, [1], [], "at least one negative"),
        (0, [1], [1], "used twice"),
        (0, [0], [2], "used twice"),
        (300, [1], [2], "out of range"),
        (-1, [1], [2], "out of range"),
        (0, [1.5], [2], "integer"),
        (True, [1], [2], "row index"),
    ],
)
def test_bad_indices_raise(data, anchor, pos, neg, message):
    ds, projection = data
    with pytest.raises(ValueError, match=message):
        scene_from_embeddings(ds, projection, anchor, pos, neg)


def test_bad_temperature_and_names_raise(data):
    ds, projection = data
    with pytest.raises(ValueError, match="temperature"):
        scene_from_embeddings(ds, projection, 0, [1], [2], temperature=0)
    with pytest.raises(ValueError, match="names"):
        scene_from_embeddings(ds, projection, 0, [1], [2], names=["a", "b"])
    with pytest.raises(ValueError, match="unique"):
        scene_from_embeddings(ds, projection, 0, [1], [2], names=["a", "a", "b"])


def test_zero_vector_raises():
    x = np.array([[1, 0, 0, 0], [0, 0, 0, 0], [0, 1, 0, 0]], dtype=np.float32)
    ds = EmbeddingSet(x, None, {}, None, Path("z.npy"), np.linalg.norm(x, axis=1))
    with pytest.raises(ValueError, match="zero vector"):
        scene_from_embeddings(ds, None, 0, [1], [2])


def test_nearest_same_label_matches_brute_force(data):
    ds, _ = data
    x = ds.vectors.astype(np.float64)
    u = x / np.linalg.norm(x, axis=1, keepdims=True)
    labels = np.array(ds.labels)
    for a in (0, 7, 123):
        sims = u @ u[a]
        sims[(labels != labels[a]) | (np.arange(len(x)) == a)] = -np.inf
        assert nearest_same_label(ds.vectors, ds.labels, a, norms=ds.norms) == int(np.argmax(sims))
        best = int(np.argmax(sims))
        sims[best] = -np.inf
        assert nearest_same_label(ds.vectors, ds.labels, a, exclude=[best]) == int(np.argmax(sims))
    plain = u @ u[0]
    plain[0] = -np.inf
    assert nearest_same_label(ds.vectors, None, 0) == int(np.argmax(plain))
    assert nearest_same_label(ds.vectors, [str(i) for i in range(300)], 0) is None


def test_choose_vectors_defaults_to_nearest_positive_and_hardest_negatives(data):
    ds, _ = data
    x = ds.vectors.astype(np.float64)
    u = x / np.linalg.norm(x, axis=1, keepdims=True)
    labels = np.array(ds.labels)
    a, p, negs = choose_vectors(ds.vectors, ds.norms, labels, 30, k=6)
    sims = u @ u[30]
    sims[30] = -np.inf
    assert a == 30 and p == [int(np.argmax(np.where(labels == labels[30], sims, -np.inf)))]
    other = np.where(labels != labels[30], sims, -np.inf)
    assert negs == [int(i) for i in np.argsort(-other, kind="stable")[:6]]
    _, _, rand = choose_vectors(ds.vectors, None, labels, 30, mode="random", k=6, rng=1)
    assert len(set(rand)) == 6 and all(labels[i] != labels[30] for i in rand)
    # Without labels the nearest point is the positive and never also a negative.
    _, p0, n0 = choose_vectors(ds.vectors, None, None, 30, k=3)
    assert p0 == [int(np.argmax(sims))] and p0[0] not in n0 and len(n0) == 3
    _, p1, n1 = choose_vectors(ds.vectors, None, labels, 30, positives=[4], negatives=[4, 9])
    assert (p1, n1) == ([4], [9])


def test_choose_vectors_says_what_is_missing(data):
    ds, _ = data
    unique = np.array([str(i) for i in range(300)])
    with pytest.raises(ValueError, match="No positive"):
        choose_vectors(ds.vectors, None, unique, 0)
    same = np.array(["a"] * 300)
    with pytest.raises(ValueError, match="No negative"):
        choose_vectors(ds.vectors, None, same, 0)
    with pytest.raises(ValueError, match="mode"):
        choose_vectors(ds.vectors, None, None, 0, mode="closest")
