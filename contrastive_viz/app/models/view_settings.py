"""How the explorer shows the points (Qt-free evented model, one signal per field)."""

from __future__ import annotations

from psygnal import Signal

__all__ = ["ViewSettings"]


class ViewSettings:
    """Dims, normalize, colour-by, point size, opacity, label filter and k.

    Each ``set_*`` clamps or validates its value and emits its field's signal only
    when the value changed.

    Signals
    -------
    dims_changed(int), normalize_changed(bool), color_by_changed(object),
    point_size_changed(float), opacity_changed(float), filter_text_changed(str),
    k_changed(int)
    """

    dims_changed = Signal(int)
    normalize_changed = Signal(bool)
    color_by_changed = Signal(object)
    point_size_changed = Signal(float)
    opacity_changed = Signal(float)
    filter_text_changed = Signal(str)
    k_changed = Signal(int)

    def __init__(self) -> None:
        self.dims = 2
        self.normalize = False
        self.color_by: str | None = None
        self.point_size = 6.0
        self.opacity = 0.85
        self.filter_text = ""
        self.k = 10
        #: Columns ``color_by`` may name (set by :meth:`reset_style`).
        self.columns: list[str] = []

    def _set(self, name: str, value) -> None:
        if getattr(self, name) != value:
            setattr(self, name, value)
            getattr(self, f"{name}_changed").emit(value)

    def set_dims(self, dims: int) -> None:
        """Show the 2-D (first two components) or the 3-D view."""
        if dims not in (2, 3):
            raise ValueError(f"dims must be 2 or 3, got {dims}")
        self._set("dims", dims)

    def set_normalize(self, normalize: bool) -> None:
        """L2-normalize before projecting (the requested setting)."""
        self._set("normalize", bool(normalize))

    def set_color_by(self, column: str | None) -> None:
        """Colour points by a metadata column (None: one colour)."""
        if column is not None and column not in self.columns:
            raise ValueError(f"no metadata column {column!r}")
        self._set("color_by", column)

    def set_point_size(self, size: float) -> None:
        """Point diameter in pixels (1–40)."""
        self._set("point_size", float(min(max(size, 1.0), 40.0)))

    def set_opacity(self, opacity: float) -> None:
        """Point opacity (0.05–1)."""
        self._set("opacity", float(min(max(opacity, 0.05), 1.0)))

    def set_filter_text(self, text: str) -> None:
        """Show only points whose label contains ``text`` (others are dimmed)."""
        self._set("filter_text", str(text))

    def toggle_class(self, name: str) -> None:
        """Show only class ``name`` (filter ``=name``), or everything if it already is."""
        wanted = f"={name}"
        self.set_filter_text("" if self.filter_text == wanted else wanted)

    def set_k(self, k: int) -> None:
        """Number of neighbours computed for the selection (at least 1)."""
        self._set("k", max(1, int(k)))

    def reset_style(self, columns: list[str], color_by: str | None) -> None:
        """A new dataset: its ``columns``, colour by ``color_by``, no filter."""
        self.columns = list(columns)
        self.set_color_by(color_by)
        self.set_filter_text("")
