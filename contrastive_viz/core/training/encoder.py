"""A small MLP encoder with L2-normalized outputs and analytic backpropagation.

The loss values are computed with the very operations of :func:`core.losses.nt_xent`
and :func:`core.losses.supcon` (the same helpers, in the same order), so
``loss_and_grads`` returns those functions' values to the last bit. The gradients
are derived by hand (see :func:`_logit_grads`) and checked against central finite
differences in ``tests/core/training/test_gradients.py``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..losses.numerics import _check_batch
from ..losses.temperature import check_temperature

__all__ = ["LOSSES", "MLPEncoder", "TrainingDiverged", "batch_logits"]

LOSSES = ("nt_xent", "supcon")


class TrainingDiverged(ValueError):
    """The embeddings or the loss stopped being finite (usually: the learning rate is too high)."""


def _check_sizes(layer_sizes: Sequence[int]) -> tuple[int, ...]:
    sizes = tuple(int(s) for s in layer_sizes)
    if len(sizes) < 2:
        raise ValueError(f"layer_sizes needs an input and an output size, got {sizes}")
    if any(s < 1 for s in sizes):
        raise ValueError(f"every layer size must be >= 1, got {sizes}")
    if sizes[-1] < 2:
        raise ValueError(f"the output dimension must be >= 2 (a sphere), got {sizes[-1]}")
    return sizes


def batch_logits(u: np.ndarray, temperature: float) -> np.ndarray:
    """``u u^T / tau`` with the diagonal masked to ``-inf``, as the batch losses form it."""
    logits = u @ u.T
    np.divide(logits, temperature, out=logits)  # the same rounding as ``(u @ u.T) / tau``
    np.fill_diagonal(logits, -np.inf)
    return logits


def _lse_and_softmax(logits: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(m, r, P)``: :func:`_log_sum_exp_parts` of the rows (the same operations, so the
    same bits) and the row softmax ``P``, from one ``exp``. ``logits`` is overwritten."""
    rows = np.arange(logits.shape[0])
    idx = np.argmax(logits, axis=1)
    m = logits[rows, idx]
    np.subtract(logits, m[:, None], out=logits)
    e = np.exp(logits, out=logits)
    e[rows, idx] = 0.0
    total = e.sum(axis=1)
    r = np.log1p(total)
    e[rows, idx] = 1.0
    e *= (1.0 / (1.0 + total))[:, None]
    return m, r, e


def _nt_xent(u: np.ndarray, tau: float) -> tuple[float, np.ndarray]:
    """NT-Xent of the stacked views ``u`` (2N, d): ``(loss, dloss/dlogits)``.

    Mirrors :func:`core.losses.nt_xent` operation by operation for the value. With ``P``
    the row softmax of the masked logits and ``pair(i)`` the other view of ``i``,
    ``dL/dlogit_ij = (P_ij - [j = pair(i)]) / 2N``.
    """
    n2 = u.shape[0]
    n = n2 // 2
    logits = batch_logits(u, tau)
    rows = np.arange(n2)
    pair = np.concatenate([np.arange(n, n2), np.arange(n)])
    target = logits[rows, pair]
    m, r, g = _lse_and_softmax(logits)
    per_anchor = (m - target) + r
    loss = float(np.mean(per_anchor))
    g[rows, pair] -= 1.0
    g *= 1.0 / n2
    return loss, g


def _supcon(u: np.ndarray, labels: np.ndarray, tau: float) -> tuple[float, np.ndarray]:
    """SupCon (L_out) of ``u`` with ``labels``: ``(loss, dloss/dlogits)``.

    Mirrors :func:`core.losses.supcon` for the value. With ``H`` the anchors that have
    positives, ``dL/dlogit_ij = [i in H] (P_ij - [j in P(i)] / |P(i)|) / |H|``.
    """
    _, codes = np.unique(labels, return_inverse=True)
    same = codes[:, None] == codes[None, :]
    np.fill_diagonal(same, False)
    n_pos = same.sum(axis=1)
    has = n_pos > 0
    if not has.any():
        raise ValueError("supcon needs at least two samples with the same label")
    logits = batch_logits(u, tau)
    pos_sum = np.where(same, logits, 0.0).sum(axis=1)
    m, r, g = _lse_and_softmax(logits)
    lse = m + r
    per_anchor = lse[has] - pos_sum[has] / n_pos[has]
    loss = float(np.mean(per_anchor))
    g -= same / np.maximum(n_pos, 1)[:, None]
    g[~has] = 0.0
    g /= has.sum()
    return loss, g


class MLPEncoder:
    """A multilayer perceptron whose output rows are L2-normalized.

    ``x -> relu(x @ W0 + b0) -> ... -> y = h @ W_last + b_last -> y / |y|``: ReLU
    between the layers, a linear last layer, then each output row divided by its norm.

    Parameters
    ----------
    layer_sizes : sequence of int
        For example ``(64, 128, 3)``: input size, hidden sizes, output dimension (>= 2).
    seed : int
        Seeds the He-normal initial weights; hidden biases start at 0 and the last
        bias at small random values (so that no input maps to the zero vector).

    Attributes
    ----------
    params : dict of str to ndarray
        ``W0, b0, W1, b1, ...``; ``W_i`` has shape ``(in, out)`` and ``b_i`` ``(out,)``,
        float64. An optimiser updates these arrays in place.
    """

    def __init__(self, layer_sizes: Sequence[int], seed: int = 0) -> None:
        self.layer_sizes = _check_sizes(layer_sizes)
        rng = np.random.default_rng(seed)
        self.params: dict[str, np.ndarray] = {}
        for i, (a, b) in enumerate(zip(self.layer_sizes[:-1], self.layer_sizes[1:], strict=True)):
            self.params[f"W{i}"] = rng.normal(0.0, np.sqrt(2.0 / a), size=(a, b))
            self.params[f"b{i}"] = np.zeros(b)
        # a small random last bias: an input whose ReLUs are all off still has a direction
        self.params[f"b{self.n_layers - 1}"] = rng.normal(0.0, 0.01, size=self.layer_sizes[-1])

    @property
    def n_layers(self) -> int:
        return len(self.layer_sizes) - 1

    def copy(self) -> MLPEncoder:
        """An independent encoder with copies of these parameters."""
        twin = MLPEncoder.__new__(MLPEncoder)
        twin.layer_sizes = self.layer_sizes
        twin.params = {k: v.copy() for k, v in self.params.items()}
        return twin

    def _forward(self, x: np.ndarray) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
        x = np.asarray(x, dtype=np.float64)
        if x.ndim != 2 or x.shape[1] != self.layer_sizes[0]:
            raise ValueError(f"x must have shape (n, {self.layer_sizes[0]}), got {x.shape}")
        acts = [x]  # the input of each layer
        h = x
        with np.errstate(over="ignore", invalid="ignore"):  # refused below, by name
            for i in range(self.n_layers):
                z = h @ self.params[f"W{i}"] + self.params[f"b{i}"]
                if i < self.n_layers - 1:
                    z = np.maximum(z, 0.0)
                    acts.append(z)
                h = z
            norms = np.linalg.norm(h, axis=1, keepdims=True)
        if not np.isfinite(h).all():
            raise TrainingDiverged(
                "the encoder's outputs are no longer finite; try a lower learning rate"
            )
        if not (norms > 0).all():
            row = int(np.argmin(norms[:, 0] > 0))
            raise TrainingDiverged(
                f"the encoder maps input row {row} to the zero vector (no direction on the "
                "sphere: every ReLU is off and the last bias is 0)"
            )
        return acts, h, norms

    def forward(self, x) -> np.ndarray:
        """The L2-normalized embeddings of ``x`` (n, in): float64, shape (n, out)."""
        _, y, norms = self._forward(x)
        return y / norms

    def pre_activations(self, x) -> list[np.ndarray]:
        """``h_i @ W_i + b_i`` of every hidden layer (before ReLU), for tests and diagnostics."""
        acts, _, _ = self._forward(x)
        return [a @ self.params[f"W{i}"] + self.params[f"b{i}"] for i, a in enumerate(acts[:-1])]

    def loss_and_grads(
        self, x1, x2, temperature: float, loss: str = "nt_xent", labels=None
    ) -> tuple[float, dict[str, np.ndarray]]:
        """The batch loss of two views and its gradient with respect to every parameter.

        Parameters
        ----------
        x1, x2 : array_like, shape (N, in)
            Two augmented views; row i of ``x1`` and row i of ``x2`` form a positive pair.
        temperature : float
        loss : {"nt_xent", "supcon"}
            ``"nt_xent"`` equals ``core.losses.nt_xent(f(x1), f(x2), tau)``; ``"supcon"``
            equals ``core.losses.supcon(vstack([f(x1), f(x2)]), concat([labels, labels]), tau)``.
        labels : array_like, shape (N,), optional
            Needed by ``"supcon"``.

        Returns
        -------
        (float, dict)
            The loss and ``grads`` with the keys of :attr:`params`.

        Raises
        ------
        TrainingDiverged
            If the embeddings or the loss are not finite.
        """
        value, grads, _ = self.loss_grads_embeddings(x1, x2, temperature, loss, labels)
        return value, grads

    def loss_grads_embeddings(
        self, x1, x2, temperature: float, loss: str = "nt_xent", labels=None
    ) -> tuple[float, dict[str, np.ndarray], np.ndarray]:
        """As :meth:`loss_and_grads`, plus the (2N, out) unit embeddings of ``x1`` then ``x2``."""
        tau = check_temperature(temperature)
        x = np.vstack([np.asarray(x1, dtype=np.float64), np.asarray(x2, dtype=np.float64)])
        n2 = x.shape[0]
        if np.shape(x1) != np.shape(x2) or n2 < 4:
            raise ValueError("x1 and x2 need the same shape, with at least 2 rows each")
        acts, y, norms = self._forward(x)
        u = _check_batch(y / norms, "embeddings")  # renormalized exactly as the losses do
        if loss == "nt_xent":
            value, g = _nt_xent(u, tau)
        elif loss == "supcon":
            if labels is None:
                raise ValueError("supcon needs labels")
            lab = np.asarray(labels)
            if lab.shape != (n2 // 2,):
                raise ValueError(f"labels must have shape ({n2 // 2},), got {lab.shape}")
            value, g = _supcon(u, np.concatenate([lab, lab]), tau)
        else:
            raise ValueError(f"loss must be one of {LOSSES}, got {loss!r}")
        if not np.isfinite(value):
            raise TrainingDiverged("the loss is not finite; try a lower learning rate")
        du = ((g + g.T) @ u) / tau  # logits_ij = u_i . u_j / tau
        v = y / norms
        dy = (du - v * np.sum(v * du, axis=1, keepdims=True)) / norms  # through y / |y|
        grads: dict[str, np.ndarray] = {}
        dz = dy
        for i in range(self.n_layers - 1, -1, -1):
            h = acts[i]
            grads[f"W{i}"] = h.T @ dz
            grads[f"b{i}"] = dz.sum(axis=0)
            if i > 0:
                dz = (dz @ self.params[f"W{i}"].T) * (h > 0)
        return value, {k: grads[k] for k in self.params}, u
