"""Wiring of the playground's views: their intents become the controller's edits.

The views listen to the model themselves (they take it in their constructor);
this module connects what they ask for to :class:`~.playground.PlaygroundController`
and reports refusals back to the view that asked.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject

from ..views.loss_chooser import LossChooser
from ..views.loss_curve import LossCurve
from ..views.sphere_view import SphereView
from ..views.temperature_control import TemperatureControl
from ..views.vector_table import VectorTable
from .curve import CurveController
from .playground import PlaygroundController


class PlaygroundWiring(QObject):
    """Connects playground views to one controller; each ``connect_*`` returns its view.

    Parameters
    ----------
    playground : PlaygroundController
    parent : QObject, optional
    """

    def __init__(self, playground: PlaygroundController, parent: QObject | None = None):
        super().__init__(parent if parent is not None else playground)
        self._pg = playground

    # ------------------------------------------------------------ connect
    def connect_sphere(self, view: SphereView) -> SphereView:
        """Drags become one continuous edit; a double-click adds a negative."""
        view.drag_started.connect(self._on_sphere_drag_started)
        view.dragged.connect(self._on_sphere_dragged)
        view.drag_finished.connect(self._on_sphere_drag_finished)
        view.add_requested.connect(self._on_sphere_add_requested)
        return view

    def connect_table(self, view: VectorTable) -> VectorTable:
        """Row clicks select; typed names, roles and coordinates are edits."""
        # Refusals go back to the view that asked; the connections die with its model,
        # so nothing here keeps a deleted view alive.
        view.row_selected.connect(self._on_table_row_selected)
        m = view.table_model
        m.rename_requested.connect(partial(self._on_table_rename_requested, view))
        m.role_requested.connect(partial(self._on_table_role_requested, view))
        m.direction_requested.connect(partial(self._on_table_direction_requested, view))
        return view

    def connect_temperature(self, view: TemperatureControl) -> TemperatureControl:
        """Typed values are edits; a slider drag is one continuous edit."""
        view.temperature_requested.connect(partial(self._on_temperature_requested, view))
        view.slide_started.connect(self._on_temperature_slide_started)
        view.slid.connect(self._on_temperature_slid)
        view.slide_finished.connect(self._on_temperature_slide_finished)
        return view

    def connect_chooser(self, view: LossChooser) -> LossChooser:
        view.loss_requested.connect(self._pg.set_loss)
        view.margin_requested.connect(self._on_chooser_margin_requested)
        return view

    def connect_curve(self, view: LossCurve) -> LossCurve:
        """A :class:`CurveController` feeds the view; a click sets tau."""
        CurveController(self._pg.model, view)  # a child of the view: it lives as long
        view.temperature_clicked.connect(self._on_curve_temperature_clicked)
        return view

    # ------------------------------------------------------------ sphere
    def _on_sphere_drag_started(self, index: int) -> None:
        self._pg.begin_drag(index)

    def _on_sphere_dragged(self, index: int, point) -> None:
        self._pg.drag_to(index, point)

    def _on_sphere_drag_finished(self) -> None:
        self._pg.end_drag()

    def _on_sphere_add_requested(self, point) -> None:
        self._pg.add_vector("negative", point)

    # ------------------------------------------------------------- table
    def _on_table_row_selected(self, row: int) -> None:
        self._pg.model.selected = row

    @staticmethod
    def _refuse(view, error: str | None) -> None:
        if error:
            view.refuse(error)

    def _on_table_rename_requested(self, view: VectorTable, row: int, name: str) -> None:
        self._refuse(view, self._pg.edit_vector(row, name=name))

    def _on_table_role_requested(self, view: VectorTable, row: int, role: str) -> None:
        self._refuse(view, self._pg.edit_vector(row, role=role))

    def _on_table_direction_requested(self, view: VectorTable, row: int, direction) -> None:
        if not self._pg.set_direction(row, direction):
            view.refuse("not a valid direction (need finite numbers, not all zero)")

    # ------------------------------------------------------- temperature
    def _on_temperature_requested(self, view: TemperatureControl, tau: float) -> None:
        if not self._pg.set_temperature(tau):
            view.refuse(f"τ = {tau:g} was not accepted")

    def _on_temperature_slide_started(self) -> None:
        self._pg.edit.begin("Temperature")

    def _on_temperature_slid(self, tau: float) -> None:
        self._pg.slide_temperature(tau)

    def _on_temperature_slide_finished(self) -> None:
        self._pg.edit.finish()

    # ------------------------------------------------------ chooser, curve
    def _on_chooser_margin_requested(self, which: str, value: float) -> None:
        self._pg.set_margin(which, value)

    def _on_curve_temperature_clicked(self, tau: float) -> None:
        self._pg.set_temperature(tau)
