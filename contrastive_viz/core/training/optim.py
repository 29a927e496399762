"""Optimisers that update an encoder's parameter arrays in place: SGD with momentum, Adam."""

from __future__ import annotations

import numpy as np

__all__ = ["OPTIMIZERS", "SGD", "Adam", "make_optimizer"]

OPTIMIZERS = ("sgd", "adam")


def check_learning_rate(lr: float) -> float:
    """``lr`` as a float when it is finite and > 0, else ValueError."""
    try:
        value = float(lr)
    except (TypeError, ValueError):
        raise ValueError(f"learning rate must be a number, got {lr!r}") from None
    if not (np.isfinite(value) and value > 0):
        raise ValueError(f"learning rate must be finite and > 0, got {lr!r}")
    return value


class SGD:
    """Stochastic gradient descent with (heavy-ball) momentum.

    ``v <- momentum * v + g``; ``p <- p - lr * v`` (the PyTorch convention).
    ``lr`` may be changed between steps.
    """

    def __init__(self, lr: float = 0.05, momentum: float = 0.9) -> None:
        self.lr = check_learning_rate(lr)
        if not 0.0 <= float(momentum) < 1.0:
            raise ValueError(f"momentum must lie in [0, 1), got {momentum!r}")
        self.momentum = float(momentum)
        self.velocity: dict[str, np.ndarray] = {}

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        """Update every array of ``params`` in place from ``grads`` (same keys)."""
        for key, g in grads.items():
            v = self.velocity.get(key)
            if v is None:
                v = self.velocity[key] = np.zeros_like(g)
            v *= self.momentum
            v += g
            params[key] -= self.lr * v


class Adam:
    """Adam (Kingma & Ba 2015) with bias correction; ``lr`` may be changed between steps."""

    def __init__(
        self, lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8
    ) -> None:
        self.lr = check_learning_rate(lr)
        self.beta1, self.beta2, self.eps = float(beta1), float(beta2), float(eps)
        self.t = 0
        self.m: dict[str, np.ndarray] = {}
        self.v: dict[str, np.ndarray] = {}

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        """Update every array of ``params`` in place from ``grads`` (same keys)."""
        self.t += 1
        c1 = 1.0 - self.beta1**self.t
        c2 = 1.0 - self.beta2**self.t
        for key, g in grads.items():
            m = self.m.setdefault(key, np.zeros_like(g))
            v = self.v.setdefault(key, np.zeros_like(g))
            m *= self.beta1
            m += (1.0 - self.beta1) * g
            v *= self.beta2
            v += (1.0 - self.beta2) * (g * g)
            params[key] -= self.lr * (m / c1) / (np.sqrt(v / c2) + self.eps)


def make_optimizer(name: str, lr: float) -> SGD | Adam:
    """``"sgd"`` (momentum 0.9) or ``"adam"`` with learning rate ``lr``."""
    if name == "sgd":
        return SGD(lr)
    if name == "adam":
        return Adam(lr)
    raise ValueError(f"optimizer must be one of {OPTIMIZERS}, got {name!r}")
