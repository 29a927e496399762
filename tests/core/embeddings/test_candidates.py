"""vector_candidates: the arrays a safetensors or HDF5 file offers for ``key=``."""

import numpy as np
import pytest

from contrastive_viz.core.embeddings import EmbeddingFileError, vector_candidates


def test_safetensors_lists_every_2d_float_tensor(tmp_path):
    st = pytest.importorskip("safetensors.numpy")
    path = tmp_path / "m.safetensors"
    st.save_file(
        {
            "a": np.ones((4, 3), np.float32),
            "b": np.ones((5, 2), np.float16),
            "bias": np.ones(3, np.float32),
            "ids": np.ones((4, 3), np.int64),
        },
        str(path),
    )
    assert vector_candidates(path) == {"a": ((4, 3), "F32"), "b": ((5, 2), "F16")}


def test_hdf5_lists_every_2d_numeric_dataset(tmp_path):
    h5py = pytest.importorskip("h5py")
    path = tmp_path / "m.h5"
    with h5py.File(path, "w") as f:
        f["model/emb"] = np.ones((4, 3), np.float32)
        f["other"] = np.ones((6, 2), np.float64)
        f["labels"] = np.arange(4)
    found = vector_candidates(path)
    assert found == {"model/emb": ((4, 3), "float32"), "other": ((6, 2), "float64")}


def test_other_formats_offer_nothing_and_bad_files_raise(tmp_path):
    np.save(tmp_path / "v.npy", np.ones((3, 3), np.float32))
    assert vector_candidates(tmp_path / "v.npy") == {}
    (tmp_path / "bad.h5").write_bytes(b"not hdf5 at all")
    with pytest.raises(EmbeddingFileError, match=r"^bad\.h5"):
        vector_candidates(tmp_path / "bad.h5")
    (tmp_path / "dir.safetensors").mkdir()
    assert vector_candidates(tmp_path / "dir.safetensors") == {}
