"""The explorer's models need no Qt and no display: events, clamping, caching, resets."""

import subprocess
import sys

import numpy as np
import pytest

from contrastive_viz.app.models.explorer import ExplorerModel
from contrastive_viz.app.models.point_selection import PointSelection
from contrastive_viz.app.models.send_plan import SendPlan
from contrastive_viz.app.models.view_settings import ViewSettings
from contrastive_viz.core.colors import color_mapping, encode
from contrastive_viz.core.explorer_data import fit_projection

from ..explorer_fixtures import make_set


def recorder(signal):
    seen = []
    signal.connect(lambda *args: seen.append(args[0] if len(args) == 1 else args))
    return seen


def test_models_import_no_qt():
    code = (
        "import sys, contrastive_viz.app.models.explorer\n"
        "bad = [m for m in ('PySide6', 'shiboken6', 'pyqtgraph') if m in sys.modules]\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_settings_emit_one_event_per_changed_field():
    s = ViewSettings()
    sizes, opacities, ks = (
        recorder(s.point_size_changed),
        recorder(s.opacity_changed),
        recorder(s.k_changed),
    )
    s.set_point_size(100)
    s.set_point_size(100)
    s.set_opacity(0.0)
    s.set_k(0)
    assert sizes == [40.0] and opacities == [0.05] and ks == [1]
    with pytest.raises(ValueError):
        s.set_dims(4)
    with pytest.raises(ValueError, match="no metadata column"):
        s.set_color_by("nope")
    s.toggle_class("dog")
    assert s.filter_text == "=dog"
    s.toggle_class("dog")
    assert s.filter_text == ""


def test_install_resets_selection_and_style_consistently():
    model = ExplorerModel()
    ds = make_set()
    model.install(ds, fit_projection(ds.vectors))
    model.settings.set_filter_text("cat")
    model.selection.select(3)
    model.selection.pin_anchor()
    model.selection.mark([4], "negative")
    seen = []
    model.data.dataset_changed.connect(
        lambda d: seen.append((d.n, model.selection.selected, model.settings.filter_text))
    )
    other = make_set(n=120, seed=1)
    model.install(other, fit_projection(other.vectors))
    assert seen == [(120, None, "")]
    sel = model.selection
    assert (sel.selected, sel.anchor, sel.marks, sel.n_points) == (None, None, {}, 120)
    assert model.settings.color_by == "label" and model.style.visible_mask().all()
    assert model.data.coords.shape == (120, 3) and model.data.coords.dtype == np.float32


def test_style_caches_and_follows_the_settings():
    model = ExplorerModel()
    ds = make_set()
    model.install(ds, fit_projection(ds.vectors))
    colors = recorder(model.style.colors_changed)
    masks = recorder(model.style.mask_changed)
    first = model.style.colors
    assert model.style.colors is first and first.kind == "categorical"
    model.settings.set_color_by("score")
    assert colors[-1] is model.style.colors and colors[-1].kind == "continuous"
    model.settings.set_filter_text("=dog")
    np.testing.assert_array_equal(masks[-1], np.array(ds.labels) == "dog")
    assert model.style.visible_mask() is masks[-1]


def test_selection_marks_and_anchor():
    sel = PointSelection()
    sel.reset(10)
    events = recorder(sel.selected_changed)
    sel.select(12)  # out of range: ignored
    sel.select(2)
    assert events == [2] and sel.effective_anchor == 2
    assert sel.pin_anchor() and not sel.pin_anchor()
    sel.select(5)
    assert sel.effective_anchor == 2
    sel.mark([2, 4, 6], "positive")
    sel.mark([6], "negative")
    assert sel.marked("positive") == [4] and sel.marked("negative") == [6]
    sel.mark([4], None)
    assert sel.marks == {2: "positive", 6: "negative"}
    with pytest.raises(ValueError):
        sel.mark([1], "anchor")


def test_send_plan_validates_its_modes():
    plan = SendPlan()
    modes = recorder(plan.negative_mode_changed)
    plan.set_negative_mode("random")
    plan.set_k(0)
    assert modes == ["random"] and plan.k == 1
    with pytest.raises(ValueError):
        plan.set_positive_mode("hardest")


def test_tooltip_rows_are_one_builder():
    model = ExplorerModel()
    ds = make_set()
    model.install(ds, fit_projection(ds.vectors))
    rows = model.data.describe(7)
    assert rows[:2] == [("index", "7"), ("label", ds.labels[7])]
    assert rows[-1][0] == "norm" and ("score", ds.metadata["score"][7]) in rows
    assert model.data.tooltip(7).startswith("<b>index</b>: 7<br><b>label</b>: ")
    assert model.data.axis_titles()[0].startswith("PC1 (")


def test_color_mapping_goes_continuous_beyond_50_classes():
    values = [str(i) for i in range(80)]
    m = color_mapping(values, 80, "x")
    assert m.kind == "continuous" and (m.vmin, m.vmax) == (0.0, 79.0)
    assert tuple(m.rgba[0]) != tuple(m.rgba[-1])
    names = [f"c{i}" for i in range(60)]
    assert color_mapping(names, 60).kind == "continuous"
    assert color_mapping(names[:50], 50).kind == "categorical"
    assert encode(["class 10", "class 9", "Class 1"])[0] == ["Class 1", "class 9", "class 10"]
    assert encode(["10", "9", "9.5"])[0] == ["9", "9.5", "10"]
