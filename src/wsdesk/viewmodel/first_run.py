"""What a newcomer is told in a log that holds no message yet."""

from __future__ import annotations

from wsdesk.models import ConnectionState
from wsdesk.viewmodel.connection_viewmodel import ConnectionViewModel

ECHO_TITLE = "Built-in echo"
"""The title of the tab on wsdesk's own echo server (the app reuses that tab each start)."""


def is_echo_tab(tab: ConnectionViewModel) -> bool:
    """Whether ``tab`` is the one on the built-in echo server."""
    return tab.has_own_title and tab.title == ECHO_TITLE


def empty_log_hint(tab: ConnectionViewModel) -> str:
    """The hint for ``tab``'s log while no message has been sent or received: what to do
    next in its state ("" while it is connecting or closing)."""
    state = tab.state
    if state is ConnectionState.OPEN:
        if is_echo_tab(tab):
            return (
                "Type a message below and press Enter; it comes back from the built-in echo server."
            )
        return "Connected. Type a message below and press Enter; what the server sends shows here."
    if state is ConnectionState.DISCONNECTED:
        if not tab.options.url.strip():
            return "Type a ws:// or wss:// URL above and press Enter to connect."
        return "Press Connect (or Enter in the URL field); messages and events will show here."
    return ""
