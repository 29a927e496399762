"""core.maps: sampling, placement of the other rows, finite coordinates, messages."""

from __future__ import annotations

import numpy as np
import pytest

from contrastive_viz.core.maps import MapSpec, missing_package
from contrastive_viz.core.maps.fit import fit_map, place_by_neighbors


def test_place_by_neighbors_is_the_mean_of_the_nearest_sampled_rows():
    rng = np.random.default_rng(0)
    sample, coords, rest = rng.standard_normal((40, 6)), rng.standard_normal((40, 2)), \
        rng.standard_normal((7, 6))  # fmt: skip
    got = place_by_neighbors(sample, coords, rest, k=3)
    su = sample / np.linalg.norm(sample, axis=1, keepdims=True)
    for i, r in enumerate(rest):
        top = np.argsort(-(su @ (r / np.linalg.norm(r))))[:3]
        assert np.allclose(got[i], coords[top].mean(axis=0), atol=1e-5)


def test_tsne_above_the_sample_size_places_every_row_and_says_so():
    x = np.random.default_rng(1).standard_normal((160, 10)).astype(np.float32)
    steps = []
    r = fit_map(x, MapSpec("tsne", dims=3, sample_size=100, seed=3), lambda f, m: steps.append(f))
    assert r.coords.shape == (160, 3) and np.isfinite(r.coords).all()
    assert r.sample.size == 100 and r.placed_by == "neighbours"
    assert "sample of 100 of 160 points" in r.note()
    assert steps[-1] == 1.0 and steps == sorted(steps)
    again = fit_map(x, MapSpec("tsne", dims=3, sample_size=100, seed=3))
    assert np.array_equal(again.coords, r.coords)  # seeded


def test_bad_requests_raise_and_unknown_packages_name_the_install():
    with pytest.raises(ValueError, match="at least 4"):
        fit_map(np.zeros((3, 4)), MapSpec("tsne"))
    with pytest.raises(ValueError, match="unknown map method"):
        fit_map(np.ones((10, 4)), MapSpec("pca"))
    assert missing_package("pca") is None
    assert missing_package("tsne") is None  # scikit-learn is a dependency
    assert MapSpec().describe().startswith("UMAP (15 neighbours, min_dist 0.1, cosine")
