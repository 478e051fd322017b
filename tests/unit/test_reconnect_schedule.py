import pytest

from wsdesk.models import ReconnectPolicy
from wsdesk.transport.channel import (
    ChannelError,
    ConnectError,
    HandshakeError,
    HandshakeTimeoutError,
    InvalidURLError,
    TLSError,
)
from wsdesk.viewmodel.reconnect import ReconnectSchedule, is_retryable


def delays(schedule, n):
    return [schedule.next_delay() for _ in range(n)]


def test_default_policy_doubles_from_half_a_second_up_to_the_cap():
    schedule = ReconnectSchedule(ReconnectPolicy(), uniform=lambda: 0.5)  # no jitter
    assert delays(schedule, 9) == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 30.0]
    assert schedule.attempt == 9


@pytest.mark.parametrize(("uniform", "factor"), [(0.0, 0.8), (0.5, 1.0), (0.9999999, 1.2)])
def test_jitter_varies_each_delay_by_up_to_20_percent(uniform, factor):
    schedule = ReconnectSchedule(ReconnectPolicy(), uniform=lambda: uniform)
    got = delays(schedule, 8)
    want = [d * factor for d in [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]]
    assert got == pytest.approx(want, rel=1e-6)


def test_real_jitter_stays_within_its_bounds():
    schedule = ReconnectSchedule(ReconnectPolicy(initial_delay=1.0, multiplier=1.0))
    got = delays(schedule, 200)
    assert all(0.8 <= d <= 1.2 for d in got)
    assert len(set(got)) > 1


def test_no_limit_by_default_and_none_after_max_attempts():
    assert all(d is not None for d in delays(ReconnectSchedule(ReconnectPolicy()), 100))
    schedule = ReconnectSchedule(ReconnectPolicy(max_attempts=3, jitter=0.0))
    assert delays(schedule, 5) == [0.5, 1.0, 2.0, None, None]
    assert schedule.attempt == 3


def test_attempt_count_resets_only_after_reset_after_seconds_of_uptime():
    schedule = ReconnectSchedule(ReconnectPolicy(jitter=0.0, reset_after=10.0))
    assert delays(schedule, 2) == [0.5, 1.0]
    schedule.opened(100.0)
    schedule.closed(109.9)  # up 9.9 s: not long enough
    assert schedule.next_delay() == 2.0
    schedule.opened(200.0)
    schedule.closed(210.0)
    assert schedule.attempt == 0
    assert schedule.next_delay() == 0.5


def test_closed_without_open_keeps_the_count():
    schedule = ReconnectSchedule(ReconnectPolicy(jitter=0.0))
    schedule.next_delay()
    schedule.closed(1000.0)
    assert schedule.attempt == 1


@pytest.mark.parametrize(
    ("error", "retry"),
    [
        (HandshakeError(401, "Unauthorized"), False),
        (HandshakeError(403, "Forbidden"), False),
        (HandshakeError(404, "Not Found"), False),
        (HandshakeError(429, "Too Many Requests"), False),
        (HandshakeError(500, "Internal Server Error"), True),
        (HandshakeError(503, "Service Unavailable"), True),
        (InvalidURLError("bad"), False),
        (TLSError("TLS: hostname mismatch"), False),
        (ConnectError("Connection refused (127.0.0.1:9)"), True),
        (HandshakeTimeoutError(3), True),
        (ChannelError("Could not connect"), True),
    ],
)
def test_which_connect_failures_are_retried(error, retry):
    assert is_retryable(error) is retry
