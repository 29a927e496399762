"""A label of 5 million characters: every view shows it elided; the data keeps it whole.

The assertions are on the displayed text's length, not on timing.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt

from contrastive_viz.app.controllers.playground import PlaygroundController
from contrastive_viz.app.main_window import MainWindow
from contrastive_viz.app.models.explorer import ExplorerModel
from contrastive_viz.core.display_text import DISPLAY_CHARS, TOOLTIP_CHARS
from contrastive_viz.core.embeddings import EmbeddingSet
from contrastive_viz.core.presets import article_example

HUGE = 5_000_000


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("CONTRASTIVE_VIZ_DATA_DIR", str(tmp_path / "data"))
    w = MainWindow(PlaygroundController(article_example()), ExplorerModel(), interactive=False)
    qtbot.addWidget(w)
    w.resize(1000, 700)
    w.show()
    w.tabs.setCurrentIndex(1)
    qtbot.waitExposed(w)
    x = np.random.default_rng(0).normal(size=(60, 8)).astype(np.float32)
    labels = [f"c{i % 3}" for i in range(60)]
    labels[0] = labels[1] = "L" * HUGE
    meta = {"label": labels, "note": ["n" * HUGE] + [""] * 59}
    norms = np.linalg.norm(x, axis=1).astype(np.float32)
    ds = EmbeddingSet(x, labels, meta, "label", Path("huge.npy"), norms)
    w.explorer_controller.set_dataset(ds)
    return w


def test_the_legend_shows_the_label_elided(window):
    legend = window.explorer_view.legend
    texts = [legend.item(r).text() for r in range(legend.count())]
    assert len(texts) == 1 + 4
    assert max(len(t) for t in texts) <= DISPLAY_CHARS + 12
    huge = next(legend.item(r) for r in range(legend.count()) if "…" in legend.item(r).text())
    assert len(huge.data(Qt.ItemDataRole.UserRole)) == HUGE  # the filter gets it whole


def test_selecting_the_point_shows_short_texts(window, qtbot):
    window.explorer.selection.select(0)
    qtbot.waitUntil(lambda: window.neighbors.model.rowCount() > 0, timeout=10_000)
    panel = window.neighbors
    assert len(panel.heading.text()) <= DISPLAY_CHARS + 10
    assert len(panel.details.text()) < 400
    model = panel.model
    cells = [
        model.data(model.index(r, c), role)
        for r in range(model.rowCount())
        for c in range(model.columnCount())
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
    ]
    assert max(len(str(c)) for c in cells if c is not None) < 400
    assert len(window.explorer.data.tooltip(0)) <= TOOLTIP_CHARS
    assert len(window.explorer.data.label_of(0)) == HUGE  # the data keeps it whole
