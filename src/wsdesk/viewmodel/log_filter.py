"""LogFilter: which log entries to show, by text, direction and kind."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from wsdesk.models import Direction, Message, MessageKind

ALL_DIRECTIONS = frozenset(Direction)
ALL_KINDS = frozenset(MessageKind)


class LogFilterError(ValueError):
    """The filter text is not a valid regular expression; ``str()`` says where."""


def searchable_text(message: Message) -> str:
    """The text a filter searches: text as text, binary as spaced hex (``de ad be ef``)."""
    data = message.data
    return data.hex(" ") if isinstance(data, bytes) else data


@dataclass(frozen=True, slots=True)
class LogFilter:
    """A filter: ``text`` as a substring (or a Python ``regex``), ``case_sensitive`` or
    not, and the ``directions`` and ``kinds`` to keep. The default keeps everything.
    """

    text: str = ""
    regex: bool = False
    case_sensitive: bool = False
    directions: frozenset[Direction] = field(default=ALL_DIRECTIONS)
    kinds: frozenset[MessageKind] = field(default=ALL_KINDS)

    @property
    def is_active(self) -> bool:
        """True if the filter can hide anything."""
        return bool(self.text) or self.directions != ALL_DIRECTIONS or self.kinds != ALL_KINDS

    def matcher(self) -> Callable[[Message], bool]:
        """A predicate for this filter; raises LogFilterError for an invalid regex."""
        search = self._text_search()
        directions, kinds = self.directions, self.kinds

        def matches(message: Message) -> bool:
            if message.direction not in directions or message.kind not in kinds:
                return False
            return search is None or search(searchable_text(message))

        return matches

    def _text_search(self) -> Callable[[str], bool] | None:
        if not self.text:
            return None
        flags = 0 if self.case_sensitive else re.IGNORECASE
        if self.regex:
            try:
                pattern = re.compile(self.text, flags)
            except re.error as exc:
                where = f" at position {exc.pos}" if exc.pos is not None else ""
                raise LogFilterError(f"invalid regular expression{where}: {exc.msg}") from exc
            return lambda text: pattern.search(text) is not None
        if self.case_sensitive:
            needle = self.text
            return lambda text: needle in text
        folded = self.text.casefold()
        return lambda text: folded in text.casefold()
