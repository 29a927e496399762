"""The sphere's GL items and their data: tips, shafts, gradient arrows, grid, axes.

:class:`SphereItems` is mixed into :class:`~.sphere_window.SphereWindow`: it
builds the items and re-uploads their data (one ``setData`` each) on model and
camera changes. Positions come from :mod:`contrastive_viz.core.screen`.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph.opengl as gl
from OpenGL import GL
from PySide6.QtGui import QColor

from ...core.colors import rgba
from ...core.scene import ROLE_COLORS
from ...core.screen import (
    ARROW_VERTS,
    LABEL_LIMIT,
    arrow_vertices,
    facing_sides,
    force_arrows,
    grid_lines,
)
from . import theme

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
#: Opacity of the shafts of vectors behind the sphere (relative to the front ones).
BACK_SHAFT_ALPHA = 0.35
#: Above this many vectors the shafts are drawn without (costly) line smoothing.
SMOOTH_LIMIT = 100


class SphereItems:
    """The GL items of the sphere window and the code that fills them (a mixin).

    Expects ``self._model`` (a PlaygroundModel), ``self._palette``,
    ``self._roles``, ``self._colors``, ``self._hover`` and the GL view's camera.
    """

    _shaft_back: np.ndarray | None = None

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

    def _style_items(self, palette: theme.Palette) -> None:
        """Colours of the background, surface, grid and axes for ``palette``."""
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

    def _camera(self) -> np.ndarray:
        c = self.cameraPosition()
        return np.array([c.x(), c.y(), c.z()])

    def _update_geometry(self) -> None:
        """Tips (dimmed behind the sphere), shafts with heads turned to the camera, and
        the gradient arrows: one setData each. Runs on model and camera changes."""
        dirs = self._model.scene.directions
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
        if self._new_colors or not np.array_equal(back, self._shaft_back):
            # Faded shafts for vectors behind the sphere: depth read at a glance.
            self._new_colors, self._shaft_back = False, back
            shaft = self._colors.copy()
            if len(dirs) > LABEL_LIMIT:
                shaft[self._roles == "negative", 3] = 0.35
            shaft[back, 3] *= BACK_SHAFT_ALPHA
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
        scene, pal = self._model.scene, self._palette
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
        ev, scene = self._model.evaluation, self._model.scene
        if ev.original:
            self.force_item.setVisible(False)
            return
        idx = [scene.anchor_index]
        grads = [ev.result.grad_anchor[None, :]]
        if self._show_forces:
            idx += list(ev.order)
            grads.append(ev.result.grad_others)
        bases = scene.directions[idx]
        tau = scene.temperature if ev.result.temperature else 1.0
        unit, length = force_arrows(np.vstack(grads), tau, FORCE_LENGTH, FORCE_GAIN)
        ends = bases + unit * length
        head = np.minimum(0.4 * length, 1.3 * HEAD_PX * self._pixel_size(ends, cam))
        verts = arrow_vertices(bases, ends, facing_sides(unit, ends, cam), head)
        color = np.repeat(rgba([self._palette.gradient] * len(idx)), ARROW_VERTS, axis=0)
        color[ARROW_VERTS:, 3] = 0.7
        color[np.repeat(length[:, 0] < 1e-3, ARROW_VERTS), 3] = 0.0  # no speck for no push
        width = 3.0 * self.devicePixelRatioF()
        self.force_item.setData(pos=verts, color=color, width=width)
        self.force_item.setVisible(True)
