"""File › Export: PNG of the window or of one view, the numbers as CSV/JSON,
and copy to the clipboard. Every file is written atomically."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QPoint, Signal
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ...core import report
from ...core.atomic import atomic_write, atomic_write_text
from .playground import PlaygroundController


def grab_image(widget: QWidget) -> QImage:
    """Render a widget, including GL views (grabbed from their framebuffer)."""
    grab = getattr(widget, "grabFramebuffer", None)
    if grab is not None:
        return grab()
    return widget.grab().toImage()


def grab_window(window: QWidget) -> QImage:
    """Render a whole window; GL views are composited from their framebuffers.

    ``QWidget.grab`` leaves GL content out: ``QOpenGLWidget`` children and
    native GL windows in a container (:class:`~..views.gl_window.GLViewHost`,
    e.g. the sphere) are rendered on their own and drawn at their place.
    """
    from PySide6.QtGui import QPainter
    from PySide6.QtOpenGLWidgets import QOpenGLWidget

    from ..views.gl_window import GLViewHost

    image = window.grab().toImage()
    painter = QPainter(image)
    for view in window.findChildren(QWidget):
        if not isinstance(view, (QOpenGLWidget, GLViewHost)) or not view.isVisible():
            continue
        frame = view.grabFramebuffer()
        if frame.isNull():
            continue
        frame.setDevicePixelRatio(image.devicePixelRatio())
        painter.drawImage(view.mapTo(window, QPoint(0, 0)), frame)
    painter.end()
    return image


def save_png(image: QImage, path: str | Path) -> Path:
    """Encode ``image`` as PNG and write it atomically."""
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.WriteOnly)
    if image.isNull() or not image.save(buf, "PNG"):
        raise OSError("the image could not be rendered")
    payload = bytes(data.data())
    return atomic_write(path, lambda fh: fh.write(payload))


class Exporter(QObject):
    """Export actions for the main window."""

    message = Signal(str)

    def __init__(self, playground: PlaygroundController, window: QWidget):
        super().__init__(window)
        self._pg = playground
        self._window = window

    def _ask(self, title: str, name: str, filt: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self._window, title, name, filt)
        return path or None

    def _fail(self, what: str, exc: Exception) -> None:
        QMessageBox.critical(self._window, f"Cannot export {what}", str(exc))

    def png(self, widget: QWidget | None = None, name: str = "contrastive-viz.png") -> None:
        path = self._ask("Export PNG", name, "PNG image (*.png)")
        if not path:
            return
        try:
            image = grab_window(self._window) if widget is None else grab_image(widget)
            save_png(image, path)
        except OSError as exc:
            self._fail("PNG", exc)
            return
        self.message.emit(f"Exported {Path(path).name}")

    def numbers(self, fmt: str) -> None:
        """Export the playground's numbers as ``"csv"`` or ``"json"``."""
        path = self._ask(f"Export numbers as {fmt.upper()}", f"numbers.{fmt}", f"*.{fmt}")
        if not path:
            return
        render = report.to_csv if fmt == "csv" else report.to_json
        try:
            atomic_write_text(path, render(self._pg.scene, self._pg.evaluation))
        except OSError as exc:
            self._fail("numbers", exc)
            return
        self.message.emit(f"Exported {Path(path).name}")

    def copy_numbers(self) -> None:
        """Put the numbers on the clipboard as CSV (pastes into any spreadsheet)."""
        text = report.to_csv(self._pg.scene, self._pg.evaluation)
        QGuiApplication.clipboard().setText(text)
        self.message.emit("Copied the numbers to the clipboard (CSV)")
