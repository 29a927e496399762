"""The series model: one event per field, clamping, resets, stale results dropped (no Qt)."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from contrastive_viz.app.models.series import SeriesModel, SeriesStep


def recorder(signal):
    seen = []
    signal.connect(lambda *args: seen.append(args[0] if args else None))
    return seen


def steps(count=3, n=6, d=4):
    rng = np.random.default_rng(0)
    return [
        SeriesStep(f"epoch_{i:03d}", Path(f"epoch_{i:03d}.npy"), rng.standard_normal((n, d)))
        for i in range(count)
    ]


def loaded(count=3):
    m = SeriesModel()
    m.set_steps(steps(count), [None] * count)
    return m


def test_model_imports_no_qt():
    code = (
        "import sys, contrastive_viz.app.models.series\n"
        "print(','.join(m for m in ('PySide6', 'pyqtgraph') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_position_clamps_and_emits_once_per_change():
    m = loaded(3)
    seen = recorder(m.position_changed)
    m.set_position(1.25)
    m.set_position(1.25)
    m.set_position(7)
    m.set_position(-1)
    assert seen == [1.25, 2.0, 0.0]
    assert m.step_index == 0


def test_step_by_goes_to_the_neighbouring_whole_step():
    m = loaded(4)
    m.set_position(1.4)
    m.step_by(1)
    assert m.position == 2.0
    m.set_position(1.4)
    m.step_by(-1)
    assert m.position == 1.0
    m.step_by(-1)
    m.step_by(-1)
    assert m.position == 0.0


def test_fields_validate_and_emit_only_on_change():
    m = loaded(3)
    dims, colors, basis = (
        recorder(m.dims_changed),
        recorder(m.color_by_changed),
        recorder(m.basis_changed),
    )
    m.set_dims(3)
    m.set_dims(3)
    m.set_color_by("movement")
    m.set_basis(1)
    assert (dims, colors, basis) == ([3], ["movement"], [1])
    for bad in (lambda: m.set_dims(4), lambda: m.set_color_by("x"), lambda: m.set_basis(3),
                lambda: m.set_speed(0), lambda: m.set_k(0)):  # fmt: skip
        with pytest.raises(ValueError):
            bad()


def test_one_step_never_plays_and_selection_is_range_checked():
    m = loaded(1)
    m.set_playing(True)
    assert not m.playing
    m.select(99)
    assert m.selected is None
    m.select(2)
    assert m.selected == 2


def test_new_steps_reset_selection_results_and_drop_stale_coords():
    m = loaded(3)
    m.select(1)
    m.set_change(0, 1, np.zeros(6))
    sel, coords = recorder(m.selected_changed), recorder(m.coords_changed)
    m.set_steps(steps(2), [None, None])
    assert m.selected is None and m.change is None and sel == [None]
    m.set_coords(np.zeros((3, 6, 2), np.float32), "per-step")  # made for the old series
    assert m.coords is None and coords == [None]
    m.set_coords(np.zeros((2, 6, 2), np.float32), "per-step PCA")
    assert m.coords.shape == (2, 6, 2) and m.basis_shown == "per-step PCA"


def test_vectors_follow_the_row_order_and_labels_too():
    s = steps(2)
    s[1] = SeriesStep("b", Path("b.npy"), s[1].vectors, labels=list("abcdef"))
    m = SeriesModel()
    order = np.array([5, 4, 3, 2, 1, 0])
    m.set_steps(s, [None, order], "id")
    np.testing.assert_array_equal(m.vectors(1), s[1].vectors[order])
    assert m.vectors(0) is s[0].vectors
    assert m.labels == list("fedcba")


def test_append_and_replace_keep_the_rest():
    m = loaded(2)
    m.set_metrics(0, "m0")
    names = recorder(m.steps_changed)
    extra = steps(3)[2]
    m.append_step(extra, None)
    m.replace_step(1, extra)
    assert names == [
        ["epoch_000", "epoch_001", "epoch_002"],
        ["epoch_000", "epoch_002", "epoch_002"],
    ]
    assert m.metrics == ["m0", None, None] and len(m.orders) == 3
