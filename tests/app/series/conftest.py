"""Small series on disk and a window with the Series tab, for the series controller tests."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from contrastive_viz.app.controllers.playground import PlaygroundController
from contrastive_viz.app.main_window import MainWindow
from contrastive_viz.app.models.explorer import ExplorerModel
from contrastive_viz.core.presets import article_example


def make_steps(folder: Path, count=4, n=120, d=8, seed=0, labels=True) -> list[np.ndarray]:
    """``count`` steps of clusters that tighten, as epoch_001.npy …, plus metadata.tsv."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((4, d)) * 3
    lab = rng.integers(0, 4, n)
    noise = rng.standard_normal((n, d))
    out = []
    for e in range(1, count + 1):
        t = e / count
        x = (t * centres[lab] + (1.3 - t) * noise + 0.05 * rng.standard_normal((n, d))).astype(
            np.float32
        )
        np.save(folder / f"epoch_{e:03d}.npy", x)
        out.append(x)
    if labels:
        (folder / "metadata.tsv").write_text("\n".join(f"c{v}" for v in lab) + "\n")
    return out


def settle(qtbot, condition, timeout=20_000):
    qtbot.waitUntil(lambda: bool(condition()), timeout=timeout)


def spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.005)


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("CONTRASTIVE_VIZ_DATA_DIR", str(tmp_path / "data"))
    w = MainWindow(PlaygroundController(article_example()), ExplorerModel(), interactive=False)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def series(window):
    return window.series


def errors_of(series) -> list[str]:
    seen: list[str] = []
    for source in (series.loader, series.jobs, series.watch, series.exports):
        source.error.connect(seen.append)
    return seen


@pytest.fixture(autouse=True)
def _no_series_job_outlives_its_test():
    yield
    from contrastive_viz.app.controllers.series_loader import series_pool

    assert series_pool().waitForDone(30_000), "a series job did not finish"
