"""The cluster controller: a background job, its names as colour-by, Cancel, legend clicks."""

from __future__ import annotations

import threading

import numpy as np
from sklearn.metrics import adjusted_rand_score

from contrastive_viz.app.controllers.jobs import job_pool
from contrastive_viz.app.models.derived_columns import CLUSTER

from ..explorer_fixtures import ctl, make_set, model  # noqa: F401


def test_kmeans_colours_by_named_clusters_on_the_gui_thread(qtbot, model, ctl):  # noqa: F811
    ds = make_set(n=300, classes=5)
    ctl.set_dataset(ds)
    threads = []
    model.derived.column_changed.connect(
        lambda n: threads.append(threading.get_ident()) if n == CLUSTER else None
    )
    model.clusters.set_k(5)
    model.clusters.set_method("kmeans")
    qtbot.waitUntil(lambda: model.derived.get(CLUSTER) is not None, timeout=30_000)
    assert threads == [threading.main_thread().ident]
    names = model.derived.get(CLUSTER)
    assert len(names) == ds.n and model.settings.color_by == CLUSTER
    assert adjusted_rand_score(ds.labels, names) >= 0.95
    assert all(" mostly " in n and n.endswith("%") for n in names)
    mapping = model.style.colors
    assert mapping.kind == "categorical" and len(mapping.categories) == 5
    model.clusters.set_method("off")
    assert model.derived.get(CLUSTER) is None
    assert model.settings.color_by == ds.label_column


def test_cancel_keeps_the_previous_clusters(qtbot, model, ctl):  # noqa: F811
    ctl.set_dataset(make_set(n=200))
    model.clusters.set_method("kmeans")
    qtbot.waitUntil(lambda: model.derived.get(CLUSTER) is not None, timeout=30_000)
    before = model.derived.get(CLUSTER)
    busy = []
    ctl.clusters.busy_changed.connect(lambda b: busy.append(b))
    model.clusters.set_k(3)
    assert ctl.busy
    ctl.clusters.cancel()
    assert busy == [True, False] and not ctl.busy
    job_pool().waitForDone(30_000)  # the cancelled job reports (and deletes itself) here,
    qtbot.wait(100)  # not after the controllers are gone
    assert model.derived.get(CLUSTER) is before


def test_toolbar_and_legend_drive_the_clusters(qtbot, model, ctl):  # noqa: F811
    from contrastive_viz.app.controllers.explorer_wiring import bind_explorer_widget
    from contrastive_viz.app.views.explorer_widget import ExplorerWidget

    widget = ExplorerWidget(model)
    bind_explorer_widget(widget, model, ctl.loader, clusters=ctl.clusters)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    ctl.set_dataset(make_set(n=200))
    co = widget.toolbar.cluster_options
    assert not co.k_spin.isVisible()
    co.method_combo.activated.emit(co.method_combo.findData("kmeans"))
    assert model.clusters.method == "kmeans" and co.k_spin.isVisible()
    qtbot.waitUntil(lambda: model.derived.get(CLUSTER) is not None, timeout=30_000)
    legend = widget.legend
    qtbot.waitUntil(lambda: legend.count() > 2)
    item = legend.item(1)
    name = item.data(256)  # Qt.UserRole
    legend.itemClicked.emit(item)
    names = np.asarray(model.derived.get(CLUSTER))
    assert model.style.visible_mask().tolist() == (names == name).tolist()
    legend.itemClicked.emit(legend.item(1))
    assert model.style.visible_mask().all()
