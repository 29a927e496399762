"""The 3-D scatter's camera: framing the cloud, axes beside it, a depth cue, a calm orbit.

:class:`CloudCamera` serves :class:`~.scatter3d_window.Scatter3DWindow`:

- :meth:`CloudCamera.fit` aims the camera at the cloud's middle from the
  distance at which it fills :data:`FILL` of the view (the core's
  :func:`~contrastive_viz.core.camera_fit.fit_distance`), and refits when the
  window is resized until the user moves the camera;
- the axes are a small gizmo in the view's lower-left corner (:meth:`CloudCamera.gizmo`),
  turning with the camera, so neither they nor their titles cross the points;
- far points fade towards the background (:data:`FOG` of the way for the
  farthest; :func:`~contrastive_viz.core.camera_fit.fog_colors`), recomputed
  when the camera has moved, for the point items shown;
- a mouse drag orbits :data:`ORBIT_DEG_PER_PX` degrees per pixel (pyqtgraph: 1).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPointF
from PySide6.QtGui import QVector3D

from ...core.camera_fit import fit_distance, fog_colors

__all__ = ["FILL", "FOG", "ORBIT_DEG_PER_PX", "CloudCamera"]

FILL = 0.88
FOG = 0.6
ORBIT_DEG_PER_PX = 0.45
ELEVATION, AZIMUTH = 22.0, -55.0


class CloudCamera(QObject):
    """Camera framing and depth fog of a :class:`.Scatter3DWindow` (see the module).

    Parameters
    ----------
    window : Scatter3DWindow
        Its camera (``opts``, ``to_screen``), ``points_item`` and ``subset_item``.

    Attributes
    ----------
    auto : bool
        Whether a resize refits the camera (no camera gesture since the fit).
    """

    def __init__(self, window):
        super().__init__(window)
        self._w = window
        self._coords: np.ndarray | None = None
        self._rgba = np.zeros((0, 4), np.float32)
        self._subset = np.zeros(0, np.int64)
        self._background = np.zeros(4, np.float32)
        self._shown: dict[int, tuple] = {}  # id(item) -> camera key its fog was made for
        self.auto = False  # refit on resize (until the user moves the camera)
        window.installEventFilter(self)

    # ------------------------------------------------------------- framing
    def fit(self, coords: np.ndarray | None = None) -> None:
        """Frame ``coords`` (default: the last ones) from the default direction."""
        w = self._w
        if coords is not None:
            self._coords = coords
        pts = self._coords[:: max(1, len(self._coords) // 100_000)]
        center = np.percentile(pts, [1, 99], axis=0).mean(axis=0)
        aspect = w.width() / max(1, w.height())
        d = fit_distance(pts, center, AZIMUTH, ELEVATION, w.opts["fov"], aspect, FILL)
        w.opts["center"] = QVector3D(*center)
        w.setCameraPosition(distance=d, elevation=ELEVATION, azimuth=AZIMUTH)
        self.auto = True

    def gizmo(self, length: float) -> tuple[QPointF, np.ndarray]:
        """The axis gizmo: its origin and the screen tips (3, 2) of the x, y, z axes.

        Each axis points where the camera shows it, ``length`` pixels for the
        longest, foreshortened like the cloud's.
        """
        w = self._w
        c = np.array(w.opts["center"].toTuple())
        xy, _ = w.to_screen(np.vstack([c, c + 0.05 * w.opts["distance"] * np.eye(3)]))
        arms = xy[1:] - xy[0]
        arms *= length / max(float(np.linalg.norm(arms, axis=1).max()), 1e-9)
        origin = np.array([length + 16.0, w.height() - length - 16.0])
        return QPointF(*origin), origin + arms

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.Wheel):
            self.auto = False
        elif kind == QEvent.Type.Resize and self.auto and self._coords is not None:
            self.fit()
        elif kind == QEvent.Type.Expose:
            self.refresh()  # fogged only where drawn: a hidden view keeps the plain colours
        return False

    # ----------------------------------------------------------------- fog
    def set_colors(self, rgba: np.ndarray, subset: np.ndarray) -> None:
        """New base colours of every point (float, 0–1) and the rows of the subset item:
        set as they are, the fog follows on the next frame drawn."""
        self._rgba, self._subset = rgba, subset
        self._shown.clear()
        self._w.points_item.setData(color=rgba)
        self._w.subset_item.setData(color=rgba[subset])

    def set_background(self, rgba) -> None:
        """The colour far points fade towards."""
        self._background = np.asarray(rgba, np.float32)
        self._shown.clear()

    def refresh(self) -> None:
        """Re-fog the point item shown if the camera moved since its colours were made
        (while the window is exposed; an expose event refreshes too)."""
        w = self._w
        if not w.isExposed() or self._coords is None or len(self._rgba) != len(self._coords):
            return
        o = w.opts
        key = (o["azimuth"], o["elevation"], o["distance"], tuple(o["center"].toTuple()))
        for item, rows in ((w.points_item, None), (w.subset_item, self._subset)):
            if not item.visible() or self._shown.get(id(item)) == key:
                continue
            self._shown[id(item)] = key
            eye = np.array(w.cameraPosition().toTuple())
            coords = self._coords if rows is None else self._coords[rows]
            rgba = self._rgba if rows is None else self._rgba[rows]
            item.setData(color=fog_colors(rgba, coords, eye, self._background, FOG))
