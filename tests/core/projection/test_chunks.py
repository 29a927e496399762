"""Progress, Cancel, input checks and chunk sizes of the streamed PCA."""

import numpy as np
import pytest

from contrastive_viz.core.projection import ProjectionCancelled, chunks, pca

from .helpers import low_rank

# ---------------------------------------------------------------- progress and cancellation


@pytest.mark.parametrize(
    ("solver", "normalize"), [("covariance", False), ("gram", True), ("iterative", False)]
)
def test_progress_is_monotone_and_ends_at_one(solver, normalize):
    data = low_rank(300, 8, seed=14)
    fractions = []
    pca(data, 2, normalize=normalize, progress=fractions.append, chunk_rows=50, solver=solver)
    assert len(fractions) >= 6  # at least one call per chunk of each of two passes
    assert all(0 <= f <= 1 for f in fractions)
    assert all(a <= b for a, b in zip(fractions, fractions[1:], strict=False))
    assert fractions[-1] == 1.0
    assert fractions[0] < 0.5


def test_covariance_progress_counts_every_chunk_of_both_passes():
    fractions = []
    pca(low_rank(1000, 8), 2, progress=fractions.append, chunk_rows=100)
    np.testing.assert_allclose(fractions, np.arange(1, 21) / 20)


@pytest.mark.parametrize("solver", ["covariance", "gram", "iterative"])
def test_cancellation_between_chunks(solver):
    polls = []

    def cancelled():
        polls.append(1)
        return len(polls) > 3

    with pytest.raises(ProjectionCancelled):
        pca(low_rank(400, 8), 2, cancelled=cancelled, chunk_rows=50, solver=solver)
    assert len(polls) == 4


def test_not_cancelled_runs_to_completion():
    result = pca(low_rank(400, 8), 2, cancelled=lambda: False, chunk_rows=50)
    assert result.coords.shape == (400, 2)


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("data", "k", "match"),
    [
        (np.ones((1, 5)), 1, "at least 2"),
        (np.ones((5, 0)), 1, "at least 1 dimension"),
        (np.ones(5), 1, "2-D"),
        (np.ones((5, 4)), 0, "n_components"),
        (np.ones((5, 4)), 5, "n_components"),
        (np.ones((3, 10)), 4, "n_components"),
        (np.ones((5, 4)), 1.5, "integer"),
        (np.array([["a", "b"], ["c", "d"]]), 1, "real numbers"),
    ],
)
def test_bad_input(data, k, match):
    with pytest.raises(ValueError, match=match):
        pca(data, k)


@pytest.mark.parametrize("solver", ["covariance", "gram", "iterative"])
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_values_are_rejected(solver, bad):
    data = low_rank(100, 8)
    data[63, 5] = bad
    with pytest.raises(ValueError, match="NaN or infinite"):
        pca(data, 2, chunk_rows=10, solver=solver)


def test_bad_options():
    with pytest.raises(ValueError, match="solver"):
        pca(low_rank(10, 3), 2, solver="magic")
    with pytest.raises(ValueError, match="chunk_rows"):
        pca(low_rank(10, 3), 2, chunk_rows=0)


def test_chunk_defaults_bound_memory_and_work():
    rows = chunks._default_chunk_rows(768, 4)
    assert rows * 768 * 4 <= 32 * 2**20
    assert rows * 768**2 <= 5e9
    assert rows >= 1000
