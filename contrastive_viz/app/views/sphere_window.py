"""The sphere's native GL window: picking, dragging, hovering and the 2-D overlay.

See :mod:`.sphere_view` for the behaviour; :class:`SphereView` is the widget
the rest of the app uses. The GL items and their data are :mod:`.sphere_items`'.
The window holds no domain state: it draws the model and emits the user's
intents (``drag_started``, ``dragged``, ``drag_finished``, ``add_requested``).
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QVector3D

from ...core.screen import LABEL_LIMIT, choose_labels, mouse_ray, nearest_within, project
from ...core.sphere import drag_on_sphere, ray_sphere
from ..models.playground import PlaygroundModel
from . import theme
from .gl_window import GLViewWindow
from .overlay_painter import OverlayPainter, qmatrix_to_numpy
from .sphere_items import HOVER_SIZE, SphereItems
from .vector_text import card_lines

#: Grab distance around a tip, in logical pixels.
PICK_RADIUS = 12.0
#: Field of view (degrees) across the shorter side of the widget.
FOV = 40.0
HELP = (
    "Drag a tip to move its vector · drag elsewhere to orbit · wheel to zoom\n"
    "Double-click the sphere to add a negative there"
)


class SphereWindow(SphereItems, GLViewWindow):
    """The sphere's native GL window: items, picking, mouse handling and overlays.

    Coordinates are logical pixels of this window (which fills its
    :class:`SphereView`). Signals as in :class:`SphereView`.
    """

    vector_clicked = Signal(int)
    hovered = Signal(int)
    drag_started = Signal(int)
    dragged = Signal(int, object)
    drag_finished = Signal()
    add_requested = Signal(object)

    def __init__(self, model: PlaygroundModel):
        super().__init__()
        self._model = model
        self._palette = theme.palette()
        self._overlay = OverlayPainter()
        self._show_forces = False
        self._hover = self._drag = -1
        self._drag_back = False
        #: Where the hover card was last drawn (logical pixels), or None.
        self.card_rect: QRectF | None = None
        self._grab_offset = QPointF()
        self._colors: np.ndarray | None = None
        self._new_colors = False
        self._roles = np.asarray(model.scene.roles)
        self._background = np.zeros(4, dtype=np.float32)
        self.set_help(HELP)
        self._build_items()
        model.structure_changed.connect(self._on_model_structure_changed)
        model.scene_changed.connect(self._on_model_scene_changed)
        model.selected_changed.connect(self._on_model_selected_changed)
        scene = model.scene
        self.reset_camera(face=scene.directions[scene.anchor_index])
        self.apply_theme(self._palette)

    # ----------------------------------------------------------- public API
    @property
    def show_forces(self) -> bool:
        """Whether -grad arrows are drawn on every vector (the anchor's is always drawn)."""
        return self._show_forces

    @show_forces.setter
    def show_forces(self, value: bool) -> None:
        self._show_forces = bool(value)
        self._update_geometry()
        self.update()

    @property
    def ring_index(self) -> int:
        """Scene index of the selected vector, ringed in the overlay; -1 for none."""
        sel = self._model.selected
        return sel if sel is not None and 0 <= sel < len(self._model.scene) else -1

    @property
    def hovered_index(self) -> int:
        """Scene index of the tip under the cursor, -1 for none."""
        return self._hover

    def reset_camera(self, face=None) -> None:
        """Distance 4, elevation 20°; azimuth 45°, or 30° past ``face`` (a direction) to see it."""
        az = 45.0 if face is None else math.degrees(math.atan2(face[1], face[0])) + 30.0
        self.setCameraPosition(pos=QVector3D(0, 0, 0), distance=4.0, elevation=20.0, azimuth=az)
        self._fit_fov()

    def apply_theme(self, palette: theme.Palette) -> None:
        """Restyle background, sphere, grid, vectors and labels for ``palette``."""
        self._palette = palette
        self._style_items(palette)
        ov = self._overlay
        ov.foreground, ov.muted = QColor(palette.foreground), QColor(palette.muted)
        ov.halo, ov.surface = QColor(palette.background), QColor(palette.surface)
        ov.set_scale(palette.font_scale)
        self._colors = None
        self._refresh()

    def tip_screen_pos(self, i: int) -> QPointF:
        """Where vector ``i``'s tip is drawn, in logical widget pixels."""
        return self.screen_pos(self._model.scene.directions[i])

    def screen_pos(self, point) -> QPointF:
        """Where the 3-D ``point`` is drawn (e.g. the origin), in logical widget pixels."""
        xy, _ = project(point, self._mvp(), self.width(), self.height())
        return QPointF(float(xy[0, 0]), float(xy[0, 1]))

    def ray_at(self, pos: QPointF) -> tuple[np.ndarray, np.ndarray]:
        """The mouse ray through ``pos`` (logical pixels): origin on the near plane, unit
        direction (:func:`contrastive_viz.core.screen.mouse_ray`)."""
        return mouse_ray(self._mvp(), self.width(), self.height(), pos.x(), pos.y())

    def pick_at(self, pos: QPointF) -> int:
        """The tip within reach of ``pos`` that is nearest the camera, or -1.

        Nearest in depth wins, so a tip on the back of the sphere is never
        grabbed when a front tip is also within reach.
        """
        xy, depth = project(self._model.scene.directions, self._mvp(), self.width(), self.height())
        reach = max(PICK_RADIUS, 0.5 * self._tip_size() + 4.0)
        return nearest_within(xy, depth, pos.x(), pos.y(), reach)

    # ------------------------------------------------------- model → view
    def _on_model_structure_changed(self, *_args) -> None:
        self._roles = np.asarray(self._model.scene.roles)
        self._colors = None
        n = len(self._roles)
        if self._hover >= n:
            self._set_hover(-1)
        if self._drag >= n:
            self._drag = -1

    def _on_model_scene_changed(self, *_args) -> None:
        self._refresh()

    def _on_model_selected_changed(self, *_args) -> None:
        self.update()  # the ring moves

    def _refresh(self) -> None:
        """Re-upload tips, arrows and forces (colours only when they changed)."""
        if self._colors is None or len(self._colors) != len(self._roles):
            self._colors = self._vector_colors()
            self._new_colors = True
        self._update_geometry()
        self.update()

    # ------------------------------------------------------------ painting
    def _mvp(self) -> np.ndarray:
        dpr = self.devicePixelRatioF()
        region = (0, 0, self.width() * dpr, self.height() * dpr)
        return qmatrix_to_numpy(self.projectionMatrix(region, region) * self.viewMatrix())

    def _fit_fov(self) -> None:
        aspect = max(1.0, self.width() / max(self.height(), 1))
        half = math.atan(math.tan(math.radians(FOV) / 2) * aspect)
        self.opts["fov"] = math.degrees(2 * half)

    def orbit(self, azim, elev) -> None:
        """Orbit the camera (pyqtgraph), then turn the arrowheads to face it."""
        super().orbit(azim, elev)
        self._update_geometry()

    def setCameraPosition(self, *args, **kwargs) -> None:
        super().setCameraPosition(*args, **kwargs)
        self._update_geometry()

    def wheelEvent(self, ev) -> None:
        super().wheelEvent(ev)  # zoom
        self._update_geometry()

    def resizeEvent(self, ev) -> None:
        super().resizeEvent(ev)
        self._fit_fov()
        self._update_geometry()

    def labelled(self) -> np.ndarray:
        """Scene indices named this frame (:func:`choose_labels`; fewer at large fonts)."""
        limit = int(LABEL_LIMIT / self._palette.font_scale**2)
        return choose_labels(self._roles, self._hover, self._model.selected, limit)

    def paint_overlay(self, p: QPainter) -> None:
        """Axis letters, names (O(labels shown)), rings and the hover card."""
        scene, w, h = self._model.scene, self.width(), self.height()
        mvp, ov = self._mvp(), self._overlay
        axes, _ = project(np.eye(3) * 1.3, mvp, w, h)
        ov.axis_labels(p, axes, "xyz")
        show = self.labelled()
        dirs = scene.directions[show]
        xy, _ = project(dirs, mvp, w, h)
        back = np.einsum("ij,ij->i", dirs, self._camera() - dirs) < 0
        r = 0.5 * self._tip_size()
        ov.ghosts(p, xy[back], r + 3.0, QColor(self._palette.muted))
        ov.labels(p, xy, [scene.names[i] for i in show], back, gap=0.8 * r)
        big = 0.5 * HOVER_SIZE * math.sqrt(self._palette.font_scale)
        sel = self.ring_index
        if sel >= 0:
            ov.ring(p, self.tip_screen_pos(sel), big + 5, QColor(self._palette.accent), 2.0)
        if 0 <= self._hover < len(scene):
            at = self.tip_screen_pos(self._hover)
            ov.ring(p, at, big + 1.5, QColor(self._palette.foreground), 2.0)
            accent = QColor(*(255 * self._colors[self._hover, :3]).astype(int))
            # never over the tip in hand, the anchor it is measured against, or the selection
            keep = {self._hover, scene.anchor_index, self._drag, sel} - {-1}
            avoid, _ = project(scene.directions[sorted(keep)], mvp, w, h)
            lines = card_lines(scene, self._model.evaluation, self._hover)
            self.card_rect = ov.card(p, at, lines, accent, QRectF(0, 0, w, h), avoid, big + 6)
        else:
            self.card_rect = None

    # -------------------------------------------------------- view → model
    def mousePressEvent(self, ev) -> None:
        self.show_tip_later(None)
        pos = ev.position()
        i = self.pick_at(pos) if ev.button() == Qt.LeftButton else -1
        if i < 0:
            super().mousePressEvent(ev)  # the camera orbits
            return
        self._grab_offset = self.tip_screen_pos(i) - pos
        c, d = self.cameraPosition(), self._model.scene.directions[i]
        self._drag_back = float(d @ (np.array([c.x(), c.y(), c.z()]) - d)) < 0
        self._drag = i
        self.drag_started.emit(i)
        self.setCursor(Qt.ClosedHandCursor)
        self._set_hover(i)
        self.vector_clicked.emit(i)
        ev.accept()
        self.update()

    def mouseMoveEvent(self, ev) -> None:
        pos = ev.position()
        if self._drag >= 0:
            if ev.buttons() & Qt.LeftButton:
                self._drag_to(pos + self._grab_offset)
                return
            self._finish_drag()  # the release was lost
        if ev.buttons() == Qt.NoButton:
            self._set_hover(self.pick_at(pos))
            # help over empty space; over a tip the hover card says more
            self.show_tip_later(ev.globalPosition().toPoint() if self._hover < 0 else None)
        super().mouseMoveEvent(ev)

    def _drag_to(self, pos: QPointF) -> None:
        # Over the sphere a tip keeps its hemisphere; over the rim it comes to the front.
        point, self._drag_back = drag_on_sphere(*self.ray_at(pos), self._drag_back)
        self.dragged.emit(self._drag, point)

    def _finish_drag(self) -> None:
        self._drag = -1
        self.drag_finished.emit()
        self.setCursor(Qt.OpenHandCursor if self._hover >= 0 else Qt.ArrowCursor)

    def mouseReleaseEvent(self, ev) -> None:
        if self._drag >= 0 and ev.button() == Qt.LeftButton:
            self._finish_drag()
            ev.accept()
            return
        super().mouseReleaseEvent(ev)

    def mouseDoubleClickEvent(self, ev) -> None:
        pos = ev.position()
        if ev.button() == Qt.LeftButton and self.pick_at(pos) < 0:
            point, hit = ray_sphere(*self.ray_at(pos))
            if hit:
                self.add_requested.emit(point)
                ev.accept()
                return
        super().mouseDoubleClickEvent(ev)

    def event(self, ev) -> bool:
        if ev.type() == QEvent.Leave:
            self.show_tip_later(None)
            if self._drag < 0:
                self._set_hover(-1)
        return super().event(ev)

    def _set_hover(self, i: int) -> None:
        if i == self._hover:
            return
        self._hover = i
        if self._drag < 0:
            self.setCursor(Qt.OpenHandCursor if i >= 0 else Qt.ArrowCursor)
        self.tip_item.setData(size=self._tip_sizes())
        self.hovered.emit(i)
        self.update()
