"""The window's desktop habits: icon, preferences, single window, keyboard, colours, text size.

:func:`install_desktop` is the main window's one call. It adds to the existing
menus (found through their actions, so translated titles do not matter):

- Edit › Select Previous/Next Vector (``[``/``]``) and Preferences… (Ctrl+,);
- View › Vector Colours (standard or Okabe–Ito) and Larger/Smaller/Reset Text
  Size (Ctrl++ or Ctrl+=, Ctrl+−, Ctrl+0), remembered in QSettings;

and wires the sphere's arrow keys (:mod:`..views.sphere_keys`) to
:class:`~.keyboard_turn.KeyboardTurn` and later launches to
:class:`~.single_instance.InstanceServer`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from ..views import theme
from ..views.app_icon import app_icon
from ..views.preferences_dialog import PreferencesDialog
from ..views.sphere_keys import SphereKeys
from ..views.sphere_window import HELP
from .keyboard_turn import KeyboardTurn
from .single_instance import SINGLE_WINDOW_KEY, InstanceServer, single_window_enabled

ROLES_KEY, ZOOM_KEY = "view/role_colors", "view/text_zoom"


def _menu_of(action: QAction) -> QMenu | None:
    """The menu that holds ``action``."""
    return next((o for o in action.associatedObjects() if isinstance(o, QMenu)), None)


class DesktopFeatures(QObject):
    """See the module. Attributes: ``turner``, ``sphere_keys``, ``server``, ``actions``."""

    def __init__(self, window):
        super().__init__(window)
        self._window = window
        window.setWindowIcon(app_icon())
        settings = QSettings()
        try:
            zoom = float(settings.value(ZOOM_KEY, 1.0))
        except (TypeError, ValueError):
            zoom = 1.0
        theme.set_choices(roles=str(settings.value(ROLES_KEY, "standard")), zoom=zoom)
        self.turner = KeyboardTurn(window.playground, self)
        self.sphere_keys = SphereKeys(window.sphere.gl, window.playground.model)
        self.sphere_keys.turn_requested.connect(self.turner.turn)
        keys = self.tr("[ and ] select a vector · the arrow keys turn it (Shift: finely)")
        window.sphere.setToolTip(f"{HELP}\n{keys}")
        window.sphere.gl.set_help(f"{HELP}\n{keys}")
        window.sphere.setAccessibleName(self.tr("Sphere of vectors"))
        window.sphere.setAccessibleDescription(keys)
        self.turner.message.connect(window.show_message)
        self.server = InstanceServer(self._on_files_handed_over, self)
        if window.files.interactive and single_window_enabled():
            self.server.set_listening(True)
        self.actions: dict[str, QAction] = {}
        self._build_menus(window.actions_by_name)

    # ------------------------------------------------------------ menus
    def _act(self, name: str, text: str, slot, keys=(), tip: str = "") -> QAction:
        act = QAction(text, self._window)
        act.setShortcuts([QKeySequence(k) for k in keys])
        if tip:
            act.setToolTip(tip)
            act.setStatusTip(tip)
        act.triggered.connect(slot)
        self._window.addAction(act)  # the keys work with the menu bar hidden (presenting)
        self.actions[name] = act
        return act

    def _build_menus(self, existing: dict[str, QAction]) -> None:
        edit, view = _menu_of(existing["undo"]), _menu_of(existing["present"])
        tip = self.tr("Select the previous vector; the arrow keys then turn it on the sphere")
        prev = self._act("select_previous", self.tr("Select Pre&vious Vector"),
                         lambda: self.turner.select_step(-1), ["["], tip)  # fmt: skip
        tip = self.tr("Select the next vector; the arrow keys then turn it on the sphere")
        nxt = self._act("select_next", self.tr("Select Ne&xt Vector"),
                        lambda: self.turner.select_step(+1), ["]"], tip)  # fmt: skip
        prefs = self._act("preferences", self.tr("Pre&ferences…"), self.show_preferences,
                          ["Ctrl+,"], self.tr("Single window, colours, text size"))  # fmt: skip
        prefs.setMenuRole(QAction.MenuRole.PreferencesRole)
        if edit is not None:
            edit.addSeparator()
            edit.addActions([prev, nxt])
            edit.addSeparator()
            edit.addAction(prefs)
        colours = QMenu(self.tr("Vector &Colours"), self._window)
        group = QActionGroup(self)
        for scheme, text in (
            ("standard", self.tr("&Standard")),
            ("okabe-ito", self.tr("Colour-blind Safe (&Okabe–Ito)")),
        ):
            act = colours.addAction(text)
            act.setCheckable(True)
            act.setChecked(theme.choices()["roles"] == scheme)
            act.triggered.connect(lambda _=False, s=scheme: self.set_roles(s))
            group.addAction(act)
            self.actions[f"roles_{scheme}"] = act
        larger = self._act("text_larger", self.tr("&Larger Text"), lambda: self.zoom_by(1),
                           [QKeySequence.StandardKey.ZoomIn, "Ctrl+="])  # fmt: skip
        smaller = self._act("text_smaller", self.tr("S&maller Text"), lambda: self.zoom_by(-1),
                            [QKeySequence.StandardKey.ZoomOut])  # fmt: skip
        reset = self._act("text_reset", self.tr("&Reset Text Size"), lambda: self.set_zoom(1.0),
                          ["Ctrl+0"])  # fmt: skip
        if view is not None:
            view.addSeparator()
            view.addMenu(colours)
            view.addActions([larger, smaller, reset])

    # ------------------------------------------------------------ behaviour
    def set_roles(self, scheme: str) -> None:
        """Use the ``scheme`` role colours (remembered)."""
        theme.set_choices(roles=scheme)
        QSettings().setValue(ROLES_KEY, theme.choices()["roles"])
        for name, act in self.actions.items():
            if name.startswith("roles_"):
                act.setChecked(name == f"roles_{theme.choices()['roles']}")
        self._window.set_palette(theme.palette())

    def set_zoom(self, zoom: float) -> None:
        """Scale the text of every panel by ``zoom`` (clamped; remembered)."""
        theme.set_choices(zoom=zoom)
        QSettings().setValue(ZOOM_KEY, theme.choices()["zoom"])
        self._window.set_palette(theme.palette())
        self._window.show_message(
            self.tr("Text size {0} %").format(round(100 * theme.choices()["zoom"]))
        )

    def zoom_by(self, steps: int) -> None:
        """One step larger (+1) or smaller (−1)."""
        self.set_zoom(theme.choices()["zoom"] * theme.ZOOM_STEP**steps)

    def show_preferences(self) -> None:
        values = {"single_window": single_window_enabled(), **theme.choices()}
        dialog = PreferencesDialog(values, theme.ZOOM_RANGE, self._window)
        if dialog.exec() == PreferencesDialog.DialogCode.Accepted:
            self.apply_preferences(dialog.values())

    def apply_preferences(self, values: dict) -> None:
        """Apply and remember what the Preferences dialog returned."""
        on = bool(values["single_window"])
        QSettings().setValue(SINGLE_WINDOW_KEY, on)
        if not self.server.set_listening(on) and on:
            self._window.show_message(
                self.tr("Another contrastive-viz window already receives later launches")
            )
        if values["roles"] != theme.choices()["roles"]:
            self.set_roles(values["roles"])
        if abs(values["zoom"] - theme.choices()["zoom"]) > 1e-6:
            self.set_zoom(values["zoom"])

    def _on_files_handed_over(self, paths: list[Path]) -> None:
        w = self._window
        if w.isMinimized():
            w.showNormal()
        w.raise_()
        w.activateWindow()
        if paths:  # after the reply went out: an error dialog may open
            QTimer.singleShot(0, lambda: w.open_paths(paths))


def install_desktop(window) -> DesktopFeatures:
    """Add the features of the module to ``window`` (a MainWindow)."""
    return DesktopFeatures(window)
