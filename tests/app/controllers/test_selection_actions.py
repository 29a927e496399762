"""Actions on a multi-point selection: CSV/.npy export, project alone, send as negatives."""

import csv
from dataclasses import replace

import numpy as np
import pytest

from contrastive_viz.app.controllers.selection_controller import SelectionController
from contrastive_viz.app.controllers.selection_exports import selection_subset
from contrastive_viz.core.bridge import nearest_same_label

from .. import explorer_fixtures as fx
from ..explorer_fixtures import emitted, make_set

ctl, model = fx.ctl, fx.model  # pytest fixtures


@pytest.fixture
def sel(qtbot, model, ctl):
    return SelectionController(model, loader=ctl.loader, bridge=ctl.bridge)


def test_csv_has_ids_and_metadata_escaped(qtbot, model, ctl, sel, tmp_path):
    ds = make_set(n=50)
    meta = dict(ds.metadata)
    meta["note"] = ["=HYPERLINK(1)" if i == 4 else f"n{i}" for i in range(50)]
    ctl.set_dataset(replace(ds, metadata=meta))
    model.rows.apply([4, 9, 30])
    path = tmp_path / "sel.csv"
    assert sel.export_csv(path) == 3
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["row", "label", "score", "note"]
    assert [r[0] for r in rows[1:]] == ["4", "9", "30"]
    assert rows[2][1] == ds.labels[9] and rows[2][2] == ds.metadata["score"][9]
    assert rows[1][3].startswith("'=")  # no spreadsheet formula
    assert not list(tmp_path.glob(".*tmp"))  # written atomically


def test_npy_holds_the_selected_vectors(qtbot, model, ctl, sel, tmp_path):
    ds = make_set(n=60)
    ctl.set_dataset(ds)
    model.rows.apply([59, 0, 7])
    assert sel.export_npy(tmp_path / "v.npy") == 3
    got = np.load(tmp_path / "v.npy")
    assert got.dtype == ds.vectors.dtype
    np.testing.assert_array_equal(got, ds.vectors[[0, 7, 59]])
    model.rows.clear()
    with pytest.raises(ValueError):
        sel.export_npy(tmp_path / "w.npy")


def test_project_alone_installs_the_selection_with_its_old_rows(qtbot, model, ctl, sel):
    ds = make_set(n=120)
    ctl.set_dataset(ds)
    rows = np.arange(10, 120, 4)
    model.rows.apply(rows)
    with emitted(qtbot, model.data.projection_changed, timeout=10_000):
        assert sel.project_alone() is not None
    sub = model.data.dataset
    assert sub.n == rows.size and "selection of 28" in sub.path.name
    assert sub.metadata["row"] == [str(i) for i in rows]
    np.testing.assert_array_equal(sub.vectors, ds.vectors[rows])
    assert model.rows.count == 0  # a new dataset starts unselected
    assert selection_subset(ds, rows).labels == [ds.labels[i] for i in rows]


def test_send_as_negatives_uses_the_clicked_anchor_and_the_k_hardest(qtbot, model, ctl, sel):
    ds = make_set(n=200)
    ctl.set_dataset(ds)
    scenes, status = [], []
    ctl.bridge.scene_requested.connect(scenes.append)
    sel.status_changed.connect(status.append)
    model.rows.apply(np.arange(100, 200))
    assert sel.send_negatives("hardest", 5) is None and "Click a point" in status[-1]
    model.selection.select(3)
    neg = sel.send_negatives("hardest", 5)
    unit = ds.vectors / np.linalg.norm(ds.vectors, axis=1, keepdims=True)
    cand = np.arange(100, 200)
    positive = nearest_same_label(ds.vectors, ds.labels, 3, ds.norms)
    cand = cand[(cand != 3) & (cand != positive)]
    sims = unit[cand] @ unit[3]
    want = cand[np.argsort(-sims, kind="stable")][:5]
    assert neg == want.tolist()  # the k hardest of the selection, the positive left out
    assert "5 hardest negative(s) of the 100 selected" in status[-1]
    assert len(scenes) == 1 and scenes[0].roles.count("negative") == 5
    rnd = sel.send_negatives("random", 7)
    assert len(rnd) == 7 and set(rnd) <= set(range(100, 200))
