"""A series of embedding sets of the same items over "time" (Qt-free evented model).

The series is a model of its own (not more attributes on the explorer's): the steps
(loaded embedding sets in timeline order), how their rows were matched, the aligned
coordinates, and what the series tab shows of them (the fractional position on the
timeline, playing, speed, basis, reference, 2-D or 3-D, colour-by, the selected point,
the comparison step B, k). Each field announces its change with its own signal;
psygnal calls listeners in the emitting thread and only the GUI thread writes here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from psygnal import Signal

from ...core.series_view_math import clamp_position

__all__ = ["COLOR_BY", "SPEEDS", "SeriesModel", "SeriesStep"]

#: Colourings offered: the label column, the two per-point change measures, or none.
COLOR_BY = ("label", "movement", "overlap", "none")
#: Playback speeds offered (steps per second).
SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)


@dataclass(frozen=True, eq=False)
class SeriesStep:
    """One loaded step: its display name, file, vectors (maybe memory-mapped) and labels."""

    name: str
    path: Path
    vectors: np.ndarray
    number: int | None = None
    labels: list[str] | None = None
    metadata: dict = field(default_factory=dict)
    #: ``core.series.watch.FileIdentity`` when the step was opened (detects replacement).
    identity: object = None

    @property
    def n(self) -> int:
        return int(self.vectors.shape[0])

    @property
    def d(self) -> int:
        return int(self.vectors.shape[1])


class SeriesModel:
    """The series and its view state (see the module). Signals carry the new value."""

    steps_changed = Signal(object)  # list of names
    coords_changed = Signal(object)  # (steps, n, c) aligned, or None
    position_changed = Signal(float)
    playing_changed = Signal(bool)
    speed_changed = Signal(float)
    basis_changed = Signal(object)  # "per-step" or a step index
    reference_changed = Signal(int)
    dims_changed = Signal(int)
    color_by_changed = Signal(str)
    selected_changed = Signal(object)
    hover_changed = Signal(object)
    k_changed = Signal(int)
    compare_changed = Signal(int)  # the step shown in view B
    change_changed = Signal(object)  # dict or None (see set_change)
    metrics_changed = Signal(object)  # list of StepMetrics or None per step
    step_neighbors_changed = Signal(object)  # (row, [indices per step]) or None

    def __init__(self) -> None:
        self.steps: list[SeriesStep] = []
        self.orders: list[np.ndarray | None] = []
        self.matching = "position"
        self.sorted_by_name = False
        self.folder: Path | None = None
        self.coords: np.ndarray | None = None
        self.basis_shown = ""
        self.fallback_steps: tuple[int, ...] = ()
        self.position = 0.0
        self.playing = False
        self.speed = 1.0
        self.basis: str | int = "per-step"
        self.reference = -1
        self.dims = 2
        self.color_by = "label"
        self.selected: int | None = None
        self.hover: int | None = None
        self.k = 10
        self.compare = 0
        self.change: dict | None = None
        self.metrics: list = []
        #: τ the SupCon values of :attr:`metrics` were computed at.
        self.metrics_temperature: float | None = None
        self.step_neighbors: tuple[int, list[np.ndarray]] | None = None

    # ------------------------------------------------------------ the steps
    @property
    def names(self) -> list[str]:
        return [s.name for s in self.steps]

    @property
    def n_points(self) -> int:
        return self.steps[0].n if self.steps else 0

    @property
    def labels(self) -> list[str] | None:
        """The reference order's labels (the first step that has any, reordered)."""
        for step, order in zip(self.steps, self.orders, strict=False):
            if step.labels is not None:
                return step.labels if order is None else [step.labels[i] for i in order]
        return None

    @property
    def step_index(self) -> int:
        """The step nearest to the position (the one "current" for metrics and tables)."""
        return int(round(self.position)) if self.steps else 0

    @property
    def reference_index(self) -> int:
        return self.reference % len(self.steps) if self.steps else 0

    def vectors(self, i: int) -> np.ndarray:
        """Step ``i``'s vectors in the reference row order (a copy only when reordered)."""
        order = self.orders[i] if i < len(self.orders) else None
        v = self.steps[i].vectors
        return v if order is None else np.asarray(v)[order]

    def set_steps(self, steps, orders, matching: str = "position", sorted_by_name=False) -> None:
        """Replace the series (coordinates, change and metrics are dropped until recomputed)."""
        self.steps, self.orders = list(steps), list(orders)
        self.matching, self.sorted_by_name = matching, bool(sorted_by_name)
        self.metrics = [None] * len(self.steps)
        self.change = None
        self.step_neighbors = None
        self.selected = self.hover = None
        if isinstance(self.basis, int) and self.basis >= len(self.steps):
            self.basis = "per-step"
        self.compare = 0
        self.coords = None  # consistent before anyone hears of the new steps
        old_position, self.position = self.position, clamp_position(self.position, len(self.steps))
        self.steps_changed.emit(self.names)
        self.coords_changed.emit(None)
        self.selected_changed.emit(None)
        self.metrics_changed.emit(self.metrics)
        self.change_changed.emit(None)
        self.compare_changed.emit(0)
        if self.position != old_position:
            self.position_changed.emit(self.position)

    def append_step(self, step: SeriesStep, order: np.ndarray | None) -> None:
        """Add a step at the end (followed live); coordinates are kept until realigned."""
        self.steps.append(step)
        self.orders.append(order)
        self.metrics.append(None)
        self.steps_changed.emit(self.names)
        self.metrics_changed.emit(self.metrics)

    def replace_step(self, i: int, step: SeriesStep) -> None:
        """Swap step ``i``'s data (its file was replaced on disk)."""
        self.steps[i] = step
        self.metrics[i] = None
        self.steps_changed.emit(self.names)
        self.metrics_changed.emit(self.metrics)

    def clear(self) -> None:
        self.set_playing(False)
        self.set_steps([], [])

    # ---------------------------------------------------------- coordinates
    def set_coords(self, coords, basis_shown: str = "", fallback: tuple = ()) -> None:
        """The aligned coordinates (steps, n, c) and a sentence saying which basis is shown."""
        if coords is not None and coords.shape[0] != len(self.steps):
            return  # a stale result (the series changed while aligning)
        self.coords = coords
        self.basis_shown, self.fallback_steps = basis_shown, tuple(fallback)
        self.coords_changed.emit(coords)

    # ---------------------------------------------------------- view state
    def set_position(self, position: float) -> None:
        p = clamp_position(float(position), len(self.steps))
        if p != self.position:
            self.position = p
            self.position_changed.emit(p)

    def step_by(self, delta: int) -> None:
        """Move to the neighbouring step (from a fractional position: the next whole one)."""
        p = np.floor(self.position) + 1 if delta > 0 else np.ceil(self.position) - 1
        self.set_position(p + (delta - 1 if delta > 0 else delta + 1))

    def _set(self, name: str, value, signal) -> None:
        if getattr(self, name) != value:
            setattr(self, name, value)
            signal.emit(value)

    def set_playing(self, playing: bool) -> None:
        self._set("playing", bool(playing) and len(self.steps) > 1, self.playing_changed)

    def set_speed(self, speed: float) -> None:
        if not np.isfinite(speed) or speed <= 0:
            raise ValueError(f"speed must be a positive number of steps a second, got {speed}")
        self._set("speed", float(speed), self.speed_changed)

    def set_basis(self, basis: str | int) -> None:
        if basis != "per-step" and not (isinstance(basis, int) and 0 <= basis < len(self.steps)):
            raise ValueError(f"basis must be 'per-step' or a step index, got {basis!r}")
        self._set("basis", basis, self.basis_changed)

    def set_reference(self, reference: int) -> None:
        self._set("reference", int(reference), self.reference_changed)

    def set_dims(self, dims: int) -> None:
        if dims not in (2, 3):
            raise ValueError(f"dims must be 2 or 3, got {dims}")
        self._set("dims", int(dims), self.dims_changed)

    def set_color_by(self, color_by: str) -> None:
        if color_by not in COLOR_BY:
            raise ValueError(f"colour-by must be one of {COLOR_BY}, got {color_by!r}")
        self._set("color_by", color_by, self.color_by_changed)

    def select(self, row: int | None) -> None:
        if row is not None and not 0 <= int(row) < self.n_points:
            return
        row = None if row is None else int(row)
        if row != self.selected:
            self.selected = row
            self.step_neighbors = None
            self.selected_changed.emit(row)

    def set_hover(self, row: int | None) -> None:
        self._set("hover", None if row is None else int(row), self.hover_changed)

    def set_k(self, k: int) -> None:
        if int(k) < 1:
            raise ValueError(f"k must be at least 1, got {k}")
        self._set("k", int(k), self.k_changed)

    def set_compare(self, step: int) -> None:
        if 0 <= int(step) < len(self.steps):
            self._set("compare", int(step), self.compare_changed)

    # ----------------------------------------------------------- results
    def set_change(self, a: int, b: int, movement, overlap=None) -> None:
        """Per-point change between steps ``a`` and ``b``: ``{"a", "b", "movement", "overlap"}``."""
        self.change = {"a": a, "b": b, "movement": movement, "overlap": overlap}
        self.change_changed.emit(self.change)

    def set_metrics(self, i: int, metrics) -> None:
        if 0 <= i < len(self.metrics):
            self.metrics[i] = metrics
            self.metrics_changed.emit(self.metrics)

    def set_step_neighbors(self, row: int, per_step: list[np.ndarray]) -> None:
        if row == self.selected:
            self.step_neighbors = (row, per_step)
            self.step_neighbors_changed.emit(self.step_neighbors)
