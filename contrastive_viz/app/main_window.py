"""The main window: it assembles the two halves and their controllers.

No maths lives here: numbers come from the state objects, actions from the
controllers (scene files, exporter, player, presentation), menus from
:mod:`contrastive_viz.app.menus`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from .controllers.explorer import ExplorerController
from .exporter import Exporter
from .menus import build_menus
from .models.explorer import ExplorerModel
from .player import GradientPlayer
from .presentation import Presentation
from .scene_files import SceneFiles
from .state import PlaygroundState
from .views import theme
from .views.dataset_panel import DatasetPanel
from .views.explorer_widget import ExplorerWidget
from .views.loss_chooser import LossChooser
from .views.loss_curve import LossCurve
from .views.loss_readout import LossReadout
from .views.neighbors_panel import NeighborsPanel
from .views.probability_bars import ProbabilityBars
from .views.sphere_view import SphereView
from .views.temperature_control import TemperatureControl
from .views.vector_table import VectorTable


class MainWindow(QMainWindow):
    """Playground and explorer in one window, with menus and a status bar."""

    def __init__(self, state: PlaygroundState, explorer: ExplorerModel, interactive=True):
        super().__init__()
        self.state, self.explorer = state, explorer
        # The window owns its models, so they outlive every view connected to them.
        state.setParent(self)
        self.setWindowTitle("contrastive-viz")
        self.setAcceptDrops(True)
        self.files = SceneFiles(state, self, interactive)
        self.exporter = Exporter(state, self)
        self.player = GradientPlayer(state, self)
        self.presentation = Presentation(state, self)

        self.sphere = SphereView(state)
        self.table = VectorTable(state)
        self.readout = LossReadout(state)
        self.temperature = TemperatureControl(state)
        self.chooser = LossChooser(state)
        self.bars = ProbabilityBars(state)
        self.curve = LossCurve(state)
        self.explorer_view = ExplorerWidget(explorer)
        self.neighbors = NeighborsPanel(explorer)
        self.dataset_panel = DatasetPanel()
        self.explorer_controller = ExplorerController(
            explorer,
            state,
            self.explorer_view,
            self.neighbors,
            self.dataset_panel,
            self,
            prestart_maps=interactive,  # explorer-maps: UMAP worker process started ahead
        )
        for panel in (self.neighbors, self.dataset_panel):
            self.explorer_view.add_side_widget(_scrolling(panel))
        # The neighbours and their "Send to playground" come first.
        self.explorer_view.side_area.setSizes([460, 300])

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._playground_page(), "Playground")
        self.tabs.addTab(self.explorer_view, "Explorer")
        self.setCentralWidget(self.tabs)
        self.actions_by_name = build_menus(self)
        self.views = [
            self.sphere, self.table, self.readout, self.temperature, self.chooser,
            self.bars, self.curve, self.explorer_view, self.neighbors, self.dataset_panel,
        ]  # fmt: skip

        for source in (self.files, self.exporter):
            source.message.connect(self.show_message)
        self.table.refused.connect(self.show_message)
        self.temperature.refused.connect(self.show_message)
        self.presentation.failed.connect(self.show_message)
        ec = self.explorer_controller
        ec.scene_requested.connect(self._on_explorer_scene_requested)
        explorer.data.dataset_changed.connect(self._on_explorer_dataset_changed)
        ec.error.connect(self._on_explorer_error)
        ec.invalid_rows.connect(self._on_explorer_invalid_rows)
        state.undo_stack.cleanChanged.connect(self._update_title)
        state.structure_changed.connect(self._update_title)
        self._update_title()
        self.statusBar().showMessage("Drag a tip on the sphere; τ sets how sharp the softmax is")

    # ----------------------------------------------------------- layout
    def _playground_page(self) -> QWidget:
        buttons = QHBoxLayout()
        self.edit_buttons = QWidget()
        self.edit_buttons.setLayout(buttons)
        buttons.setContentsMargins(4, 2, 4, 2)
        self._button_row = buttons
        left = QSplitter(Qt.Vertical)
        left.addWidget(self.sphere)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.edit_buttons)
        lower_layout.addWidget(self.table)
        self.lower_panel = lower
        left.addWidget(lower)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 2)
        left.setSizes([500, 300])
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 6, 6, 6)
        for w, stretch in ((self.readout, 0), (self.temperature, 0), (self.chooser, 0)):
            right_layout.addWidget(w, stretch)
        right_layout.addWidget(self.bars, 3)
        right_layout.addWidget(self.curve, 2)
        self.main_split = QSplitter(Qt.Horizontal)
        self.main_split.addWidget(left)
        self.main_split.addWidget(right)
        self.main_split.setStretchFactor(0, 3)
        self.main_split.setStretchFactor(1, 2)
        return self.main_split

    def add_edit_button(self, action) -> None:
        """Put a menu action on the button row above the table."""
        button = QToolButton()
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonTextOnly)
        self._button_row.addWidget(button)

    # ----------------------------------------------------------- behaviour
    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 6000)

    def _update_title(self, *_args) -> None:
        if not isValid(self.state.undo_stack):  # emitted while the window is destroyed
            return
        name = self.state.path.name if self.state.path else self.state.scene.title or "untitled"
        dirty = "" if self.state.undo_stack.isClean() else " *"
        self.setWindowTitle(f"{name}{dirty} — contrastive-viz")

    def _on_explorer_scene_requested(self, scene) -> None:
        from dataclasses import replace

        scene = replace(scene, temperature=self.state.scene.temperature)
        self.state.load(scene, None, "Send from explorer")
        self.tabs.setCurrentIndex(0)
        self.show_message(
            f"Every number is computed in the original {self.state.evaluation.dimension}-D space"
        )

    def _on_explorer_dataset_changed(self, ds) -> None:
        if ds is not None and Path(ds.path).is_file():  # not the built-in demo
            self.files.recent.add(ds.path)

    def _on_explorer_error(self, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        self.show_message(text)
        if self.files.interactive:
            QMessageBox.critical(self, title, text)

    def _on_explorer_invalid_rows(self, text: str, path, metadata) -> None:
        from PySide6.QtWidgets import QMessageBox

        self.show_message(text)
        if not self.files.interactive:
            return
        box = QMessageBox(QMessageBox.Warning, "Invalid rows", text, parent=self)
        drop = box.addButton("Drop Them and Open", QMessageBox.AcceptRole)
        box.addButton(QMessageBox.Cancel)
        box.setInformativeText("The data shown now stays until the file has loaded.")
        box.exec()
        if box.clickedButton() is drop:
            self.explorer_controller.open(path, metadata, drop_invalid=True)

    def set_palette(self, pal: theme.Palette) -> None:
        theme.set_palette(pal)
        for view in self.views:
            view.apply_theme(pal)

    def open_paths(self, paths: list[Path]) -> None:
        """Open scene files (.json) in the playground, anything else in the explorer."""
        for p in paths:
            if Path(p).suffix.lower() == ".json":
                self.files.open(p)
            else:
                self.explorer_controller.open(p)
                self.tabs.setCurrentIndex(1)

    # ------------------------------------------------------------ events
    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.open_paths(paths)
            event.acceptProposedAction()

    def closeEvent(self, event) -> None:  # noqa: N802
        from .controllers.jobs import job_pool

        self.player.stop()
        self.explorer_controller.shutdown()  # explorer-maps: also stops the map worker
        job_pool().waitForDone(3000)  # no job may outlive the objects it reports to
        settings = QSettings()
        if not self.isFullScreen():
            settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/split", self.main_split.saveState())
        settings.setValue(
            "theme", theme.palette().name if theme.palette().name != "present" else "dark"
        )
        self.files.discard_recovery()
        super().closeEvent(event)

    def restore_settings(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        split = settings.value("window/split")
        if split is not None:
            self.main_split.restoreState(split)
        self.set_palette(theme.PALETTES.get(str(settings.value("theme", "dark")), theme.DARK))


def _scrolling(widget: QWidget) -> QScrollArea:
    """``widget`` in a frameless vertical scroll area, so it never forces a tall window."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
    area.setMinimumWidth(widget.minimumSizeHint().width())
    return area
