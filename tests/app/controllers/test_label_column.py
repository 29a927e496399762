"""The colour-by column labels the points: metrics, the positive choice, legend and names."""

from pathlib import Path

import numpy as np
import pytest

from contrastive_viz.app.controllers.dataset_metrics import MetricsController
from contrastive_viz.app.controllers.playground import PlaygroundController
from contrastive_viz.core.dataset_metrics import dataset_summary
from contrastive_viz.core.embeddings import EmbeddingSet
from contrastive_viz.core.presets import article_example

from .. import explorer_fixtures as fx

ctl, model = fx.ctl, fx.model  # pytest fixtures


def _projector_like(n=240, d=12, seed=1) -> EmbeddingSet:
    """A unique word per row (the file's label column), then two class columns."""
    rng = np.random.default_rng(seed)
    pos = rng.integers(0, 4, n)
    x = (rng.standard_normal((4, d))[pos] * 3 + rng.standard_normal((n, d))).astype(np.float32)
    meta = {
        "word": [f"w{i}" for i in range(n)],
        "pos": [["noun", "verb", "adj", "adv"][c] for c in pos],
        "parity": ["even" if i % 2 == 0 else "odd" for i in range(n)],
        "freq": [f"{v:.4f}" for v in rng.random(n)],
    }
    norms = np.linalg.norm(x, axis=1).astype(np.float32)
    return EmbeddingSet(x, meta["word"], meta, "word", Path("vectors.tsv"), norms)


def test_colour_by_drives_labels_metrics_positive_and_legend(qtbot, model, ctl):
    metrics = MetricsController(model.data, PlaygroundController(article_example()).model)
    ds = _projector_like()
    ctl.set_dataset(ds)
    qtbot.waitUntil(lambda: metrics.summary is not None, timeout=5000)
    assert metrics.summary.n_classes == ds.n  # every word its own class
    model.selection.select(5)
    qtbot.waitUntil(lambda: model.selection.neighbors is not None, timeout=5000)
    with pytest.raises(ValueError, match="[Nn]o positive"):
        ctl.bridge.choose()  # nothing shares a word
    seen = []
    model.data.label_column_changed.connect(seen.append)
    model.settings.set_color_by("pos")
    assert seen == ["pos"] and model.data.label_column == "pos"
    assert (
        model.data.labels == ds.metadata["pos"] and model.data.label_of(3) == ds.metadata["pos"][3]
    )
    assert set(model.style.colors.categories) == set(ds.metadata["pos"])  # the legend
    qtbot.waitUntil(lambda: metrics.summary is not None, timeout=5000)
    ref = dataset_summary(ds.vectors, ds.metadata["pos"], metrics.temperature)
    assert metrics.summary.n_classes == 4
    assert metrics.summary.supcon == pytest.approx(ref.supcon, rel=1e-10)
    anchor, positives, negatives = ctl.bridge.choose()
    pos = ds.metadata["pos"]
    assert anchor == 5 and positives and all(pos[p] == pos[5] for p in positives)
    assert all(pos[n] != pos[5] for n in negatives)
    model.settings.set_color_by("parity")  # another column: another positive rule
    _, positives, negatives = ctl.bridge.choose()
    assert all(i % 2 == 1 for i in positives) and all(i % 2 == 0 for i in negatives)
    for other in (None, "freq"):  # one colour, or numbers: the labels stay as they were
        model.settings.set_color_by(other)
        assert model.data.label_column == "parity"
    model.settings.set_filter_text("odd")  # the filter reads the same labels
    assert model.style.visible_mask().sum() == ds.n // 2
