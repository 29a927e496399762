"""Every format gives back what was written; any text loads or raises EmbeddingFileError."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from contrastive_viz.core.embeddings import EmbeddingFileError, load_embeddings, textblocks

from .helpers import _rows, _write

# ------------------------------------------------------------------------- round trip

_finite32 = st.floats(
    min_value=-1e6, max_value=1e6, width=32, allow_nan=False, allow_subnormal=False
)


@settings(max_examples=40, deadline=None)
@given(
    x=hnp.arrays(np.float32, st.tuples(st.integers(2, 12), st.integers(2, 6)), elements=_finite32),
    fmt=st.sampled_from(["csv", "tsv", "txt", "npy", "npz"]),
    labelled=st.booleans(),
    block=st.sampled_from([64, 1 << 20]),
)
def test_round_trip(x, fmt, labelled, block):
    x[np.all(x == 0, axis=1), 0] = 1.0  # all-zero rows are invalid by design
    labels = [f"p{i}" for i in range(len(x))] if labelled and fmt != "npy" else None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"e.{fmt}"
        if fmt == "npy":
            np.save(path, x)
        elif fmt == "npz":
            extra = {"labels": np.array(labels)} if labelled else {}
            np.savez(path, vectors=x, **extra)
        else:
            _write(path, _rows(x, "\t" if fmt != "csv" else ",", labels=labels))
        old = textblocks.BLOCK_BYTES
        textblocks.BLOCK_BYTES = block
        try:
            es = load_embeddings(path)
        finally:
            textblocks.BLOCK_BYTES = old
        np.testing.assert_array_equal(es.vectors, x)
        assert es.labels == labels
        expected = np.linalg.norm(x.astype(np.float64), axis=1)
        np.testing.assert_allclose(es.norms, expected, rtol=2e-6)


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list(',\t 0123456789.-+eE\n"abc\r')), max_size=80),
    fmt=st.sampled_from(["csv", "tsv", "txt"]),
    block=st.sampled_from([3, 1 << 20]),
)
def test_any_text_loads_or_raises_embedding_file_error(text, fmt, block):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"f.{fmt}"
        path.write_text(text, encoding="utf-8", newline="")
        old = textblocks.BLOCK_BYTES
        textblocks.BLOCK_BYTES = block
        try:
            es = load_embeddings(path)
        except EmbeddingFileError as exc:
            assert str(exc).startswith(f"f.{fmt}: ")
        else:
            assert es.n >= 2 and es.d >= 2 and es.vectors.dtype == np.float32
            assert np.all(np.isfinite(es.norms)) and np.all(es.norms > 0)
        finally:
            textblocks.BLOCK_BYTES = old
