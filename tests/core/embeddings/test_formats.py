"""The formats users have: safetensors, HDF5, Arrow IPC / Feather v2, Hugging Face datasets.

Each test writes its file with the real library (safetensors, h5py, pyarrow, datasets).
"""

import json

import numpy as np
import pytest

from contrastive_viz.core.embeddings import load_embeddings, safetensors_candidates

from .helpers import _raises

X = np.random.default_rng(11).standard_normal((20, 6)).astype(np.float32)
LABELS = [f"item {i}" for i in range(20)]


# ------------------------------------------------------------------- safetensors


@pytest.fixture
def st():
    return pytest.importorskip("safetensors.numpy")


def test_safetensors_float32_is_memory_mapped(tmp_path, st):
    path = tmp_path / "v.safetensors"
    st.save_file({"embeddings": X, "bias": np.ones(6, np.float32)}, str(path))
    ds = load_embeddings(path)
    assert isinstance(ds.vectors, np.memmap)
    np.testing.assert_array_equal(ds.vectors, X)


def test_every_2d_float_tensor_is_offered(tmp_path, st):
    path = tmp_path / "m.safetensors"
    tensors = {
        "a": X,
        "b": X[:, :4].astype(np.float64),
        "c": X.astype(np.float16),
        "ids": np.arange(20, dtype=np.int64).reshape(10, 2),
        "v1": np.ones(3, np.float32),
    }
    st.save_file(tensors, str(path))
    found = safetensors_candidates(path)
    assert found == {"a": ((20, 6), "F32"), "b": ((20, 4), "F64"), "c": ((20, 6), "F16")}
    _raises(path, "m.safetensors: ", "several 2-D float tensors", "a (20, 6) F32")
    np.testing.assert_array_equal(load_embeddings(path, key="b").vectors, X[:, :4])
    np.testing.assert_array_equal(load_embeddings(path, key="c").vectors, X.astype(np.float16))
    _raises(path, "no 2-D float tensor named 'ids'", key="ids")


def test_bfloat16_is_up_cast_from_its_raw_bits(tmp_path):
    torch = pytest.importorskip("torch")
    from safetensors.torch import save_file

    t = torch.from_numpy(X).to(torch.bfloat16)
    path = tmp_path / "bf.safetensors"
    save_file({"embeddings": t}, str(path))
    ds = load_embeddings(path)
    np.testing.assert_array_equal(ds.vectors, t.float().numpy())


def test_bfloat16_written_from_raw_bits(tmp_path, st):
    """Without torch: bfloat16 tensors written by the library from their raw bytes."""
    import safetensors

    bits = np.ascontiguousarray((X.view(np.uint32) >> 16).astype("<u2"))
    expected = (bits.astype(np.uint32) << 16).view(np.float32)
    path = tmp_path / "bf.safetensors"
    if hasattr(safetensors, "TensorSpec"):  # safetensors >= 0.8: raw buffers
        spec = safetensors.TensorSpec(
            dtype="bfloat16", shape=list(X.shape), data_ptr=bits.ctypes.data, data_len=bits.nbytes
        )
        safetensors.serialize_file({"embeddings": spec}, str(path))
    else:
        tensor = {"dtype": "bfloat16", "shape": list(X.shape), "data": bits.tobytes()}
        safetensors.serialize_file({"embeddings": tensor}, str(path))
    np.testing.assert_array_equal(load_embeddings(path).vectors, expected)
    np.testing.assert_allclose(load_embeddings(path).vectors, X, rtol=1e-2)


@pytest.mark.parametrize(
    "data",
    [b"", b"\x10\x00\x00\x00\x00\x00\x00\x00{}", (10**15).to_bytes(8, "little") + b"{}"],
)
def test_broken_safetensors_are_loader_errors(tmp_path, data):
    path = tmp_path / "bad.safetensors"
    path.write_bytes(data or b"\x01")
    _raises(path, "bad.safetensors: ")


def test_a_safetensors_header_that_lies_about_offsets_is_refused(tmp_path):
    header = json.dumps(
        {"embeddings": {"dtype": "F32", "shape": [2**40, 2**40], "data_offsets": [0, 16]}}
    ).encode()
    path = tmp_path / "lie.safetensors"
    path.write_bytes(len(header).to_bytes(8, "little") + header + bytes(16))
    _raises(path, "lie.safetensors: ", "truncated or corrupt")


@pytest.mark.parametrize("suffix", [".pt", ".pth", ".bin"])
def test_pytorch_pickles_are_refused_with_the_conversion(tmp_path, suffix):
    path = tmp_path / f"emb{suffix}"
    path.write_bytes(b"PK\x03\x04 not really")
    message = _raises(path, f"emb{suffix}: ", "pickle", "weights_only=True", "np.save(")
    assert "save_file(" in message


# -------------------------------------------------------------------------- HDF5


@pytest.fixture
def h5py():
    return pytest.importorskip("h5py")


def test_hdf5_contiguous_float32_is_memory_mapped_with_labels(tmp_path, h5py):
    path = tmp_path / "v.h5"
    with h5py.File(path, "w") as f:
        f["model/embeddings"] = X
        f["model/labels"] = np.array(LABELS, dtype=h5py.string_dtype())
    ds = load_embeddings(path)
    assert isinstance(ds.vectors, np.memmap) and ds.labels == LABELS
    np.testing.assert_array_equal(ds.vectors, X)


def test_hdf5_chunked_compressed_float64_is_read_in_chunks(tmp_path, h5py):
    path = tmp_path / "v.hdf5"
    big = np.random.default_rng(1).standard_normal((5000, 8))
    with h5py.File(path, "w") as f:
        f.create_dataset("X", data=big, chunks=(64, 8), compression="gzip")
        f["y"] = np.arange(5000) % 3
    ds = load_embeddings(path)
    np.testing.assert_allclose(ds.vectors, big.astype(np.float32))
    assert ds.labels[:4] == ["0", "1", "2", "0"]


def test_hdf5_dataset_choice_as_for_npz(tmp_path, h5py):
    path = tmp_path / "two.h5"
    with h5py.File(path, "w") as f:
        f["a"] = X
        f["b/c"] = X[:, :3]
    _raises(path, "two.h5: ", "several 2-D datasets", "b/c (20, 3)")
    assert load_embeddings(path, key="b/c").d == 3


def test_hdf5_external_links_are_refused(tmp_path, h5py):
    with h5py.File(tmp_path / "other.h5", "w") as f:
        f["embeddings"] = X
    path = tmp_path / "link.h5"
    with h5py.File(path, "w") as f:
        f["embeddings"] = h5py.ExternalLink("other.h5", "/embeddings")
    _raises(path, "link.h5: ", "external link", "refused")


def test_hdf5_virtual_datasets_are_refused(tmp_path, h5py):
    with h5py.File(tmp_path / "src.h5", "w") as f:
        f["data"] = X
    layout = h5py.VirtualLayout(shape=X.shape, dtype="f4")
    layout[:] = h5py.VirtualSource(tmp_path / "src.h5", "data", shape=X.shape)
    path = tmp_path / "virtual.h5"
    with h5py.File(path, "w") as f:
        f.create_virtual_dataset("embeddings", layout)
    _raises(path, "virtual.h5: ", "virtual", "refused")


def test_hdf5_external_storage_is_refused(tmp_path, h5py):
    (tmp_path / "raw.bin").write_bytes(X.tobytes())
    path = tmp_path / "ext.h5"
    with h5py.File(path, "w") as f:
        f.create_dataset(
            "embeddings", X.shape, "<f4", external=[(tmp_path / "raw.bin", 0, X.nbytes)]
        )
    _raises(path, "ext.h5: ", "external files", "refused")


def test_an_hdf5_bomb_is_refused(tmp_path, h5py):
    path = tmp_path / "bomb.h5"
    with h5py.File(path, "w") as f:
        ds = f.create_dataset(
            "embeddings", (1_000_000, 64), "f8", chunks=(4096, 64), compression="gzip"
        )
        ds[:8192] = 0.0
    _raises(path, "bomb.h5: ", "like a zip bomb")


# ------------------------------------------------ Arrow IPC and Hugging Face datasets


@pytest.fixture
def pa():
    return pytest.importorskip("pyarrow")


@pytest.mark.parametrize("suffix", [".feather", ".arrow"])
def test_feather_v2_and_arrow_ipc_files(tmp_path, pa, suffix):
    import pyarrow.feather as feather

    vec = pa.FixedSizeListArray.from_arrays(pa.array(X.ravel()), 6)
    table = pa.table({"text": LABELS, "embedding": vec, "score": np.arange(20.0)})
    path = tmp_path / f"v{suffix}"
    feather.write_feather(table, path)
    ds = load_embeddings(path)
    np.testing.assert_array_equal(ds.vectors, X)
    assert ds.labels == LABELS and ds.metadata["score"][:2] == ["0.0", "1.0"]


def test_an_arrow_ipc_stream(tmp_path, pa):
    table = pa.table({"label": LABELS, "vector": [list(map(float, r)) for r in X]})
    path = tmp_path / "s.arrow"
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_stream(sink, table.schema) as w:
        w.write_table(table, max_chunksize=7)
    ds = load_embeddings(path)
    np.testing.assert_allclose(ds.vectors, X)
    assert ds.labels == LABELS


def test_a_hugging_face_dataset_folder(tmp_path):
    datasets = pytest.importorskip("datasets")
    d = datasets.Dataset.from_dict(
        {"sentence": LABELS, "embeddings": X.tolist(), "label": [i % 2 for i in range(20)]}
    )
    folder = tmp_path / "saved"
    d.save_to_disk(str(folder), max_shard_size="1KB")
    assert len(list(folder.glob("*.arrow"))) > 1  # several IPC stream shards
    ds = load_embeddings(folder)
    np.testing.assert_allclose(ds.vectors, X)
    assert ds.label_column == "label" and ds.metadata["sentence"] == LABELS
    dd = datasets.DatasetDict({"train": d, "test": d})
    dd.save_to_disk(str(tmp_path / "dict"))
    _raises(tmp_path / "dict", "dict: ", "DatasetDict", "train")
    np.testing.assert_allclose(load_embeddings(tmp_path / "dict" / "train").vectors, X)


def test_a_dataset_folder_cannot_reach_outside(tmp_path, pa):
    folder = tmp_path / "evil"
    folder.mkdir()
    state = {"_data_files": [{"filename": "../secret.arrow"}]}
    (folder / "state.json").write_text(json.dumps(state))
    _raises(folder, "evil: ", "not a file in the folder")
    (folder / "state.json").write_text(json.dumps({"_data_files": [{"filename": "d.arrow"}]}))
    (folder / "d.arrow").symlink_to("/dev/zero")
    _raises(folder, "evil: ", "character device")


def test_missing_extras_name_the_extra(tmp_path, monkeypatch):
    import builtins

    real = builtins.__import__

    def no_optional(name, *args, **kwargs):
        if name.split(".")[0] in ("pyarrow", "h5py"):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_optional)
    for name, extra in (("a.feather", "arrow"), ("a.h5", "hdf5"), ("a.parquet", "parquet")):
        (tmp_path / name).write_bytes(b"x" * 16)
        _raises(tmp_path / name, f"contrastive-viz[{extra}]")
