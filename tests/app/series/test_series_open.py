"""Opening a series: folders, files, comparing two, bad steps, one step, ids, alignment shown."""

import numpy as np
import pytest

from contrastive_viz.core.series import align_series
from contrastive_viz.core.series_view_math import interpolate

from .conftest import errors_of, make_steps, settle


def aligned(series):
    m = series.model
    return m.coords is not None and all(x is not None for x in m.metrics)


def test_a_folder_opens_sorted_aligned_and_view_a_interpolates(qtbot, series, tmp_path):
    steps = make_steps(tmp_path / "run")
    series.loader.open_folder(tmp_path / "run")
    settle(qtbot, lambda: aligned(series))
    m = series.model
    assert m.names == ["epoch_001", "epoch_002", "epoch_003", "epoch_004"]
    assert m.matching == "position" and m.labels[0].startswith("c")
    np.testing.assert_allclose(m.coords, align_series(steps, 2), atol=1e-4)
    assert "rows matched by position" in series.views.info_text()
    assert "per-step PCA" in series.views.info_text()
    m.set_position(1.25)
    a = series.views.plots[0]
    np.testing.assert_allclose(a.points_item.x, interpolate(m.coords, 1.25)[:, 0], rtol=1e-6)
    assert series.page.timeline.step_label.text() == "epoch_002"
    assert series.page.stack.currentIndex() == 1


def test_a_bad_step_is_named_and_the_others_stay(qtbot, series, tmp_path):
    make_steps(tmp_path / "run")
    np.save(tmp_path / "run" / "epoch_003.npy", np.ones((99, 8), np.float32))  # 99 rows
    x = np.load(tmp_path / "run" / "epoch_002.npy")
    x[5] = np.nan
    np.save(tmp_path / "run" / "epoch_002.npy", x)
    errors = errors_of(series)
    series.loader.open_folder(tmp_path / "run")
    settle(qtbot, lambda: aligned(series) and errors)
    assert series.model.names == ["epoch_001", "epoch_004"]
    text = "\n".join(errors)
    assert "epoch_003" in text and "99" in text and "epoch_002" in text


def test_one_step_is_a_message_and_the_current_series_stays(qtbot, series, tmp_path):
    make_steps(tmp_path / "run", count=3)
    series.loader.open_folder(tmp_path / "run")
    settle(qtbot, lambda: aligned(series))
    make_steps(tmp_path / "one", count=1)
    errors = errors_of(series)
    series.loader.open_folder(tmp_path / "one")
    assert errors and "at least two steps" in errors[0] and "epoch_001" in errors[0]
    assert len(series.model.names) == 3 and series.model.coords is not None


def test_rows_match_by_the_id_column(qtbot, series, tmp_path):
    rng = np.random.default_rng(1)
    x = rng.standard_normal((50, 5))
    perm = rng.permutation(50)
    folder = tmp_path / "ids"
    folder.mkdir()
    for name, rows in (("step-1.csv", np.arange(50)), ("step-2.csv", perm)):
        lines = ["id,label," + ",".join(f"x{j}" for j in range(5))]
        for r in rows:
            lines.append(f"p{r},c{r % 3}," + ",".join(f"{v:.6f}" for v in x[r] * (1 + r % 2)))
        (folder / name).write_text("\n".join(lines) + "\n")
    series.loader.open_folder(folder)
    settle(qtbot, lambda: aligned(series))
    m = series.model
    assert m.matching == "id" and "id column 'id'" in series.views.info_text()
    np.testing.assert_allclose(m.vectors(1), np.asarray(m.steps[0].vectors), rtol=1e-5)
    assert series.loader.reopen(None)  # the user chooses: by position
    settle(qtbot, lambda: m.matching == "position" and aligned(series))
    assert "rows matched by position" in series.views.info_text()
    assert not np.allclose(m.vectors(1), np.asarray(m.steps[0].vectors))


def test_ids_that_do_not_match_are_an_error_naming_the_step(qtbot, series, tmp_path):
    folder = tmp_path / "ids"
    folder.mkdir()
    for name, first in (("step-1.csv", 0), ("step-2.csv", 3)):
        lines = ["id,a,b"] + [f"p{r + first},{r + 1},{r % 4}" for r in range(10)]
        (folder / name).write_text("\n".join(lines) + "\n")
    errors = errors_of(series)
    series.loader.open_folder(folder)
    settle(qtbot, lambda: errors)
    assert "step-2" in errors[0] and series.model.names == []


def test_three_dimensions_and_a_shared_basis_are_said(qtbot, series, tmp_path):
    make_steps(tmp_path / "run")
    series.loader.open_folder(tmp_path / "run")
    settle(qtbot, lambda: aligned(series))
    series.model.set_basis(1)
    settle(qtbot, lambda: "shared basis: PCA of epoch_002" in series.views.info_text())
    series.model.set_dims(3)
    settle(qtbot, lambda: series.model.coords is not None and series.model.coords.shape[2] == 3)
    assert series.page.views.currentIndex() == 1 and series.views.plots[0] is not None


@pytest.mark.parametrize("dims", [2])
def test_selecting_shows_the_trail_and_cosine_neighbours_at_each_step(
    qtbot, series, tmp_path, dims
):
    steps = make_steps(tmp_path / "run")
    series.loader.open_folder(tmp_path / "run")
    settle(qtbot, lambda: aligned(series))
    m = series.model
    m.set_k(5)
    m.select(7)
    settle(qtbot, lambda: m.step_neighbors is not None)
    for i, x in enumerate(steps):
        u = x / np.linalg.norm(x, axis=1, keepdims=True)
        s = u @ u[7]
        s[7] = -np.inf
        assert set(m.step_neighbors[1][i]) == set(np.argsort(-s)[:5])
    a = series.views.plots[0]
    assert a.trail_item.xData.size == 4 and len(a.marks_item.data) == 6


def test_compare_with_keeps_the_two_files_in_the_order_given(qtbot, series, tmp_path):
    steps = make_steps(tmp_path / "pair", count=2, labels=False)
    a, b = tmp_path / "pair" / "epoch_002.npy", tmp_path / "pair" / "epoch_001.npy"
    series.loader.open_pair(a, b)
    settle(qtbot, lambda: series.model.coords is not None)
    assert series.model.names == ["epoch_002", "epoch_001"]
    np.testing.assert_array_equal(np.asarray(series.model.steps[0].vectors), steps[1])


def test_hovering_a_point_rings_it_in_both_views_and_describes_it(qtbot, series, tmp_path):
    make_steps(tmp_path / "run")
    series.loader.open_folder(tmp_path / "run")
    settle(qtbot, lambda: aligned(series))
    settle(qtbot, lambda: series.model.change is not None)
    series.model.set_hover(4)
    assert all(len(p.hover_item.data) == 1 for p in series.views.plots)
    text = series.views.hover_text(4)
    assert text.startswith("point 4 · c") and "moved" in text
    series.model.set_hover(None)
    assert all(len(p.hover_item.data) == 0 for p in series.views.plots)
