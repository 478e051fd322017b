"""SendHistory: the messages sent this session, recalled with Up and Down."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from wsdesk.viewmodel.composer_modes import BinaryEncoding, ComposerMode

DEFAULT_HISTORY_LIMIT = 100


@dataclass(frozen=True, slots=True)
class Draft:
    """What the composer holds: its ``mode``, binary ``encoding`` and the typed ``text``."""

    mode: ComposerMode
    encoding: BinaryEncoding
    text: str


class SendHistory:
    """The last ``limit`` drafts sent, oldest first, with a browsing position.

    :meth:`older` steps back from the newest, :meth:`newer` forward; stepping past the
    newest returns None, so the composer goes back to an empty editor. :meth:`record`
    adds a send (a repeat of the newest is not stored twice) and ends browsing.
    """

    def __init__(self, limit: int = DEFAULT_HISTORY_LIMIT) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self._entries: deque[Draft] = deque(maxlen=limit)
        self._position = 0

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def entries(self) -> list[Draft]:
        """The drafts, oldest first."""
        return list(self._entries)

    @property
    def browsing(self) -> bool:
        """True while a recalled draft is shown (the position is not past the newest)."""
        return self._position < len(self._entries)

    def record(self, draft: Draft) -> None:
        """Remember ``draft`` as the newest send and stop browsing."""
        if not self._entries or self._entries[-1] != draft:
            self._entries.append(draft)
        self._position = len(self._entries)

    def older(self) -> Draft | None:
        """The draft before the current position, or None at the oldest (position kept)."""
        if self._position == 0:
            return None
        self._position -= 1
        return self._entries[self._position]

    def newer(self) -> Draft | None:
        """The draft after the current position; None once past the newest."""
        if self._position >= len(self._entries):
            return None
        self._position += 1
        return self._entries[self._position] if self.browsing else None

    def reset(self) -> None:
        """Stop browsing: the next :meth:`older` returns the newest draft."""
        self._position = len(self._entries)
