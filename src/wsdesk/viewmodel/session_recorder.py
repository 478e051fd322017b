"""SessionRecorder: the facts about a connection that a session export needs."""

from __future__ import annotations

import time

from wsdesk.models import CloseInfo, ConnectionState
from wsdesk.viewmodel.connection_viewmodel import ConnectionViewModel
from wsdesk.viewmodel.session_io import SessionMetadata


class SessionRecorder:
    """Watches a ConnectionViewModel and remembers when it opened and closed, the
    subprotocol it negotiated and how it closed, which the view-model forgets once the
    connection ends. :meth:`metadata` gives them as SessionMetadata.
    """

    def __init__(self, connection: ConnectionViewModel) -> None:
        self._connection = connection
        self._connected_at: float | None = None
        self._closed_at: float | None = None
        self._protocol: str | None = connection.protocol
        self._close: CloseInfo | None = connection.close_info
        connection.state_changed.connect(self._on_state)
        connection.protocol_changed.connect(self._on_protocol)
        connection.close_info_changed.connect(self._on_close_info)

    def metadata(self, now: float | None = None) -> SessionMetadata:
        """The session's metadata, exported at ``now`` (seconds since the epoch)."""
        options = self._connection.live_options
        return SessionMetadata(
            url=options.url,
            headers=options.headers,
            secret_headers=options.secret_headers,
            subprotocol=self._protocol,
            connected_at=self._connected_at,
            closed_at=self._closed_at,
            close=self._close,
            exported_at=time.time() if now is None else now,
            handshake=self._connection.last_handshake,
        )

    def _on_state(self, state: ConnectionState) -> None:
        if state is ConnectionState.OPEN:
            self._connected_at = time.time()
            self._closed_at = None
            self._close = None
        elif state is ConnectionState.DISCONNECTED and self._connected_at is not None:
            self._closed_at = time.time()

    def _on_protocol(self, protocol: str | None) -> None:
        if protocol is not None:
            self._protocol = protocol

    def _on_close_info(self, info: CloseInfo | None) -> None:
        if info is not None:
            self._close = info
