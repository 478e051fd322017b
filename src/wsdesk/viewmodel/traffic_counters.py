"""TrafficCounters: messages and bytes sent and received, for a status bar."""

from __future__ import annotations

from psygnal import Signal

from wsdesk.models import Direction, MessageKind, format_size
from wsdesk.viewmodel.log_chunk import direction_of, payload_bytes, row_code, text_size
from wsdesk.viewmodel.message_log import MessageLog

# A set lookup per counted row: the round-trip path pays for this check.
_CONTROL_CODES = frozenset(
    row_code(direction, kind) for direction in Direction for kind in MessageKind if kind.is_control
)


class TrafficCounters:
    """Counts the SENT and RECEIVED messages appended to ``log`` and their bytes (control
    frames are not messages and are not counted).

    Counts keep growing when the log trims old rows or is cleared: they describe the
    traffic, not the log's contents. ``changed`` fires once per appended batch.
    """

    changed = Signal()

    def __init__(self, log: MessageLog) -> None:
        self._log = log
        self.sent_messages = 0
        self.sent_bytes = 0
        self.received_messages = 0
        self.received_bytes = 0
        log.appended.connect(self._on_appended)

    @property
    def text(self) -> str:
        """``↑ 3 msgs 1.2 KiB  ↓ 5 msgs 3.0 KiB``."""
        return (
            f"↑ {_count(self.sent_messages)} {format_size(self.sent_bytes)}   "
            f"↓ {_count(self.received_messages)} {format_size(self.received_bytes)}"
        )

    def _on_appended(self, count: int) -> None:
        # A flood appends batches of one direction and a round trip single rows: one run,
        # counted in C (map, join), read from the columns.
        if count == 1:  # a round trip's: no lists
            code, payload = self._log.newest_row()
            if code in _CONTROL_CODES:
                return  # a frame, not a message (RFC 6455 section 5.5)
            size = text_size(payload) if isinstance(payload, str) else len(payload)
            changed = self._add(direction_of(code), 1, size)
        else:
            codes, payloads = self._log.newest(count)
            if codes.count(codes[0]) == len(codes):
                if codes[0] in _CONTROL_CODES:
                    return
                changed = self._add(direction_of(codes[0]), count, payload_bytes(payloads))
            else:
                changed = False
                for run in self._log.runs(-count):
                    if run.kind.is_control:
                        continue
                    size = payload_bytes(run.payloads)
                    changed = self._add(run.direction, len(run.payloads), size) or changed
        if changed:
            self.changed.emit_fast()  # per batch: see MessageLog.extend

    def _add(self, direction: Direction, messages: int, size: int) -> bool:
        """Count ``messages`` of ``size`` bytes in all; False for events (not counted)."""
        if direction is Direction.SENT:
            self.sent_messages += messages
            self.sent_bytes += size
        elif direction is Direction.RECEIVED:
            self.received_messages += messages
            self.received_bytes += size
        else:
            return False
        return True


def _count(n: int) -> str:
    return f"{n} msg{'' if n == 1 else 's'}"
