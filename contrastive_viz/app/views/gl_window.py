"""A pyqtgraph GL view in a native ``QOpenGLWindow``, hosted in a widget.

A ``QOpenGLWidget`` (pyqtgraph's ``GLViewWidget``) switches its whole
top-level window to composited rendering: every repaint of any widget in the
window (a table cell, a bar plot) then re-composes the window through OpenGL,
which costs milliseconds per frame under software GL. A ``QOpenGLWindow``
embedded with ``QWidget.createWindowContainer`` draws straight to its own
native surface, so the Qt panels beside it repaint as plain raster widgets.

:class:`GLViewWindow` is pyqtgraph's ``GLViewMixin`` on a ``QOpenGLWindow``
(same camera, items and ``paintGL``), with a synchronous :meth:`~GLViewWindow.render_now`
and a :meth:`~GLViewWindow.grabFramebuffer` that renders into an offscreen
framebuffer (the window's back buffer is undefined after a swap).
:class:`GLViewHost` is the ``QWidget`` that holds one in a layout.

Note: the window is only composited when no ``QOpenGLWidget`` at all lives in
the same top-level window (even a hidden one in another tab re-enables it).
"""

from __future__ import annotations

from OpenGL import GL
from pyqtgraph.opengl.GLViewWidget import GLViewMixin
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QImage, QPainter
from PySide6.QtOpenGL import QOpenGLFramebufferObject, QOpenGLPaintDevice, QOpenGLWindow
from PySide6.QtWidgets import QToolTip, QVBoxLayout, QWidget

from .point_tip import PointTip

#: Delay before the help tooltip appears over the GL window (ms).
TOOLTIP_DELAY = 700


class GLViewWindow(GLViewMixin, QOpenGLWindow):
    """A ``GLViewWidget`` as a native GL window: render on demand, grab offscreen.

    Subclasses draw 2-D overlays in :meth:`paint_overlay` (called after the GL
    items with one QPainter). A help text set with :meth:`set_help` is shown
    as a tooltip when the mouse rests (QWindows get no ``QEvent.ToolTip``).
    """

    def __init__(self):
        super().__init__()
        self._stale = True  # content changed since the last frame
        self._host: QWidget | None = None
        self._target: QOpenGLPaintDevice | None = None
        self._help = ""
        #: Extra ``fn(painter)`` called after :meth:`paint_overlay` (e.g. a lasso path).
        self.overlay_painters: list = []
        self._tip: PointTip | None = None
        self._tip_at = QPoint()
        self._tip_timer = QTimer(self)
        self._tip_timer.setSingleShot(True)
        self._tip_timer.setInterval(TOOLTIP_DELAY)
        self._tip_timer.timeout.connect(self._on_tip_timer_timeout)

    # ------------------------------------------------ QOpenGLWidget parity
    def devicePixelRatioF(self) -> float:  # pyqtgraph calls the widget name
        return float(self.devicePixelRatio())

    def host(self) -> QWidget | None:
        """The widget holding this window (set by :class:`GLViewHost`)."""
        return self._host

    def point_tip(self) -> PointTip:
        """The tooltip of the point under the mouse, shown on :meth:`host`."""
        if self._tip is None:
            self._tip = PointTip(self._host)
            self._tip.covered.connect(self._on_tip_covered)
        return self._tip

    def _on_tip_covered(self) -> None:
        """The pointer moved onto or off the point's tip: describe what is under it (override)."""

    def set_help(self, text: str) -> None:
        """Help shown as a tooltip when the mouse rests over the view."""
        self._help = text

    def show_tip_later(self, at: QPoint | None = None) -> None:
        """Show the help tooltip at global position ``at`` once the mouse rests there;
        ``None`` cancels it and hides the tooltip."""
        if at is not None and self._help:
            self._tip_at = QPoint(at)
            self._tip_timer.start()
            return
        self._tip_timer.stop()
        if self._host is None:
            QToolTip.hideText()
        else:
            self.point_tip().hide()

    def _on_tip_timer_timeout(self) -> None:
        QToolTip.showText(self._tip_at, self._help, self._host)

    # ------------------------------------------------------------ render
    def update(self, *args) -> None:
        """Schedule a frame (through ``requestUpdate``, paced by the platform)."""
        self._stale = True
        super().update(*args)

    def event(self, ev: QEvent) -> bool:
        if ev.type() == QEvent.UpdateRequest and not self._stale:
            return True  # already drawn by render_now (a full repaint re-dirties Qt's region)
        if ev.type() in (QEvent.Resize, QEvent.Expose):
            self._stale = True
        if ev.type() == QEvent.Enter and self._host is not None:
            self.point_tip().entered()  # back from the point's tip, maybe
        return super().event(ev)

    def render_now(self) -> bool:
        """Draw the pending frame synchronously (paint and swap); False if none was pending.

        The frame ``update()`` scheduled is delivered at once, and the
        platform's later update request then finds nothing to draw.
        """
        if not self._stale or not self.isExposed():
            return False
        QCoreApplication.sendEvent(self, QEvent(QEvent.UpdateRequest))
        return not self._stale

    def paintGL(self) -> None:
        self._stale = False  # an update() while painting asks for another frame
        super().paintGL()
        GL.glDisable(GL.GL_CULL_FACE)  # QPainter's GL engine needs culling off
        painter = QPainter(self._target if self._target is not None else self)
        try:
            painter.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing)
            self.paint_overlay(painter)
            for paint in self.overlay_painters:
                paint(painter)
        finally:
            painter.end()

    def paint_overlay(self, painter: QPainter) -> None:
        """Draw 2-D overlays in logical pixels after the GL items (override)."""

    def grabFramebuffer(self) -> QImage:
        """Render the scene into an offscreen framebuffer and return it (null if no context yet)."""
        if not self.isValid():
            return QImage()
        dpr = self.devicePixelRatio()
        w, h = max(1, round(self.width() * dpr)), max(1, round(self.height() * dpr))
        stale = self._stale  # an offscreen frame does not replace the pending on-screen one
        self.makeCurrent()
        fbo = QOpenGLFramebufferObject(w, h, QOpenGLFramebufferObject.CombinedDepthStencil)
        try:
            fbo.bind()
            GL.glViewport(0, 0, w, h)
            self._target = QOpenGLPaintDevice(w, h)
            self._target.setDevicePixelRatio(dpr)
            self.paintGL()
            image = fbo.toImage()
        finally:
            self._target, self._stale = None, stale
            fbo.release()
            self.doneCurrent()
        image.setDevicePixelRatio(dpr)
        return image


def forward(name: str, doc: str, settable: bool = False) -> property:
    """A property of a :class:`GLViewHost` that reads (and optionally sets) ``host.gl.<name>``."""

    def fset(self, value) -> None:
        setattr(self.gl, name, value)

    return property(lambda self: getattr(self.gl, name), fset if settable else None, doc=doc)


class GLViewHost(QWidget):
    """The QWidget holding a :class:`GLViewWindow` (zero margins; focus goes to the window).

    Parameters
    ----------
    gl_window : GLViewWindow
    parent : QWidget, optional
    """

    def __init__(self, gl_window: GLViewWindow, parent: QWidget | None = None):
        super().__init__(parent)
        self.gl = gl_window
        # The container will own the window in C++, but PySide does not learn that
        # from createWindowContainer: it would delete the Python-owned window at exit
        # before its container, and Qt then dereferences the container's null window
        # pointer (a crash). A QObject parent first makes PySide hand ownership over;
        # the container then re-parents the window to its own (internal) parent.
        QObject.setParent(gl_window, self)
        self.container = QWidget.createWindowContainer(gl_window, self)
        self.container.setFocusPolicy(Qt.StrongFocus)
        gl_window._host = self.container
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.container)
        self.setFocusPolicy(Qt.StrongFocus)
        self.setFocusProxy(self.container)

    def grabFramebuffer(self) -> QImage:
        """The GL window's content (with its overlays) as a QImage."""
        return self.gl.grabFramebuffer()

    def render_now(self) -> bool:
        """Render the pending GL frame synchronously (see :meth:`GLViewWindow.render_now`)."""
        return self.gl.render_now()
