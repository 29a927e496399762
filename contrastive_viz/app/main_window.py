"""The main window: it assembles the two halves, their models, views and controllers.

No maths and no behaviour live here: numbers come from the models, actions from
the controllers (edits and undo, scene files, exporter, player, presentation,
presentation mode), menus from :mod:`contrastive_viz.app.controllers.menus`.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QMainWindow,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from .controllers.desktop_wiring import install_desktop
from .controllers.explorer import ExplorerController
from .controllers.explorer_links import ExplorerLinks
from .controllers.explorer_wiring import bind_point_panel
from .controllers.exporter import Exporter
from .controllers.histogram_controller import HistogramController
from .controllers.lessons_wiring import install_lessons
from .controllers.menu_actions import MenuTargets
from .controllers.menus import build_menus
from .controllers.picture_wiring import install_pictures_toggle
from .controllers.player import GradientPlayer
from .controllers.playground import PlaygroundController
from .controllers.playground_views import PlaygroundWiring
from .controllers.present_mode import PresentMode
from .controllers.presentation import Presentation
from .controllers.scene_files import SceneFiles
from .controllers.selection_controller import SelectionController
from .controllers.series_wiring import install_series
from .controllers.status_bar import StatusMessages
from .controllers.trainer_wiring import install_trainer
from .controllers.window_state import WindowTitle, restore_window, save_window
from .models.explorer import ExplorerModel
from .views import theme
from .views.column_histogram_view import ColumnHistogramView
from .views.dataset_panel import DatasetPanel
from .views.edit_buttons import EditButtons
from .views.explorer_widget import ExplorerWidget
from .views.loss_chooser import LossChooser
from .views.loss_curve import LossCurve
from .views.loss_readout import LossReadout
from .views.neighbors_panel import NeighborsPanel
from .views.panel_scroll import PanelScroll
from .views.point_panel import PointPanel
from .views.probability_bars import ProbabilityBars
from .views.selection_panel import SelectionPanel
from .views.slide_caption import SlideCaption
from .views.sphere_view import SphereView
from .views.temperature_control import TemperatureControl
from .views.vector_table import VectorTable


class MainWindow(QMainWindow):
    """Playground and explorer in one window, with menus and a status bar."""

    def __init__(
        self,
        playground: PlaygroundController,
        explorer: ExplorerModel,
        interactive=True,
        defer_tabs=False,
    ):
        super().__init__()
        self.playground, self.explorer = playground, explorer
        model = playground.model
        # The window owns its controllers, so they outlive every view connected to them.
        playground.setParent(self)
        self.setWindowTitle("contrastive-viz")
        self.setAcceptDrops(True)
        self.files = SceneFiles(playground, self, interactive)
        self.exporter = Exporter(playground, self)
        self.player = GradientPlayer(playground, self)
        self.presentation = Presentation(playground, self)

        wire = PlaygroundWiring(playground, self)
        self.sphere = wire.connect_sphere(SphereView(model))
        self.table = wire.connect_table(VectorTable(model))
        self.readout = LossReadout(model)
        self.temperature = wire.connect_temperature(TemperatureControl(model))
        self.chooser = wire.connect_chooser(LossChooser(model))
        self.bars = ProbabilityBars(model)
        self.curve = wire.connect_curve(LossCurve())
        self.caption = SlideCaption()
        self.explorer_view = ExplorerWidget(explorer)
        self.neighbors = NeighborsPanel(explorer)
        self.dataset_panel = DatasetPanel()
        self.point_panel = bind_point_panel(PointPanel(explorer), explorer)
        self.explorer_controller = ExplorerController(
            explorer,
            model,
            self.explorer_view,
            self.neighbors,
            self.dataset_panel,
            self,
            prestart_maps=interactive,  # the UMAP worker process is started ahead
        )
        self.selection_panel = SelectionPanel(explorer.rows)
        self.selection = SelectionController(
            explorer, self.explorer_view, self.selection_panel,
            self.explorer_controller.loader, self.explorer_controller.bridge, model, self,
        )  # fmt: skip
        self.histogram_view = ColumnHistogramView()
        self.histogram = HistogramController(explorer, self.histogram_view, self)
        # The neighbours and their "Send to playground" first, the dataset's numbers in
        # view, and the selection, the point and the histogram one tab away.
        more = QTabWidget()
        more.setDocumentMode(True)
        for panel, title in (
            (self.selection_panel, "Selection"),
            (self.point_panel, "Point"),
            (self.histogram_view, "Histogram"),
        ):
            more.addTab(PanelScroll(panel), title)
        for panel in (PanelScroll(self.neighbors), PanelScroll(self.dataset_panel), more):
            self.explorer_view.add_side_widget(panel)
        self.explorer_view.side_area.setSizes([330, 270, 200])

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._playground_page(), "Playground")
        # It scrolls rather than make the window wider than the screen.
        self.tabs.addTab(PanelScroll(self.explorer_view, sideways=True), "Explorer")
        self.setCentralWidget(self.tabs)
        self.status = StatusMessages(self.statusBar(), self.tabs)
        self.links = ExplorerLinks(
            self, self.explorer_controller, playground, self.files, self.tabs, self.show_message
        )
        self.open_paths = self.links.open_paths
        self.present = PresentMode(
            self,
            chrome=(self.menuBar(), self.statusBar(), self.lower_panel),
            tabs=self.tabs,
            splitter=self.main_split,
            focus=self.sphere,
            set_palette=self.set_palette,
            presentation=self.presentation,
            player=self.player,
            caption=self.caption,
            # hidden in this order until the presentation fits the screen
            optional=(
                [self.chooser],
                [self.readout.bounds_label],
                [self.curve],
                [self.temperature],
                [self.bars.title_b, self.bars.plot_b],
            ),
        )
        self.actions_by_name = build_menus(
            MenuTargets(
                window=self,
                playground=playground,
                files=self.files,
                exporter=self.exporter,
                player=self.player,
                presentation=self.presentation,
                present=self.present,
                sphere=self.sphere,
                bars=self.bars,
                curve=self.curve,
                tabs=self.tabs,
                explorer=explorer,
                explorer_view=self.explorer_view,
                open_paths=self.open_paths,
                show_message=self.show_message,
                set_palette=self.set_palette,
                add_edit_button=self.add_edit_button,
            )
        )
        self.views = [
            self.sphere, self.table, self.readout, self.temperature, self.chooser,
            self.bars, self.curve, self.caption, self.explorer_view, self.neighbors,
            self.dataset_panel, self.selection_panel, self.histogram_view, self.point_panel,
        ]  # fmt: skip

        for source in (self.files, self.exporter):
            source.message.connect(self.show_message)
        self.table.refused.connect(partial(self.status.refuse, "table"))
        self.temperature.refused.connect(partial(self.status.refuse, "temperature"))
        self.temperature.accepted.connect(partial(self.status.accept, "temperature"))
        self.presentation.failed.connect(self.show_message)
        self.selection.error.connect(self.links.show_error)
        self.title = WindowTitle(self, playground)
        self.lessons = install_lessons(self)  # Help › Lessons…, the lesson dock
        self.desktop = install_desktop(self)  # icon, preferences, keyboard, colours, text size
        self.pictures_action = install_pictures_toggle(self)  # View › Pictures in Place of Dots
        self.series = self.trainer = None
        if not defer_tabs:  # else the app calls install_tabs once the window is on screen
            self.install_tabs()

    def install_tabs(self) -> None:
        """The Series and Train tabs, with their menus (0.13 s of building)."""
        if self.series is None:
            self.series = install_series(self)  # the Series tab, its menus and its jobs
            self.trainer = install_trainer(self)

    # ----------------------------------------------------------- layout
    def _playground_page(self) -> QWidget:
        self.edit_buttons = EditButtons()
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
        for w, stretch in (
            (self.caption, 0),
            (self.readout, 0),
            (self.temperature, 0),
            (self.chooser, 0),
        ):
            right_layout.addWidget(w, stretch)
        right_layout.addWidget(self.bars, 3)
        right_layout.addWidget(self.curve, 2)
        self.main_split = QSplitter(Qt.Horizontal)
        self.main_split.addWidget(left)
        # The panels scroll rather than make the window taller than a 720-px screen.
        self.main_split.addWidget(PanelScroll(right))
        self.main_split.setStretchFactor(0, 3)
        self.main_split.setStretchFactor(1, 2)
        return self.main_split

    def add_edit_button(self, action, text: str | None = None) -> None:
        """Put a menu action on the button row above the table (with a fixed ``text``)."""
        self.edit_buttons.add(action, text)

    # ----------------------------------------------------------- behaviour
    def show_message(self, text: str) -> None:
        self.status.show(text)

    def set_palette(self, pal: theme.Palette) -> None:
        pal = theme.styled(pal)  # the user's role colours and text size
        theme.set_palette(pal)
        for view in self.views:
            view.apply_theme(pal)

    # ------------------------------------------------------------ events
    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.open_paths(paths)
            event.acceptProposedAction()

    def closeEvent(self, event) -> None:
        from .controllers.jobs import job_pool

        if not self.files.confirm_close():  # unsaved edits: Save, Discard or Cancel
            event.ignore()
            return
        self.player.stop()
        self.explorer_controller.shutdown()  # also stops the map worker process
        if self.series is not None:
            self.series.shutdown()
        job_pool().waitForDone(3000)  # no job may outlive the objects it reports to
        save_window(self, self.main_split)
        self.files.discard_recovery()
        super().closeEvent(event)

    def restore_settings(self) -> None:
        """Geometry, splitter and theme of the last session."""
        restore_window(self, self.main_split, self.set_palette)
