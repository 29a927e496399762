"""The neighbours panel and real vectors sent to the playground."""

import csv
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from contrastive_viz.app.controllers import playground_bridge
from contrastive_viz.app.controllers.explorer import ExplorerController
from contrastive_viz.app.controllers.explorer_exports import export_neighbors_csv
from contrastive_viz.app.controllers.playground import PlaygroundController
from contrastive_viz.app.models.explorer import ExplorerModel
from contrastive_viz.app.views.neighbors_panel import NeighborsPanel
from contrastive_viz.core.embeddings import EmbeddingSet
from contrastive_viz.core.losses import info_nce, supcon_anchor
from contrastive_viz.core.presets import article_example
from contrastive_viz.core.scene import evaluate


def make_set(n=240, d=64, classes=6, seed=3, labelled=True):
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((classes, d)) * 1.5
    codes = rng.integers(0, classes, n)
    x = (centres[codes] + rng.standard_normal((n, d)) + 0.3).astype(np.float32)
    labels = [f"class {c}" for c in codes] if labelled else None
    meta = {"label": labels, "source": [f"img_{i:04d}.png" for i in range(n)]}
    if not labelled:
        meta.pop("label")
    return EmbeddingSet(
        vectors=x,
        labels=labels,
        metadata=meta,
        label_column="label" if labelled else None,
        path=Path("toy.npy"),
        norms=np.linalg.norm(x, axis=1).astype(np.float32),
    )


def unit(x):
    x = np.asarray(x, dtype=np.float64)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def brute_force_neighbors(x, i, k):
    sims = unit(x) @ unit(x)[i]
    sims[i] = -np.inf
    order = np.lexsort((np.arange(len(sims)), -sims))[:k]
    return order, sims[order]


@pytest.fixture
def explorer(qtbot):
    model = ExplorerModel()
    return model


@pytest.fixture
def panel(qtbot, explorer):
    w = NeighborsPanel(explorer)
    w.controller = ExplorerController(explorer, neighbors_panel=w)
    w.controller.set_dataset(make_set())
    qtbot.addWidget(w)
    w.resize(520, 640)
    w.show()
    return w


def test_selecting_a_point_lists_its_cosine_neighbours(panel, explorer):
    explorer.selection.select(17)
    x, k = explorer.data.dataset.vectors, explorer.settings.k
    order, sims = brute_force_neighbors(x, 17, k)
    np.testing.assert_array_equal(panel.model.indices, order)
    # The search divides by EmbeddingSet.norms, which are float32: about 1e-7 relative.
    np.testing.assert_allclose(panel.model.cosines, sims, rtol=0, atol=1e-6)
    m = panel.model
    assert m.rowCount() == k
    assert m.data(m.index(0, 1)) == "1" and m.data(m.index(0, 2)) == str(order[0])
    assert m.data(m.index(2, 3)) == explorer.data.dataset.labels[order[2]]
    assert m.data(m.index(0, 4)) == f"{sims[0]:.4f}"
    assert panel.heading.text() == f"#17 · {explorer.data.dataset.labels[17]}"
    assert "img_0017.png" in panel.details.text()
    assert "original 64-D space" in panel.space_label.text()
    explorer.selection.select(None)
    assert m.rowCount() == 0 and not panel.send_button.isEnabled()


def test_double_click_selects_and_click_highlights(qtbot, panel, explorer):
    explorer.selection.select(5)
    target = int(panel.model.indices[3])
    rect = panel.table.visualRect(panel.model.index(3, 2))
    with qtbot.waitSignal(panel.highlighted) as hit:
        QTest.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert hit.args == [target] and explorer.selection.selected == 5
    QTest.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert explorer.selection.selected == target


def test_send_with_hardest_negatives_is_info_nce_on_the_original_vectors(qtbot, panel, explorer):
    a, k = 42, 5
    explorer.selection.select(a)
    panel.anchor_button.click()
    explorer.selection.select(7)  # browsing elsewhere keeps the pinned anchor
    panel.negative_mode.setCurrentIndex(0)
    panel.k_spin.setValue(k)
    with qtbot.waitSignal(panel.controller.scene_requested) as sent:
        panel.send_button.click()
    scene = sent.args[0]
    ds = explorer.data.dataset
    x, labels = ds.vectors, np.array(ds.labels)
    sims = unit(x) @ unit(x)[a]
    sims[a] = -np.inf
    same = np.where(labels == labels[a], sims, -np.inf)
    p = int(np.argmax(same))
    other = np.where(labels != labels[a], sims, -np.inf)
    negs = list(np.argsort(-other, kind="stable")[:k])
    assert scene.names[0].startswith(f"#{a} ") and scene.names[1].startswith(f"#{p} ")
    assert [n.split()[0] for n in scene.names[2:]] == [f"#{i}" for i in negs]
    expected = info_nce(x[a], x[p], x[negs], scene.temperature).loss
    assert evaluate(scene).result.loss == pytest.approx(expected, rel=1e-12)
    # The key acceptance test: the playground's loss equals InfoNCE on the original vectors.
    playground = PlaygroundController(article_example())
    playground.load(scene)
    ev = playground.evaluation
    assert ev.original and ev.dimension == 64
    assert ev.result.loss == pytest.approx(expected, rel=1e-12)
    assert "Sent #42" in panel.status.text()


def test_marked_rows_and_random_negatives(qtbot, panel, explorer):
    explorer.selection.select(11)
    bridge = panel.controller.bridge
    rows = [int(i) for i in panel.model.indices[:2]]
    bridge.mark_rows(rows, "positive")
    assert panel.positive_mode.currentIndex() == 1
    m = panel.model
    assert m.data(m.index(0, 0)).endswith("positive")
    panel.negative_mode.setCurrentIndex(1)
    panel.k_spin.setValue(4)
    with qtbot.waitSignal(panel.controller.scene_requested) as sent:
        panel.send_button.click()
    scene = sent.args[0]
    assert scene.loss == "supcon" and scene.roles.count("positive") == 2
    labels = explorer.data.dataset.labels
    neg = [int(scene.names[j].split()[0][1:]) for j in scene.index("negative")]
    assert len(neg) == 4 and all(labels[i] != labels[11] for i in neg)
    x = explorer.data.dataset.vectors
    expected = supcon_anchor(x[11], x[rows], x[neg], scene.temperature).loss
    assert evaluate(scene).result.loss == pytest.approx(expected, rel=1e-12)
    bridge.mark_rows(rows, None)
    assert explorer.selection.marks == {} and m.data(m.index(0, 0)) == ""
    # The context menu's actions (also on the keys P, N, Delete) mark the selected rows.
    mark_positive, mark_negative, clear = panel.table.actions()
    panel.table.selectRow(3)
    mark_negative.trigger()
    assert (
        explorer.selection.marks == {int(m.indices[3]): "negative"}
        and panel.negative_mode.currentIndex() == 2
    )
    assert m.data(m.index(3, 0)).endswith("negative")
    clear.trigger()
    assert explorer.selection.marks == {}


def test_big_files_choose_in_a_background_job(qtbot, monkeypatch, panel, explorer):
    monkeypatch.setattr(playground_bridge, "ASYNC_ABOVE", 100)
    explorer.selection.select(20)
    panel.k_spin.setValue(3)
    with qtbot.waitSignal(panel.controller.scene_requested, timeout=5000) as sent:
        panel.send_button.click()
        assert not panel.send_button.isEnabled() and "Searching 240 points" in panel.status.text()
    assert sent.args[0].roles.count("negative") == 3
    assert panel.send_button.isEnabled() and "Sent #20" in panel.status.text()


def test_nothing_to_send_says_why(qtbot, panel, explorer):
    explorer.selection.select(3)
    panel.positive_mode.setCurrentIndex(1)  # marked rows, but none is marked
    with qtbot.assertNotEmitted(panel.controller.scene_requested):
        panel.send_button.click()
    assert "No positive" in panel.status.text()


def test_export_csv(tmp_path, panel, explorer):
    with pytest.raises(ValueError, match="Select a point"):
        export_neighbors_csv(explorer, tmp_path / "none.csv")
    explorer.selection.select(9)
    panel.controller.bridge.mark_rows([int(panel.model.indices[1])], "negative")
    path = tmp_path / "nb.csv"
    export_neighbors_csv(explorer, path)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert [r["kind"] for r in rows] == ["selected"] + ["neighbour"] * explorer.settings.k
    assert [int(r["index"]) for r in rows] == [9, *map(int, panel.model.indices)]
    np.testing.assert_array_equal([float(r["cosine"]) for r in rows[1:]], panel.model.cosines)
    assert rows[0]["mark"] == "anchor" and rows[2]["mark"] == "negative"
    assert rows[3]["source"] == f"img_{int(panel.model.indices[2]):04d}.png"
    assert rows[0]["label"] == explorer.data.dataset.labels[9]
