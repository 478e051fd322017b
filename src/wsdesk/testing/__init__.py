"""Public test support for wsdesk and for people extending it (no Qt needed).

``FakeChannel`` and ``FakeChannelFactory`` stand in for the transport in view-model tests;
``ManualClock`` lets them move time (reconnect delays, heartbeats) instead of sleeping.
"""

from wsdesk.testing.clock import ManualClock
from wsdesk.testing.fake_channel import FakeChannel, FakeChannelFactory

__all__ = ["FakeChannel", "FakeChannelFactory", "ManualClock"]
