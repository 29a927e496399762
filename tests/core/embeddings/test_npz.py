"""Loading ``.npz``: which array holds the vectors, labels, pickles refused, bad files."""

from __future__ import annotations

import numpy as np

from contrastive_viz.core.embeddings import load_embeddings

from .helpers import Payload, _matrix, _raises

# ------------------------------------------------------------------------- npz


def test_npz_named_vectors_and_labels(tmp_path):
    x = _matrix(5, 3)
    np.savez(tmp_path / "a.npz", X=np.ones((5, 4)), embeddings=x, labels=np.arange(5))
    es = load_embeddings(tmp_path / "a.npz")
    np.testing.assert_array_equal(es.vectors, x)
    assert es.labels == ["0", "1", "2", "3", "4"]
    assert es.metadata == {"label": es.labels} and es.label_column == "label"


def test_npz_x_and_y_and_bytes_labels(tmp_path):
    x = _matrix(3, 4).astype(np.float64)
    np.savez_compressed(tmp_path / "a.npz", X=x, y=np.array([b"cat", b"dog", b"cat"]))
    es = load_embeddings(tmp_path / "a.npz")
    np.testing.assert_array_equal(es.vectors, x.astype(np.float32))
    assert es.labels == ["cat", "dog", "cat"]


def test_npz_only_2d_array_is_used(tmp_path):
    x = _matrix(4, 3)
    np.savez(tmp_path / "a.npz", feats=x, ids=np.arange(4))
    np.testing.assert_array_equal(load_embeddings(tmp_path / "a.npz").vectors, x)
    assert load_embeddings(tmp_path / "a.npz").labels is None


def test_npz_ambiguous_or_missing_vectors(tmp_path):
    np.savez(tmp_path / "a.npz", first=_matrix(), second=_matrix())
    _raises(tmp_path / "a.npz", "a.npz", "several 2-D arrays", "first", "second")
    np.savez(tmp_path / "b.npz", ids=np.arange(4))
    _raises(tmp_path / "b.npz", "b.npz", "no 2-D array", "ids")


def test_npz_object_arrays_are_refused_and_never_unpickled(tmp_path):
    marker = tmp_path / "pwned"
    labels = np.array([Payload(marker), "b"], dtype=object)
    np.savez(tmp_path / "a.npz", embeddings=_matrix(2, 3), labels=labels)
    _raises(tmp_path / "a.npz", "a.npz", "'labels' holds Python objects", "refused")
    obj_vectors = np.empty((2, 2), dtype=object)
    obj_vectors[0, 0] = Payload(marker)
    np.savez(tmp_path / "b.npz", embeddings=obj_vectors)
    _raises(tmp_path / "b.npz", "b.npz", "pickle", "refused")
    assert not marker.exists()


def test_npz_label_length_mismatch_and_corrupt_archive(tmp_path):
    np.savez(tmp_path / "a.npz", embeddings=_matrix(4, 3), labels=np.arange(3))
    _raises(tmp_path / "a.npz", "a.npz", "'labels' has shape (3,)", "4 rows")
    (tmp_path / "c.npz").write_bytes(b"PK\x03\x04 not really a zip")
    _raises(tmp_path / "c.npz", "c.npz", "not a valid .npz")
