"""QApplication set-up, settings, the first window, and ``--screenshot``."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QApplication

from .. import __version__
from ..core import scene as sc
from ..core.presets import article_example
from .views.app_icon import app_icon

SCREENSHOT_SIZE = (1280, 800)


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, created once, with shared GL contexts and settings names."""
    app = QApplication.instance()
    if app is not None:
        return app
    # Several GL views (windows or widgets) in one process need shared contexts
    # (else pyqtgraph items fail with GLError 1281).
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication(argv or [sys.argv[0]])
    app.setOrganizationName("contrastive-viz")
    app.setApplicationName("contrastive-viz")
    app.setApplicationVersion(__version__)
    # Every window gets the app's icon; the desktop entry's name ties the windows to it.
    app.setWindowIcon(app_icon())
    app.setDesktopFileName("contrastive-viz")
    return app


def initial_scene(args) -> sc.Scene:
    """The scene to start on: ``--scene`` or the article's example, at ``--temperature``."""
    from .controllers.scene_check import read_scene

    scene = read_scene(args.scene) if args.scene else article_example()
    if args.temperature is not None:
        scene = replace(scene, temperature=args.temperature)
    return scene


def run(args) -> int:
    """Start the app from parsed command-line arguments; returns the exit code.

    2 when ``--scene`` cannot be opened; with ``--screenshot``, 1 when a file among
    ``FILES`` cannot be opened (see :func:`_screenshot`), else 0.
    """
    app = make_application()
    if args.screenshot is None and _handed_over(args):
        return 0
    try:
        scene = initial_scene(args)
    except sc.SceneError as exc:
        print(f"contrastive-viz: {exc}", file=sys.stderr)
        return 2
    shooting = args.screenshot is not None
    if shooting and (problem := _unreadable_scene(args.files)):
        print(f"contrastive-viz: cannot open the scene: {problem}", file=sys.stderr)
        return 1

    from .controllers.playground import PlaygroundController
    from .main_window import MainWindow
    from .models.explorer import ExplorerModel

    playground = PlaygroundController(scene)
    if args.scene:
        playground.model.path = Path(args.scene)
    explorer = ExplorerModel()
    window = MainWindow(playground, explorer, interactive=not shooting)
    window.restore_settings()
    if shooting:
        window.resize(*SCREENSHOT_SIZE)
    data_files = [p for p in args.files if p.suffix.lower() != ".json"]
    scene_files = [p for p in args.files if p.suffix.lower() == ".json"]
    for p in scene_files:
        window.files.open(p)
    window.show()
    # Keyboard focus from the start (F11 works before any click), also with no window manager.
    window.raise_()
    window.activateWindow()
    window.sphere.setFocus()
    if data_files:
        window.open_paths(data_files[:1])
    else:
        # The demo needs scikit-learn, slow to import (and holding the GIL while it
        # does): start it once the window's first frame is on screen.
        _after_first_frame(window, window.explorer_controller.open_demo)
    if getattr(args, "lesson", None):
        window.lessons.start(args.lesson - 1)
    if args.present:
        window.present.set_presenting(True)
    if shooting:
        return _screenshot(app, window, window.explorer_controller, args.screenshot)
    if os.environ.get("CONTRASTIVE_VIZ_EXIT_WHEN_SHOWN"):  # for benchmarks/bench_playground.py
        app.processEvents()
        print("shown", flush=True)
        QTimer.singleShot(0, app.quit)
        return app.exec()
    from .controllers.probe import install_probe

    install_probe(window)  # only with CONTRASTIVE_VIZ_PROBE set (tests/app/real_window)
    window.files.offer_recovery()
    return app.exec()


def _handed_over(args) -> bool:
    """With "single window" on, give the files to the running window; True if it took them."""
    from .controllers.single_instance import hand_over, single_window_enabled

    if not single_window_enabled():
        return False
    if getattr(args, "lesson", None) or args.present or args.temperature is not None:
        return False  # a launch that asks for its own start gets its own window
    files = [*args.files, *([args.scene] if args.scene else [])]
    if hand_over(files):
        print(f"contrastive-viz: handed {len(files)} file(s) to the running window")
        return True
    return False


def _after_first_frame(window, slot, settle_ms: int = 100, fallback_ms: int = 1000) -> None:
    """Call ``slot`` once: ``settle_ms`` after the sphere has swapped its first frame,
    so that the Qt panels paint theirs before a background job competes for the GIL,
    or after ``fallback_ms`` if the sphere never swaps (a window shown minimized)."""
    pending = [slot]

    def once() -> None:
        if pending:
            pending.pop()()

    window.sphere.gl.frameSwapped.connect(
        lambda: QTimer.singleShot(settle_ms, once), Qt.ConnectionType.SingleShotConnection
    )
    QTimer.singleShot(fallback_ms, once)


def _unreadable_scene(files: list[Path]) -> str | None:
    """The first problem with the scene files (``.json``) among ``files``, or None."""
    from .controllers.scene_check import read_scene

    for path in files:
        if path.suffix.lower() == ".json":
            try:
                read_scene(path)
            except sc.SceneError as exc:
                return str(exc)
    return None


def _screenshot(app, window, explorer, out: Path) -> int:
    """Wait for loading to finish, render the window once, save ``out``, exit.

    Returns 0 once the PNG is written; 1, with the message on stderr and no PNG, when
    the embedding file cannot be opened (also for invalid rows) or the PNG cannot be
    written.
    """
    from .controllers.exporter import grab_window, save_png

    result = {"code": 0}

    def failed(title: str, text: str) -> None:
        print(f"contrastive-viz: {title}: {text}", file=sys.stderr)
        result["code"] = 1
        app.quit()

    def invalid(text: str, path, _metadata, _count: int) -> None:
        failed("Invalid rows", f"{text} Open it in the window to drop them.")

    def shoot() -> None:
        if explorer.busy or explorer.metrics.computing:
            QTimer.singleShot(100, shoot)
            return
        window.repaint()
        app.processEvents()
        if result["code"]:  # a failure arrived meanwhile: no PNG
            return
        try:
            save_png(grab_window(window), out)
        except OSError as exc:
            failed("cannot write the screenshot", str(exc))
            return
        print(f"wrote {out}")
        app.quit()

    explorer.error.connect(failed)
    explorer.invalid_rows.connect(invalid)
    QTimer.singleShot(400, shoot)
    app.exec()
    return result["code"]
