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


# A quantifier, with its lazy or possessive suffix; it repeats unless it is ? or {n}.
_QUANTIFIER = re.compile(r"(?:[*+?]|\{\d*(?:,\d*)?\})[?+]?")


def _repeats_a_repeat(pattern: str) -> bool:
    """True if ``pattern`` (a valid regex) repeats a group that holds a repeat.

    Python's ``re`` backtracks through every way to split the text between the two
    repeats, which doubles with each character when the match fails: ``(a+)+$`` takes
    seconds on 27 characters.
    """
    holds_repeat = [False]  # one flag per open group; [0] is the whole pattern
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "(":
            holds_repeat.append(False)
            i += 1
            continue
        inner = holds_repeat.pop() if char == ")" else False
        # One atom: an escape, a character class, a closed group or a character.
        i = i + 2 if char == "\\" else _class_end(pattern, i) if char == "[" else i + 1
        quantifier = _QUANTIFIER.match(pattern, i)
        repeats = quantifier is not None and (
            quantifier.group()[0] in "*+" or "," in quantifier.group()
        )
        if repeats and inner:
            return True
        holds_repeat[-1] = holds_repeat[-1] or inner or repeats
        if quantifier is not None:
            i = quantifier.end()
    return False


def _class_end(pattern: str, start: int) -> int:
    """The index after the character class opening at ``start`` (``[]a]`` and ``[^]]``
    hold a literal ``]``)."""
    i = start + 1
    if i < len(pattern) and pattern[i] == "^":
        i += 1
    if i < len(pattern) and pattern[i] == "]":
        i += 1
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


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
        if search is not None and directions == ALL_DIRECTIONS and kinds == ALL_KINDS:
            # A filter runs over every row: skip hashing two enums per row when it can.
            text_search = search
            return lambda message: text_search(searchable_text(message))

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
            if _repeats_a_repeat(self.text):
                raise LogFilterError(
                    "a repeated group that itself repeats, like (a+)+ or (\\w*)*, can take "
                    "minutes on one message; repeat only once, e.g. a+ or (ab)+"
                )
            return lambda text: pattern.search(text) is not None
        if self.case_sensitive:
            needle = self.text
            return lambda text: needle in text
        folded = self.text.casefold()
        return lambda text: folded in text.casefold()
