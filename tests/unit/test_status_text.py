"""The wording both views share: status lines and close descriptions."""

import pytest

from wsdesk.models import CloseInfo, CloseInitiator, ConnectionOptions, ConnectionState
from wsdesk.testing import FakeChannelFactory
from wsdesk.viewmodel import ConnectionViewModel
from wsdesk.viewmodel.status_text import (
    StatusFacts,
    connecting_text,
    describe_close,
    format_round_trip,
    status_is_error,
    status_line,
)

URL = "ws://127.0.0.1:9/feed?token=s3cret"


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (StatusFacts(ConnectionState.DISCONNECTED), "Disconnected"),
        (
            StatusFacts(ConnectionState.CONNECTING, URL, reconnect_attempt=2),
            "Connecting to ws://127.0.0.1:9/feed?token=***… (attempt 2)",
        ),
        (
            StatusFacts(ConnectionState.OPEN, URL, protocol="chat", round_trip=0.0123),
            "Open: ws://127.0.0.1:9/feed?token=*** (subprotocol chat) · ping 12 ms",
        ),
        (StatusFacts(ConnectionState.CLOSING, URL), "Disconnecting…"),
        (
            StatusFacts(
                ConnectionState.RECONNECTING,
                URL,
                reconnect_attempt=3,
                reconnect_in=1.25,
                error="Connection refused (127.0.0.1:9)",
            ),
            "Reconnecting: attempt 3, next in 1.2 s · Connection refused (127.0.0.1:9)",
        ),
        (
            StatusFacts(ConnectionState.DISCONNECTED, error="Host name not found (nowhere)"),
            "Disconnected: Host name not found (nowhere)",
        ),
        (
            StatusFacts(
                ConnectionState.DISCONNECTED,
                close_info=CloseInfo(1011, "db down", CloseInitiator.SERVER, True),
            ),
            "Closed by server: 1011 internal error, 'db down'",
        ),
    ],
)
def test_status_line(facts, expected):
    assert status_line(facts) == expected


def test_describe_close_names_a_lost_connection_and_a_failed_one():
    lost = CloseInfo(1006, "", CloseInitiator.NONE, False)
    assert describe_close(lost, "no pong within 10 s") == (
        "Connection lost: no pong within 10 s (1006, no close frame)"
    )
    failed = CloseInfo(1009, "", CloseInitiator.CLIENT, False)
    assert describe_close(failed, "message of 5 MiB over the limit") == (
        "Connection failed: 1009 message too big: message of 5 MiB over the limit"
    )
    assert describe_close(CloseInfo(1000, "", CloseInitiator.CLIENT, True), None) == (
        "Closed by you: 1000 normal closure"
    )


def test_only_an_unclean_or_failed_end_is_an_error():
    clean = CloseInfo(1001, "", CloseInitiator.SERVER, True)
    assert not status_is_error(StatusFacts(ConnectionState.DISCONNECTED, close_info=clean))
    unclean = CloseInfo(1000, "", CloseInitiator.CLIENT, False)
    assert status_is_error(StatusFacts(ConnectionState.DISCONNECTED, close_info=unclean))
    assert status_is_error(StatusFacts(ConnectionState.DISCONNECTED, error="refused"))
    assert not status_is_error(StatusFacts(ConnectionState.RECONNECTING, error="refused"))


def test_connecting_text_and_round_trip_figures():
    assert connecting_text(URL, 0) == "Connecting to ws://127.0.0.1:9/feed?token=***"
    assert format_round_trip(0.0004) == "0.4 ms"
    assert format_round_trip(0.25) == "250 ms"


async def test_the_view_model_status_is_the_shared_wording():
    factory = FakeChannelFactory()
    vm = ConnectionViewModel(factory, ConnectionOptions(url=URL))
    try:
        await vm.connect.execute()
        assert vm.status_text == status_line(vm.status_facts())
        assert vm.status_text.startswith("Open: ws://127.0.0.1:9/feed?token=***")
    finally:
        await vm.aclose()
    assert vm.status_text == status_line(vm.status_facts())
    assert vm.status_text == "Closed by you: 1001 going away"
