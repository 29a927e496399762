"""Install the Series tab in the main window: ONE call, ``install_series(window)``.

It makes the series model, the tab (``views/series_page.py``) and the controllers
(loader, jobs, views binding, player, live follower, exports), adds the tab after
Playground and Explorer, and adds File menu entries (Open Series Folder…, Open Series
Files…, Compare With…, Follow Folder Live…, an Export Series submenu), View › Series
(Ctrl+3) and Help › Demo Series.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QProgressDialog

from ..models.series import SeriesModel
from ..views.series_page import SeriesPage
from .series_dialogs import SeriesProbe, ask_folder, ask_open, ask_save, show_progress
from .series_exports import SeriesExports, mp4_available
from .series_jobs import SeriesJobs
from .series_loader import SeriesLoader
from .series_player import SeriesPlayer
from .series_views import SeriesViews
from .series_watch import SeriesWatch

__all__ = ["Series", "install_series"]


def _tr(text: str) -> str:
    return QCoreApplication.translate("Series", text)


@dataclass
class Series:
    """What :func:`install_series` made (kept by the window as ``window.series``)."""

    model: SeriesModel
    page: SeriesPage
    loader: SeriesLoader
    jobs: SeriesJobs
    views: SeriesViews
    player: SeriesPlayer
    watch: SeriesWatch
    exports: SeriesExports
    actions: dict

    probe: object = None
    replay_dialog: object = None

    def show(self) -> None:
        """Bring the Series tab to the front, the keyboard in view A (←/→, Space)."""
        self.page.window().tabs.setCurrentWidget(self.page)
        if self.model.steps:
            self.views.plots[0].setFocus()

    def shutdown(self) -> None:
        """Stop playing, following and every series job (the window is closing)."""
        from .series_loader import series_pool

        self.player.stop()
        self.watch.follow(None)
        self.loader.cancel()
        self.jobs.cancel_all()
        self.exports.cancel()
        series_pool().waitForDone(3000)

    def open_demo(self) -> None:
        from ...core.series import demo_series

        self.show()
        self.loader.open_folder(demo_series())

    def grab_a(self):
        plot = self.views.plots[0]
        return plot.grabFramebuffer() if hasattr(plot, "grabFramebuffer") else plot.grab().toImage()


def _find_menu(window, title: str) -> QMenu:
    for action in window.menuBar().actions():
        if action.menu() is not None and action.text().replace("&", "") == title:
            return action.menu()
    return window.menuBar().addMenu("&" + title)


def install_series(window) -> Series:
    """Build the series feature into ``window`` (a MainWindow) and return it."""
    model = SeriesModel()
    page = SeriesPage()
    loader = SeriesLoader(model, window)
    temperature = lambda: window.playground.model.scene.temperature  # noqa: E731
    jobs = SeriesJobs(model, loader, temperature, window)
    views = SeriesViews(model, page, window)
    player = SeriesPlayer(model, window)
    watch = SeriesWatch(model, loader, window)
    series = Series(model, page, loader, jobs, views, player, watch, None, {})
    series.exports = SeriesExports(model, series.grab_a, window)
    window.tabs.addTab(page, _tr("Series"))
    window.views.append(page)

    show_error = partial(window.links.show_error, _tr("Series"))
    for source in (loader, jobs, watch, series.exports):
        source.error.connect(show_error)
    for source in (jobs, watch, series.exports):
        getattr(source, "status", getattr(source, "message", None)).connect(window.show_message)
    loader.job_started.connect(lambda job: show_progress(window, job, _tr("Opening the series")))
    jobs.job_started.connect(lambda job, title: show_progress(window, job, title))
    jobs.stale.connect(lambda steps: watch.poll())
    window.playground.model.scene_changed.connect(jobs.temperature_changed)  # SupCon at τ
    loader.loaded.connect(series.show)
    page.demo_requested.connect(series.open_demo)
    page.step_key.connect(player.step)
    page.play_key.connect(lambda: model.set_playing(not model.playing))
    _install_menus(window, series)
    if os.environ.get("CONTRASTIVE_VIZ_PROBE"):
        series.probe = SeriesProbe(window, model, page)
    return series


def _action(window, text: str, slot, shortcut: str | None = None, tip: str = "") -> QAction:
    action = QAction(text, window)
    action.triggered.connect(lambda *_: slot())
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    window.addAction(action)  # the shortcut works with the menu bar hidden
    return action


def _replay_dialog(window, series: Series) -> QProgressDialog:
    """The one progress dialog of the replay export (made once, reused)."""
    dialog = getattr(series, "replay_dialog", None)
    if dialog is None:
        ex = series.exports
        dialog = QProgressDialog(_tr("Rendering the replay…"), _tr("Cancel"), 0, 1000, window)
        dialog.setWindowTitle(_tr("Export Replay"))
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(True)
        ex.animation_progress.connect(lambda f: dialog.setValue(min(int(f * 1000), 999)))
        ex.animation_done.connect(lambda _p: dialog.reset())
        ex.error.connect(lambda _t: dialog.reset())
        dialog.canceled.connect(ex.cancel)
        series.replay_dialog = dialog
    return dialog


def _install_menus(window, series: Series) -> None:
    loader, acts = series.loader, series.actions

    def open_folder() -> None:
        folder = ask_folder(window, _tr("Open Series Folder"))
        if folder is not None:
            loader.open_folder(folder)

    def open_files() -> None:
        paths = ask_open(window, _tr("Open Series Files (two or more)"))
        if paths:
            loader.open_files(paths)

    def compare_with() -> None:
        ds = window.explorer.data.dataset
        if ds is None:
            window.links.show_error(_tr("Compare With"), _tr("Open a file in the explorer first."))
            return
        other = ask_open(window, _tr("Compare {0} With").format(Path(ds.path).name), many=False)
        if other:
            loader.open_pair(Path(ds.path), other[0])

    def follow() -> None:
        if series.watch.folder is not None:
            series.watch.follow(None)
            return
        folder = ask_folder(window, _tr("Follow a Training Run's Folder"))
        if folder is not None:
            series.model.clear()
            series.show()
            series.watch.follow(folder)

    def matching() -> None:
        from PySide6.QtWidgets import QInputDialog

        auto, position = (
            _tr("automatic: the column 'id' when every step has one"),
            _tr("by position"),
        )
        columns = list(series.model.steps[0].metadata) if series.model.steps else []
        items = [auto, position, *columns]
        current = {"auto": 0, None: 1}.get(loader.id_column)
        if current is None:
            current = items.index(loader.id_column) if loader.id_column in items else 0
        choice, ok = QInputDialog.getItem(window, _tr("Match Series Rows"),
                                          _tr("Match each step's rows to the first step's:"),
                                          items, current, False)  # fmt: skip
        if ok:
            loader.reopen({auto: "auto", position: None}.get(choice, choice))

    def export(kind: str) -> None:
        ex = series.exports
        if kind == "npz":
            path = ask_save(window, _tr("Export Aligned Coordinates"), "series_aligned.npz",
                            _tr("NumPy archive (*.npz)"))  # fmt: skip
            if path is not None:
                ex.save_coords(path)
        elif kind == "csv":
            path = ask_save(window, _tr("Export Most-Moved Table"), "most_moved.csv",
                            _tr("CSV (*.csv)"))  # fmt: skip
            if path is not None:
                ex.save_table(path)
        else:
            kinds = _tr("GIF (*.gif)") + (
                ";;" + _tr("MP4 video (*.mp4)") if mp4_available() else ""
            )
            path = ask_save(window, _tr("Export Replay"), "series_replay.gif", kinds)
            if path is not None and ex.save_animation(path):
                _replay_dialog(window, series).setValue(0)

    file_menu = _find_menu(window, "File")
    file_menu.addSeparator()
    tips = {
        "open_folder": _tr("Open a folder of step files (epoch_003.npy, …) as a series"),
        "open_files": _tr("Open two or more embedding files as the steps of a series"),
        "compare": _tr("Compare the explorer's file with another file (same items)"),
        "follow": _tr("Watch a training run's folder; new steps join the timeline"),
        "matching": _tr("Match rows by position or by a metadata column (then reopen)"),
    }
    for key, text, slot, shortcut in (
        ("open_folder", _tr("Open Series &Folder…"), open_folder, "Ctrl+Alt+O"),
        ("open_files", _tr("Open Series F&iles…"), open_files, None),
        ("compare", _tr("&Compare With…"), compare_with, None),
        ("follow", _tr("Follow Folder &Live…"), follow, None),
        ("matching", _tr("Match Series &Rows By…"), matching, None),
    ):
        acts[key] = _action(window, text, slot, shortcut, tips[key])
    acts["follow"].setCheckable(True)
    series.watch.following_changed.connect(lambda f: acts["follow"].setChecked(f is not None))
    file_menu.addActions(
        [acts[k] for k in ("open_folder", "open_files", "compare", "follow", "matching")]
    )
    export_menu = file_menu.addMenu(_tr("Export &Series"))
    for key, text in (
        ("npz", _tr("Aligned Coordinates (.npz)…")),
        ("csv", _tr("Most-Moved Table (.csv)…")),
        ("anim", _tr("Replay Animation (GIF/MP4)…")),
    ):
        acts["export_" + key] = _action(window, text, partial(export, key))
        export_menu.addAction(acts["export_" + key])
    acts["show"] = _action(window, _tr("&Series"), series.show, "Ctrl+3")
    _find_menu(window, "View").addAction(acts["show"])
    demo_tip = _tr("Open a small built-in series (made once, then cached)")
    acts["demo"] = _action(window, _tr("&Demo Series"), series.open_demo, None, demo_tip)
    _find_menu(window, "Help").addAction(acts["demo"])
