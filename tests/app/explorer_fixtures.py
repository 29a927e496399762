"""Shared explorer test data and fixtures (import the fixtures into a test module)."""

from __future__ import annotations

import contextlib
from pathlib import Path

import numpy as np
import pytest

from contrastive_viz.app.controllers.explorer import ExplorerController
from contrastive_viz.app.controllers.explorer_wiring import bind_explorer_widget
from contrastive_viz.app.controllers.jobs import job_pool
from contrastive_viz.app.models.explorer import ExplorerModel
from contrastive_viz.core.embeddings import EmbeddingSet


def make_set(n=300, d=16, classes=5, seed=0, name="toy.npy"):
    """Clustered vectors with labels from a mixed-case vocabulary and a score column."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((classes, d)) * 3
    codes = rng.integers(0, classes, n)
    x = (centres[codes] + rng.standard_normal((n, d))).astype(np.float32)
    labels = [["Cat", "dog", "catfish", "bird", "Dogma"][c % 5] for c in codes]
    meta = {"label": labels, "score": [f"{v:.3f}" for v in rng.random(n)]}
    norms = np.linalg.norm(x, axis=1).astype(np.float32)
    return EmbeddingSet(x, labels, meta, "label", Path(name), norms)


def brute_force_neighbors(x, i, k):
    u = np.asarray(x, np.float64)
    u = u / np.linalg.norm(u, axis=1, keepdims=True)
    sims = u @ u[i]
    sims[i] = -np.inf
    order = np.lexsort((np.arange(len(sims)), -sims))[:k]
    return order, sims[order]


@contextlib.contextmanager
def emitted(qtbot, signal, timeout=5000, count=1):
    """Like ``qtbot.waitSignal`` for a psygnal signal: yields the list of emitted args."""
    seen: list = []

    def record(*args):
        seen.append(args)

    signal.connect(record)
    try:
        yield seen
        qtbot.waitUntil(lambda: len(seen) >= count, timeout=timeout)
    finally:
        signal.disconnect(record)


@pytest.fixture
def model(qtbot):
    return ExplorerModel()


@pytest.fixture
def ctl(qtbot, model):
    c = ExplorerController(model)
    yield c
    c.cancel()
    job_pool().waitForDone(10_000)


@pytest.fixture
def widget(qtbot, model, ctl):
    from contrastive_viz.app.views.explorer_widget import ExplorerWidget

    w = ExplorerWidget(model)
    bind_explorer_widget(w, model, ctl.loader)
    qtbot.addWidget(w)
    w.resize(1000, 700)
    w.show()
    qtbot.waitExposed(w)
    return w
