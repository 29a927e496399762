"""The sphere's native GL window: geometry, picking, dragging and labels.

See :mod:`.sphere_view` for the behaviour; :class:`SphereView` is the widget
the rest of the app uses.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph.opengl as gl
from OpenGL import GL
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QVector3D

from ...core.colors import rgba
from ...core.scene import ROLE_COLORS
from ...core.screen import (
    ARROW_VERTS,
    LABEL_LIMIT,
    arrow_vertices,
    choose_labels,
    facing_sides,
    grid_lines,
    project,
)
from ...core.sphere import ray_sphere
from ..state import PlaygroundState
from . import theme
from .gl_window import GLViewWindow
from .overlay_painter import OverlayPainter, qmatrix_to_numpy

#: Grab distance around a tip, in logical pixels.
PICK_RADIUS = 12.0
#: Tip diameter (logical pixels, scaled by sqrt(font_scale)); hovered tips grow.
TIP_SIZE, HOVER_SIZE = 14.0, 20.0
#: Longest gradient arrow (sphere radii) and the gain inside its tanh.
FORCE_LENGTH, FORCE_GAIN = 0.6, 2.0
#: Arrowhead length in logical pixels.
HEAD_PX = 11.0
#: The translucent surface sits just inside the unit sphere, so no part of a
#: tip's flat dot near the silhouette falls behind it: front tips stay crisp
#: and tips behind the sphere are tinted by it.
SURFACE_RADIUS = 0.97
#: Field of view (degrees) across the shorter side of the widget.
FOV = 40.0
HELP = (
    "Drag a tip to move its vector · drag elsewhere to orbit · wheel to zoom\n"
    "Double-click the sphere to add a negative there"
)
#: Only the near half of the surface is drawn (one translucent layer is cheap
#: under software GL); pyqtgraph's sphere is wound clockwise seen from outside,
#: so culling GL_FRONT drops the far half.
_SPHERE_GL = {
    GL.GL_DEPTH_TEST: True,
    GL.GL_BLEND: True,
    GL.GL_CULL_FACE: True,
    "glCullFace": (GL.GL_FRONT,),
    "glBlendFuncSeparate": (
        GL.GL_SRC_ALPHA,
        GL.GL_ONE_MINUS_SRC_ALPHA,
        GL.GL_ONE,
        GL.GL_ONE_MINUS_SRC_ALPHA,
    ),
}
#: Above this many vectors the shafts are drawn without (costly) line smoothing.
SMOOTH_LIMIT = 100


class SphereWindow(GLViewWindow):
    """The sphere's native GL window: items, picking, mouse handling and overlays.

    Coordinates are logical pixels of this window (which fills its
    :class:`SphereView`). Signals as in :class:`SphereView`.
    """

    vector_clicked = Signal(int)
    hovered = Signal(int)

    def __init__(self, state: PlaygroundState):
        super().__init__()
        self._state = state
        self._palette = theme.palette()
        self._overlay = OverlayPainter()
        self._show_forces = False
        self._hover = self._drag = -1
        self._drag_back = False
        self._grab_offset = QPointF()
        self._colors: np.ndarray | None = None
        self._new_colors = False
        self._roles = np.asarray(state.scene.roles)
        self._background = np.zeros(4, dtype=np.float32)
        self.set_help(HELP)
        self._build_items()
        state.structure_changed.connect(self._on_state_structure_changed)
        state.changed.connect(self._on_state_changed)
        scene = state.scene
        self.reset_camera(face=scene.directions[scene.anchor_index])
        self.apply_theme(self._palette)

    def _build_items(self) -> None:
        self.grid_item = gl.GLLinePlotItem(mode="lines", glOptions="translucent", antialias=True)
        self.axis_item = gl.GLLinePlotItem(mode="lines", glOptions="translucent", width=1.5)
        axes = np.zeros((6, 3))
        axes[1::2] = 1.2 * np.eye(3)
        self.axis_item.setData(pos=axes)
        self.arrow_item = gl.GLLinePlotItem(mode="lines", glOptions="translucent", antialias=True)
        self.force_item = gl.GLLinePlotItem(mode="lines", glOptions="translucent", antialias=True)
        self.tip_item = gl.GLScatterPlotItem(pxMode=True, glOptions="translucent")
        mesh = gl.MeshData.sphere(rows=24, cols=48, radius=SURFACE_RADIUS)
        self.sphere_item = gl.GLMeshItem(
            meshdata=mesh, smooth=True, shader="edgeHilight", glOptions=_SPHERE_GL
        )
        items = (self.grid_item, self.axis_item, self.arrow_item, self.tip_item, self.force_item)
        for depth, item in enumerate((*items, self.sphere_item)):
            item.setDepthValue(depth)
            self.addItem(item)

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
        self.setBackgroundColor(palette.background)
        light = QColor(palette.background).lightnessF() > 0.5
        # a lit ball on light backgrounds, a glass rim on dark ones
        self.sphere_item.setShader("shaded" if light else "edgeHilight")
        self.sphere_item.setColor(tuple(rgba([palette.sphere], 0.22 if light else 0.16)[0]))
        self._background = rgba([palette.background])[0]
        pos, strong = grid_lines(SURFACE_RADIUS - 0.005)
        colors = np.where(strong[:, None], rgba([palette.muted], 0.6), rgba([palette.muted], 0.3))
        self.grid_item.setData(pos=pos, color=colors.astype(np.float32), width=1.0)
        self.axis_item.setData(color=tuple(rgba([palette.muted], 0.8)[0]))
        ov = self._overlay
        ov.foreground, ov.muted = QColor(palette.foreground), QColor(palette.muted)
        ov.halo, ov.surface = QColor(palette.background), QColor(palette.surface)
        ov.set_scale(palette.font_scale)
        self._colors = None
        self._refresh()

    def tip_screen_pos(self, i: int) -> QPointF:
        """Where vector ``i``'s tip is drawn, in logical widget pixels."""
        xy, _ = project(self._state.scene.directions[i], self._mvp(), self.width(), self.height())
        return QPointF(float(xy[0, 0]), float(xy[0, 1]))

    def ray_at(self, pos: QPointF) -> tuple[np.ndarray, np.ndarray]:
        """The mouse ray through ``pos`` (logical pixels): origin on the near plane, unit direction.

        The inverse of projection × view maps the normalized device
        coordinates (x, y, -1) and (x, y, 1) to the near and far points.
        """
        inv = np.linalg.inv(self._mvp())
        x = 2.0 * pos.x() / self.width() - 1.0
        y = 1.0 - 2.0 * pos.y() / self.height()
        pts = np.array([[x, y, -1.0, 1.0], [x, y, 1.0, 1.0]]) @ inv.T
        near, far = pts[:, :3] / pts[:, 3:]
        d = far - near
        return near, d / np.linalg.norm(d)

    def pick_at(self, pos: QPointF) -> int:
        """The tip within reach of ``pos`` that is nearest the camera, or -1.

        Nearest in depth wins, so a tip on the back of the sphere is never
        grabbed when a front tip is also within reach.
        """
        xy, depth = project(self._state.scene.directions, self._mvp(), self.width(), self.height())
        reach = max(PICK_RADIUS, 0.5 * self._tip_size() + 4.0)
        d2 = (xy[:, 0] - pos.x()) ** 2 + (xy[:, 1] - pos.y()) ** 2
        near = np.flatnonzero((d2 <= reach * reach) & (depth > 0))
        return int(near[np.argmin(depth[near])]) if near.size else -1

    # ------------------------------------------------------- model → view
    def _on_state_structure_changed(self) -> None:
        self._roles = np.asarray(self._state.scene.roles)
        self._colors = None
        n = len(self._roles)
        if self._hover >= n:
            self._set_hover(-1)
        if self._drag >= n:
            self._drag = -1

    def _on_state_changed(self) -> None:
        self._refresh()

    def _refresh(self) -> None:
        """Re-upload tips, arrows and forces (colours only when they changed)."""
        if self._colors is None or len(self._colors) != len(self._roles):
            self._colors = self._vector_colors()
            self._new_colors = True
        self._update_geometry()
        self.update()

    def _camera(self) -> np.ndarray:
        c = self.cameraPosition()
        return np.array([c.x(), c.y(), c.z()])

    def _update_geometry(self) -> None:
        """Tips (dimmed behind the sphere), shafts with heads turned to the camera, and
        the gradient arrows: one setData each. Runs on model and camera changes."""
        dirs = self._state.scene.directions
        if self._colors is None:
            return  # not themed yet
        cam = self._camera()
        tips = self._colors.copy()
        back = np.einsum("ij,ij->i", dirs, cam - dirs) < 0
        tips[back, :3] = 0.45 * tips[back, :3] + 0.55 * self._background[:3]
        self.tip_item.setData(pos=dirs, color=tips, size=self._tip_sizes())
        px = self._pixel_size(dirs, cam)
        side = facing_sides(dirs, dirs, cam)
        setback = 0.5 * self._tip_size() * px
        verts = arrow_vertices(np.zeros_like(dirs), dirs, side, HEAD_PX * px, setback)
        extra = {}
        if self._new_colors:
            self._new_colors = False
            shaft = self._colors.copy()
            if len(dirs) > LABEL_LIMIT:
                shaft[self._roles == "negative", 3] = 0.35
            extra = {"color": np.repeat(shaft, ARROW_VERTS, axis=0)}
        self.arrow_item.setData(
            pos=verts,
            width=2.0 * self.devicePixelRatioF(),
            antialias=len(dirs) <= SMOOTH_LIMIT,
            **extra,
        )
        self._update_forces(cam)

    def _pixel_size(self, points: np.ndarray, cam: np.ndarray) -> np.ndarray:
        """World length of one logical pixel at each point, shape (n, 1)."""
        dist = np.linalg.norm(points - cam, axis=1, keepdims=True)
        return dist * 2.0 * math.tan(math.radians(0.5 * self.opts["fov"])) / max(self.width(), 1)

    def _vector_colors(self) -> np.ndarray:
        """Palette role colours, or the scene's own colour when the user picked one."""
        scene, pal = self._state.scene, self._palette
        hexes = [
            theme.role_color(r, pal) if c.lower() == ROLE_COLORS.get(r) else c
            for r, c in zip(scene.roles, scene.colors, strict=True)
        ]
        return rgba(hexes)

    def _tip_size(self) -> float:
        return TIP_SIZE * math.sqrt(self._palette.font_scale)

    def _tip_sizes(self) -> np.ndarray:
        scale = math.sqrt(self._palette.font_scale) * self.devicePixelRatioF()
        sizes = np.full(len(self._roles), TIP_SIZE * scale, dtype=np.float32)
        if 0 <= self._hover < len(sizes):
            sizes[self._hover] = HOVER_SIZE * scale
        return sizes

    def _update_forces(self, cam: np.ndarray) -> None:
        ev, scene = self._state.evaluation, self._state.scene
        if ev.original:
            self.force_item.setVisible(False)
            return
        idx = [scene.anchor_index]
        grads = [ev.result.grad_anchor[None, :]]
        if self._show_forces:
            idx += list(ev.order)
            grads.append(ev.result.grad_others)
        bases = scene.directions[idx]
        push = -np.vstack(grads)
        norm = np.linalg.norm(push, axis=1, keepdims=True)
        unit = np.divide(push, norm, out=np.zeros_like(push), where=norm > 0)
        tau = scene.temperature if ev.result.temperature else 1.0
        length = FORCE_LENGTH * np.tanh(FORCE_GAIN * tau * norm)
        ends = bases + unit * length
        head = np.minimum(0.4 * length, 1.3 * HEAD_PX * self._pixel_size(ends, cam))
        verts = arrow_vertices(bases, ends, facing_sides(unit, ends, cam), head)
        color = np.repeat(rgba([self._palette.gradient] * len(idx)), ARROW_VERTS, axis=0)
        color[ARROW_VERTS:, 3] = 0.7
        color[np.repeat(length[:, 0] < 1e-3, ARROW_VERTS), 3] = 0.0  # no speck for no push
        width = 3.0 * self.devicePixelRatioF()
        self.force_item.setData(pos=verts, color=color, width=width)
        self.force_item.setVisible(True)

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

    def setCameraPosition(self, *args, **kwargs) -> None:  # noqa: N802
        super().setCameraPosition(*args, **kwargs)
        self._update_geometry()

    def wheelEvent(self, ev) -> None:  # noqa: N802
        super().wheelEvent(ev)  # zoom
        self._update_geometry()

    def resizeEvent(self, ev) -> None:  # noqa: N802
        super().resizeEvent(ev)
        self._fit_fov()
        self._update_geometry()

    def labelled(self) -> np.ndarray:
        """Scene indices that get a name label this frame (see :func:`choose_labels`)."""
        return choose_labels(self._roles, self._hover, self._state.selected)

    def paint_overlay(self, p: QPainter) -> None:
        """Axis letters, names (O(labels shown)), rings and the hover card."""
        scene, w, h = self._state.scene, self.width(), self.height()
        mvp = self._mvp()
        ov = self._overlay
        axes, _ = project(np.eye(3) * 1.3, mvp, w, h)
        ov.axis_labels(p, axes, "xyz")
        show = self.labelled()
        dirs = scene.directions[show]
        xy, _ = project(dirs, mvp, w, h)
        c = self.cameraPosition()
        cam = np.array([c.x(), c.y(), c.z()])
        back = np.einsum("ij,ij->i", dirs, cam - dirs) < 0
        r = 0.5 * self._tip_size()
        ov.labels(p, xy, [scene.names[i] for i in show], back, gap=0.8 * r)
        big = 0.5 * HOVER_SIZE * math.sqrt(self._palette.font_scale)
        sel = self._state.selected
        if sel is not None and 0 <= sel < len(scene):
            ov.ring(p, self.tip_screen_pos(sel), big + 5, QColor(self._palette.accent), 2.0)
        if 0 <= self._hover < len(scene):
            at = self.tip_screen_pos(self._hover)
            ov.ring(p, at, big + 1.5, QColor(self._palette.foreground), 2.0)
            accent = QColor(*(255 * self._colors[self._hover, :3]).astype(int))
            ov.card(p, at, self._hover_lines(self._hover), accent, QRectF(0, 0, w, h))

    def _hover_lines(self, i: int) -> list[str]:
        scene, ev = self._state.scene, self._state.evaluation
        lines = [f"{scene.names[i]} · {scene.roles[i]}"]
        if scene.roles[i] == "anchor":
            lines.append(f"loss {ev.result.loss:.4g}")
            return lines
        text = f"cos {ev.cosines[i]:+.3f}"
        if i in ev.order:
            k = ev.order.index(i)
            npos = ev.result.n_positives
            if k >= npos and ev.result.negative_weights.size:
                text += f" · push share {100 * ev.result.negative_weights[k - npos]:.3g}%"
            elif ev.result.probabilities is not None:
                text += f" · p {ev.result.probabilities[k]:.3f}"
        return [*lines, text]

    # -------------------------------------------------------- view → model
    def mousePressEvent(self, ev) -> None:  # noqa: N802
        self.show_tip_later(None)
        pos = ev.position()
        i = self.pick_at(pos) if ev.button() == Qt.LeftButton else -1
        if i < 0:
            super().mousePressEvent(ev)  # the camera orbits
            return
        self._grab_offset = self.tip_screen_pos(i) - pos
        c, d = self.cameraPosition(), self._state.scene.directions[i]
        self._drag_back = float(d @ (np.array([c.x(), c.y(), c.z()]) - d)) < 0
        self._drag = i
        self._state.begin_drag(i)
        self.setCursor(Qt.ClosedHandCursor)
        self._set_hover(i)
        self.vector_clicked.emit(i)
        ev.accept()
        self.update()

    def mouseMoveEvent(self, ev) -> None:  # noqa: N802
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
        origin, direction = self.ray_at(pos)
        if self._drag_back:  # keep a back tip on the back: come from beyond the sphere
            origin = origin + direction * (2.0 * np.linalg.norm(origin) + 4.0)
            direction = -direction
        point, _ = ray_sphere(origin, direction)
        self._state.drag_to(self._drag, point)

    def _finish_drag(self) -> None:
        self._drag = -1
        self._state.end_drag()
        self.setCursor(Qt.OpenHandCursor if self._hover >= 0 else Qt.ArrowCursor)

    def mouseReleaseEvent(self, ev) -> None:  # noqa: N802
        if self._drag >= 0 and ev.button() == Qt.LeftButton:
            self._finish_drag()
            ev.accept()
            return
        super().mouseReleaseEvent(ev)

    def mouseDoubleClickEvent(self, ev) -> None:  # noqa: N802
        pos = ev.position()
        if ev.button() == Qt.LeftButton and self.pick_at(pos) < 0:
            point, hit = ray_sphere(*self.ray_at(pos))
            if hit:
                self._state.add_vector("negative", point)
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
