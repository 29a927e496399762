"""Wire the explorer's views to its models and controllers (intents in, setters out)."""

from __future__ import annotations

from ..models.derived_columns import RECALL
from ..models.explorer import ExplorerModel
from .dataset_loader import DatasetLoader
from .playground_bridge import PlaygroundBridge

__all__ = ["bind_explorer_widget", "bind_neighbors_panel", "bind_point_panel"]


def bind_explorer_widget(widget, model: ExplorerModel, loader: DatasetLoader,
                         maps=None, clusters=None) -> None:  # fmt: skip
    """Toolbar, legend and scatter intents → settings/selection; loader → status line.

    Parameters
    ----------
    widget : ExplorerWidget
    model : ExplorerModel
    loader : DatasetLoader
    maps : MapController, optional
        Its progress and worker status go to the status line; Cancel stops it too.
    clusters : ClusterController, optional
        Its progress goes to the status line; Cancel stops it too.
    """
    s, tb = model.settings, widget.toolbar
    tb.dims_requested.connect(s.set_dims)
    tb.color_by_requested.connect(s.set_color_by)
    tb.point_size_requested.connect(s.set_point_size)
    tb.opacity_requested.connect(s.set_opacity)
    tb.normalize_requested.connect(s.set_normalize)
    tb.filter_requested.connect(s.set_filter_text)
    tb.k_requested.connect(s.set_k)

    def on_legend_class_clicked(name: str) -> None:
        if model.data.dataset is not None and s.color_by == model.data.label_column:
            s.toggle_class(name)
        elif isinstance(model.derived.get(s.color_by), list):  # clusters
            model.derived.toggle_only(s.color_by, name)

    widget.legend.class_clicked.connect(on_legend_class_clicked)
    widget.scatter.point_clicked.connect(model.selection.select)
    widget.scatter3d.point_clicked.connect(model.selection.select)
    mo = tb.map_options
    mo.method_requested.connect(model.maps.set_method)
    mo.n_neighbors_requested.connect(model.maps.set_n_neighbors)
    mo.min_dist_requested.connect(model.maps.set_min_dist)
    mo.metric_requested.connect(model.maps.set_metric)
    mo.perplexity_requested.connect(model.maps.set_perplexity)
    mo.seed_requested.connect(model.maps.set_seed)
    widget.quality_panel.color_by_recall_requested.connect(lambda: s.set_color_by(RECALL))
    widget.cancel_requested.connect(loader.cancel)
    sources = [c for c in (loader, maps, clusters) if c is not None]

    def on_busy_changed(*_args) -> None:
        widget.set_busy(any(c.busy for c in sources))

    for source in sources:
        source.busy_changed.connect(on_busy_changed)
        source.progress.connect(widget.set_progress)
    if maps is not None:
        widget.cancel_requested.connect(maps.cancel)
        maps.status.connect(widget.set_worker_status)
    if clusters is not None:
        widget.cancel_requested.connect(clusters.cancel)
        co = tb.cluster_options
        co.method_requested.connect(model.clusters.set_method)
        co.k_requested.connect(model.clusters.set_k)
        co.min_cluster_size_requested.connect(model.clusters.set_min_cluster_size)
    on_busy_changed()


def bind_neighbors_panel(panel, model: ExplorerModel, bridge: PlaygroundBridge) -> None:
    """Neighbours panel intents → selection, send plan and bridge; bridge → status.

    Parameters
    ----------
    panel : NeighborsPanel
    model : ExplorerModel
    bridge : PlaygroundBridge
    """
    panel.select_requested.connect(model.selection.select)
    panel.anchor_requested.connect(bridge.pin_anchor)
    panel.mark_requested.connect(bridge.mark_rows)
    panel.positive_mode_requested.connect(model.plan.set_positive_mode)
    panel.negative_mode_requested.connect(model.plan.set_negative_mode)
    panel.k_requested.connect(model.plan.set_k)
    panel.send_requested.connect(bridge.send)
    bridge.status_changed.connect(panel.set_status)
    bridge.sending_changed.connect(panel.set_sending)


def bind_point_panel(panel, model: ExplorerModel):
    """A click on a neighbour's thumbnail in ``panel`` (a PointPanel) selects it; returns it."""
    panel.select_requested.connect(model.selection.select)
    return panel
