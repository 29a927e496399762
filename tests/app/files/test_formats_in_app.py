"""New formats in the app: the Open filter, HF datasets folders, choosing the array."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QDialog, QWidget

from contrastive_viz.app.controllers.dataset_choice import (
    EMBEDDING_FILTER,
    default_key,
    open_embeddings,
)
from contrastive_viz.app.controllers.explorer import ExplorerController
from contrastive_viz.app.models.explorer import ExplorerModel
from contrastive_viz.app.views.choose_dataset_dialog import ChooseDatasetDialog
from contrastive_viz.core.embeddings import SUPPORTED_SUFFIXES


def _idle(busy: bool) -> bool:
    return not busy


@pytest.fixture
def explorer(qtbot):
    host = QWidget()
    qtbot.addWidget(host)
    return ExplorerController(ExplorerModel(), parent=host), host


def test_the_open_filter_lists_every_supported_suffix():
    for suffix in SUPPORTED_SUFFIXES:
        assert f"*{suffix}" in EMBEDDING_FILTER


def test_default_key_follows_the_loader():
    assert default_key(["a", "model/Embeddings", "b"]) == "model/Embeddings"
    assert default_key(["a", "b"]) is None


def test_the_dialog_lists_candidates_and_preselects(qtbot):
    found = {"a": ((4, 3), "F32"), "vectors": ((1000, 64), "BF16")}
    dialog = ChooseDatasetDialog("m.safetensors", found, "vectors")
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 2 and dialog.chosen() == "vectors"
    assert "1,000 × 64" in dialog.list.item(1).text()


def _two_tensors(tmp_path):
    st = pytest.importorskip("safetensors.numpy")
    rng = np.random.default_rng(0)
    path = tmp_path / "m.safetensors"
    first = rng.normal(size=(12, 5)).astype(np.float32)
    second = rng.normal(size=(30, 4)).astype(np.float32)
    second[3] = np.nan
    st.save_file({"first": first, "second": second}, str(path))
    return path


def test_the_chosen_tensor_is_loaded_and_kept_when_dropping_rows(
    explorer, qtbot, tmp_path, monkeypatch
):
    controller, host = explorer
    path = _two_tensors(tmp_path)

    def pick_second(dialog):
        dialog.list.setCurrentRow(1)
        return QDialog.Accepted

    monkeypatch.setattr(ChooseDatasetDialog, "exec", pick_second)
    with qtbot.waitSignal(controller.invalid_rows, timeout=20_000) as sig:
        assert open_embeddings(controller, path, host) is not None
    assert sig.args[3] == 1
    with qtbot.waitSignal(controller.loader.busy_changed, timeout=20_000, check_params_cb=_idle):
        controller.loader.reopen_dropping_invalid()
    ds = controller.model.data.dataset
    assert ds.n == 29 and ds.vectors.shape[1] == 4 and ds.dropped == 1


def test_cancelling_the_choice_opens_nothing(explorer, tmp_path, monkeypatch):
    controller, host = explorer
    monkeypatch.setattr(ChooseDatasetDialog, "exec", lambda dialog: QDialog.Rejected)
    assert open_embeddings(controller, _two_tensors(tmp_path), host) is None
    assert not controller.busy and controller.model.data.dataset is None


def test_a_hugging_face_folder_opens_in_the_explorer(explorer, qtbot, tmp_path):
    datasets = pytest.importorskip("datasets")
    controller, host = explorer
    x = np.random.default_rng(2).normal(size=(16, 6)).astype(np.float32)
    d = datasets.Dataset.from_dict({"text": [f"s{i}" for i in range(16)], "embedding": x.tolist()})
    folder = tmp_path / "saved"
    d.save_to_disk(str(folder))
    with qtbot.waitSignal(controller.loader.busy_changed, timeout=20_000, check_params_cb=_idle):
        open_embeddings(controller, folder, host)
    ds = controller.model.data.dataset
    np.testing.assert_allclose(ds.vectors, x)
    assert ds.label_column == "text"
