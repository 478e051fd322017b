import time

import pytest

from wsdesk.viewmodel.formatting import UNKNOWN_TIME, format_time


def clock(seconds):
    return time.strftime("%H:%M:%S", time.localtime(seconds))


@pytest.mark.parametrize(
    ("timestamp", "seconds", "millis"),
    [
        (-0.5, -1, "500"),
        (-0.0004, 0, "000"),
        (-1.25, -2, "750"),
        (0.0, 0, "000"),
        (1.9996, 2, "000"),
        (1_795_000_000.123, 1_795_000_000, "123"),
        (1_795_000_000.9994, 1_795_000_000, "999"),
    ],
)
def test_time_to_the_millisecond_for_any_timestamp(timestamp, seconds, millis):
    """-0.5 used to read 00:00:00.-500; floats like .123 used to lose a millisecond."""
    assert format_time(timestamp) == f"{clock(seconds)}.{millis}"


@pytest.mark.parametrize("timestamp", [float("nan"), float("inf"), -float("inf"), 1e300])
def test_a_time_the_platform_cannot_convert_is_a_placeholder(timestamp):
    assert format_time(timestamp) == UNKNOWN_TIME == "--:--:--.---"
