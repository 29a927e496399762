"""The accepted temperature range, in one place for the app, the CLI and the core."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from contrastive_viz.core import losses
from contrastive_viz.core.losses import TAU_MAX, TAU_MIN, check_temperature_range
from contrastive_viz.core.losses.temperature import check_temperature, check_temperatures


def test_range_constants():
    assert (TAU_MIN, TAU_MAX) == (1e-4, 1e4)
    assert losses.TAU_MIN is TAU_MIN and losses.TAU_MAX is TAU_MAX


@pytest.mark.parametrize("value", [TAU_MIN, TAU_MAX, 0.07, 1, "0.5", 1e-4, 1e4])
def test_values_in_range_are_returned_as_floats(value):
    tau = check_temperature_range(value)
    assert type(tau) is float and tau == float(value)


@pytest.mark.parametrize(
    "value", [0.0, -1.0, math.nextafter(TAU_MIN, 0), math.nextafter(TAU_MAX, math.inf), 1e5, 1e-5]
)
def test_values_outside_the_range_are_refused(value):
    with pytest.raises(ValueError, match="temperature"):
        check_temperature_range(value)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, "hot", None])
def test_non_finite_and_non_numbers_are_refused(value):
    with pytest.raises(ValueError, match="temperature"):
        check_temperature_range(value)


def test_message_names_the_range_and_the_value():
    with pytest.raises(ValueError) as info:
        check_temperature_range(2e4)
    assert str(info.value) == "temperature must lie in [0.0001, 10000], got 20000.0"


@given(
    st.lists(
        st.one_of(
            st.floats(min_value=1e-300, max_value=1e300),
            st.sampled_from([0.0, -1.0, math.nan, math.inf, 1e-301, 5e-324]),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_check_temperatures_agrees_with_check_temperature(values):
    """The vectorized path accepts and refuses exactly what the scalar check does."""
    try:
        expected = [check_temperature(v) for v in values]
    except ValueError as exc:
        with pytest.raises(ValueError) as got:
            check_temperatures(np.array(values))
        assert str(got.value) == str(exc)
    else:
        np.testing.assert_array_equal(check_temperatures(np.array(values)), expected)


@pytest.mark.parametrize(
    "values", [np.array([True, False]), np.array([0.1 + 0j]), [0.1, True], ["0.1"]]
)
def test_check_temperatures_refuses_what_is_not_a_real_number(values):
    with pytest.raises(ValueError, match="real number"):
        check_temperatures(values)
