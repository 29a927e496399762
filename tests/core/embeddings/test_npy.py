"""Loading ``.npy``: memory-mapped float32, conversions, pickles refused, bad files."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from contrastive_viz.core.embeddings import EmbeddingSet, load_embeddings

from .helpers import RNG, Payload, _matrix, _raises

# ------------------------------------------------------------------------- npy


def test_float32_npy_is_a_read_only_memmap(tmp_path):
    x = _matrix(50, 8)
    np.save(tmp_path / "e.npy", x)
    es = load_embeddings(tmp_path / "e.npy")
    assert isinstance(es, EmbeddingSet)
    assert isinstance(es.vectors, np.memmap)
    assert not es.vectors.flags.writeable
    assert (es.n, es.d) == (50, 8)
    np.testing.assert_array_equal(es.vectors, x)
    np.testing.assert_allclose(es.norms, np.linalg.norm(x.astype(np.float64), axis=1), rtol=1e-6)
    assert es.norms.dtype == np.float32
    assert es.labels is None and es.metadata == {} and es.label_column is None
    assert es.path == tmp_path / "e.npy" and es.dropped == 0


@pytest.mark.parametrize("dtype", [np.float64, np.float16, np.int32, np.uint8, ">f4"])
def test_other_npy_dtypes_are_converted_to_float32(tmp_path, dtype):
    x = (RNG.integers(1, 50, size=(7, 3))).astype(dtype)
    np.save(tmp_path / "e.npy", x)
    es = load_embeddings(tmp_path / "e.npy")
    assert es.vectors.dtype == np.dtype(np.float32) and es.vectors.dtype.isnative
    assert not isinstance(es.vectors, np.memmap)
    np.testing.assert_array_equal(es.vectors, x.astype(np.float32))


def test_fortran_order_npy_is_converted_to_c_order(tmp_path):
    x = np.asfortranarray(_matrix(9, 5))
    np.save(tmp_path / "e.npy", x)
    es = load_embeddings(tmp_path / "e.npy")
    assert es.vectors.flags.c_contiguous
    np.testing.assert_array_equal(es.vectors, x)


def test_d2_coordinates_load_as_is(tmp_path):
    x = np.array([[0.0, 1.0], [2.0, -3.0], [0.5, 0.5]], dtype=np.float32)
    np.save(tmp_path / "xy.npy", x)
    np.testing.assert_array_equal(load_embeddings(tmp_path / "xy.npy").vectors, x)


def test_object_npy_is_refused_and_never_unpickled(tmp_path):
    marker = tmp_path / "pwned"
    payload = np.empty((2, 2), dtype=object)
    payload[0, 0] = Payload(marker)
    np.save(tmp_path / "evil.npy", payload, allow_pickle=True)
    # Control: the payload really runs when numpy is allowed to unpickle it.
    np.load(tmp_path / "evil.npy", allow_pickle=True)
    assert marker.exists()
    marker.unlink()
    _raises(tmp_path / "evil.npy", "evil.npy", "pickle", "refused")
    assert not marker.exists()


def test_raw_pickle_renamed_npy_is_refused_and_never_unpickled(tmp_path):
    marker = tmp_path / "pwned"
    data = pickle.dumps(Payload(marker))
    pickle.loads(data)  # control: unpickling it does create the marker
    assert marker.exists()
    marker.unlink()
    (tmp_path / "evil.npy").write_bytes(data)
    _raises(tmp_path / "evil.npy", "evil.npy", "pickle", "not a NumPy .npy file")
    assert not marker.exists()


def test_truncated_npy(tmp_path):
    np.save(tmp_path / "t.npy", _matrix(100, 16))
    full = (tmp_path / "t.npy").read_bytes()
    (tmp_path / "t.npy").write_bytes(full[: len(full) - 1000])
    _raises(tmp_path / "t.npy", "t.npy", "truncated", "100 × 16", "float32")
    (tmp_path / "t.npy").write_bytes(full[:20])
    _raises(tmp_path / "t.npy", "t.npy", "corrupt or truncated")


@pytest.mark.parametrize(
    ("shape", "fragment"),
    [((10,), "2-D"), ((2, 3, 4), "2-D"), ((1, 5), "1 row(s)"), ((5, 1), "1 dimension(s)")],
)
def test_npy_shape_errors(tmp_path, shape, fragment):
    np.save(tmp_path / "s.npy", np.ones(shape, dtype=np.float32))
    _raises(tmp_path / "s.npy", "s.npy", fragment)


@pytest.mark.parametrize("dtype", ["U5", np.complex64, np.bool_])
def test_non_numeric_npy_dtypes_are_refused(tmp_path, dtype):
    np.save(tmp_path / "s.npy", np.ones((3, 3), dtype=dtype))
    _raises(tmp_path / "s.npy", "s.npy", "dtype")
