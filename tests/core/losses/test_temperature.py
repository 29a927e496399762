"""The accepted temperature range, in one place for the app, the CLI and the core."""

import math

import pytest

from contrastive_viz.core import losses
from contrastive_viz.core.losses import TAU_MAX, TAU_MIN, check_temperature_range


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
