"""ClusterSettings, the derived columns' ``only`` and the mask it gives (no display)."""

from __future__ import annotations

import numpy as np
import pytest

from contrastive_viz.app.models.derived_columns import CLUSTER
from contrastive_viz.app.models.explorer import ExplorerModel
from contrastive_viz.core.projection import identity_projection

from ..explorer_fixtures import make_set


def test_cluster_settings_clamp_and_emit_once():
    m = ExplorerModel()
    seen = []
    m.clusters.k_changed.connect(seen.append)
    m.clusters.set_k(1)
    m.clusters.set_k(1)
    m.clusters.set_k(500)
    assert seen == [2, 50]
    m.clusters.set_min_cluster_size(1)
    assert m.clusters.min_cluster_size == 2
    with pytest.raises(ValueError):
        m.clusters.set_method("dbscan")


def test_only_one_cluster_is_shown_and_a_new_column_shows_all_again():
    m = ExplorerModel()
    ds = make_set(n=6, d=3)
    m.install(ds, identity_projection(np.asarray(ds.vectors, np.float64)))
    names = ["C1", "C2", "C1", "C2", "C1", "C1"]
    m.derived.set(CLUSTER, names)
    m.settings.set_color_by(CLUSTER)
    masks = []
    m.style.mask_changed.connect(masks.append)
    m.derived.toggle_only(CLUSTER, "C2")
    assert m.style.visible_mask().tolist() == [n == "C2" for n in names]
    m.derived.toggle_only(CLUSTER, "C2")
    assert m.style.visible_mask().all()
    m.derived.toggle_only(CLUSTER, "C1")
    m.derived.set(CLUSTER, ["C1"] * 6)  # new clusters: everything shown again
    assert m.derived.only is None and m.style.visible_mask().all()
    assert len(masks) == 4
