"""Playing, gliding, following a run live, replaced steps, and the exports."""

import os

import numpy as np
import pytest

from contrastive_viz.app.controllers import series_loader

from .conftest import errors_of, make_steps, settle, spin


def aligned(series):
    m = series.model
    return m.coords is not None and all(x is not None for x in m.metrics)


@pytest.fixture
def opened(qtbot, series, tmp_path):
    make_steps(tmp_path / "run")
    series.loader.open_folder(tmp_path / "run")
    settle(qtbot, lambda: aligned(series))
    return series


def test_play_advances_at_the_speed_and_stops_at_the_end(qtbot, opened):
    m, player = opened.model, opened.player
    m.set_speed(8.0)
    positions = []
    m.position_changed.connect(positions.append)
    m.set_playing(True)
    settle(qtbot, lambda: not m.playing, timeout=5000)
    assert m.position == 3.0 and len(positions) > 8
    assert np.all(np.diff(positions) > 0)  # glides through fractional positions
    assert any(p % 1 for p in positions)
    assert len(player.frame_ms) > 5


def test_arrow_keys_glide_to_the_next_step(qtbot, opened):
    m = opened.model
    opened.player.step(1)
    settle(qtbot, lambda: m.position == 1.0, timeout=3000)
    opened.player.step(1)
    opened.player.step(1)  # a second press during the glide goes one further
    settle(qtbot, lambda: m.position == 3.0, timeout=3000)
    opened.player.step(1)  # at the end: stays
    spin(0.3)
    assert m.position == 3.0


def test_following_a_folder_adds_only_complete_files(qtbot, series, tmp_path):
    run = tmp_path / "live"
    steps = make_steps(run, count=2, labels=False)
    series.watch.follow(run)
    settle(qtbot, lambda: len(series.model.steps) == 2 and series.model.coords is not None)
    # the write-then-rename convention: the temp name is never read
    tmp = run / "epoch_003.npy.tmp"
    with open(tmp, "wb") as fh:
        np.save(fh, steps[1] * 1.5)
    spin(1.2)
    assert len(series.model.steps) == 2
    # a half-written file (header says more rows than there are) is never read
    full = (run / "x.bin").with_suffix(".npy")
    np.save(full, steps[1] * 2)
    data = full.read_bytes()
    full.unlink()
    (run / "epoch_004.npy").write_bytes(data[: len(data) // 2])
    spin(1.5)
    assert series.model.names == ["epoch_001", "epoch_002"]
    os.replace(tmp, run / "epoch_003.npy")
    settle(qtbot, lambda: series.model.names == ["epoch_001", "epoch_002", "epoch_003"])
    (run / "epoch_004.npy").write_bytes(data)  # completed
    settle(qtbot, lambda: len(series.model.names) == 4)
    settle(qtbot, lambda: series.model.coords is not None and series.model.coords.shape[0] == 4)
    series.watch.follow(None)


def test_a_bad_new_file_is_named_and_nothing_is_lost(qtbot, series, tmp_path):
    run = tmp_path / "live"
    make_steps(run, count=2, labels=False)
    series.watch.follow(run)
    settle(qtbot, lambda: series.model.coords is not None)
    errors = errors_of(series)
    np.save(run / "epoch_003.npy", np.ones((7, 8), np.float32))
    settle(qtbot, lambda: errors)
    assert "epoch_003" in errors[0]
    spin(1.2)
    assert series.model.names == ["epoch_001", "epoch_002"] and len(errors) == 1
    series.watch.follow(None)


def test_a_replaced_mapped_step_is_reloaded_not_read(qtbot, series, tmp_path, monkeypatch):
    monkeypatch.setattr(series_loader, "COPY_BELOW", 0)  # keep every step memory-mapped
    run = tmp_path / "run"
    steps = make_steps(run, count=3)
    series.loader.open_folder(run)
    settle(qtbot, lambda: aligned(series))
    assert isinstance(series.model.steps[1].vectors, np.memmap)
    stale = []
    series.jobs.stale.connect(stale.append)
    # replaced in place by a truncated file: reading the old mapping would SIGBUS
    with open(run / "epoch_002.npy", "r+b") as fh:
        fh.truncate(200)
    assert series.loader.check_identities() == [1]
    assert series.jobs.realign() is None and stale == [[1]]
    np.save(run / "epoch_002.npy", steps[1] * 3)  # the new complete file
    settle(qtbot, lambda: series.loader.check_identities() == [] and aligned(series))
    np.testing.assert_allclose(np.asarray(series.model.steps[1].vectors), steps[1] * 3)


def test_exports_write_npz_csv_and_a_gif(qtbot, opened, tmp_path):
    ex, m = opened.exports, opened.model
    assert ex.save_coords(tmp_path / "a.npz")
    with np.load(tmp_path / "a.npz") as z:
        np.testing.assert_allclose(z["coords"], m.coords)
        assert list(z["names"]) == m.names
    m.set_position(3)
    settle(qtbot, lambda: m.change is not None and m.change["overlap"] is not None)
    assert ex.save_table(tmp_path / "moved.csv")
    lines = (tmp_path / "moved.csv").read_text().splitlines()
    assert len(lines) == m.n_points + 1 and "movement" in lines[0]
    with qtbot.waitSignal(ex.animation_done, timeout=30_000):
        assert ex.save_animation(tmp_path / "replay.gif")
    from PIL import Image

    with Image.open(tmp_path / "replay.gif") as gif:
        assert gif.n_frames > 3 * 8 and gif.size[0] > 100
    assert m.position == 3.0  # back where it was


def test_the_export_menu_entries_write_files_with_one_progress_dialog(qtbot, opened, tmp_path,
                                                                      monkeypatch):  # fmt: skip
    from contrastive_viz.app.controllers import series_wiring

    targets = iter([tmp_path / "c.npz", tmp_path / "r1.gif", tmp_path / "r2.gif"])
    monkeypatch.setattr(series_wiring, "ask_save", lambda *_a: next(targets))
    opened.actions["export_npz"].trigger()
    assert (tmp_path / "c.npz").exists()
    for name in ("r1.gif", "r2.gif"):
        with qtbot.waitSignal(opened.exports.animation_done, timeout=30_000):
            opened.actions["export_anim"].trigger()
        assert (tmp_path / name).stat().st_size > 1000
    assert opened.replay_dialog is not None and not opened.replay_dialog.isVisible()


def test_a_new_temperature_recomputes_supcon(qtbot, opened, window):
    m = opened.model
    before = [x.supcon for x in m.metrics]
    assert m.metrics_temperature == window.playground.scene.temperature
    window.playground.set_temperature(0.5)
    settle(qtbot, lambda: m.metrics_temperature == 0.5 and all(x is not None for x in m.metrics))
    settle(qtbot, lambda: [x.supcon for x in m.metrics] != before)
    assert "τ = 0.5" in opened.page.metrics.note.text
