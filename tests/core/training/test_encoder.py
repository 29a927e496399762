"""MLPEncoder: shapes, the loss equals core.losses to the last bit, bad input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contrastive_viz.core.losses import nt_xent, supcon
from contrastive_viz.core.training import MLPEncoder, TrainingDiverged


def _views(n, d, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, d))
    return x + 0.1 * rng.normal(size=x.shape), x + 0.1 * rng.normal(size=x.shape)


def test_params_layout_and_forward_rows_are_unit():
    enc = MLPEncoder((64, 128, 3), seed=0)
    assert list(enc.params) == ["W0", "b0", "W1", "b1"]
    assert enc.params["W0"].shape == (64, 128) and enc.params["b1"].shape == (3,)
    x = np.random.default_rng(0).normal(size=(10, 64))
    z = enc.forward(x)
    assert z.shape == (10, 3)
    np.testing.assert_allclose(np.linalg.norm(z, axis=1), 1.0, atol=1e-15)
    # x @ W + b, ReLU between, linear last layer, then normalization: by hand
    y = np.maximum(x @ enc.params["W0"] + enc.params["b0"], 0) @ enc.params["W1"] + enc.params["b1"]
    np.testing.assert_allclose(z, y / np.linalg.norm(y, axis=1, keepdims=True), rtol=1e-14)


def test_same_seed_same_weights_other_seed_other_weights():
    a, b, c = MLPEncoder((4, 5, 3), 7), MLPEncoder((4, 5, 3), 7), MLPEncoder((4, 5, 3), 8)
    assert all(np.array_equal(a.params[k], b.params[k]) for k in a.params)
    assert not np.array_equal(a.params["W0"], c.params["W0"])


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(2, 12),
    seed=st.integers(0, 10_000),
    tau=st.sampled_from([0.01, 0.07, 0.5, 1.0, 10.0]),
)
def test_nt_xent_value_is_core_losses_nt_xent_bit_for_bit(n, seed, tau):
    enc = MLPEncoder((6, 9, 3), seed=seed)
    x1, x2 = _views(n, 6, seed)
    value, _ = enc.loss_and_grads(x1, x2, tau)
    assert value == nt_xent(enc.forward(x1), enc.forward(x2), tau)


@settings(max_examples=25, deadline=None)
@given(n=st.integers(2, 12), seed=st.integers(0, 10_000), tau=st.sampled_from([0.01, 0.1, 2.0]))
def test_supcon_value_is_core_losses_supcon_on_concatenated_views(n, seed, tau):
    enc = MLPEncoder((6, 9, 4), seed=seed)
    x1, x2 = _views(n, 6, seed)
    labels = np.random.default_rng(seed).integers(0, 3, size=n)
    value, _ = enc.loss_and_grads(x1, x2, tau, "supcon", labels)
    feats = np.vstack([enc.forward(x1), enc.forward(x2)])
    assert value == supcon(feats, np.concatenate([labels, labels]), tau)


def test_bad_input_is_refused_with_a_message():
    with pytest.raises(ValueError, match="output dimension"):
        MLPEncoder((4, 5, 1))
    with pytest.raises(ValueError, match=">= 1"):
        MLPEncoder((4, 0, 3))
    enc = MLPEncoder((4, 5, 3))
    enc.params["b1"][:] = 0.1  # no input maps to the zero vector
    x1, x2 = _views(3, 4, 0)
    with pytest.raises(ValueError, match="shape"):
        enc.forward(np.zeros((3, 5)))
    with pytest.raises(ValueError, match="labels"):
        enc.loss_and_grads(x1, x2, 0.1, "supcon")
    with pytest.raises(ValueError, match="loss must be"):
        enc.loss_and_grads(x1, x2, 0.1, "triplet")
    with pytest.raises(ValueError, match="temperature"):
        enc.loss_and_grads(x1, x2, 0.0)


def test_non_finite_weights_raise_training_diverged():
    enc = MLPEncoder((4, 5, 3))
    enc.params["W1"][0, 0] = np.nan
    x1, x2 = _views(3, 4, 0)
    with pytest.raises(TrainingDiverged, match="lower learning rate"):
        enc.loss_and_grads(np.abs(x1) + 1, np.abs(x2) + 1, 0.1)
    dead = MLPEncoder((4, 5, 3))
    dead.params["b0"][:] = -1e3  # every ReLU off
    dead.params["b1"][:] = 0.0  # and the last bias 0: a zero output row
    with pytest.raises(TrainingDiverged, match="zero vector"):
        dead.forward(x1)
