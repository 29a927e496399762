"""Icon, presentation clicker keys and blanking, the sphere's keys, colours and text size."""

import math

import numpy as np
import pytest
from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from contrastive_viz.app.controllers.playground import PlaygroundController
from contrastive_viz.app.main_window import MainWindow
from contrastive_viz.app.models.explorer import ExplorerModel
from contrastive_viz.app.views import theme
from contrastive_viz.core.contrast import contrast_ratio
from contrastive_viz.core.nudge import rotate_about
from contrastive_viz.core.presets import PRESETS, article_example


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("CONTRASTIVE_VIZ_DATA_DIR", str(tmp_path / "data"))
    w = MainWindow(PlaygroundController(article_example()), ExplorerModel(), interactive=False)
    qtbot.addWidget(w)
    w.resize(1000, 700)
    w.show()
    qtbot.waitExposed(w)
    yield w
    theme.set_choices(roles="standard", zoom=1.0)  # module state: back to the defaults
    for key in ("view/role_colors", "view/text_zoom"):
        QSettings().remove(key)


def test_the_window_has_the_apps_icon_in_every_size(window):
    sizes = window.windowIcon().availableSizes()
    for n in (16, 24, 32, 48, 64, 128, 256, 512):
        assert QSize(n, n) in sizes
    # the 16 px picture is the simplified one: mostly the sphere's blue, some gold
    image = window.windowIcon().pixmap(16, 16).toImage()
    gold = sum(
        1
        for x in range(16)
        for y in range(16)
        if (c := image.pixelColor(x, y)).red() > 200 and c.green() > 150 and c.blue() < 90
    )
    assert gold >= 6


def _activate(window, qtbot):
    """Make ``window`` the active window (its shortcuts need it), also with no window manager."""
    window.windowHandle().requestActivate()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)


def _wait_slide(qtbot, window, index):
    qtbot.waitUntil(lambda: window.presentation.index == index, timeout=3000)
    qtbot.waitUntil(lambda: not window.presentation.animating, timeout=3000)


def _black(window) -> bool:
    """The window's area on the screen is black (the cover is above the GL window)."""
    screen = QGuiApplication.primaryScreen()
    g = window.geometry()
    image = screen.grabWindow(0, g.x(), g.y(), g.width(), g.height()).toImage()
    pts = [
        (x, y) for x in np.linspace(5, g.width() - 6, 9) for y in np.linspace(5, g.height() - 6, 7)
    ]
    return all(image.pixelColor(int(x), int(y)).lightness() < 8 for x, y in pts)


def test_clicker_keys_blank_and_escape(window, qtbot):
    window.present.set_presenting(True)
    _activate(window, qtbot)
    qtbot.wait(200)
    qtbot.keyClick(window, Qt.Key_PageDown)  # a clicker's "next"
    _wait_slide(qtbot, window, 1)
    assert window.playground.scene.title == list(PRESETS)[1]
    qtbot.keyClick(window, Qt.Key_PageUp)  # and "previous"
    _wait_slide(qtbot, window, 0)
    qtbot.keyClick(window, Qt.Key_Right)
    _wait_slide(qtbot, window, 1)
    qtbot.keyClick(window, Qt.Key_Left)
    _wait_slide(qtbot, window, 0)
    assert not _black(window)
    # B blanks (the sphere's GL window too), B again comes back
    qtbot.keyClick(window, Qt.Key_B)
    assert window.present.blanked
    qtbot.waitUntil(lambda: _black(window), timeout=3000)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key_B)
    assert not window.present.blanked
    qtbot.waitUntil(lambda: not _black(window), timeout=3000)
    # "." blanks too; Ctrl+. is still a gradient step, and does not blank
    before = window.playground.scene
    qtbot.keyClick(window, Qt.Key_Period, Qt.ControlModifier)
    assert window.playground.scene != before and not window.present.blanked
    qtbot.keyClick(window, Qt.Key_Period)
    assert window.present.blanked
    # a clicker's "next" on a blank screen brings the slides back, one step on
    qtbot.keyClick(window.focusWidget() or window, Qt.Key_PageDown)
    assert not window.present.blanked
    _wait_slide(qtbot, window, 1)
    qtbot.keyClick(window, Qt.Key_Period)
    assert window.present.blanked
    qtbot.keyClick(window.focusWidget() or window, Qt.Key_Escape)  # leaves, unblanked
    assert not window.present.presenting and not window.present.blanked
    # outside presentation mode B and . do nothing
    qtbot.keyClick(window, Qt.Key_B)
    assert not window.present.blanked


def _press(window, key, mods=Qt.NoModifier, times=1):
    for _ in range(times):
        QTest.keyClick(window.sphere.gl, key, mods)


def test_brackets_select_and_arrows_turn_the_selected_vector(window, qtbot):
    pg, gl = window.playground, window.sphere.gl
    _activate(window, qtbot)
    window.sphere.setFocus()
    qtbot.keyClick(window, Qt.Key_BracketRight)
    assert pg.model.selected == 0
    qtbot.keyClick(window, Qt.Key_BracketRight)
    assert pg.model.selected == 1
    qtbot.keyClick(window, Qt.Key_BracketLeft)
    qtbot.keyClick(window, Qt.Key_BracketLeft)  # wraps to the last
    assert pg.model.selected == len(pg.scene) - 1
    i = pg.scene.anchor_index
    pg.model.selected = i
    # face the camera towards the anchor: → moves its tip right on the screen
    window.sphere.reset_camera(face=pg.scene.directions[i])
    gl.setCameraPosition(azimuth=float(np.degrees(np.arctan2(*pg.scene.directions[i][1::-1]))))
    start, x0, y0 = (
        pg.scene.directions[i].copy(),
        gl.tip_screen_pos(i).x(),
        gl.tip_screen_pos(i).y(),
    )
    count = pg.undo_stack.count()
    _press(window, Qt.Key_Right, times=3)
    # three 5° turns about the view's vertical axis (the camera's up, in scene coordinates)
    right, up = window.desktop.sphere_keys.axes()
    assert right @ up == pytest.approx(0, abs=1e-6)  # float32 view matrix
    expected = rotate_about(start, up, math.radians(15))
    np.testing.assert_allclose(pg.scene.directions[i], expected, atol=1e-6)
    assert gl.tip_screen_pos(i).x() > x0 + 10
    _press(window, Qt.Key_Up)
    assert gl.tip_screen_pos(i).y() < y0 - 5  # up on the screen
    _press(window, Qt.Key_Down, Qt.ShiftModifier)  # fine: 1°
    after_fine = pg.scene.directions[i].copy()
    _press(window, Qt.Key_Up, Qt.ShiftModifier)
    fine = rotate_about(after_fine, right, math.radians(-1.0))  # ↑ turns about "right" by −1°
    np.testing.assert_allclose(pg.scene.directions[i], fine, atol=1e-6)
    assert pg.undo_stack.count() == count  # the run is still one open edit
    qtbot.waitUntil(lambda: pg.undo_stack.count() == count + 1, timeout=3000)  # < 1 s apart: one
    assert pg.undo_stack.undoText().startswith("Turn ")
    qtbot.wait(100)
    _press(window, Qt.Key_Left)  # a second run after the pause: a second step
    qtbot.waitUntil(lambda: pg.undo_stack.count() == count + 2, timeout=3000)
    pg.undo()
    pg.undo()
    np.testing.assert_allclose(pg.scene.directions[i], start, atol=1e-12)


def test_arrows_with_nothing_selected_leave_the_scene(window):
    pg = window.playground
    pg.model.selected = None
    before = pg.scene
    _press(window, Qt.Key_Right)
    assert pg.scene == before


def test_a_run_is_one_undo_step_even_when_ctrl_z_interrupts_it(window):
    pg = window.playground
    pg.model.selected = 1
    count = pg.undo_stack.count()
    _press(window, Qt.Key_Left, times=4)
    pg.undo()  # finishes the run first, then undoes it whole
    assert pg.undo_stack.count() == count + 1 and pg.undo_stack.index() == count
    assert pg.scene == article_example()


@pytest.mark.parametrize(
    "pal", [theme.DARK, theme.LIGHT, theme.presenting(768), theme.presenting(2160)], ids=str
)
def test_okabe_ito_roles_reach_3_to_1_on_every_theme(pal):
    theme.set_choices(roles="okabe-ito")
    try:
        styled = theme.styled(pal)
    finally:
        theme.set_choices(roles="standard")
    for role in ("anchor", "positive", "negative", "gradient"):
        color = getattr(styled, role)
        assert contrast_ratio(color, pal.background) >= 3.0, (pal.name, role, color)
        assert contrast_ratio(color, pal.surface) >= 3.0, (pal.name, role, color)
    assert styled.anchor != pal.anchor and styled.roles == "okabe-ito"


def test_colours_and_text_size_apply_to_the_views_and_are_remembered(window, qtbot):
    _activate(window, qtbot)
    app = QApplication.instance()
    window.desktop.actions["roles_okabe-ito"].trigger()  # restyles: fonts at the theme's size
    base = app.font().pointSizeF()
    assert theme.palette().roles == "okabe-ito"
    assert QSettings().value("view/role_colors") == "okabe-ito"
    gl = window.sphere.gl
    i = window.playground.scene.anchor_index
    anchor = tuple(np.round(gl._colors[i, :3] * 255).astype(int))
    assert anchor == (0xE6, 0x9F, 0x00)  # Okabe–Ito orange passes 3:1 on the dark theme
    table = window.table.table_model  # the table's swatches say the same
    swatch = table.data(table.index(i, 0), Qt.DecorationRole)
    assert swatch.name() == "#e69f00"
    qtbot.keyClick(window, Qt.Key_Equal, Qt.ControlModifier)  # Ctrl++ on a US keyboard
    assert app.font().pointSizeF() == pytest.approx(base * theme.ZOOM_STEP, rel=1e-3)
    assert float(QSettings().value("view/text_zoom")) == pytest.approx(theme.ZOOM_STEP, rel=1e-3)
    qtbot.keyClick(window, Qt.Key_Minus, Qt.ControlModifier)
    qtbot.keyClick(window, Qt.Key_Minus, Qt.ControlModifier)
    assert app.font().pointSizeF() == pytest.approx(base / theme.ZOOM_STEP, rel=1e-3)
    qtbot.keyClick(window, Qt.Key_0, Qt.ControlModifier)
    assert app.font().pointSizeF() == pytest.approx(base)
    # presentation mode keeps both choices, and leaving restores the window's palette
    window.desktop.set_zoom(1.3)
    window.present.set_presenting(True)
    assert theme.palette().name == "present" and theme.palette().roles == "okabe-ito"
    assert theme.palette().zoom == 1.3
    window.present.set_presenting(False)
    assert theme.palette().name == "dark" and theme.palette().font_scale == pytest.approx(1.3)


def test_preferences_are_applied_and_remembered(window, monkeypatch):
    from contrastive_viz.app.controllers import single_instance

    name = f"cv-test-{id(window)}"
    monkeypatch.setattr(single_instance, "server_name", lambda: name)
    window.desktop.apply_preferences({"single_window": True, "roles": "okabe-ito", "zoom": 1.5})
    assert single_instance.single_window_enabled() and window.desktop.server.listening
    assert theme.choices() == {"roles": "okabe-ito", "zoom": 1.5}
    window.desktop.apply_preferences({"single_window": False, "roles": "standard", "zoom": 1.0})
    assert not single_instance.single_window_enabled() and not window.desktop.server.listening
    assert not single_instance.hand_over([], name)  # nobody listens any more


def test_preferences_dialog_shows_and_returns_the_values(qtbot):
    from contrastive_viz.app.views.preferences_dialog import PreferencesDialog

    values = {"single_window": True, "roles": "okabe-ito", "zoom": 1.3}
    dialog = PreferencesDialog(values)
    qtbot.addWidget(dialog)
    assert dialog.values() == values
    dialog.single.setChecked(False)
    dialog.roles.setCurrentIndex(dialog.roles.findData("standard"))
    dialog.zoom.setValue(500)  # clamped to the range
    assert dialog.values() == {"single_window": False, "roles": "standard", "zoom": 2.5}
