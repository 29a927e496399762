"""The explorer's file errors reach users as sentences; its CSV export cannot hurt."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from contrastive_viz.app.controllers.dataset_loader import DatasetLoader
from contrastive_viz.app.controllers.explorer_exports import export_neighbors_csv
from contrastive_viz.app.models.explorer import ExplorerModel
from contrastive_viz.core.embeddings import EmbeddingSet
from contrastive_viz.core.explorer_data import fit_projection


def _idle(busy: bool) -> bool:
    return not busy


@pytest.fixture
def loader(qtbot):
    return DatasetLoader(ExplorerModel())


def test_invalid_rows_carry_a_count_and_no_api_names(loader, qtbot, tmp_path):
    x = np.random.default_rng(0).normal(size=(30, 4)).astype(np.float32)
    x[[2, 7]] = 0
    path = tmp_path / "rows.npy"
    np.save(path, x)
    with qtbot.waitSignal(loader.invalid_rows, timeout=20_000) as sig:
        loader.open(path)
    text, where, metadata, count = sig.args
    assert where == path and metadata is None and count == 2
    assert text.startswith("rows.npy") and "all zeros" in text
    assert "drop_invalid" not in text and "Rows count from 1." in text


def test_a_projection_error_names_the_file(loader, qtbot, tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise ValueError("the float64 squares overflow")

    monkeypatch.setattr("contrastive_viz.app.controllers.dataset_loader.fit_projection", refuse)
    path = tmp_path / "huge.npy"
    np.save(path, np.random.default_rng(0).normal(size=(20, 4)).astype(np.float32))
    with qtbot.waitSignal(loader.error, timeout=20_000) as sig:
        loader.open(path)
    assert sig.args == ["Cannot open the file", "huge.npy: the float64 squares overflow"]
    assert loader._model.data.dataset is None


def test_two_rows_of_many_dimensions_are_shown(loader, qtbot, tmp_path):
    path = tmp_path / "two.npy"
    np.save(path, np.random.default_rng(0).normal(size=(2, 9)).astype(np.float32))
    with qtbot.waitSignal(loader.busy_changed, timeout=20_000, check_params_cb=_idle):
        loader.open(path)
    assert loader._model.data.dataset.n == 2
    assert loader._model.data.projection.coords.shape[0] == 2


def _dataset(labels: list[str]) -> EmbeddingSet:
    x = np.random.default_rng(1).normal(size=(len(labels), 5)).astype(np.float32)
    meta = {"label": labels, "note": ["@SUM(A1)", "-1", "plain", "+x"][: len(labels)]}
    norms = np.linalg.norm(x, axis=1).astype(np.float32)
    return EmbeddingSet(x, labels, meta, "label", Path("t.npy"), norms)


def test_neighbour_csv_escapes_formulas_and_lone_surrogates(tmp_path):
    labels = ['=HYPERLINK("http://evil","x")', "bad\ud800name", "-0.5", "fine"]
    model = ExplorerModel()
    ds = _dataset(labels)
    model.install(ds, fit_projection(ds.vectors, False))
    model.selection.select(0)
    model.selection.set_neighbors((np.array([1, 2, 3]), np.array([0.5, 0.25, -0.1])))
    path = tmp_path / "n.csv"
    export_neighbors_csv(model, path)
    with open(path, encoding="utf-8", newline="") as fp:
        rows = list(csv.reader(fp))
    assert rows[0] == ["kind", "rank", "index", "label", "cosine", "mark", "note"]
    by_index = {int(r[2]): r for r in rows[1:]}
    assert by_index[0][3] == "'" + labels[0] and by_index[0][6] == "'@SUM(A1)"
    assert by_index[1][3] == "bad\\ud800name" and by_index[1][6] == "-1"
    assert by_index[2][3] == "-0.5" and by_index[3][6] == "'+x"
    assert model.data.label_of(1) == "bad\ud800name"  # the data keeps it whole


def test_the_window_offers_to_drop_n_invalid_rows(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from contrastive_viz.app.controllers.playground import PlaygroundController
    from contrastive_viz.app.main_window import MainWindow
    from contrastive_viz.core.presets import article_example

    monkeypatch.setenv("CONTRASTIVE_VIZ_DATA_DIR", str(tmp_path / "data"))
    window = MainWindow(PlaygroundController(article_example()), ExplorerModel())
    qtbot.addWidget(window)
    shown = []

    def click_drop(box):
        shown.append((box.text(), [b.text() for b in box.buttons()]))
        box.buttons()[0].click()  # "Drop ... and open"
        return 0

    monkeypatch.setattr(QMessageBox, "exec", click_drop)
    x = np.random.default_rng(3).normal(size=(25, 4)).astype(np.float32)
    x[[1, 5, 9]] = np.inf
    path = tmp_path / "three.npy"
    np.save(path, x)
    loader = window.explorer_controller.loader
    with qtbot.waitSignal(loader.busy_changed, timeout=20_000, check_params_cb=_idle):
        window.explorer_controller.open(path)
    qtbot.waitUntil(lambda: window.explorer.data.dataset is not None, timeout=20_000)
    text, buttons = shown[0]
    assert "Drop 3 invalid rows and open" in buttons and "drop_invalid" not in text
    assert window.explorer.data.dataset.n == 22 and window.explorer.data.dataset.dropped == 3
