"""Throttle: view updates at most once per interval, the gathered ones never lost."""

import time

from wsdesk.ui.throttle import Throttle


def test_interval_zero_updates_on_every_request(qtbot):
    calls = []
    throttle = Throttle(lambda: calls.append(1), interval=0)
    for _ in range(5):
        throttle.request()
    assert len(calls) == 5


def test_the_first_request_updates_at_once_and_the_rest_are_gathered(qtbot):
    calls = []
    throttle = Throttle(lambda: calls.append(1), interval=60)
    throttle.request()
    assert calls == [1]
    for _ in range(100):
        throttle.request("signal", "arguments")
    assert calls == [1]
    assert throttle.pending
    throttle.flush()
    assert calls == [1, 1]
    assert not throttle.pending


async def test_gathered_requests_update_once_when_the_interval_ends(qtbot, wait):
    calls = []
    throttle = Throttle(lambda: calls.append(1), interval=0.05)
    for _ in range(50):
        throttle.request()
    assert calls == [1]
    await wait(lambda: len(calls) == 2)
    assert not throttle.pending


def test_a_slow_update_stretches_the_interval(qtbot):
    calls = []

    def slow():
        calls.append(1)
        time.sleep(0.05)

    throttle = Throttle(slow, interval=0.001)
    throttle.request()
    time.sleep(0.01)  # well past the 1 ms interval, well within 3 x 50 ms
    throttle.request()
    assert calls == [1]
    assert throttle.pending
