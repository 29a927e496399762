"""Procrustes and the aligned series, against scipy, scikit-learn and hand-made cases."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.linalg import orthogonal_procrustes
from scipy.stats import ortho_group
from sklearn.decomposition import PCA

from contrastive_viz.core.series import (
    SeriesCancelled,
    SeriesError,
    align_series,
    align_series_detail,
    procrustes_rotation,
)

SEEDS = st.integers(0, 2**31 - 1)


def _orthogonal(c, rng):
    q = ortho_group.rvs(c, random_state=rng) if c > 1 else np.ones((1, 1))
    if rng.random() < 0.5:  # reflections too
        q[:, 0] *= -1
    return q


@settings(max_examples=80, deadline=None)
@given(SEEDS, st.integers(1, 40), st.integers(1, 5), st.floats(-1e3, 1e3))
def test_equals_scipy_on_centred_inputs(seed, n, c, offset):
    rng = np.random.default_rng(seed)
    ref = rng.standard_normal((n, c)) + offset
    mov = rng.standard_normal((n, c)) * 3 - offset
    r = procrustes_rotation(ref, mov)
    expected, _ = orthogonal_procrustes(mov - mov.mean(0), ref - ref.mean(0))
    cost = np.linalg.norm((mov - mov.mean(0)) @ r - (ref - ref.mean(0)))
    best = np.linalg.norm((mov - mov.mean(0)) @ expected - (ref - ref.mean(0)))
    assert cost <= best + 1e-9 * (1 + best)  # the optimum (R itself is unique when M is regular)
    if np.linalg.svd(mov.T @ ref - n * np.outer(mov.mean(0), ref.mean(0)))[1].min() > 1e-6:
        np.testing.assert_allclose(r, expected, atol=1e-8)
    np.testing.assert_allclose(r @ r.T, np.eye(c), atol=1e-12)  # orthogonal


@settings(max_examples=80, deadline=None)
@given(SEEDS, st.integers(6, 60), st.integers(1, 4))
def test_aligning_a_rotated_copy_recovers_the_rotation(seed, n, c):
    rng = np.random.default_rng(seed)
    ref = rng.standard_normal((n, c)) * np.arange(1, c + 1)
    q = _orthogonal(c, rng)
    moving = ref @ q.T + rng.standard_normal(c) * 5
    r = procrustes_rotation(ref, moving)
    np.testing.assert_allclose(r, q, atol=1e-8)
    np.testing.assert_allclose(moving @ r - (moving @ r).mean(0), ref - ref.mean(0), atol=1e-8)


def test_procrustes_rejects_bad_shapes():
    with pytest.raises(ValueError, match="must both be"):
        procrustes_rotation(np.zeros((3, 2)), np.zeros((3, 3)))
    with pytest.raises(ValueError, match="NaN"):
        procrustes_rotation(np.full((3, 2), np.nan), np.zeros((3, 2)))


def _drifting(seed=0, n=400, d=12, count=5):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, d)) * np.linspace(3, 0.5, d)
    steps = []
    for _ in range(count):
        x = x + 0.3 * rng.standard_normal(x.shape)
        steps.append(x.astype(np.float32))
    return steps


def _brute_force(steps, c, reference):
    """sklearn PCA per step, then scipy Procrustes chained outward from the reference."""
    raw = [PCA(c).fit_transform(np.asarray(s, dtype=np.float64)) for s in steps]
    out = [None] * len(raw)
    out[reference] = raw[reference]
    order = [*range(reference + 1, len(raw)), *range(reference - 1, -1, -1)]
    for i in order:
        target = out[i - 1] if i > reference else out[i + 1]
        a = raw[i] - raw[i].mean(0)
        r, _ = orthogonal_procrustes(a, target - target.mean(0))
        out[i] = a @ r + target.mean(0)
    return np.stack(out)


@pytest.mark.parametrize(("c", "reference"), [(2, -1), (3, -1), (2, 0), (3, 2)])
def test_matches_sklearn_pca_and_scipy_procrustes(c, reference):
    steps = _drifting()
    got = align_series_detail(steps, c, reference=reference)
    ref = reference % len(steps)
    assert got.reference == ref and got.basis == "per-step" and got.fallback_steps == ()
    assert got.coords.dtype == np.float32 and got.coords.shape == (5, 400, c)
    np.testing.assert_allclose(got.coords, _brute_force(steps, c, ref), atol=2e-4)


@settings(max_examples=25, deadline=None)
@given(SEEDS, st.integers(2, 3))
def test_a_rotated_copy_lands_on_the_original(seed, c):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((200, 6)) * np.array([5, 3, 2, 1, 0.5, 0.2])
    q = _orthogonal(6, rng)
    coords = align_series([x, x @ q + 7.0, x], c)
    np.testing.assert_allclose(coords[0], coords[2], atol=1e-9)
    np.testing.assert_allclose(coords[1], coords[2], atol=1e-6)


def test_steps_of_different_dimension_and_memmaps(tmp_path):
    steps = _drifting(d=12)
    wide = np.hstack([steps[1], steps[1] @ np.random.default_rng(1).standard_normal((12, 20))])
    np.save(tmp_path / "s.npy", steps[0])
    mapped = np.load(tmp_path / "s.npy", mmap_mode="r")
    mixed = [mapped, wide.astype(np.float32), steps[2]]
    coords = align_series(mixed, 2)
    np.testing.assert_allclose(coords, _brute_force(mixed, 2, 2), atol=2e-4)


def test_shared_basis_projects_same_dimension_steps_and_falls_back_for_others():
    steps = _drifting(count=4)
    steps[2] = steps[2][:, :7].copy()
    got = align_series_detail(steps, 2, basis=1)
    assert got.basis == "shared:1" and got.fallback_steps == (2,)
    fit = PCA(2).fit(steps[1].astype(np.float64))
    for i in (0, 1, 3):  # one frame, not rotated
        np.testing.assert_allclose(got.coords[i], fit.transform(steps[i]), atol=2e-4)
    r, _ = orthogonal_procrustes(
        (own := PCA(2).fit_transform(steps[2])) - own.mean(0), got.coords[3] - got.coords[3].mean(0)
    )
    expected = (own - own.mean(0)) @ r + got.coords[3].mean(0)  # onto its neighbour towards 3
    np.testing.assert_allclose(got.coords[2], expected, atol=2e-4)


def test_rows_reorder_the_coordinates_not_the_step():
    steps = _drifting(count=3)
    perm = np.random.default_rng(3).permutation(400)
    shuffled = steps[1][np.argsort(perm)]  # so that shuffled[perm] is the original order
    rows = [None, perm, None]
    np.testing.assert_allclose(shuffled[perm], steps[1])
    got = align_series([steps[0], shuffled, steps[2]], 2, rows=rows)
    np.testing.assert_allclose(got, align_series(steps, 2), atol=1e-5)


def test_progress_cancel_and_bad_steps():
    steps = _drifting(count=3)
    seen = []
    align_series(steps, 2, progress=seen.append)
    assert seen[-1] == 1.0 and all(b >= a for a, b in zip(seen, seen[1:], strict=False))
    with pytest.raises(SeriesCancelled):
        align_series(steps, 2, cancelled=lambda: True)
    bad = steps[1].copy()
    bad[7, 3] = np.nan
    with pytest.raises(SeriesError, match="step 2: .*NaN"):
        align_series([steps[0], bad], 2)
    with pytest.raises(SeriesError, match="at least one step"):
        align_series([], 2)
    with pytest.raises(ValueError, match="basis 5 is out of range"):
        align_series(steps, 2, basis=5)
    with pytest.raises(ValueError, match="must be a step index"):
        align_series(steps, 2, basis="shared")


def test_a_bad_step_under_a_shared_basis_is_named():
    steps = _drifting(count=3)
    steps[2] = steps[2].copy()
    steps[2][0, 0] = np.inf
    with pytest.raises(SeriesError, match="step 3: .*NaN or infinite"):
        align_series(steps, 2, basis=0)
