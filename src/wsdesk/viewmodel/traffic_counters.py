"""TrafficCounters: messages and bytes sent and received, for a status bar."""

from __future__ import annotations

from wsdesk.models import format_size
from wsdesk.viewmodel.message_log import MessageLog


class TrafficCounters:
    """Counts the SENT and RECEIVED messages appended to ``log`` since this was made, and
    their bytes (control frames are not messages and are not counted).

    Counts keep growing when the log trims old rows or is cleared: they describe the
    traffic, not the log's contents. They are read from the log's own running totals
    (MessageLog counts as it stores), so counting costs the hot path no handler.
    """

    def __init__(self, log: MessageLog) -> None:
        self._log = log
        self._base = (
            log.sent_messages,
            log.sent_bytes,
            log.received_messages,
            log.received_bytes,
        )

    @property
    def sent_messages(self) -> int:
        """Text and binary messages sent."""
        return self._log.sent_messages - self._base[0]

    @property
    def sent_bytes(self) -> int:
        """Bytes sent in those messages (UTF-8 for text)."""
        return self._log.sent_bytes - self._base[1]

    @property
    def received_messages(self) -> int:
        """Text and binary messages received."""
        return self._log.received_messages - self._base[2]

    @property
    def received_bytes(self) -> int:
        """Bytes received in those messages (UTF-8 for text)."""
        return self._log.received_bytes - self._base[3]

    @property
    def text(self) -> str:
        """``↑ 3 msgs 1.2 KiB  ↓ 5 msgs 3.0 KiB``."""
        return (
            f"↑ {_count(self.sent_messages)} {format_size(self.sent_bytes)}   "
            f"↓ {_count(self.received_messages)} {format_size(self.received_bytes)}"
        )


def _count(n: int) -> str:
    return f"{n} msg{'' if n == 1 else 's'}"
