"""ConnectionStats: rates from the traffic counters per sample, round trips per ping,
and only the last WINDOW seconds kept."""

from wsdesk.models import ConnectionOptions, Direction
from wsdesk.testing import FakeChannelFactory
from wsdesk.viewmodel import ConnectionViewModel
from wsdesk.viewmodel.connection_stats import WINDOW, ConnectionStats
from wsdesk.viewmodel.traffic_counters import TrafficCounters


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def make():
    vm = ConnectionViewModel(FakeChannelFactory(), ConnectionOptions(url="ws://h/"))
    counters = TrafficCounters(vm.messages)
    clock = Clock()
    return vm, ConnectionStats(vm, counters, clock), clock


def test_rates_are_per_second_over_each_interval():
    vm, stats, clock = make()
    vm.messages.extend_payloads(Direction.RECEIVED, ["abcd"] * 10)
    vm.messages.extend_payloads(Direction.SENT, ["xy"])
    clock.now += 2
    sample = stats.sample()
    assert sample is not None
    assert (sample.received_messages, sample.received_bytes) == (5.0, 20.0)
    assert (sample.sent_messages, sample.sent_bytes) == (0.5, 1.0)
    clock.now += 1
    assert stats.sample().received_messages == 0.0
    assert stats.sample() is None  # no time passed
    assert len(stats.rates) == 2


def test_round_trips_are_kept_per_ping_and_old_points_are_dropped():
    vm, stats, clock = make()
    seen = []
    stats.changed.connect(lambda: seen.append(1))
    vm._set_round_trip(0.012)
    vm._set_round_trip(None)
    assert list(stats.round_trips) == [(100.0, 0.012)]
    clock.now += WINDOW + 1
    stats.sample()
    assert list(stats.round_trips) == []
    assert [r.time for r in stats.rates] == [clock.now]
    assert len(seen) == 2
    stats.release()
    vm._set_round_trip(0.5)
    assert list(stats.round_trips) == []
