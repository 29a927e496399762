"""The explorer's neighbours and dataset panels, and real vectors sent to the playground."""

import csv
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from contrastive_viz.app.explorer_state import ExplorerState
from contrastive_viz.app.state import PlaygroundState
from contrastive_viz.app.views import neighbors_panel
from contrastive_viz.app.views.dataset_panel import DatasetPanel
from contrastive_viz.app.views.neighbors_panel import NeighborsPanel
from contrastive_viz.core.dataset_metrics import DEFAULT_TEMPERATURES, dataset_summary
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


@pytest.fixture
def explorer(qtbot):
    state = ExplorerState()
    state.set_dataset(make_set())
    return state


@pytest.fixture
def panel(qtbot, explorer):
    w = NeighborsPanel(explorer)
    qtbot.addWidget(w)
    w.resize(520, 640)
    w.show()
    return w


def brute_force_neighbors(x, i, k):
    sims = unit(x) @ unit(x)[i]
    sims[i] = -np.inf
    order = np.lexsort((np.arange(len(sims)), -sims))[:k]
    return order, sims[order]


def test_selecting_a_point_lists_its_cosine_neighbours(panel, explorer):
    explorer.select(17)
    x = explorer.dataset.vectors
    order, sims = brute_force_neighbors(x, 17, explorer.k_neighbors)
    np.testing.assert_array_equal(panel.model.indices, order)
    # The state divides by EmbeddingSet.norms, which are float32: about 1e-7 relative.
    np.testing.assert_allclose(panel.model.cosines, sims, rtol=0, atol=1e-6)
    m = panel.model
    assert m.rowCount() == explorer.k_neighbors
    assert m.data(m.index(0, 1)) == "1" and m.data(m.index(0, 2)) == str(order[0])
    assert m.data(m.index(2, 3)) == explorer.dataset.labels[order[2]]
    assert m.data(m.index(0, 4)) == f"{sims[0]:.4f}"
    assert panel.heading.text() == f"#17 · {explorer.dataset.labels[17]}"
    assert "img_0017.png" in panel.details.text()
    assert "original 64-D space" in panel.space_label.text()
    explorer.select(None)
    assert m.rowCount() == 0 and not panel.send_button.isEnabled()


def test_double_click_selects_and_click_highlights(qtbot, panel, explorer):
    explorer.select(5)
    target = int(panel.model.indices[3])
    rect = panel.table.visualRect(panel.model.index(3, 2))
    with qtbot.waitSignal(panel.highlighted) as hit:
        QTest.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert hit.args == [target] and explorer.selected == 5
    QTest.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert explorer.selected == target


def test_send_with_hardest_negatives_is_info_nce_on_the_original_vectors(qtbot, panel, explorer):
    a, k = 42, 5
    explorer.select(a)
    panel.anchor_button.click()
    explorer.select(7)  # browsing elsewhere keeps the pinned anchor
    panel.negative_mode.setCurrentIndex(0)
    panel.k_spin.setValue(k)
    with qtbot.waitSignal(explorer.scene_requested) as sent:
        panel.send_button.click()
    scene = sent.args[0]
    ds = explorer.dataset
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
    playground = PlaygroundState(article_example())
    playground.load(scene)
    ev = playground.evaluation
    assert ev.original and ev.dimension == 64
    assert ev.result.loss == pytest.approx(expected, rel=1e-12)
    assert "Sent #42" in panel.status.text()


def test_marked_rows_and_random_negatives(qtbot, panel, explorer):
    explorer.select(11)
    rows = [int(i) for i in panel.model.indices[:2]]
    panel.mark_rows(rows, "positive")
    assert panel.positive_mode.currentIndex() == 1
    m = panel.model
    assert m.data(m.index(0, 0)).endswith("positive")
    panel.negative_mode.setCurrentIndex(1)
    panel.k_spin.setValue(4)
    with qtbot.waitSignal(explorer.scene_requested) as sent:
        panel.send_button.click()
    scene = sent.args[0]
    assert scene.loss == "supcon" and scene.roles.count("positive") == 2
    labels = explorer.dataset.labels
    neg = [int(scene.names[j].split()[0][1:]) for j in scene.index("negative")]
    assert len(neg) == 4 and all(labels[i] != labels[11] for i in neg)
    x = explorer.dataset.vectors
    expected = supcon_anchor(x[11], x[rows], x[neg], scene.temperature).loss
    assert evaluate(scene).result.loss == pytest.approx(expected, rel=1e-12)
    panel.mark_rows(rows, None)
    assert panel.marks == {} and m.data(m.index(0, 0)) == ""
    # The context menu's actions (also on the keys P, N, Delete) mark the selected rows.
    mark_positive, mark_negative, clear = panel.table.actions()
    panel.table.selectRow(3)
    mark_negative.trigger()
    assert (
        panel.marks == {int(m.indices[3]): "negative"} and panel.negative_mode.currentIndex() == 2
    )
    assert m.data(m.index(3, 0)).endswith("negative")
    clear.trigger()
    assert panel.marks == {}


def test_big_files_choose_in_a_background_job(qtbot, monkeypatch, panel, explorer):
    monkeypatch.setattr(neighbors_panel, "ASYNC_ABOVE", 100)
    explorer.select(20)
    panel.k_spin.setValue(3)
    with qtbot.waitSignal(explorer.scene_requested, timeout=5000) as sent:
        panel.send_button.click()
        assert not panel.send_button.isEnabled() and "Searching 240 points" in panel.status.text()
    assert sent.args[0].roles.count("negative") == 3
    assert panel.send_button.isEnabled() and "Sent #20" in panel.status.text()


def test_nothing_to_send_says_why(qtbot, panel, explorer):
    explorer.select(3)
    panel.positive_mode.setCurrentIndex(1)  # marked rows, but none is marked
    with qtbot.assertNotEmitted(explorer.scene_requested):
        panel.send_button.click()
    assert "No positive" in panel.status.text()


def test_export_csv(tmp_path, panel, explorer):
    with pytest.raises(ValueError, match="Select a point"):
        panel.export_csv(tmp_path / "none.csv")
    explorer.select(9)
    panel.mark_rows([int(panel.model.indices[1])], "negative")
    path = tmp_path / "nb.csv"
    panel.export_csv(path)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert [r["kind"] for r in rows] == ["selected"] + ["neighbour"] * explorer.k_neighbors
    assert [int(r["index"]) for r in rows] == [9, *map(int, panel.model.indices)]
    np.testing.assert_array_equal([float(r["cosine"]) for r in rows[1:]], panel.model.cosines)
    assert rows[0]["mark"] == "anchor" and rows[2]["mark"] == "negative"
    assert rows[3]["source"] == f"img_{int(panel.model.indices[2]):04d}.png"
    assert rows[0]["label"] == explorer.dataset.labels[9]


# ---------------------------------------------------------------- dataset panel


@pytest.fixture
def dataset_panel(qtbot, explorer):
    playground = PlaygroundState(article_example())
    w = DatasetPanel(explorer, playground)
    qtbot.addWidget(w)
    w.resize(520, 560)
    w.show()
    qtbot.waitUntil(lambda: w.summary is not None, timeout=5000)
    return w, playground


def test_dataset_panel_numbers_equal_dataset_summary(qtbot, dataset_panel, explorer):
    w, playground = dataset_panel
    ds = explorer.dataset
    tau = playground.scene.temperature
    ref = dataset_summary(ds.vectors, ds.labels, tau)
    s = w.summary
    assert s.temperature == tau and s.sample_size_used == ref.sample_size_used == 240
    assert s.supcon == pytest.approx(ref.supcon, rel=1e-10)
    assert (s.alignment, s.uniformity, s.n_classes) == (ref.alignment, ref.uniformity, 6)
    tiles = w.metrics
    assert tiles["supcon"].value.text() == f"{ref.supcon:.4f}"
    assert tiles["alignment"].value.text() == f"{ref.alignment:.4f}"
    assert tiles["uniformity"].value.text() == f"{ref.uniformity:.4f}".replace("-", "−")
    assert tiles["classes"].value.text() == "6"
    assert "on all 240 labelled points" in w.subtitle.text()
    xs, ys = w.curve.getOriginalDataset()
    np.testing.assert_allclose(xs, DEFAULT_TEMPERATURES)
    ref_curve = [dataset_summary(ds.vectors, ds.labels, t).supcon for t in xs[::10]]
    np.testing.assert_allclose(ys[::10], ref_curve, rtol=1e-10)
    mx, my = w.marker.getOriginalDataset()
    assert mx[0] == tau and my[0] == pytest.approx(ref.supcon, rel=1e-10)


def test_dataset_panel_follows_the_temperature_after_a_pause(qtbot, dataset_panel, explorer):
    w, playground = dataset_panel
    before = w.summary.supcon
    playground.set_temperature(0.5)
    assert w.summary.temperature != 0.5  # debounced: nothing recomputed yet
    with qtbot.waitSignal(w.updated, timeout=2000):
        pass
    ds = explorer.dataset
    assert w.summary.temperature == 0.5
    assert w.summary.supcon == pytest.approx(dataset_summary(ds.vectors, ds.labels, 0.5).supcon)
    assert w.summary.supcon != before
    assert "τ = 0.5" in w.subtitle.text()


def test_dataset_panel_without_labels_and_on_a_new_dataset(qtbot, dataset_panel, explorer):
    w, _ = dataset_panel
    explorer.set_dataset(make_set(n=80, labelled=False))
    assert w.summary is None and w.computing
    qtbot.waitUntil(lambda: w.summary is not None, timeout=5000)
    assert w.metrics["supcon"].value.text() == "—"
    assert "needs labels" in w.metrics["supcon"].detail.text()
    assert w.metrics["uniformity"].value.text() != "—"
    assert w.summary.n_points == 80 and w.curve.getOriginalDataset()[0] is None
