"""``install_trainer(window)``: the Train tab, its menu, its controllers, one call.

Creates the :class:`TrainingModel`, the :class:`TrainerController` and the
:class:`TrainerFiles`, adds the "Train" tab and a "Train" menu, connects the views'
intents, sends a paused step's anchor to the playground, and stops training when the
window closes (an event filter, before the window's own ``closeEvent`` waits for jobs).
"""

from __future__ import annotations

import json

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog

from ...core.training import TrainSettings, vectors_data
from ..models.training import TrainingModel
from ..views.train_page import TrainPage
from .trainer import TrainerController
from .trainer_bridge import TrainerBridge
from .trainer_files import TrainerFiles

__all__ = ["TrainerWiring", "install_trainer"]

SETTINGS_KEY = "trainer/settings"


class TrainerWiring(QObject):
    """Owns the Train tab's model, controllers and page for ``window``."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.model = TrainingModel()
        _restore_settings(self.model)
        self.trainer = TrainerController(self.model, self)
        self.files = TrainerFiles(self.trainer, self)
        self.page = TrainPage(self.model)
        self.tab_index = window.tabs.addTab(
            self.page, QCoreApplication.translate("TrainerWiring", "Train")
        )
        c = self.page.controls
        c.edited.connect(self._on_controls_edited)
        c.data_requested.connect(self._on_controls_data_requested)
        c.start_requested.connect(self.trainer.start)
        c.pause_requested.connect(self.trainer.pause)
        c.step_requested.connect(self.trainer.step_once)
        c.reset_requested.connect(self.trainer.reset)
        self.bridge = TrainerBridge(self.trainer, self.page, window, self._show)
        self.send_to_playground = self.bridge.send_to_playground
        c.send_requested.connect(self.bridge.send_to_playground)
        self.page.sphere.point_clicked.connect(self.bridge.on_point_clicked)
        self.files.message.connect(self._show)
        self.model.message.connect(window.show_message)
        self.trainer.data_loading.connect(self._on_trainer_data_loading)
        window.tabs.currentChanged.connect(self._on_tabs_current_changed)
        window.installEventFilter(self)
        self.actions = self._build_menu()

    # ----------------------------------------------------------- intents
    def _on_controls_edited(self, name: str, value) -> None:
        try:
            self.trainer.change(name, value)
        except ValueError as exc:
            self.page.controls.refuse(name, str(exc))
        else:
            self.page.controls.show_message("")

    def _on_controls_data_requested(self, which: str) -> None:
        if which == "digits":
            self.trainer.load_digits()
            return
        data = self.window.explorer.data
        ds = data.dataset
        if ds is None:
            self.page.controls.show_message(
                QCoreApplication.translate(
                    "TrainerWiring", "Load an embedding set in the Explorer first."
                ),
                True,
            )
            return
        try:
            tdata = vectors_data(ds.vectors, data.labels, ds.path.name if ds.path else "vectors")
        except ValueError as exc:
            self.page.controls.show_message(str(exc), True)
            return
        self.trainer.set_data(tdata)
        if tdata.labels is None:
            self.page.controls.show_message(
                QCoreApplication.translate(
                    "TrainerWiring",
                    "This set has no labels, so only NT-Xent trains on it: SupCon's positives "
                    "are the samples of the same class.",
                )  # fmt: skip
            )

    # -------------------------------------------------------------- menu
    def _build_menu(self) -> dict[str, QAction]:
        w = self.window
        menu = w.menuBar().addMenu(QCoreApplication.translate("TrainerWiring", "&Train"))
        acts = {}
        for key, text, slot, shortcut in (
            (
                "train_start",
                QCoreApplication.translate("TrainerWiring", "&Start / Pause"),
                self._toggle,
                "Ctrl+T",
            ),
            (
                "train_step",
                QCoreApplication.translate("TrainerWiring", "S&tep"),
                self.trainer.step_once,
                "Ctrl+Shift+T",
            ),
            (
                "train_reset",
                QCoreApplication.translate("TrainerWiring", "&Reset"),
                self.trainer.reset,
                None,
            ),
            (
                "train_open",
                QCoreApplication.translate("TrainerWiring", "&Open Run…"),
                self._open_run,
                None,
            ),
            (
                "train_save",
                QCoreApplication.translate("TrainerWiring", "Save Run &As Series…"),
                self._save_run,
                None,
            ),
            (
                "train_weights",
                QCoreApplication.translate("TrainerWiring", "Save &Weights (.npz)…"),
                self._save_weights,
                None,
            ),
            (
                "train_tab",
                QCoreApplication.translate("TrainerWiring", "Show the Train &Tab"),
                self._show_tab,
                "Ctrl+4",
            ),
        ):
            act = QAction(text, w)
            if shortcut:
                act.setShortcut(QKeySequence(shortcut))
            act.triggered.connect(slot)
            menu.addAction(act)
            acts[key] = act
        return acts

    def _toggle(self) -> None:
        (self.trainer.pause if self.trainer.running else self.trainer.start)()

    def _show_tab(self) -> None:
        self.window.tabs.setCurrentIndex(self.tab_index)

    def _save_run(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self.window, QCoreApplication.translate("TrainerWiring", "Save the run into a folder")
        )
        if folder:
            self.files.save_run(folder)

    def _open_run(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self.window, QCoreApplication.translate("TrainerWiring", "Open a run folder")
        )
        if folder:
            self.files.open_run(folder)

    def _save_weights(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.window,
            QCoreApplication.translate("TrainerWiring", "Save the encoder's weights"),
            "encoder.npz",
            "NumPy (*.npz)",
        )
        if path:
            self.files.save_weights(path)

    # ------------------------------------------------------------ events
    def _show(self, text: str) -> None:
        self.page.controls.show_message(text)
        self.window.show_message(text)

    def _on_trainer_data_loading(self, loading: bool) -> None:
        if loading:
            self.page.controls.show_message(
                QCoreApplication.translate("TrainerWiring", "Loading the digits…")
            )
        elif self.trainer.data is not None:
            self.page.controls.show_message(
                QCoreApplication.translate("TrainerWiring", "{0}: {1} points. Press Start.").format(
                    self.trainer.data.name, self.trainer.data.n
                )
            )

    def _on_tabs_current_changed(self, index: int) -> None:
        if index == self.tab_index and self.trainer.data is None:
            self.trainer.load_digits()

    def eventFilter(self, obj, event) -> bool:
        if obj is self.window and event.type() == QEvent.Close:
            self.trainer.shutdown()
            QSettings().setValue(SETTINGS_KEY, json.dumps(self.model.settings.to_dict()))
        return False


def _restore_settings(model: TrainingModel) -> None:
    """The settings of the last session (ignored when unreadable or invalid)."""
    text = QSettings().value(SETTINGS_KEY)
    if not isinstance(text, str):
        return
    try:
        model.settings = TrainSettings.from_dict(json.loads(text))
    except (ValueError, TypeError):
        pass


def install_trainer(window) -> TrainerWiring:
    """Add the Train tab and menu to ``window`` (a MainWindow); returns the wiring."""
    return TrainerWiring(window)
