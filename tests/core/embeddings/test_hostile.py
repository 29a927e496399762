"""Hostile embedding files (issue 9, items 1-3): refused cleanly, in bounded time and memory.

Each case runs in a subprocess whose private memory (``RssAnon``) is sampled; see
``tests/core/hostile.py``. ``LIMIT`` replaces the available memory in the child where a
case needs a machine smaller than this one.
"""

import os
import zipfile

import numpy as np
import pytest

from ..hostile import assert_refused, call, run_bounded

LOAD = "from contrastive_viz.core.embeddings import load_embeddings\n"
LIMIT = "import contrastive_viz.core.safe_files as sf\nsf.available_memory = lambda: {} * 2**20\n"


def _load(path, limit_mb=None, **kwargs) -> str:
    setup = LOAD + (LIMIT.format(limit_mb) if limit_mb is not None else "")
    args = "".join(f", {k}={v!r}" for k, v in kwargs.items())
    return call(f"load_embeddings({str(path)!r}{args}).vectors.shape", setup)


def _npy_header(fp, shape, descr="<f8", fortran=False) -> None:
    header = {"descr": descr, "fortran_order": fortran, "shape": shape}
    np.lib.format.write_array_header_1_0(fp, header)


def _zip_bomb(path, n_rows: int, d: int = 64) -> None:
    """An .npz whose 'embeddings' member is n_rows × d float64 zeros, deflated."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
        with zf.open("embeddings.npy", "w", force_zip64=True) as fp:
            _npy_header(fp, (n_rows, d))
            zeros = bytes(8 * d * 4096)
            for _ in range(n_rows // 4096):
                fp.write(zeros)


# ------------------------------------------------------------------ special files


@pytest.mark.parametrize("suffix", [".npy", ".csv", ".npz", ".parquet"])
def test_a_link_to_dev_zero_is_refused(tmp_path, suffix):
    link = tmp_path / f"zero{suffix}"
    link.symlink_to("/dev/zero")
    out = run_bounded(_load(link), timeout=20, max_rss_mb=200)
    assert_refused(out, "EmbeddingFileError", f"zero{suffix}: ", "character device")


@pytest.mark.parametrize("suffix", [".csv", ".npy", ".tsv"])
def test_a_fifo_is_refused_without_blocking(tmp_path, suffix):
    fifo = tmp_path / f"pipe{suffix}"
    os.mkfifo(fifo)
    out = run_bounded(_load(fifo), timeout=10, max_rss_mb=200)
    assert_refused(out, "EmbeddingFileError", f"pipe{suffix}: ", "FIFO")


def test_a_fifo_as_metadata_is_refused(tmp_path):
    np.save(tmp_path / "v.npy", np.eye(3, dtype=np.float32) + 1)
    os.mkfifo(tmp_path / "meta.tsv")
    out = run_bounded(_load(tmp_path / "v.npy", metadata=str(tmp_path / "meta.tsv")), 10, 200)
    assert_refused(out, "EmbeddingFileError", "meta.tsv: ", "FIFO")


# ---------------------------------------------------------- declared sizes (item 2)


def test_a_zip_bomb_is_refused_before_decompressing(tmp_path):
    bomb = tmp_path / "bomb.npz"
    _zip_bomb(bomb, 1_048_576)  # 512 MiB of float64 zeros in about 0.5 MB
    assert bomb.stat().st_size < 1_000_000
    out = run_bounded(_load(bomb), timeout=20, max_rss_mb=120)
    assert_refused(out, "EmbeddingFileError", "bomb.npz: ", "like a zip bomb", ".npy")
    assert out.seconds < 1 and out.peak_rss_mb < 120


def test_an_npz_member_that_does_not_fit_in_memory_is_refused(tmp_path):
    path = tmp_path / "big.npz"
    np.savez(path, embeddings=np.random.default_rng(0).standard_normal((1000, 1000)))
    out = run_bounded(_load(path, limit_mb=2), timeout=20, max_rss_mb=150)
    assert_refused(out, "EmbeddingFileError", "big.npz: ", "would need 4.0 MB", "as a float32 .npy")


def test_an_npz_member_claiming_400_gb_is_refused(tmp_path):
    path = tmp_path / "claim.npz"
    with zipfile.ZipFile(path, "w") as zf, zf.open("embeddings.npy", "w") as fp:
        _npy_header(fp, (50_000_000_000, 1))  # too narrow, so also claim 2 columns
    with zipfile.ZipFile(path, "w") as zf, zf.open("embeddings.npy", "w") as fp:
        _npy_header(fp, (25_000_000_000, 2))
        fp.write(bytes(4096))
    out = run_bounded(_load(path), timeout=20, max_rss_mb=150)
    assert_refused(out, "EmbeddingFileError", "claim.npz: ", "truncated", "400,000,000,000")


def test_a_sparse_npy_declaring_10_gb_is_refused_by_the_memory_check(tmp_path):
    path = tmp_path / "sparse.npy"
    with path.open("wb") as fp:
        _npy_header(fp, (10_000_000, 128))
        fp.truncate(fp.tell() + 10_000_000 * 128 * 8)  # a hole: no disk space used
    out = run_bounded(_load(path, limit_mb=256), timeout=20, max_rss_mb=150)
    assert_refused(out, "EmbeddingFileError", "sparse.npy: ", "would need 5.1 GB", "float32 .npy")
    assert out.seconds < 1


def test_a_float32_npy_stays_memory_mapped_even_when_memory_is_short(tmp_path):
    path = tmp_path / "mapped.npy"
    np.save(path, np.random.default_rng(0).standard_normal((20_000, 256)).astype(np.float32))
    setup = LOAD + LIMIT.format(1) + "import numpy as np\n"
    expr = "type(load_embeddings(" + repr(str(path)) + ").vectors).__name__"
    out = run_bounded(call(expr, setup), timeout=20, max_rss_mb=150)
    assert out.ok and out.value == "'memmap'", out


@pytest.mark.parametrize(("fmt", "endian"), [("npy", "<"), ("npy", ">"), ("npz", "<")])
def test_loading_float64_stays_within_the_memory_budget(tmp_path, fmt, endian):
    x = np.random.default_rng(0).standard_normal((200_000, 128)).astype(f"{endian}f8")
    path = tmp_path / f"x.{fmt}"
    np.save(path, x) if fmt == "npy" else np.savez(path, embeddings=x)
    float32_mb = x.size * 4 / 2**20  # 98 MB; the budget is max(256 MB, 2x that)
    out = run_bounded(_load(path), timeout=60, max_rss_mb=max(256, 2 * float32_mb))
    assert out.ok and out.value == "(200000, 128)", out


def test_a_csv_of_8_million_columns_is_refused_before_splitting(tmp_path):
    path = tmp_path / "wide.csv"
    row = ",".join(["1"] * 8_000_000)
    path.write_text(row + "\n" + row + "\n")
    del row
    out = run_bounded(_load(path), timeout=20, max_rss_mb=256)
    assert_refused(out, "EmbeddingFileError", "wide.csv: ", "8,000,000 fields", "100,000")


@pytest.mark.parametrize("suffix", [".npy", ".npz"])
def test_more_than_100000_columns_are_refused(tmp_path, suffix):
    x = np.ones((2, 100_001), dtype=np.float32)
    path = tmp_path / f"wide{suffix}"
    np.save(path, x) if suffix == ".npy" else np.savez(path, vectors=x)
    out = run_bounded(_load(path), timeout=20, max_rss_mb=150)
    assert_refused(out, "EmbeddingFileError", f"wide{suffix}: ", "100,001 dimensions")


# -------------------------------------------------- errors of other types (item 3)


BROKEN_HEADERS = {
    "unterminated": b"{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), ",
    "tokenize": b"{'descr': '<f4', 'fortran_order': False, 'shape': (2, \"2)}",
    "nested": b"{'descr': '<f4', 'fortran_order': False, 'shape': " + b"(" * 3000 + b"}",
    "float shape": b"{'descr': '<f4', 'fortran_order': False, 'shape': (2.0, 2)}",
    "negative": b"{'descr': '<f4', 'fortran_order': False, 'shape': (-2, 2)}",
}


def _raw_npy(header: bytes) -> bytes:
    body = header.ljust(((len(header) + 10) // 64 + 1) * 64 - 10) + b"\n"
    body = body[: len(body) - 1] + b"\n"
    return b"\x93NUMPY\x01\x00" + len(body).to_bytes(2, "little") + body + bytes(64)


@pytest.mark.parametrize("case", sorted(BROKEN_HEADERS))
@pytest.mark.parametrize("suffix", [".npy", ".npz"])
def test_broken_npy_headers_are_loader_errors(tmp_path, case, suffix):
    data = _raw_npy(BROKEN_HEADERS[case])
    path = tmp_path / f"broken{suffix}"
    if suffix == ".npy":
        path.write_bytes(data)
    else:
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("embeddings.npy", data)
    out = run_bounded(_load(path), timeout=20, max_rss_mb=150)
    assert_refused(out, "EmbeddingFileError", f"broken{suffix}: ", ".npy header")


@pytest.mark.parametrize("shape", [(2**40, 2**40), (2**62, 4), (2**33, 2**33)])
def test_shapes_whose_int64_product_overflows_are_refused(tmp_path, shape):
    path = tmp_path / "huge.npy"
    with path.open("wb") as fp:
        _npy_header(fp, shape, "<f4")
        fp.write(bytes(64))
    out = run_bounded(_load(path), timeout=20, max_rss_mb=150)
    assert_refused(out, "EmbeddingFileError", "huge.npy: ", "truncated", f"{shape[0]:,}")


def test_a_header_larger_than_numpy_allows_is_a_loader_error(tmp_path):
    path = tmp_path / "long.npy"
    header = b"{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), 'x': '"
    body = header + b"a" * 200_000 + b"'}"
    path.write_bytes(b"\x93NUMPY\x02\x00" + (len(body) + 1).to_bytes(4, "little") + body + b"\n")
    out = run_bounded(_load(path), timeout=20, max_rss_mb=150)
    assert_refused(out, "EmbeddingFileError", "long.npy: ", ".npy header")


def test_a_deflated_member_that_lies_about_its_size_is_refused(tmp_path):
    """The header claims 512 MB but the member holds 512 bytes: refused before reading."""
    path = tmp_path / "liar.npz"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf, zf.open("x.npy", "w") as fp:
        _npy_header(fp, (1_000_000, 64))
        fp.write(bytes(512))
    out = run_bounded(_load(path), timeout=20, max_rss_mb=150)
    assert_refused(out, "EmbeddingFileError", "liar.npz: ", "truncated")
