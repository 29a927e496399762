"""Wire the series model to the Series tab's views, and the views' intents back.

Model → views: the position gives view A the coordinates interpolated between the two
neighbouring steps (``core.series_view_math.interpolate``, into one reused buffer);
view B shows the comparison step; colours follow colour-by (labels, movement or the
k-NN overlap, quantized to 64 viridis levels); the selected point gets its trail over
every step and its neighbours at the current step; the table, the metrics and the
alignment–uniformity plane follow. Views → model: clicks select, hover is shared,
the timeline and the options set the model's fields, ←/→ step and Space plays.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QToolTip

from ...core.colors import MISSING_COLOR, categorical_color, encode, gradient
from ...core.display_text import elide
from ...core.series_view_math import interpolate, trail, value_codes
from ..models.series import SeriesModel
from ..views import theme
from ..views.series_page import SeriesPage

__all__ = ["SeriesViews", "color_codes"]

LEVELS = 64


def _tr(text: str) -> str:
    return QCoreApplication.translate("SeriesViews", text)


def color_codes(model: SeriesModel, accent: str) -> tuple[list[str], np.ndarray]:
    """(palette of ``#rrggbb``, code per point) for the model's colour-by."""
    n = model.n_points
    change = model.change or {}
    if model.color_by == "label" and model.labels is not None:
        names, codes = encode(model.labels)
        return [categorical_color(i) for i in range(len(names))], codes
    values = change.get(model.color_by) if model.color_by in ("movement", "overlap") else None
    if values is None:
        return ([MISSING_COLOR] if model.color_by != "none" else [accent]), np.zeros(n, np.intp)
    codes, _lo, _hi = value_codes(values, LEVELS)
    rgba = gradient(np.linspace(0, 1, LEVELS))
    palette = ["#{:02x}{:02x}{:02x}".format(*c[:3]) for c in rgba] + [MISSING_COLOR]
    return palette, codes


class SeriesViews(QObject):
    """The binding of ``model`` and ``page`` (see the module)."""

    def __init__(self, model: SeriesModel, page: SeriesPage, parent: QObject | None = None):
        super().__init__(parent)
        self.model, self.page = model, page
        self.plots = page.plots2d
        self._buffer: np.ndarray | None = None
        self._bound: set[int] = set()
        self._marks_key: tuple = ("unset", "unset")
        self.color_note = ""
        self._bind_plots(self.plots)
        m, tl, opt = model, page.timeline, page.options
        m.steps_changed.connect(self._on_model_steps_changed)
        m.coords_changed.connect(self._on_model_coords_changed)
        m.position_changed.connect(self._on_model_position_changed)
        m.playing_changed.connect(tl.set_playing)
        m.speed_changed.connect(tl.set_speed)
        m.dims_changed.connect(self._on_model_dims_changed)
        for signal in (m.color_by_changed, m.change_changed):
            signal.connect(self._on_colors_changed)
        m.change_changed.connect(self._on_model_change_changed)
        for signal in (m.selected_changed, m.step_neighbors_changed):
            signal.connect(lambda *_: self._update_marks())
        m.hover_changed.connect(self._on_model_hover_changed)
        m.metrics_changed.connect(self._on_model_metrics_changed)
        for signal in (m.basis_changed, m.reference_changed, m.compare_changed, m.k_changed,
                       m.color_by_changed, m.dims_changed):  # fmt: skip
            signal.connect(lambda *_: self._sync_options())
        m.compare_changed.connect(lambda *_: self._show_b())
        tl.position_edited.connect(m.set_position)
        tl.play_toggled.connect(m.set_playing)
        tl.speed_chosen.connect(m.set_speed)
        opt.basis_chosen.connect(m.set_basis)
        opt.reference_chosen.connect(m.set_reference)
        opt.dims_chosen.connect(m.set_dims)
        opt.color_by_chosen.connect(m.set_color_by)
        opt.compare_chosen.connect(m.set_compare)
        opt.k_chosen.connect(m.set_k)
        page.table.row_chosen.connect(m.select)
        self._on_model_steps_changed()

    def _bind_plots(self, plots) -> None:
        for plot in plots:
            if id(plot) in self._bound:
                continue
            self._bound.add(id(plot))
            plot.point_clicked.connect(self.model.select)
            plot.point_hovered.connect(self.model.set_hover)

    # ------------------------------------------------------------ model
    def _on_model_steps_changed(self, *_args) -> None:
        m, page = self.model, self.page
        page.show_content(len(m.steps) > 0)
        page.timeline.set_steps(m.names)
        page.options.set_steps(m.names)
        page.metrics.set_steps(m.names)
        self._sync_options()
        self._on_model_metrics_changed()
        self._on_model_position_changed(m.position)

    def _sync_options(self) -> None:
        m = self.model
        self.page.options.set_state(m.basis, m.reference, m.dims, m.color_by, m.compare, m.k)
        self.page.options.set_info(self.info_text())

    def info_text(self) -> str:
        m = self.model
        if not m.steps:
            return ""
        parts = [
            _tr("{0} steps × {1} points").format(len(m.steps), m.n_points),
            _tr("rows matched by id column '{0}'").format(m.matching)
            if m.matching != "position"
            else _tr("rows matched by position"),
        ]
        if m.sorted_by_name:
            parts.append(_tr("no step numbers in the file names: sorted by name"))
        parts.append(m.basis_shown or _tr("aligning…"))
        if self.color_note:
            parts.append(self.color_note)
        return " · ".join(parts)

    def _on_model_dims_changed(self, dims: int) -> None:
        self.plots = self.page.show_dims(dims)
        self._bind_plots(self.plots)
        self._buffer = None

    def _on_model_coords_changed(self, coords) -> None:
        self._buffer = None
        self._sync_options()
        if coords is None:
            return
        if coords.shape[2] != (3 if self.model.dims == 3 else 2):
            return
        for plot in self.plots:
            plot.fit(coords)
        self._on_colors_changed()
        self._show_b()
        self._on_model_position_changed(self.model.position)

    def _on_model_position_changed(self, position: float) -> None:
        m, page = self.model, self.page
        page.timeline.set_position(position)
        page.metrics.set_position(position)
        page.au_plane.set_position(position)
        coords = m.coords
        if coords is None or coords.shape[0] != len(m.steps):
            return
        if self._buffer is None or self._buffer.shape != coords.shape[1:]:
            self._buffer = np.empty(coords.shape[1:], np.float32)
        a = self.plots[0]
        lo = int(np.floor(position))
        moving = position - lo >= 1e-9
        xy = interpolate(coords, position, self._buffer)
        a.set_points(xy, moving)
        if not moving:
            a.set_title("A · " + m.names[lo])
        else:
            share = round(100 * (position - lo))
            a.set_title(f"A · {m.names[lo]} → {m.names[lo + 1]} ({share}%)")
        self._update_marks()

    def _show_b(self) -> None:
        m = self.model
        if m.coords is None or not m.steps:
            return
        b = self.plots[1]
        b.set_points(m.coords[m.compare])
        b.set_title("B · " + m.names[m.compare])
        self._update_marks()

    def _on_colors_changed(self, *_args) -> None:
        if self.model.coords is None:
            return
        m = self.model
        palette, codes = color_codes(m, theme.palette().accent)
        for plot in self.plots:
            plot.set_colors(palette, codes)
        values = (m.change or {}).get(m.color_by)
        self.color_note = ""
        if values is not None:
            lo, hi = float(np.nanmin(values)), float(np.nanmax(values))
            self.color_note = _tr("colour: {0} from {1:.3g} (dark) to {2:.3g} (bright)").format(
                m.color_by, lo, hi
            )
        self._sync_options()

    def _update_marks(self) -> None:
        m = self.model
        row = m.selected
        if m.coords is None or row is None:
            if self._marks_key != (None, None):
                for plot in self.plots:
                    plot.set_marks(None)
                self._marks_key = (None, None)
            return
        path = trail(m.coords, row)
        nbrs = m.step_neighbors[1] if m.step_neighbors is not None else None

        def at(step: int):
            return None if nbrs is None or step >= len(nbrs) else nbrs[step]

        a, b = self.plots
        key = (id(a), row, m.position, id(m.step_neighbors), id(m.coords))
        if key != self._marks_key[0]:  # unchanged marks: no repaint (the view may be animating)
            a.set_marks(row, at(m.step_index), path, m.step_index)
        key_b = (id(b), row, m.compare, id(m.step_neighbors), id(m.coords))
        if key_b != self._marks_key[1]:
            b.set_marks(row, at(m.compare), path, m.compare)
        self._marks_key = (key, key_b)

    def hover_text(self, row: int) -> str:
        """What the tooltip says of point ``row``: its label and its change A↔B."""
        m = self.model
        parts = [_tr("point {0}").format(row)]
        labels = m.labels
        if labels is not None:
            parts.append(elide(labels[row]))
        change = m.change or {}
        if change.get("movement") is not None:
            parts.append(_tr("moved {0:.3g}").format(float(change["movement"][row])))
        if change.get("overlap") is not None:
            parts.append(_tr("k-NN overlap {0:.2f}").format(float(change["overlap"][row])))
        return " · ".join(parts)

    def _on_model_hover_changed(self, row) -> None:
        for plot in self.plots:
            plot.set_hover(row)
        if row is None or row >= self.model.n_points:
            QToolTip.hideText()
        else:
            QToolTip.showText(QCursor.pos(), self.hover_text(row))

    def _on_model_change_changed(self, change) -> None:
        m, table = self.model, self.page.table
        if change is None:
            table.clear(_tr("Change between view A and view B appears here."))
            return
        a, b = m.names[change["a"]], m.names[change["b"]]
        overlap = change["overlap"]
        caption = _tr("From {0} (B) to {1} (A): movement in the aligned layout").format(b, a)
        if overlap is not None:
            caption += _tr("; mean k-NN overlap {0:.2f} (k = {1})").format(
                float(np.mean(overlap)), m.k
            )
        elif change["a"] != change["b"]:
            caption += _tr("; k-NN overlap being computed…")
        table.set_change(caption, m.labels, change["movement"], overlap)

    def _on_model_metrics_changed(self, *_args) -> None:
        m, page = self.model, self.page
        done = sum(x is not None for x in m.metrics)
        sample = next((x.sample_size for x in m.metrics if x is not None), None)
        note = _tr("{0} of {1} steps computed").format(done, len(m.metrics))
        if sample is not None:
            note += _tr("; kNN accuracy on a random sample of {0} points").format(sample)
        if m.metrics_temperature is not None:
            note += _tr("; SupCon at τ = {0:g}").format(m.metrics_temperature)
        page.metrics.set_metrics(m.metrics, note)
        page.au_plane.set_metrics(m.names, m.metrics)
        page.au_plane.set_position(m.position)
