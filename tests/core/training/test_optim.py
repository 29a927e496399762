"""SGD with momentum and Adam, against hand-computed updates."""

import numpy as np
import pytest

from contrastive_viz.core.training import SGD, Adam, make_optimizer


def test_sgd_momentum_by_hand():
    p = {"w": np.array([1.0, -2.0])}
    opt = SGD(lr=0.1, momentum=0.5)
    g1, g2 = np.array([1.0, 2.0]), np.array([-1.0, 0.5])
    opt.step(p, {"w": g1})
    np.testing.assert_allclose(p["w"], [1.0 - 0.1, -2.0 - 0.2])
    opt.step(p, {"w": g2})  # v = 0.5 * g1 + g2
    np.testing.assert_allclose(p["w"], [0.9 - 0.1 * (-0.5), -2.2 - 0.1 * 1.5])


def test_adam_first_step_is_lr_times_sign_and_bias_corrected():
    p = {"w": np.array([0.0, 0.0, 0.0])}
    opt = Adam(lr=0.01)
    opt.step(p, {"w": np.array([3.0, -1e-3, 0.0])})
    # m_hat = g, v_hat = g^2: the step is lr * g / (|g| + eps)
    np.testing.assert_allclose(
        p["w"], [-0.01 * 3 / (3 + 1e-8), 0.01 * 1e-3 / (1e-3 + 1e-8), 0.0], rtol=1e-12
    )


@pytest.mark.parametrize("name,lr", [("sgd", 0.05), ("adam", 0.05)])
def test_both_minimize_a_quadratic(name, lr):
    a = np.diag([1.0, 4.0])
    p = {"w": np.array([3.0, -2.0])}
    opt = make_optimizer(name, lr)
    for _ in range(500):
        opt.step(p, {"w": a @ p["w"]})
    assert np.linalg.norm(p["w"]) < 1e-2


def test_lr_can_change_between_steps_and_bad_values_are_refused():
    p = {"w": np.array([1.0])}
    opt = SGD(lr=0.1, momentum=0.0)
    opt.lr = 0.5
    opt.step(p, {"w": np.array([1.0])})
    assert p["w"][0] == 0.5
    for bad in (0, -1, np.nan, np.inf, "x"):
        with pytest.raises(ValueError, match="learning rate"):
            SGD(lr=bad)
    with pytest.raises(ValueError, match="momentum"):
        SGD(momentum=1.0)
    with pytest.raises(ValueError, match="optimizer"):
        make_optimizer("rmsprop", 0.1)
