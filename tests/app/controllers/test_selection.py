"""The selection lives in the model: the table's row and the sphere's ring agree."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from contrastive_viz.app.controllers.playground import PlaygroundController
from contrastive_viz.app.views.sphere_view import SphereView
from contrastive_viz.app.views.vector_table import VectorTable
from contrastive_viz.core import presets
from tests.app.playground_helpers import build
from tests.app.views.sphere_helpers import lonely_front_tip


@pytest.fixture
def pair(qtbot):
    pg = PlaygroundController(presets.article_example())
    sphere, table = build(SphereView, pg), build(VectorTable, pg)
    for w in (sphere, table):
        qtbot.addWidget(w)
        w.resize(600, 500)
        w.show()
        qtbot.waitExposed(w)
    qtbot.waitUntil(sphere.gl.isExposed)
    return pg, sphere, table


def test_a_table_click_selects_on_the_sphere(pair, qtbot):
    pg, sphere, table = pair
    sphere.render_now()
    rect = table.visualRect(table.table_model.index(4, 0))
    QTest.mouseClick(table.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())
    assert pg.model.selected == 4 == table.selected_row() == sphere.ring_index
    assert sphere.render_now()  # the ring moved: a frame was due
    assert pg.undo_stack.count() == 0  # a selection is not an edit


def test_a_sphere_pick_selects_in_the_table(pair):
    pg, sphere, table = pair
    i = lonely_front_tip(sphere, pg)
    at = sphere.tip_screen_pos(i).toPoint()
    QTest.mousePress(sphere.gl, Qt.LeftButton, Qt.NoModifier, at)
    QTest.mouseRelease(sphere.gl, Qt.LeftButton, Qt.NoModifier, at)
    assert pg.model.selected == i == table.selected_row() == sphere.ring_index
    assert pg.undo_stack.count() == 0  # a click without a move changes nothing


def test_model_selection_reaches_both_and_never_loops(pair):
    pg, sphere, table = pair
    seen = []
    pg.model.selected_changed.connect(seen.append)
    pg.model.selected = 2
    assert table.selected_row() == 2 and seen == [2]
    pg.remove_vector(6)
    pg.model.selected = None
    assert seen == [2, None]
    assert sphere.ring_index == -1 and table.selected_row() is None
