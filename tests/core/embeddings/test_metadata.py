"""Embedding Projector pairs and metadata files for any format."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from contrastive_viz.core.embeddings import load_embeddings

from .helpers import _matrix, _raises, _rows, _write

# ------------------------------------------------------------------------- projector pair


def _projector(tmp_path: Path, meta_lines: list[str], name: str = "vectors.tsv"):
    x = _matrix(4, 3)
    _write(tmp_path / name, _rows(x, "\t"))
    _write(tmp_path / name.replace("vectors", "metadata"), meta_lines)
    return x, tmp_path / name


def test_projector_pair_single_column_is_auto_detected(tmp_path):
    x, vec = _projector(tmp_path, ["cat", "dog", "cat", "emu"])
    es = load_embeddings(vec)
    np.testing.assert_array_equal(es.vectors, x)
    assert es.labels == ["cat", "dog", "cat", "emu"] and es.label_column == "label"


def test_projector_pair_with_prefix_and_header(tmp_path):
    meta = ["word\tClass\tfreq", "a\tX\t1", "b\tY\t2", "c\tX\t3", "d\tZ\t4"]
    _, vec = _projector(tmp_path, meta, name="run1_vectors.tsv")
    es = load_embeddings(vec)
    assert list(es.metadata) == ["word", "Class", "freq"]
    assert es.labels == ["X", "Y", "X", "Z"] and es.label_column == "Class"
    assert es.metadata["freq"] == ["1", "2", "3", "4"]


def test_projector_multi_column_without_label_name_or_repeats_uses_first(tmp_path):
    _, vec = _projector(tmp_path, ["word\tfreq", "a\t1", "b\t2", "c\t3", "d\t4"])
    assert load_embeddings(vec).labels == ["a", "b", "c", "d"]


def test_explicit_metadata_file_for_any_format(tmp_path):
    x = _matrix(4, 3)
    np.save(tmp_path / "e.npy", x)
    _write(tmp_path / "labels.tsv", ["label", "a", "b", "c", "d"])
    es = load_embeddings(tmp_path / "e.npy", metadata=tmp_path / "labels.tsv")
    assert isinstance(es.vectors, np.memmap)
    assert es.labels == ["a", "b", "c", "d"]


def test_metadata_file_label_wins_and_names_do_not_clash(tmp_path):
    x = _matrix(3, 2)
    _write(tmp_path / "e.csv", ["label,a,b"] + _rows(x, labels=["p", "q", "r"]))
    _write(tmp_path / "m.tsv", ["label\tcolour", "cat\tred", "dog\tblue", "emu\tred"])
    es = load_embeddings(tmp_path / "e.csv", metadata=tmp_path / "m.tsv")
    assert list(es.metadata) == ["label", "label (metadata)", "colour"]
    assert es.label_column == "label (metadata)" and es.labels == ["cat", "dog", "emu"]
    assert es.metadata["label"] == ["p", "q", "r"]


def test_projector_metadata_count_mismatch(tmp_path):
    _, vec = _projector(tmp_path, ["cat", "dog", "emu"])
    _raises(vec, "metadata.tsv", "3 rows", "vectors.tsv has 4")
    _raises(vec, "metadata.tsv", "has 3 rows", metadata=tmp_path / "metadata.tsv")


def test_projector_ragged_metadata_and_missing_metadata(tmp_path):
    _, vec = _projector(tmp_path, ["w\tf", "a\t1", "b", "c\t3", "d\t4"])
    _raises(vec, "metadata.tsv", "line 3 has 1 fields")
    _raises(vec, "gone.tsv", "not found", metadata=tmp_path / "gone.tsv")


def test_no_auto_metadata_for_other_names(tmp_path):
    x = _matrix(4, 3)
    _write(tmp_path / "emb.tsv", _rows(x, "\t"))
    _write(tmp_path / "metadata.tsv", ["a", "b", "c", "d"])
    assert load_embeddings(tmp_path / "emb.tsv").labels is None


def test_projector_prefers_a_column_whose_values_repeat_over_a_unique_word(tmp_path):
    meta = ["word\tfreq\tpos", "a\t1\tnoun", "b\t2\tverb", "c\t3\tnoun", "d\t4\tverb"]
    _, vec = _projector(tmp_path, meta)
    es = load_embeddings(vec)
    assert es.label_column == "pos" and es.labels == ["noun", "verb", "noun", "verb"]


def test_choose_label_column_bounds():
    from contrastive_viz.core.embeddings.metadata import choose_label_column

    n = 10
    ids = [f"w{i}" for i in range(n)]
    assert choose_label_column({"id": ids, "one": ["x"] * n, "cls": list("ab") * 5}) == "cls"
    half = [str(i % 5) for i in range(n)]  # 5 distinct = n/2: still a label
    assert choose_label_column({"id": ids, "half": half}) == "half"
    six = [str(min(i, 5)) for i in range(n)]  # 6 distinct > n/2
    assert choose_label_column({"id": ids, "six": six}) == "id"  # none repeats: the first
