"""The accepted temperature range, shared by the command line, the model and the τ field."""

import pytest

from contrastive_viz.core.temperature import TAU_MAX, TAU_MIN, parse_temperature


def test_accepted_values():
    assert parse_temperature("0.07") == 0.07
    assert parse_temperature(TAU_MIN) == TAU_MIN and parse_temperature("1e4") == TAU_MAX


@pytest.mark.parametrize(
    ("value", "message"),
    [("abc", "not a number"), ("0", "> 0"), ("nan", "> 0"), ("1e5", "between"), (None, "number")],
)
def test_refused_values(value, message):
    with pytest.raises(ValueError, match=message):
        parse_temperature(value)
