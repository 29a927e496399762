"""RowSelection: the multi-point selection model (no display needed)."""

from pathlib import Path

import numpy as np
import pytest

from contrastive_viz.app.models.explorer import ExplorerModel
from contrastive_viz.app.models.row_selection import RowSelection
from contrastive_viz.core.embeddings import EmbeddingSet
from contrastive_viz.core.explorer_data import fit_projection


def _recorded(signal):
    seen = []
    signal.connect(lambda *a: seen.append(a[0] if a else None))
    return seen


def test_apply_replace_add_subtract_and_invert():
    s = RowSelection()
    s.reset(10)
    seen = _recorded(s.rows_changed)
    s.apply([3, 1, 1, 12, -1], "replace")
    assert s.rows.tolist() == [1, 3] and s.count == 2
    s.apply([5, 3], "add")
    assert s.rows.tolist() == [1, 3, 5]
    s.apply([3, 9], "subtract")
    assert s.rows.tolist() == [1, 5]
    s.invert()
    assert s.rows.tolist() == [0, 2, 3, 4, 6, 7, 8, 9]
    assert s.mask().sum() == 8 and s.mask()[0] and not s.mask()[1]
    assert len(seen) == 4 and seen[-1].dtype == np.int64
    s.apply([0, 2, 3, 4, 6, 7, 8, 9])  # unchanged: no event
    assert len(seen) == 4
    with pytest.raises(ValueError):
        s.apply([1], "invert")


def test_clear_ends_isolation_and_isolation_needs_rows():
    s = RowSelection()
    s.reset(5)
    iso = _recorded(s.isolated_changed)
    s.set_isolated(True)
    assert not s.isolated and iso == []  # nothing to isolate
    s.apply([1, 2])
    s.set_isolated(True)
    assert s.isolated and iso == [True]
    s.clear()
    assert s.count == 0 and not s.isolated and iso == [True, False]


def test_tool_is_validated_and_announced():
    s = RowSelection()
    seen = _recorded(s.tool_changed)
    s.set_tool("lasso")
    s.set_tool("lasso")
    s.set_tool("rect")
    assert seen == ["lasso", "rect"] and s.tool == "rect"
    with pytest.raises(ValueError):
        s.set_tool("brush")


def test_isolate_restricts_the_visible_mask_and_a_new_dataset_resets():
    m = ExplorerModel()
    x = np.random.default_rng(0).standard_normal((50, 6)).astype(np.float32)
    labels = [str(i % 3) for i in range(50)]
    norms = np.linalg.norm(x, axis=1)
    ds = EmbeddingSet(x, labels, {"label": labels}, "label", Path("t.npy"), norms)
    m.install(ds, fit_projection(ds.vectors))
    masks = _recorded(m.style.mask_changed)
    m.rows.apply([1, 4, 9])
    m.rows.set_isolated(True)  # the model restricts the style itself
    assert np.flatnonzero(m.style.visible_mask()).tolist() == [1, 4, 9]
    assert len(masks) == 1
    m.install(ds, fit_projection(ds.vectors))
    assert m.rows.count == 0 and m.style.visible_mask().all()
