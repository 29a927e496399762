"""Building playground views as the main window does: on the model, wired to a controller."""

from __future__ import annotations

from contrastive_viz.app.controllers.playground import PlaygroundController
from contrastive_viz.app.controllers.playground_views import PlaygroundWiring
from contrastive_viz.app.views.loss_chooser import LossChooser
from contrastive_viz.app.views.loss_curve import LossCurve
from contrastive_viz.app.views.sphere_view import SphereView
from contrastive_viz.app.views.temperature_control import TemperatureControl
from contrastive_viz.app.views.vector_table import VectorTable


def build(cls, playground: PlaygroundController):
    """A ``cls`` view of ``playground``'s model, its intents wired to ``playground``."""
    wire = PlaygroundWiring(playground)
    if cls is LossCurve:
        return wire.connect_curve(LossCurve())
    connect = {
        SphereView: wire.connect_sphere,
        VectorTable: wire.connect_table,
        TemperatureControl: wire.connect_temperature,
        LossChooser: wire.connect_chooser,
    }.get(cls)
    view = cls(playground.model)
    return connect(view) if connect is not None else view
