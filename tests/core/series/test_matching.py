"""Matching rows by position or by id; the messages name the steps."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contrastive_viz.core.series import SeriesError, is_identity, match_rows


def test_by_position_is_the_identity():
    orders = match_rows([np.zeros(4), 4, np.arange(4)], ["a", "b", "c"], None)
    assert all(is_identity(o) for o in orders)
    assert [o.tolist() for o in orders] == [[0, 1, 2, 3]] * 3


def test_by_position_needs_equal_row_counts():
    with pytest.raises(SeriesError, match="step 'epoch_004' has 999 rows; 'epoch_001' has 1,000"):
        match_rows([1000, 1000, 999], ["epoch_001", "epoch_002", "epoch_004"], None)


def test_by_id_reorders_to_the_first_step():
    a = ["x", "y", "z", "w"]
    b = ["w", "z", "x", "y"]
    orders = match_rows([a, b], ["a", "b"], "id")
    assert np.array(b)[orders[1]].tolist() == a
    assert not is_identity(orders[1])


def test_numbers_and_text_are_the_same_id():
    orders = match_rows([np.array([17, 18, 40]), ["40", " 17", "18"]], ["a", "b"], "id")
    assert orders[1].tolist() == [1, 2, 0]


def test_missing_ids_are_named():
    a = [str(i) for i in range(50)]
    b = [v for v in a if v not in ("17", "18", "40")]
    with pytest.raises(SeriesError, match=r"step 'b' lacks 3 id\(s\) of 'a' \(17, 18, 40\)"):
        match_rows([a, b], ["a", "b"], "id")


def test_extra_ids_and_duplicates_and_no_column():
    with pytest.raises(SeriesError, match=r"step 'b' has 1 id\(s\) that 'a' lacks \(9\)"):
        match_rows([["1", "2"], ["2", "1", "9"]], ["a", "b"], "id")
    with pytest.raises(SeriesError, match=r"step 'b' has 1 duplicate id\(s\) in column 'id' \(2\)"):
        match_rows([["1", "2", "3"], ["2", "1", "2"]], ["a", "b"], "id")
    with pytest.raises(SeriesError, match="step 'b' has no column 'key'"):
        match_rows([["1"], None], ["a", "b"], "key")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=60, unique=True), st.randoms())
def test_any_permutation_is_undone(ids, rnd):
    shuffled = list(ids)
    rnd.shuffle(shuffled)
    orders = match_rows([ids, shuffled, ids], ["a", "b", "c"], "id")
    assert np.array(shuffled)[orders[1]].tolist() == ids
    assert is_identity(orders[2])
